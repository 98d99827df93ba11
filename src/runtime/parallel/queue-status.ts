/**
 * `augc status --queue URL`: what the queue holds — tasks waiting, running (on which worker, how
 * far), failed (with the worker's message) — and how many workers are connected.
 */
import { Queue, type Job } from 'bullmq';
import { QUEUE_NAME, QUEUE_PREFIX, probeQueue, queueConnection } from './queue-connection.ts';
import type { QueueJobData, QueueJobProgress } from './queue-transport.ts';

export interface QueueTaskLine {
  state: 'waiting' | 'running' | 'failed';
  taskId: string;
  kind: string;
  /** running: the worker (host:pid); failed: the worker's message */
  worker?: string;
  progress?: string;
  reason?: string;
}

export interface QueueStatus {
  workers: number;
  counts: { waiting: number; running: number; failed: number; completed: number };
  /** up to `limit` tasks of each state */
  tasks: QueueTaskLine[];
}

function progressText(job: Job): string | undefined {
  const note = job.progress as unknown as QueueJobProgress | number;
  if (!note || typeof note !== 'object' || !('update' in note)) return undefined;
  const { done, total, unit } = note.update;
  return `${done}/${total} ${unit}s`;
}

/** Read the queue's state (a clear error within seconds when Redis does not answer). */
export async function queueStatus(url: string, limit = 50): Promise<QueueStatus> {
  await probeQueue(url);
  const connection = queueConnection(url);
  connection.on('error', () => {});
  const queue = new Queue<QueueJobData>(QUEUE_NAME, { connection, prefix: QUEUE_PREFIX });
  try {
    const counts = await queue.getJobCounts('waiting', 'prioritized', 'delayed', 'active', 'failed', 'completed');
    const line = (state: QueueTaskLine['state'], job: Job<QueueJobData>): QueueTaskLine => ({
      state,
      taskId: job.data?.taskId ?? job.name,
      kind: job.data?.kind ?? '?',
      ...(state === 'running' && job.processedBy ? { worker: job.processedBy } : {}),
      ...(state === 'running' && progressText(job) ? { progress: progressText(job) } : {}),
      ...(state === 'failed' ? { reason: job.failedReason } : {}),
    });
    const tasks: QueueTaskLine[] = [];
    for (const job of await queue.getJobs(['active'], 0, limit - 1)) if (job) tasks.push(line('running', job));
    for (const job of await queue.getJobs(['prioritized', 'waiting', 'delayed'], 0, limit - 1, true))
      if (job) tasks.push(line('waiting', job));
    for (const job of await queue.getJobs(['failed'], 0, limit - 1)) if (job) tasks.push(line('failed', job));
    return {
      workers: await queue.getWorkersCount().catch(() => 0),
      counts: {
        waiting: (counts.waiting ?? 0) + (counts.prioritized ?? 0) + (counts.delayed ?? 0),
        running: counts.active ?? 0,
        failed: counts.failed ?? 0,
        completed: counts.completed ?? 0,
      },
      tasks,
    };
  } finally {
    await queue.close();
    connection.disconnect();
  }
}
