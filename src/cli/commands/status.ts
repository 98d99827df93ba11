/**
 * `augc status --queue URL`: the tasks queued, running and failed on a BullMQ queue, and the
 * workers connected to it.
 */
import type { Command } from 'commander';
import { checkQueueUrl, QueueUnreachableError, redactUrl } from '../../runtime/parallel/queue-connection.ts';
import { queueStatus } from '../../runtime/parallel/queue-status.ts';
import { formatAliasOption, jsonOption, wantsJson, type JsonFlags, failWith } from '../options.ts';
import type { RegisterCommand } from './index.ts';

export interface StatusFlags extends JsonFlags {
  queue?: string;
  limit?: string;
}

/** Print the queue's state; returns the exit code (0, 1 Redis unreachable, 2 usage). */
export async function statusCommand(
  flags: StatusFlags,
  out: NodeJS.WritableStream = process.stdout,
  err: NodeJS.WritableStream = process.stderr,
): Promise<number> {
  if (!flags.queue) return failWith(err, 2, 'status needs --queue redis://HOST:PORT (the queue the coordinator and workers use).');
  const problem = checkQueueUrl(flags.queue);
  if (problem) return failWith(err, 2, problem);
  const limit = flags.limit === undefined ? 50 : Number(flags.limit);
  if (!Number.isInteger(limit) || limit < 1) return failWith(err, 2, `--limit expects a whole number ≥ 1, got '${flags.limit}'.`);
  try {
    const status = await queueStatus(flags.queue, limit);
    if (wantsJson(flags)) {
      out.write(`${JSON.stringify(status)}\n`);
      return 0;
    }
    const { counts } = status;
    out.write(
      `${redactUrl(flags.queue)}: ${status.workers} worker${status.workers === 1 ? '' : 's'} connected; ${counts.waiting} waiting, ${counts.running} running, ${counts.failed} failed, ${counts.completed} completed recently\n`,
    );
    for (const task of status.tasks) {
      const detail =
        task.state === 'running'
          ? [task.worker && `on ${task.worker}`, task.progress].filter(Boolean).join(', ')
          : task.state === 'failed'
            ? (task.reason ?? '')
            : '';
      out.write(`  ${task.state.padEnd(8)} ${task.kind.padEnd(11)} ${task.taskId}${detail ? `  ${detail}` : ''}\n`);
    }
    return 0;
  } catch (error) {
    if (error instanceof QueueUnreachableError) return failWith(err, 1, error.message);
    throw error;
  }
}

export const registerStatus: RegisterCommand = (program: Command, setExit) => {
  program
    .command('status')
    .description('List the tasks waiting, running and failed on a task queue, and the workers connected to it.')
    .requiredOption('--queue <url>', 'the Redis URL the coordinator and workers use, e.g. redis://localhost:6379')
    .option('--limit <n>', 'show at most n tasks of each state (default 50)')
    .addOption(jsonOption('one JSON object: workers, counts and tasks'))
    .addOption(formatAliasOption())
    .addHelpText(
      'after',
      `
Examples:
  augc status --queue redis://localhost:6379
  augc status --queue redis://:PASSWORD@queue.lab:6379 --json`,
    )
    .action(async (flags: StatusFlags) => setExit(await statusCommand(flags)));
};
