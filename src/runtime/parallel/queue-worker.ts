/**
 * `augc worker --queue URL`: takes task jobs from the BullMQ queue on Redis and runs them, one per
 * worker thread (each with its own TF.js backend), against the shared artifact store. This process's
 * own thread only talks to Redis and holds locks: training never blocks it, so BullMQ's job lock and
 * the store's task lock stay fresh however long a task trains.
 *
 * A job of another augc version or backend is refused, not computed: its numbers would be stored
 * under keys that name something else. A failing task fails its job once (no retries: the same task
 * fails the same way), and the coordinator stops the run with the worker's message.
 */
import { hostname } from 'node:os';
import { existsSync } from 'node:fs';
import { UnrecoverableError, Worker, type Job } from 'bullmq';
import { AUGC_VERSION } from '../../version.ts';
import { ArtifactCache } from '../execution/artifact-cache.ts';
import { computeOnce } from '../execution/artifact-store.ts';
import { backendName, type ThreadTaskNote, type ThreadTaskPayload, type ThreadTaskResult } from '../execution/task-thread.ts';
import { QUEUE_NAME, QUEUE_PREFIX, probeQueue, queueConnection, redactUrl } from './queue-connection.ts';
import type { QueueJobData, QueueJobProgress } from './queue-transport.ts';
import { WorkerPool } from './worker-pool.ts';

export interface QueueWorkerOptions {
  url: string;
  /** the store folder on this machine; default: the coordinator's path (same mount everywhere) */
  cacheDir: string | null;
  /** tasks at once, each on its own thread */
  concurrency: number;
  /** what this worker computes with, as numericsId names it ('wasm', 'wasm+openblas'); a job of
   * another is refused */
  backend: string;
  /** BullMQ's job lock and the store's lock go stale this long after a worker dies (s) */
  lockSeconds: number;
  /** one line per event (took, done, failed, refused) */
  log: (line: string) => void;
  /** test hook: the augc version this worker claims (default: the installed one) */
  augcVersion?: string;
}

export interface RunningWorker {
  /** finish the running tasks, take no more, disconnect */
  close(): Promise<void>;
}

/** A progress note at most this often per job (ms): Redis is not a progress bar. */
const PROGRESS_EVERY_MS = 1000;

/** Connect, start the threads and take jobs until closed. */
export async function startQueueWorker(options: QueueWorkerOptions): Promise<RunningWorker> {
  await probeQueue(options.url);
  const name = `${hostname()}:${process.pid}`;
  const version = options.augcVersion ?? AUGC_VERSION;
  const pool = new WorkerPool({ workers: options.concurrency, backend: backendName(options.backend) as never });
  const stores = new Map<string, ArtifactCache>();
  const storeAt = (root: string) => {
    if (!existsSync(root))
      throw new UnrecoverableError(
        `the store folder ${root} does not exist on worker ${name}; mount the shared store there, or start the worker with --cache-dir pointing at it`,
      );
    let store = stores.get(root);
    if (!store) {
      store = new ArtifactCache(root, { lockStaleMs: options.lockSeconds * 1000 });
      stores.set(root, store);
    }
    return store;
  };

  const processor = async (job: Job<QueueJobData>) => {
    const data = job.data;
    if (data.augcVersion !== version || data.backend !== options.backend) {
      options.log(`refused ${data.taskId}: it needs augc ${data.augcVersion} with the ${data.backend} backend`);
      throw new UnrecoverableError(
        `worker ${name} runs augc ${version} with the ${options.backend} backend, but the run needs augc ${data.augcVersion} with the ${data.backend} backend; start workers from the same augc version with --backend ${data.backend}`,
      );
    }
    const store = storeAt(options.cacheDir ?? data.storeRoot);
    options.log(`took ${data.taskId}`);
    let lastNote = 0;
    const outcome = await computeOnce(store, data.key, async () => {
      const payload: ThreadTaskPayload = {
        storeRoot: store.root,
        manifestId: data.manifestId,
        taskId: data.taskId,
        kind: data.kind,
        backend: data.backend,
      };
      return pool.run<ThreadTaskResult>(
        { module: new URL('../execution/task-thread.ts', import.meta.url).href, fn: 'runTaskInThread', payload },
        {
          onNote: (note) => {
            const now = Date.now();
            if (now - lastNote < PROGRESS_EVERY_MS) return;
            lastNote = now;
            const progress: QueueJobProgress = note as ThreadTaskNote;
            job.updateProgress(progress as never).catch(() => {});
          },
        },
      );
    });
    if (outcome.status === 'cached') {
      options.log(`${data.taskId}: already in the store`);
      return { status: 'cached' };
    }
    const result = outcome.value;
    if (!result.ok) {
      options.log(`failed ${result.taskId}: ${result.reason}`);
      throw new UnrecoverableError(`task '${result.taskId}' (${result.kind}) failed: ${result.reason} (on worker ${name})`);
    }
    options.log(`done ${data.taskId}`);
    return { status: 'computed', ...result.report };
  };

  const lockMs = options.lockSeconds * 1000;
  const connection = queueConnection(options.url);
  connection.on('error', () => {}); // reported by the worker's own 'error' event below
  const worker = new Worker<QueueJobData>(QUEUE_NAME, processor, {
    connection,
    prefix: QUEUE_PREFIX,
    concurrency: options.concurrency,
    name,
    lockDuration: lockMs,
    stalledInterval: lockMs,
    // a job whose worker died is taken again; a job that kills every worker that takes it is not
    // taken forever
    maxStalledCount: 2,
  });
  worker.on('error', (err) => options.log(`queue error: ${err.message}`));
  worker.on('stalled', (jobId) => options.log(`a worker stopped during job ${jobId.slice(0, 12)}…; it goes back to the queue`));
  await worker.waitUntilReady();
  options.log(
    `worker ${name} (augc ${version}, ${options.backend}, ${options.concurrency} thread${options.concurrency === 1 ? '' : 's'}) waiting for tasks on ${redactUrl(options.url)}`,
  );
  return {
    async close() {
      await worker.close();
      await pool.close();
      connection.disconnect();
    },
  };
}
