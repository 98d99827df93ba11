/**
 * A pool of worker threads for independent plan tasks (different repeats, sweep cells): one
 * worker per core by default, each with its own TF.js backend (wasm with one thread — the wasm
 * backend's own threads do not start under Node, so parallelism comes from workers).
 *
 * A task names an exported function of an ES module and a payload; the function runs in a worker
 * and its result (JSON values and typed arrays, structured-cloned; whole typed-array buffers are
 * moved, not copied) comes back. Tasks must be independent and seeded by their payload: a task's
 * result is then the same as a serial run's, whichever worker runs it (test/runtime/parallel).
 *
 * ```ts
 * const pool = new WorkerPool();                       // os.availableParallelism() workers
 * const results = await pool.runAll(seeds.map((seed) => ({
 *   module: new URL('./repeat-task.ts', import.meta.url).href, fn: 'runRepeat', payload: { seed },
 * })));
 * await pool.close();
 * ```
 * TypeScript modules load through tsx inside the worker (worker-entry.js registers it).
 */
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { BackendName } from '../backend/init-backend.ts';
import type { NoteMessage, PoolTask, ReadyMessage, ResultMessage, TaskMessage } from './messages.ts';

export type { PoolTask } from './messages.ts';

export interface WorkerPoolOptions {
  /** number of workers; default one per core (os.availableParallelism()) */
  workers?: number;
  /** the TF.js backend each worker starts (default 'wasm'; initBackend falls back if absent) */
  backend?: BackendName;
}

interface Pending {
  task: TaskMessage;
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
  onNote?: (note: unknown) => void;
  /** called when a worker takes the task */
  onStart?: () => void;
}

/** Callbacks of one task: when a worker takes it, and the notes (progress) it posts while it runs. */
export interface RunCallbacks {
  onStart?: () => void;
  onNote?: (note: unknown) => void;
}

interface Slot {
  worker: Worker;
  ready: Promise<void>;
  /** the worker said ready (a worker that dies before that is not replaced: it would die again) */
  started: boolean;
  busy: Pending | null;
}

const ENTRY = new URL('./worker-entry.js', import.meta.url);

/** Resolve a task's module to a file: URL (relative paths against the current directory). */
export function moduleUrl(module: string): string {
  if (/^(file|data|node):/.test(module)) return module;
  return pathToFileURL(path.resolve(module)).href;
}

export class WorkerPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Pending[] = [];
  private nextId = 1;
  private closed = false;
  readonly size: number;
  private readonly backend: BackendName;

  constructor(options: WorkerPoolOptions = {}) {
    this.size = Math.max(1, Math.floor(options.workers ?? os.availableParallelism()));
    this.backend = options.backend ?? 'wasm';
    for (let i = 0; i < this.size; i++) this.slots.push(this.spawn());
  }

  private spawn(): Slot {
    // no inherited loader flags: the entry registers tsx itself
    const worker = new Worker(ENTRY, { workerData: { backend: this.backend }, execArgv: [] });
    let markReady: () => void = () => {};
    let failReady: (error: Error) => void = () => {};
    const ready = new Promise<void>((resolve, reject) => {
      markReady = resolve;
      failReady = reject;
    });
    ready.catch(() => {}); // reported through the task that was waiting for it
    const slot: Slot = { worker, ready, started: false, busy: null };
    worker.on('message', (message: ResultMessage | ReadyMessage | NoteMessage) => {
      if ('note' in message) {
        if (slot.busy?.task.id === message.id) slot.busy.onNote?.(message.note);
        return;
      }
      if ('ready' in message) {
        slot.started = true;
        markReady();
        this.dispatch();
        return;
      }
      const pending = slot.busy;
      slot.busy = null;
      if (pending === null || pending.task.id !== message.id) return;
      if (message.ok) pending.resolve(message.value);
      else {
        const error = new Error(`${pending.task.fn} (${pending.task.moduleUrl}): ${message.message}`);
        error.stack = message.stack;
        pending.reject(error);
      }
      this.dispatch();
    });
    const fail = (error: Error) => {
      failReady(error);
      const pending = slot.busy;
      slot.busy = null;
      if (pending !== null) {
        const what = slot.started ? `stopped while running ${pending.task.fn} (${pending.task.moduleUrl})` : 'did not start';
        pending.reject(new Error(`a worker of the pool ${what}: ${error.message}`));
      }
      if (this.closed) return;
      const index = this.slots.indexOf(slot);
      if (!slot.started) {
        // it could not start (tsx, the backend): a new one would fail the same way
        if (index >= 0) this.slots.splice(index, 1);
        if (this.slots.length === 0) {
          for (const queued of this.queue.splice(0)) queued.reject(new Error(`no worker of the pool could start: ${error.message}`));
        }
        return;
      }
      // replace the dead worker so the remaining tasks still run
      if (index >= 0) this.slots[index] = this.spawn();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => {
      if (!this.closed && this.slots.includes(slot)) fail(new Error(`exit code ${code}`));
    });
    return slot;
  }

  private dispatch(): void {
    for (const slot of this.slots) {
      if (this.queue.length === 0) return;
      if (slot.busy !== null) continue;
      const pending = this.queue.shift() as Pending;
      slot.busy = pending;
      slot.ready.then(
        () => {
          pending.onStart?.();
          slot.worker.postMessage(pending.task);
        },
        (error: Error) => {
          if (slot.busy === pending) slot.busy = null;
          pending.reject(new Error(`a worker of the pool did not start: ${error.message}`));
        },
      );
    }
  }

  /** Run one task on the next free worker; resolves with the function's result. */
  run<R = unknown>(task: PoolTask, callbacks: RunCallbacks = {}): Promise<R> {
    if (this.closed) return Promise.reject(new Error('the worker pool is closed.'));
    if (this.slots.length === 0) return Promise.reject(new Error('no worker of the pool could start.'));
    return new Promise<R>((resolve, reject) => {
      const message: TaskMessage = { id: this.nextId++, moduleUrl: moduleUrl(task.module), fn: task.fn, payload: task.payload };
      this.queue.push({ task: message, resolve: resolve as (value: unknown) => void, reject, ...callbacks });
      this.dispatch();
    });
  }

  /** Run every task (in parallel, up to one per worker); results in the tasks' order. */
  runAll<R = unknown>(tasks: PoolTask[]): Promise<R[]> {
    return Promise.all(tasks.map((task) => this.run<R>(task)));
  }

  /** Stop the workers; tasks still queued are rejected. */
  async close(): Promise<void> {
    this.closed = true;
    for (const pending of this.queue.splice(0)) pending.reject(new Error('the worker pool was closed before this task ran.'));
    await Promise.all(this.slots.map((slot) => slot.worker.terminate()));
  }
}

/** Run `tasks` on a pool made for them and close it; results in the tasks' order. */
export async function runInWorkers<R = unknown>(tasks: PoolTask[], options: WorkerPoolOptions = {}): Promise<R[]> {
  const pool = new WorkerPool({ ...options, workers: Math.min(options.workers ?? os.availableParallelism(), Math.max(1, tasks.length)) });
  try {
    return await pool.runAll<R>(tasks);
  } finally {
    await pool.close();
  }
}
