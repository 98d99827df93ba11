/**
 * The coordinator's side of `augc run --queue URL`: every ready task becomes a BullMQ job on Redis,
 * `augc worker` processes on any machine take them, and this transport follows them to the end.
 *
 * A job's id is its task's cache key within the store, so two coordinators of the same spec on the
 * same store share jobs rather than enqueue them twice, and a restarted coordinator follows the jobs
 * its predecessor left in the queue
 * (anything already finished is in the store). A job is tried once: a task that fails fails the run,
 * with the task and the worker's message. A worker killed mid-task stops renewing its BullMQ lock,
 * and BullMQ's stalled-job check gives the job to another worker.
 */
import { createHash } from 'node:crypto';
import { Queue, QueueEvents, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import type { ArtifactStore } from '../execution/artifact-store.ts';
import type { JobCallbacks, JobOutcome, TaskJob, Transport } from '../execution/scheduler.ts';
import { TaskFailedError } from '../execution/task-runner.ts';
import type { TaskProgress } from '../execution/types.ts';
import { QUEUE_NAME, QUEUE_PREFIX, QueueUnreachableError, probeQueue, queueConnection, redactUrl } from './queue-connection.ts';

/** What a job carries: where its run's store and manifest are, and what the worker must run it with. */
export interface QueueJobData {
  taskId: string;
  kind: TaskJob['kind'];
  key: string;
  manifestId: string;
  /** the coordinator's store folder (a worker without --cache-dir uses this path) */
  storeRoot: string;
  augcVersion: string;
  backend: string;
}

/** Progress a worker posts for a job. */
export interface QueueJobProgress {
  id: string;
  update: TaskProgress;
}

/** How often pending jobs are checked directly, in case an event was missed (ms). */
const POLL_MS = 3000;
/** Jobs kept in Redis after they end: completed ones briefly (the store has their output), failed
 * ones for a week so `augc status` can show them. */
const KEEP_COMPLETED_S = 3600;
const KEEP_FAILED_S = 7 * 24 * 3600;

interface Pending {
  job: TaskJob;
  callbacks: JobCallbacks;
  resolve: (outcome: JobOutcome) => void;
  reject: (error: Error) => void;
}

export interface QueueTransportOptions {
  url: string;
  store: ArtifactStore;
  /** the store's folder, passed to workers */
  storeRoot: string;
  augcVersion: string;
  backend: string;
}

/** BullMQ priority: 1 is first. Longer critical paths (scheduler priority) map to smaller numbers. */
function bullPriority(path: number): number {
  return Math.max(1, Math.min(2_097_152, Math.round(2_097_152 - Math.log2(1 + path) * 25_000)));
}

export class QueueTransport implements Transport {
  /** every ready task is enqueued at once; the workers decide how many run */
  readonly slots = 1_000_000;
  private readonly pending = new Map<string, Pending>();
  private timer: NodeJS.Timeout | null = null;
  private polling = false;

  private constructor(
    private readonly options: QueueTransportOptions,
    private readonly connection: Redis,
    private readonly eventsConnection: Redis,
    private readonly queue: Queue,
    private readonly events: QueueEvents,
  ) {}

  /** Connect (a clear error within seconds when Redis does not answer) and start following events. */
  static async open(options: QueueTransportOptions): Promise<QueueTransport> {
    await probeQueue(options.url);
    const connection = queueConnection(options.url);
    connection.on('error', () => {}); // outages are detected by the poll below
    const queue = new Queue(QUEUE_NAME, { connection, prefix: QUEUE_PREFIX });
    const eventsConnection = queueConnection(options.url);
    eventsConnection.on('error', () => {});
    const events = new QueueEvents(QUEUE_NAME, { connection: eventsConnection, prefix: QUEUE_PREFIX });
    events.on('error', () => {});
    await events.waitUntilReady();
    const transport = new QueueTransport(options, connection, eventsConnection, queue, events);
    transport.listen();
    return transport;
  }

  private listen(): void {
    this.events.on('active', ({ jobId }) => this.pending.get(jobId)?.callbacks.onStart());
    this.events.on('progress', ({ jobId, data }) => {
      const note = data as unknown as QueueJobProgress;
      if (note && typeof note === 'object' && 'update' in note) this.pending.get(jobId)?.callbacks.onProgress(note.id, note.update);
    });
    this.events.on('completed', ({ jobId, returnvalue }) => this.complete(jobId, returnvalue));
    this.events.on('failed', ({ jobId, failedReason }) => this.fail(jobId, failedReason));
    this.timer = setInterval(() => void this.poll(), POLL_MS);
  }

  /** A job's id: its task's key within this store. Two coordinators on the same store share the job;
   * on different stores (another --cache-dir) they must not, or one would follow a task whose output
   * lands in the other's store. */
  private jobId(key: string): string {
    return createHash('sha256').update(`${this.options.storeRoot}\n${key}`).digest('hex');
  }

  run(job: TaskJob, callbacks: JobCallbacks): Promise<JobOutcome> {
    const id = this.jobId(job.key);
    return new Promise<JobOutcome>((resolve, reject) => {
      this.pending.set(id, { job, callbacks, resolve, reject });
      this.enqueue(job).catch((err) => this.settle(id, () => reject(err)));
    });
  }

  private async enqueue(job: TaskJob): Promise<void> {
    const id = this.jobId(job.key);
    if (await this.options.store.has(job.key)) return this.settle(id, (p) => p.resolve({ status: 'cached' }));
    const existing = await this.queue.getJob(id);
    if (existing) {
      const state = await existing.getState();
      if (state === 'active') this.pending.get(id)?.callbacks.onStart();
      // Completed since the store was asked above: a worker writes the output before BullMQ marks the
      // job completed, so the store has it now. (Enqueueing it again here made a restarted
      // coordinator's worker take a task twice.)
      if (state === 'completed' && (await this.options.store.has(job.key))) {
        return this.settle(id, (p) => p.resolve({ status: 'cached' }));
      }
      // a job of an earlier run: failed (the user fixed something) or completed (its entry is gone)
      if (state === 'failed' || state === 'completed') await existing.remove();
      else if (state !== 'unknown') return; // waiting or running for another coordinator: follow it
    }
    const data: QueueJobData = {
      taskId: job.taskId,
      kind: job.kind,
      key: job.key,
      manifestId: job.manifestId,
      storeRoot: this.options.storeRoot,
      augcVersion: this.options.augcVersion,
      backend: this.options.backend,
    };
    await this.queue.add(job.taskId, data, {
      jobId: id,
      priority: bullPriority(job.priority),
      attempts: 1,
      removeOnComplete: { age: KEEP_COMPLETED_S },
      removeOnFail: { age: KEEP_FAILED_S },
    });
  }

  private settle(key: string, how: (pending: Pending) => void): void {
    const pending = this.pending.get(key);
    if (!pending) return;
    this.pending.delete(key);
    how(pending);
  }

  private complete(key: string, value: unknown): void {
    this.settle(key, (p) => {
      const parsed = typeof value === 'string' ? safeParse(value) : value;
      const outcome = parsed && typeof parsed === 'object' && 'status' in parsed ? (parsed as JobOutcome) : null;
      p.resolve(outcome ?? { status: 'computed', computed: [{ id: p.job.taskId, kind: p.job.kind, seconds: 0 }], discarded: [] });
    });
  }

  private fail(key: string, reason: string): void {
    this.settle(key, (p) => {
      // a worker's TaskFailedError message names the failing task (an input it had to recompute, maybe)
      const named = /^task '(.+?)' \(([a-z_]+)\) failed: ([\s\S]*)$/.exec(reason);
      p.reject(
        named
          ? new TaskFailedError(named[1], named[2] as TaskJob['kind'], named[3])
          : new TaskFailedError(p.job.taskId, p.job.kind, reason),
      );
    });
  }

  /** Look at pending jobs directly: events can be missed across a reconnect, and Redis can go away. */
  private async poll(): Promise<void> {
    if (this.polling || this.pending.size === 0) return;
    this.polling = true;
    try {
      await withTimeout(this.connection.ping(), 5000);
      for (const [id, pending] of [...this.pending].slice(0, 200)) {
        const job: Job | undefined = await this.queue.getJob(id);
        if (!job) {
          // removed (by a coordinator that gave up, or expired): ours to enqueue again
          if (await this.options.store.has(pending.job.key)) this.complete(id, null);
          else await this.enqueue(pending.job);
          continue;
        }
        const state = await job.getState();
        if (state === 'completed') this.complete(id, job.returnvalue);
        if (state === 'failed') this.fail(id, job.failedReason);
      }
    } catch (err) {
      const error = new QueueUnreachableError(
        `lost the Redis server at ${redactUrl(this.options.url)} (${(err as Error).message}); tasks already finished are in the store: run the same command again to resume.`,
      );
      for (const key of [...this.pending.keys()]) this.settle(key, (p) => p.reject(error));
    } finally {
      this.polling = false;
    }
  }

  async workers(): Promise<{ active: number; total: number }> {
    const active = await this.queue.getActiveCount();
    const total = await this.queue.getWorkersCount().catch(() => active);
    return { active, total };
  }

  /** Stop following; jobs of this run still waiting are withdrawn (a failed run wants no more work). */
  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    for (const key of [...this.pending.keys()]) {
      const job = await this.queue.getJob(key).catch(() => undefined);
      const state = job ? await job.getState().catch(() => 'unknown') : 'unknown';
      if (job && (state === 'waiting' || state === 'prioritized' || state === 'delayed')) await job.remove().catch(() => {});
    }
    this.pending.clear();
    await this.events.close().catch(() => {});
    await this.queue.close().catch(() => {});
    this.connection.disconnect();
    this.eventsConnection.disconnect();
  }
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms / 1000} s`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
