/**
 * `augc worker --queue URL`: take tasks from a BullMQ queue on Redis and run them, on as many
 * worker threads as --concurrency says, until stopped (Ctrl-C or SIGTERM finish the running tasks
 * first; a second signal stops at once, and the tasks go back to the queue).
 */
import os from 'node:os';
import { resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { realComponents } from '../../runtime/execution/real-modules.ts';
import { numericsId } from '../../runtime/backend/init-backend.ts';
import { checkQueueUrl, QueueUnreachableError } from '../../runtime/parallel/queue-connection.ts';
import { startQueueWorker } from '../../runtime/parallel/queue-worker.ts';
import type { RegisterCommand } from './index.ts';
import { failWith } from '../options.ts';

export interface WorkerFlags {
  queue?: string;
  cacheDir?: string;
  concurrency?: string;
  backend?: string;
  lockSeconds?: string;
  quiet?: boolean;
}

const whole = (text: string | undefined, fallback: number): number => (text === undefined ? fallback : Number(text));

/** Run a worker until a signal; returns the exit code (0 stopped, 1 Redis unreachable, 2 usage). */
export async function workerCommand(flags: WorkerFlags, err: NodeJS.WritableStream = process.stderr): Promise<number> {
  const fail = (code: number, message: string) => failWith(err, code, message);
  if (!flags.queue) return fail(2, 'worker needs --queue redis://HOST:PORT (the queue of `augc run --queue`).');
  const problem = checkQueueUrl(flags.queue);
  if (problem) return fail(2, problem);
  const concurrency = whole(flags.concurrency, 1);
  if (!Number.isInteger(concurrency) || concurrency < 1)
    return fail(2, `--concurrency expects a whole number of threads ≥ 1, got '${flags.concurrency}'.`);
  const lockSeconds = whole(flags.lockSeconds, 30);
  if (!Number.isFinite(lockSeconds) || lockSeconds < 2)
    return fail(2, `--lock-seconds expects a number of seconds ≥ 2, got '${flags.lockSeconds}'.`);
  const backend = await (await realComponents()).initBackend(flags.backend);
  const log = flags.quiet ? () => {} : (line: string) => err.write(`augc worker: ${line}\n`);
  let worker: Awaited<ReturnType<typeof startQueueWorker>>;
  try {
    worker = await startQueueWorker({
      url: flags.queue,
      cacheDir: flags.cacheDir ? resolve(flags.cacheDir) : null,
      concurrency,
      backend: numericsId(backend),
      lockSeconds,
      log,
    });
  } catch (error) {
    if (error instanceof QueueUnreachableError) return fail(1, error.message);
    throw error;
  }
  await new Promise<void>((done) => {
    const stop = () => {
      log('stopping after the running tasks (press Ctrl-C again to stop now)');
      process.once('SIGINT', () => process.exit(130));
      worker.close().then(done, done);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  return 0;
}

export const registerWorker: RegisterCommand = (program: Command, setExit) => {
  program
    .command('worker')
    .description('Take tasks of `augc run --queue` from a Redis queue and run them, on this or any machine.')
    .requiredOption('--queue <url>', 'Redis URL: redis://HOST:PORT, redis://:PASSWORD@HOST:PORT, rediss:// for TLS')
    .option('--cache-dir <dir>', "the shared artifact store on this machine (default: the coordinator's --cache-dir path)")
    .option('--concurrency <n>', `tasks at once, each on its own thread (default 1; this machine has ${os.availableParallelism()} cores)`)
    .addOption(
      new Option('--backend <name>', "TensorFlow.js backend; must be the coordinator's (default: the fastest available)").choices([
        'tensorflow',
        'wasm',
        'cpu',
      ]),
    )
    .option('--lock-seconds <s>', 'a task of a worker that died goes back to the queue after about twice this (default 30)')
    .option('--quiet', 'no log lines')
    .addHelpText(
      'after',
      `
Every worker must see the coordinator's artifact store (a shared folder) and run the same augc
version and backend; tasks of another version or backend are refused, naming both.

Examples:
  augc worker --queue redis://localhost:6379 --concurrency 2
  augc worker --queue redis://:PASSWORD@queue.lab:6379 --cache-dir /mnt/shared/augc
  for i in 1 2; do augc worker --queue redis://queue.lab:6379 & done; wait`,
    )
    .action(async (flags: WorkerFlags) => setExit(await workerCommand(flags)));
};
