/**
 * The plan executor: runs a plan's tasks in dependency order through the handler registry, reusing
 * every output the artifact cache holds. Work is demand-driven: a task runs only when a result
 * (evaluate) or a figure needs it and its output is not cached, so an unchanged spec trains nothing
 * and a changed arm recomputes only that arm. Outputs held in memory (trained models) are disposed
 * as soon as every task that depends on them is done.
 */
import type { PartName, Plan, Task } from '../../plan/types.ts';
import type { Artifact } from '../components.ts';
import type { PreparedData } from '../data/types.ts';
import { ArtifactCache, planKeys, taskInputs } from './artifact-cache.ts';
import { datasetFingerprints } from './data-fingerprint.ts';
import type { ProgressListener } from './progress-events.ts';
import { handlers } from './registry.ts';
import type { Components, DataLayer, EvaluationRecord, HandlerContext, TaskHandler, TaskTiming } from './types.ts';

export interface ExecuteOptions {
  components: Components;
  data: DataLayer;
  /** null = no cache (every task computed) */
  cache: ArtifactCache | null;
  augcVersion: string;
  /** backend name: part of every cache key */
  backend: string;
  /** the spec's folder: relative data paths resolve against it */
  baseDir: string;
  onEvent?: ProgressListener;
}

export interface ExecutionResult {
  /** one record per evaluate task, in plan order */
  evaluations: EvaluationRecord[];
  /** figure data per figure task id, in plan order */
  figures: { taskId: string; data: Artifact }[];
  timings: TaskTiming[];
  computed: number;
  cached: number;
}

/** A task failed: the error names it; completed tasks stay in the cache. */
export class TaskFailedError extends Error {
  constructor(
    readonly taskId: string,
    readonly kind: Task['kind'],
    readonly reason: string,
  ) {
    super(`task '${taskId}' (${kind}) failed: ${reason}`);
  }
}

const isSinkKind = (task: Task): boolean => task.kind === 'evaluate' || task.kind === 'figure';

