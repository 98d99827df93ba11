/**
 * Transports of one machine: worker threads (`--jobs N`, each with its own TF.js backend) and the
 * coordinator's own thread (components injected by tests, or a run without threads). Both take the
 * task's lock in the store on this thread before the task runs — so another run sharing the store
 * waits instead of computing it twice — and this thread, free while a worker thread trains, keeps
 * the lock fresh.
 */
import { getKernelOptions } from '../kernels/options.ts';
import { computeOnce, type ArtifactStore } from './artifact-store.ts';
import type { JobCallbacks, JobOutcome, TaskJob, Transport } from './scheduler.ts';
import { TaskFailedError, type RunManifest, type TaskRunner } from './task-runner.ts';
import { backendName, type ThreadTaskNote, type ThreadTaskPayload, type ThreadTaskResult } from './task-thread.ts';

/** Run the job under its lock unless the store has its output already. */
async function lockedJob(store: ArtifactStore, job: TaskJob, run: () => Promise<JobOutcome>): Promise<JobOutcome> {
  const outcome = await computeOnce(store, job.key, run);
  return outcome.status === 'cached' ? outcome : outcome.value;
}

/** Tasks run in the coordinator's thread, `slots` at a time (interleaved at their awaits). */
export class InProcessTransport implements Transport {
  constructor(
    private readonly runner: TaskRunner,
    private readonly store: ArtifactStore,
    private readonly manifest: RunManifest,
    readonly slots = 1,
  ) {}

  run(job: TaskJob, callbacks: JobCallbacks): Promise<JobOutcome> {
    return lockedJob(this.store, job, async () => {
      callbacks.onStart();
      const report = await this.runner.run(this.manifest, job.taskId, callbacks.onProgress);
      return { status: 'computed', ...report };
    });
  }

  async close(): Promise<void> {}
}

export interface ThreadTransportOptions {
  /** worker threads (one task each at a time) */
  jobs: number;
  /** the directory store's root, shared with the threads */
  storeRoot: string;
  store: ArtifactStore;
  /** the coordinator's numerics id ('wasm', 'wasm+openblas'): the threads start its backend */
  backend: string;
}

/** Tasks run on a pool of worker threads, one task per thread at a time. */
export class ThreadTransport implements Transport {
  readonly slots: number;
  // a promise, not the pool: the first jobs arrive together, and each must not start a pool of its own
  private pool: Promise<import('../parallel/worker-pool.ts').WorkerPool> | null = null;

  /** the kernel options in force when the run started, as its numerics id names them */
  private readonly kernels = getKernelOptions();

  constructor(private readonly options: ThreadTransportOptions) {
    this.slots = Math.max(1, options.jobs);
  }

  private ensurePool() {
    this.pool ??= import('../parallel/worker-pool.ts').then(
      ({ WorkerPool }) => new WorkerPool({ workers: this.slots, backend: backendName(this.options.backend) as never }),
    );
    return this.pool;
  }

  run(job: TaskJob, callbacks: JobCallbacks): Promise<JobOutcome> {
    return lockedJob(this.options.store, job, async () => {
      const pool = await this.ensurePool();
      const payload: ThreadTaskPayload = {
        storeRoot: this.options.storeRoot,
        manifestId: job.manifestId,
        taskId: job.taskId,
        kind: job.kind,
        backend: this.options.backend,
        // the threads compute with this thread's kernels (AUGC_KERNELS, or setKernelOptions since)
        kernels: this.kernels,
      };
      let result: ThreadTaskResult;
      try {
        result = await pool.run<ThreadTaskResult>(
          { module: new URL('./task-thread.ts', import.meta.url).href, fn: 'runTaskInThread', payload },
          {
            onStart: callbacks.onStart,
            onNote: (note) => callbacks.onProgress((note as ThreadTaskNote).id, (note as ThreadTaskNote).update),
          },
        );
      } catch (err) {
        // the thread itself died (out of memory, a crash in native code): the task failed there
        throw new TaskFailedError(job.taskId, job.kind, err instanceof Error ? err.message : String(err));
      }
      if (!result.ok) throw new TaskFailedError(result.taskId, result.kind, result.reason);
      return { status: 'computed', ...result.report };
    });
  }

  async close(): Promise<void> {
    const pool = this.pool;
    this.pool = null;
    await (await pool)?.close();
  }
}
