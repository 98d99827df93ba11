/**
 * Connections to the Redis server behind a BullMQ queue (`--queue redis://HOST:PORT`). A password
 * goes in the URL (`redis://:PASSWORD@HOST:PORT`), TLS with `rediss://`; messages never print the
 * password. A server that does not answer is an error within PROBE_TIMEOUT_MS, never a hang: the
 * probe connection does not retry, and later connections are only made once it has answered.
 */
import { Redis, type RedisOptions } from 'ioredis';

/** The queue every coordinator and worker of a Redis server share (runs are told apart by key). */
export const QUEUE_NAME = 'augc-tasks';
/** Key prefix of the queue in Redis, so augc shares a server with other applications safely. */
export const QUEUE_PREFIX = 'augc';
const PROBE_TIMEOUT_MS = 4000;

/** Redis could not be reached or refused us: the user's to fix (start it, fix the URL or password). */
export class QueueUnreachableError extends Error {}

/** The URL without its password, for messages. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString().replace(/\/$/, '');
  } catch {
    return url;
  }
}

/** Check the URL's form: redis:// or rediss:// with a host. */
export function checkQueueUrl(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `--queue expects a Redis URL such as redis://localhost:6379, got '${url}'.`;
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:')
    return `--queue expects a redis:// or rediss:// (TLS) URL, got '${redactUrl(url)}'.`;
  if (!parsed.hostname) return `--queue URL '${redactUrl(url)}' names no host.`;
  return null;
}

/** A connection for BullMQ (it needs maxRetriesPerRequest null for its blocking commands). */
export function queueConnection(url: string, options: RedisOptions = {}): Redis {
  return new Redis(url, { maxRetriesPerRequest: null, connectTimeout: PROBE_TIMEOUT_MS, ...options });
}

/** Connect once without retrying and PING; throws QueueUnreachableError within a few seconds. */
export async function probeQueue(url: string): Promise<void> {
  const shown = redactUrl(url);
  const probe = new Redis(url, {
    lazyConnect: true,
    connectTimeout: PROBE_TIMEOUT_MS,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    enableOfflineQueue: false,
  });
  // the socket's error (ECONNREFUSED, ENOTFOUND, NOAUTH…) names the cause; connect() only says
  // "Connection is closed."
  let cause: Error | null = null;
  probe.on('error', (err: Error) => (cause ??= err));
  let timer: NodeJS.Timeout | undefined;
  try {
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${PROBE_TIMEOUT_MS / 1000} s`)), PROBE_TIMEOUT_MS + 500);
    });
    await Promise.race([probe.connect().then(() => probe.ping()), timeout]);
  } catch (err) {
    const seen = (cause ?? err) as NodeJS.ErrnoException;
    const reason = seen.code ?? seen.message;
    throw new QueueUnreachableError(
      `cannot reach the Redis server at ${shown} (${reason}). Start it (redis-server --port PORT), check the host and port, and put a password in the URL (redis://:PASSWORD@HOST:PORT) if it needs one.`,
    );
  } finally {
    clearTimeout(timer);
    probe.disconnect();
  }
}