/** Run every evaluate and figure task of the plan (and whatever they need that is not cached). */
export async function executePlan(plan: Plan, options: ExecuteOptions): Promise<ExecutionResult> {
  const start = performance.now();
  const emit = options.onEvent ?? (() => {});
  const byId = new Map(plan.tasks.map((t) => [t.id, t]));
  const keys = planKeys(plan.tasks, options.augcVersion, options.backend, await datasetFingerprints(plan, options.baseDir));
  const handlerOf = (task: Task) => handlers[task.kind] as TaskHandler<Task['kind'], unknown>;
  const isCached = (task: Task) => handlerOf(task).cacheable && options.cache !== null && options.cache.has(keys.get(task.id)!);

  // which tasks must run: sinks that are not cached, and (transitively) the uncached deps of those
  const users = new Map<string, string[]>();
  const inputs = new Map(plan.tasks.map((t) => [t.id, taskInputs(t, plan.tasks)]));
  for (const task of plan.tasks) for (const dep of inputs.get(task.id)!) users.set(dep, [...(users.get(dep) ?? []), task.id]);
  const toCompute = new Set<string>();
  for (const task of [...plan.tasks].reverse()) {
    const demanded = isSinkKind(task) || (users.get(task.id) ?? []).some((id) => toCompute.has(id));
    if (demanded && !isCached(task)) toCompute.add(task.id);
  }
  const remainingUsers = new Map<string, number>();
  for (const [dep, list] of users) remainingUsers.set(dep, list.length);
  const sinks = plan.tasks.filter(isSinkKind);
  const computeOrder = plan.tasks.filter((t) => toCompute.has(t.id) && handlerOf(t).cacheable);
  emit({ event: 'run_start', tasks: plan.tasks.length, toCompute: computeOrder.length, cachedSinks: sinks.filter((t) => !toCompute.has(t.id)).length });

  const memo = new Map<string, unknown>();
  const timings: TaskTiming[] = [];
  let computed = 0;
  let cached = 0;
  let current = '';
  const dataTaskOf = new Map(plan.tasks.filter((t) => t.kind === 'prepare_data').map((t) => [(t as { dataset: string }).dataset, t.id]));

  const ctx: HandlerContext = {
    plan,
    components: options.components,
    data: options.data,
    baseDir: options.baseDir,
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
    progress: (update) => emit({ event: 'task_progress', id: current, ...update }),
  };

  async function resolve(id: string): Promise<unknown> {
    if (memo.has(id)) return memo.get(id);
    const task = byId.get(id);
    if (!task) throw new Error(`no task '${id}' in the plan`);
    const handler = handlerOf(task);
    const key = keys.get(id)!;
    if (handler.cacheable && options.cache && handler.load) {
      const t0 = performance.now();
      const artifact = options.cache.read(key);
      let output: unknown = undefined;
      if (artifact) {
        try {
          output = handler.load(artifact, ctx);
        } catch {
          // an entry this version cannot restore (e.g. a model saved in an older layout): recompute it
          options.cache.discard(key);
        }
      }
      if (artifact && output !== undefined) {
        memo.set(id, output);
        cached++;
        const seconds = (performance.now() - t0) / 1000;
        const made = artifact.meta.seconds;
        timings.push({ id, kind: task.kind, status: 'cached', seconds, ...(typeof made === 'number' ? { computeSeconds: made } : {}) });
        emit({ event: 'task_done', id, kind: task.kind, status: 'cached', seconds });
        return output;
      }
      if (options.cache.discarded.includes(key)) emit({ event: 'cache_discarded', key, id });
    }
    return compute(task, handler, key);
  }

  async function compute(task: Task, handler: TaskHandler<Task['kind'], unknown>, key: string): Promise<unknown> {
    // inputs first, so that progress shows one task at a time
    for (const dep of inputs.get(task.id)!) await resolve(dep);
    const index = handler.cacheable ? computed + 1 : 0;
    if (handler.cacheable) emit({ event: 'task_start', id: task.id, kind: task.kind, index, of: computeOrder.length });
    const previous = current;
    current = task.id;
    const t0 = performance.now();
    let output: unknown;
    let seconds = 0;
    try {
      output = await handler.run(task as never, ctx);
      seconds = (performance.now() - t0) / 1000;
      if (handler.cacheable && options.cache && handler.save) options.cache.write(key, handler.save(output), { seconds });
    } catch (err) {
      if (err instanceof TaskFailedError) throw err;
      const reason = err instanceof Error ? err.message : String(err);
      timings.push({ id: task.id, kind: task.kind, status: 'failed', seconds: (performance.now() - t0) / 1000 });
      emit({ event: 'task_failed', id: task.id, kind: task.kind, message: reason });
      throw new TaskFailedError(task.id, task.kind, reason);
    } finally {
      current = previous;
    }
    memo.set(task.id, output);
    timings.push({ id: task.id, kind: task.kind, status: 'computed', seconds });
    if (handler.cacheable) {
      computed++;
      emit({ event: 'task_done', id: task.id, kind: task.kind, status: 'computed', seconds });
    }
    return output;
  }

  /** Once every user of a task is done, drop its output (and free a model's memory). */
  function release(task: Task): void {
    for (const dep of inputs.get(task.id)!) {
      const left = (remainingUsers.get(dep) ?? 1) - 1;
      remainingUsers.set(dep, left);
      if (left === 0 && memo.has(dep)) {
        const depTask = byId.get(dep)!;
        handlerOf(depTask).dispose?.(memo.get(dep));
        memo.delete(dep);
      }
    }
  }

  const evaluations: EvaluationRecord[] = [];
  const figures: ExecutionResult['figures'] = [];
  try {
    for (const task of plan.tasks) {
      // cheap tasks (data, shots) run only when something needs them, and stay until the end
      if (!handlerOf(task).cacheable) continue;
      if (toCompute.has(task.id) || isSinkKind(task)) {
        const output = await resolve(task.id);
        if (task.kind === 'evaluate') evaluations.push(output as EvaluationRecord);
        if (task.kind === 'figure') figures.push({ taskId: task.id, data: output as Artifact });
        if (isSinkKind(task)) memo.delete(task.id);
      }
      // a task that is done, or cached and skipped, will not need its inputs any more
      release(task);
    }
  } finally {
    for (const [id, output] of memo) handlerOf(byId.get(id)!).dispose?.(output);
    memo.clear();
  }
  emit({ event: 'run_done', computed, cached, seconds: (performance.now() - start) / 1000 });
  return { evaluations, figures, timings, computed, cached };
}
