/**
 * Runs one task of a plan where a worker is (a worker thread, an `augc worker` process, or the
 * coordinator's own thread): reads the task's inputs from the artifact store, runs its handler and
 * writes its output to the store. The scheduler dispatches a task only once its cacheable inputs
 * are stored, so a task reads its inputs exactly as a resumed run does, and its numbers do not
 * depend on which worker ran its inputs.
 *
 * The cheap tasks (prepare_data, sample_shots) are not cached: each runner computes them when a
 * task needs them and keeps a few (MAX_PREPARED datasets) for the next tasks. An input entry that is
 * missing or cannot be restored (a model saved by another layout) is discarded and computed here,
 * so a damaged store costs time, never a wrong or failed run.
 */
import type { PartName, Plan, Task } from '../../plan/types.ts';
import type { PreparedData } from '../data/types.ts';
import type { ArtifactStore } from './artifact-store.ts';
import { handlers } from './registry.ts';
import type { Components, DataLayer, HandlerContext, TaskHandler, TaskProgress } from './types.ts';

/** What a worker needs to run any task of a run: written once to the store by the coordinator. */
export interface RunManifest {
  plan: Plan;
  /** cache key of every task, by task id */
  keys: Record<string, string>;
  augcVersion: string;
  /** backend name in the keys: a worker on another backend must not compute for this run */
  backend: string;
  /** the spec's folder: relative data paths resolve against it */
  baseDir: string;
}

/** A task failed: the error names it; completed tasks stay in the store. */
export class TaskFailedError extends Error {
  constructor(
    readonly taskId: string,
    readonly kind: Task['kind'],
    readonly reason: string,
  ) {
    super(`task '${taskId}' (${kind}) failed: ${reason}`);
  }
}

/** One computed task (the dispatched one, or an input that had to be recomputed on the way). */
export interface ComputedTask {
  id: string;
  kind: Task['kind'];
  seconds: number;
}

/** What running one dispatched task did. */
export interface TaskRunReport {
  computed: ComputedTask[];
  /** ids of input entries found damaged, discarded and recomputed */
  discarded: string[];
}

/** Datasets a runner keeps prepared between tasks (an MNIST copy is ~220 MB, a PROBEN1 set < 1 MB). */
const MAX_PREPARED = 2;
/** Drawn shots kept between tasks (tiny row-index arrays). */
const MAX_SHOTS = 256;

const handlerOf = (task: Task) => handlers[task.kind] as TaskHandler<Task['kind'], unknown>;

/** The task runner of one worker: real components in workers, fakes in tests. */
export class TaskRunner {
  /** outputs of uncached tasks by key, oldest first: prepared datasets, and drawn shots */
  private readonly kept = { prepare_data: new Map<string, unknown>(), other: new Map<string, unknown>() };
  private readonly indexes = new WeakMap<Plan, Map<string, Task>>();

  constructor(
    private readonly components: Components,
    private readonly data: DataLayer,
    private readonly store: ArtifactStore,
  ) {}

  /** Compute `taskId` of the manifest's plan and write its output to the store. */
  async run(
    manifest: RunManifest,
    taskId: string,
    onProgress: (id: string, update: TaskProgress) => void = () => {},
  ): Promise<TaskRunReport> {
    const { plan, keys } = manifest;
    const byId = this.index(plan);
    const memo = new Map<string, unknown>();
    const report: TaskRunReport = { computed: [], discarded: [] };
    const dataTaskOf = new Map(plan.tasks.filter((t) => t.kind === 'prepare_data').map((t) => [(t as { dataset: string }).dataset, t.id]));
    let current = taskId;

    const resolve = async (id: string): Promise<unknown> => {
      if (memo.has(id)) return memo.get(id);
      const task = byId.get(id);
      if (!task) throw new Error(`no task '${id}' in the plan`);
      const handler = handlerOf(task);
      const key = keys[id];
      if (!handler.cacheable) {
        const kept = task.kind === 'prepare_data' ? this.kept.prepare_data : this.kept.other;
        if (kept.has(key)) return this.keep(key, kept.get(key), task);
        return this.keep(key, await compute(task, handler), task);
      }
      if (id !== taskId && handler.load) {
        const damagedBefore = this.store.discarded.length;
        const artifact = await this.store.read(key); // a corrupt entry reads as null and is removed
        let output: unknown;
        if (artifact) {
          try {
            output = handler.load(artifact, ctx);
          } catch {
            // an entry this version cannot restore: recompute it
            await this.store.discard(key);
          }
        }
        if (output !== undefined) {
          memo.set(id, output);
          return output;
        }
        if (this.store.discarded.length > damagedBefore) report.discarded.push(id);
      }
      const output = await compute(task, handler);
      memo.set(id, output);
      return output;
    };

    const compute = async (task: Task, handler: TaskHandler<Task['kind'], unknown>): Promise<unknown> => {
      // inputs first: a failing input names itself, not the task that needed it
      for (const dep of task.deps) await resolve(dep);
      const previous = current;
      current = task.id;
      const t0 = performance.now();
      try {
        const output = await handler.run(task as never, ctx);
        const seconds = (performance.now() - t0) / 1000;
        if (handler.cacheable) {
          if (handler.save) await this.store.write(keys[task.id], handler.save(output), { seconds });
          report.computed.push({ id: task.id, kind: task.kind, seconds });
        }
        return output;
      } catch (err) {
        if (err instanceof TaskFailedError) throw err;
        throw new TaskFailedError(task.id, task.kind, err instanceof Error ? err.message : String(err));
      } finally {
        current = previous;
      }
    };

    const ctx: HandlerContext = {
      plan,
      components: this.components,
      data: this.data,
      baseDir: manifest.baseDir,
      need: <T>(id: string) => resolve(id) as Promise<T>,
      prepared: (dataset) => {
        const id = dataTaskOf.get(dataset);
        if (!id) throw new Error(`the plan has no prepare_data task for dataset '${dataset}'`);
        return resolve(id) as Promise<PreparedData>;
      },
      originalRows: async (dataset, originals) => {
        if ('shots' in originals) return (await resolve(originals.shots)) as Int32Array;
        const prepared = await ctx.prepared(dataset);
        const rows = prepared.parts[originals.part as PartName];
        if (!rows) throw new Error(`dataset '${dataset}' has no part '${originals.part}'`);
        return rows;
      },
      progress: (update) => onProgress(current, update),
    };

    try {
      const task = byId.get(taskId);
      if (!task) throw new Error(`no task '${taskId}' in the plan`);
      await resolve(taskId);
      return report;
    } finally {
      // models (VAEs) hold backend memory: free every one this task loaded or trained
      for (const [id, output] of memo) handlerOf(byId.get(id)!).dispose?.(output);
    }
  }

  private index(plan: Plan): Map<string, Task> {
    let byId = this.indexes.get(plan);
    if (!byId) {
      byId = new Map(plan.tasks.map((t) => [t.id, t]));
      this.indexes.set(plan, byId);
    }
    return byId;
  }

  /** Keep an uncached output for later tasks, dropping the oldest beyond the limit of its kind. */
  private keep(key: string, output: unknown, task: Task): unknown {
    const kept = task.kind === 'prepare_data' ? this.kept.prepare_data : this.kept.other;
    const limit = task.kind === 'prepare_data' ? MAX_PREPARED : MAX_SHOTS;
    kept.delete(key);
    kept.set(key, output);
    while (kept.size > limit) kept.delete(kept.keys().next().value as string);
    return output;
  }
}
