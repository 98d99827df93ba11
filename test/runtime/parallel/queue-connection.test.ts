import { describe, expect, it } from 'vitest';
import { statusCommand } from '../../../src/cli/commands/status.ts';
import { workerCommand } from '../../../src/cli/commands/worker.ts';
import { checkQueueUrl, probeQueue, QueueUnreachableError, redactUrl } from '../../../src/runtime/parallel/queue-connection.ts';
import { freePort } from '../../fixtures/redis-server.ts';

function sink() {
  let text = '';
  return {
    stream: {
      write: (s: string) => {
        text += s;
        return true;
      },
    } as unknown as NodeJS.WritableStream,
    text: () => text,
  };
}

describe('queue URLs and connections (no Redis needed)', () => {
  it('never shows a password', () => {
    expect(redactUrl('redis://:s3cret@queue.lab:6379')).toBe('redis://:***@queue.lab:6379');
    expect(redactUrl('rediss://alice:s3cret@queue.lab:6380/2')).toBe('rediss://alice:***@queue.lab:6380/2');
    expect(redactUrl('redis://localhost:6379')).toBe('redis://localhost:6379');
  });

  it('accepts redis:// and rediss:// URLs with a host, and says what is wrong with others', () => {
    expect(checkQueueUrl('redis://localhost:6379')).toBeNull();
    expect(checkQueueUrl('rediss://:pw@queue.lab:6380')).toBeNull();
    expect(checkQueueUrl('localhost:6379')).toMatch(/expects a redis:\/\/ or rediss:\/\/ \(TLS\) URL/);
    expect(checkQueueUrl('http://localhost:6379')).toBe("--queue expects a redis:// or rediss:// (TLS) URL, got 'http://localhost:6379'.");
    expect(checkQueueUrl('not a url')).toBe("--queue expects a Redis URL such as redis://localhost:6379, got 'not a url'.");
  });

  it('a port where nothing listens: a clear error within seconds', async () => {
    const port = await freePort();
    const t0 = Date.now();
    const error = await probeQueue(`redis://:pw@127.0.0.1:${port}`).catch((e) => e);
    expect(Date.now() - t0).toBeLessThan(6000);
    expect(error).toBeInstanceOf(QueueUnreachableError);
    expect(error.message).toBe(
      `cannot reach the Redis server at redis://:***@127.0.0.1:${port} (ECONNREFUSED). Start it (redis-server --port PORT), check the host and port, and put a password in the URL (redis://:PASSWORD@HOST:PORT) if it needs one.`,
    );
  });

  it('status and worker: usage mistakes exit 2 with the reason', async () => {
    const err = sink();
    expect(await statusCommand({}, sink().stream, err.stream)).toBe(2);
    expect(err.text()).toContain('status needs --queue redis://HOST:PORT');
    const bad = sink();
    expect(await statusCommand({ queue: 'redis://localhost:6379', limit: '0' }, sink().stream, bad.stream)).toBe(2);
    expect(bad.text()).toContain("--limit expects a whole number ≥ 1, got '0'");
    const w = sink();
    expect(await workerCommand({ queue: 'redis://localhost:6379', concurrency: 'two' }, w.stream)).toBe(2);
    expect(w.text()).toContain("--concurrency expects a whole number of threads ≥ 1, got 'two'");
    const l = sink();
    expect(await workerCommand({ queue: 'redis://localhost:6379', lockSeconds: '1' }, l.stream)).toBe(2);
    expect(l.text()).toContain("--lock-seconds expects a number of seconds ≥ 2, got '1'");
  });
});
