/**
 * The plan executor (the coordinator's side of a run): finds what must be computed, hands it to the
 * scheduler, then assembles the results from the artifact store. Work is demand-driven: a task runs
 * only when a result (evaluate) or a figure needs it and its output is not stored, so an unchanged
 * spec trains nothing and a changed arm recomputes only that arm.
 *
 * Every run goes through the same path, whatever runs the tasks: the coordinator's thread
 * (`workers: 'in-process'`, one task after another by default), worker threads (`'threads'`,
 * `--jobs N`) or a queue (`transport`, `--queue`). Each of them runs a task from the run manifest
 * read back from the store (the same plan, to the last bit, wherever the task runs), and results
 * are read back from the store in plan order, so they are byte-identical however many workers
 * computed them, in whatever order, in this thread or on others.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Plan, Task } from '../../plan/types.ts';
import type { Artifact } from '../components.ts';
import { ArtifactCache, planKeys } from './artifact-cache.ts';
import { MemoryStore, type ArtifactStore } from './artifact-store.ts';
import { datasetFingerprints } from './data-fingerprint.ts';
import { InProcessTransport, ThreadTransport } from './local-transports.ts';
import type { ProgressListener } from './progress-events.ts';
import { evaluationLabels } from './handlers/evaluate.ts';
import { handlers } from './registry.ts';
import { readManifest, runManifest, storeManifest } from './run-manifest.ts';
import { schedule, type Transport } from './scheduler.ts';
import { TaskRunner, type RunManifest } from './task-runner.ts';
import type { Components, DataLayer, EvaluationRecord, TaskTiming } from './types.ts';

export { TaskFailedError } from './task-runner.ts';

export interface ExecuteOptions {
  components: Components;
  data: DataLayer;
  /** the artifact store; null = none kept (every task computed, in a store thrown away after) */
  cache: ArtifactStore | null;
  augcVersion: string;
  /** backend name: part of every cache key */
  backend: string;
  /** the spec's folder: relative data paths resolve against it */
  baseDir: string;
  onEvent?: ProgressListener;
  /** tasks in flight at once (default 1) */
  jobs?: number;
  /** where tasks run: this thread with `components` (default), or worker threads with the real ones */
  workers?: 'in-process' | 'threads';
  /** a transport of its own (a queue); given the run's store and manifest, overrides `workers` */
  transport?: (run: { store: ArtifactStore; manifestId: string; manifest: RunManifest }) => Promise<Transport>;
  /** outputs the run reads besides evaluations and figures (the generated data a report exports) */
  outputs?: RequestedOutputs;
}

/**
 * Task outputs a run needs at its end besides the sinks (evaluations, figures): the generate and
 * filter_gc tasks of `export` in a report. They are computed when not stored, like sinks; then `use`
 * reads them from the store, one at a time, once every task is done.
 */
export interface RequestedOutputs {
  tasks: string[];
  /** by task kind, whether a stored entry holds what `use` reads; one that does not (written by an
   * older augc) is discarded and computed again */
  usable?: Partial<Record<Task['kind'], (artifact: Artifact) => boolean>>;
  /** `read` gives a task's stored output; valid only during the call */
  use(read: (taskId: string) => Promise<Artifact>): Promise<void>;
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

const isSinkKind = (task: Task): boolean => task.kind === 'evaluate' || task.kind === 'figure';
const cacheable = (task: Task): boolean => handlers[task.kind].cacheable;

/** Run every evaluate and figure task of the plan (and whatever they need that is not stored). */
export async function executePlan(plan: Plan, options: ExecuteOptions): Promise<ExecutionResult> {
  const start = performance.now();
  const emit = options.onEvent ?? (() => {});
  const keys = planKeys(plan.tasks, options.augcVersion, options.backend, await datasetFingerprints(plan, options.baseDir));
  const threads = options.workers === 'threads' && !options.transport;
  // worker threads share a directory; without a cache they get a temporary one
  const scratch = options.cache === null && threads ? mkdtempSync(join(tmpdir(), 'augc-run-')) : null;
  const store: ArtifactStore = options.cache ?? (scratch ? new ArtifactCache(scratch) : new MemoryStore());
  let transport: Transport | null = null;
  try {
    // sinks already stored are read now: a damaged entry found here is recomputed in this run
    const stored = new Map<string, { artifact: Artifact; seconds: number; computeSeconds?: number }>();
    for (const task of plan.tasks.filter(isSinkKind)) {
      const t0 = performance.now();
      const before = store.discarded.length;
      const artifact = await store.read(keys.get(task.id)!);
      if (store.discarded.length > before) emit({ event: 'cache_discarded', key: keys.get(task.id)!, id: task.id });
      if (!artifact) continue;
      const made = artifact.meta.seconds;
      stored.set(task.id, {
        artifact: { json: artifact.json, arrays: artifact.arrays },
        seconds: (performance.now() - t0) / 1000,
        ...(typeof made === 'number' ? { computeSeconds: made } : {}),
      });
    }
    const requested = await requestedOutputs(plan, keys, store, options.outputs);
    const { toCompute, reused } = await demandedTasks(plan, keys, store, stored, requested);
    const sinks = plan.tasks.filter(isSinkKind);
    emit({
      event: 'run_start',
      tasks: plan.tasks.length,
      toCompute: toCompute.size,
      cachedSinks: sinks.filter((t) => stored.has(t.id)).length,
    });
    for (const task of plan.tasks)
      if (reused.has(task.id))
        emit({ event: 'task_done', id: task.id, kind: task.kind, status: 'cached', seconds: stored.get(task.id)?.seconds ?? 0 });

    const manifest = runManifest(plan, keys, options.augcVersion, options.backend, options.baseDir);
    const manifestId = await storeManifest(store, manifest);
    const jobs = Math.max(1, options.jobs ?? 1);
    if (options.transport) transport = await options.transport({ store, manifestId, manifest });
    // no more threads than tasks: each thread loads tsx and a backend (about a second, ~100 MB)
    else if (threads)
      transport = new ThreadTransport({
        jobs: Math.min(jobs, Math.max(1, toCompute.size)),
        storeRoot: (store as ArtifactCache).root,
        store,
        backend: options.backend,
      });
    // this thread's tasks read the plan back from the stored manifest, as every worker does: one
    // text, so no transport can see a plan that differs from the others' (run-manifest.ts)
    else
      transport = new InProcessTransport(
        new TaskRunner(options.components, options.data, store),
        store,
        await readManifest(store, manifestId),
        jobs,
      );
    const { outcomes } = toCompute.size
      ? await schedule({ plan, toCompute, keys, manifestId, transport, onEvent: emit })
      : { outcomes: new Map() };

    // cached: stored entries this run used (sinks, inputs of computed tasks), and tasks another run
    // computed while this one waited for them
    const kindOf = new Map(plan.tasks.map((t) => [t.id, t.kind]));
    const timings: TaskTiming[] = [];
    let computed = 0;
    let cached = reused.size;
    // an entry this run did not read itself: the seconds it took to compute come from its meta
    const cachedTiming = async (id: string): Promise<TaskTiming> => {
      const made = (await store.readMeta(keys.get(id)!))?.seconds;
      return { id, kind: kindOf.get(id)!, status: 'cached', seconds: 0, ...(typeof made === 'number' ? { computeSeconds: made } : {}) };
    };
    for (const task of plan.tasks) if (reused.has(task.id) && !stored.has(task.id)) timings.push(await cachedTiming(task.id));
    for (const [id, outcome] of outcomes) {
      if (outcome.status === 'cached') {
        cached++;
        timings.push(await cachedTiming(id));
        continue;
      }
      for (const task of outcome.computed) timings.push({ id: task.id, kind: task.kind, status: 'computed', seconds: task.seconds });
      computed += outcome.computed.length;
    }
    const evaluations: EvaluationRecord[] = [];
    const figures: ExecutionResult['figures'] = [];
    for (const task of sinks) {
      let entry = stored.get(task.id)?.artifact;
      if (entry) {
        const { seconds, computeSeconds } = stored.get(task.id)!;
        timings.push({
          id: task.id,
          kind: task.kind,
          status: 'cached',
          seconds,
          ...(computeSeconds === undefined ? {} : { computeSeconds }),
        });
      } else {
        const artifact = await store.read(keys.get(task.id)!);
        if (!artifact)
          throw new Error(`the output of task '${task.id}' is missing from the store (${store.description}) after it was computed`);
        entry = { json: artifact.json, arrays: artifact.arrays };
      }
      // where the record stands in the grid comes from this plan: an entry is keyed by the task's
      // inputs only (src/plan/task-inputs.ts), so it may have been written under another id or cell
      if (task.kind === 'evaluate') evaluations.push({ ...(entry.json as EvaluationRecord), ...evaluationLabels(task) });
      else figures.push({ taskId: task.id, data: entry });
    }
    if (options.outputs)
      await options.outputs.use(async (taskId) => {
        const artifact = await store.read(keys.get(taskId) ?? '');
        if (!artifact)
          throw new Error(`the output of task '${taskId}' is missing from the store (${store.description}) at the end of the run`);
        return { json: artifact.json, arrays: artifact.arrays };
      });
    emit({ event: 'run_done', computed, cached, seconds: (performance.now() - start) / 1000 });
    return { evaluations, figures, timings, computed, cached };
  } finally {
    await transport?.close();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  }
}

/**
 * The cacheable tasks to compute: sinks not stored, and (transitively) the inputs of those that are
 * not stored either; and the stored ones this run reuses (sinks, and inputs of tasks to compute).
 * Uncached tasks (data, shots) only pass the demand on to their inputs.
 */
async function demandedTasks(
  plan: Plan,
  keys: Map<string, string>,
  store: ArtifactStore,
  storedSinks: Map<string, unknown>,
  requested: Set<string> = new Set(),
): Promise<{ toCompute: Set<string>; reused: Set<string> }> {
  const users = new Map<string, string[]>();
  for (const task of plan.tasks) for (const dep of task.deps) users.set(dep, [...(users.get(dep) ?? []), task.id]);
  const demanded = new Set<string>();
  const toCompute = new Set<string>();
  const reused = new Set<string>();
  for (const task of [...plan.tasks].reverse()) {
    const wanted = isSinkKind(task) || requested.has(task.id) || (users.get(task.id) ?? []).some((id) => demanded.has(id));
    if (!wanted) continue;
    const isStored = isSinkKind(task) ? storedSinks.has(task.id) : cacheable(task) && (await store.has(keys.get(task.id)!));
    if (isStored) {
      reused.add(task.id);
      continue;
    }
    demanded.add(task.id);
    if (cacheable(task)) toCompute.add(task.id);
  }
  return { toCompute, reused };
}

/** The requested outputs' ids, after discarding stored entries their kind's `usable` refuses. */
async function requestedOutputs(
  plan: Plan,
  keys: Map<string, string>,
  store: ArtifactStore,
  outputs: RequestedOutputs | undefined,
): Promise<Set<string>> {
  if (!outputs) return new Set();
  const byId = new Map(plan.tasks.map((t) => [t.id, t]));
  for (const id of outputs.tasks) {
    const task = byId.get(id);
    if (!task || !cacheable(task)) throw new Error(`a run's requested output '${id}' is not a cached task of the plan`);
    const usable = outputs.usable?.[task.kind];
    if (!usable) continue;
    const key = keys.get(id)!;
    const artifact = await store.read(key);
    if (artifact && !usable(artifact)) await store.discard(key);
  }
  return new Set(outputs.tasks);
}
