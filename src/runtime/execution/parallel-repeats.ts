/**
 * `--jobs N`: precompute a plan's repeats in parallel, one repeat per pool worker (each worker has
 * its own TF.js backend; repeats share nothing but the dataset, which each worker loads itself).
 * Workers write into the shared artifact cache — atomic writes make that safe — and the main
 * thread then runs the whole plan as usual, now reading those outputs from the cache, so results
 * are assembled by exactly the serial code path and are identical to a serial run's. Progress is
 * read from the cache folder as entries appear.
 */
import { readdirSync } from 'node:fs';
import type { Plan, Task } from '../../plan/types.ts';
import { ArtifactCache, planKeys } from './artifact-cache.ts';
import { datasetFingerprints } from './data-fingerprint.ts';
import { TaskFailedError } from './executor.ts';
import type { ProgressListener } from './progress-events.ts';
import { handlers } from './registry.ts';
import type { SubPlanPayload, SubPlanResult } from './sub-plan-worker.ts';
import type { TaskTiming } from './types.ts';

/** One sub-plan per repeat (data tasks included in each), or null when the plan cannot be split
 * that way (a single repeat, or a task that depends on another repeat's task). Figures stay out:
 * the main thread makes them afterwards from the cached outputs. */
export function splitByRepeat(plan: Plan): Plan[] | null {
  if (plan.experiment.repeats < 2) return null;
  const shared = plan.tasks.filter((t) => t.kind === 'prepare_data');
  const subPlans: Plan[] = [];
  for (let r = 0; r < plan.experiment.repeats; r++) {
    const own = plan.tasks.filter((t) => t.kind !== 'prepare_data' && t.kind !== 'figure' && t.repeat === r);
    const tasks: Task[] = [...shared, ...own];
    const ids = new Set(tasks.map((t) => t.id));
    if (tasks.some((t) => t.deps.some((d) => !ids.has(d)))) return null;
    subPlans.push({ ...plan, tasks });
  }
  return subPlans;
}

export interface ParallelOptions {
  jobs: number;
  cacheDir: string;
  augcVersion: string;
  backend: string;
  baseDir: string;
  onEvent?: ProgressListener;
}

/** Fill the cache with every repeat's outputs using `jobs` workers; returns the workers' timings.
 * Throws TaskFailedError (the first failure, by repeat) after every worker has stopped. */
export async function precomputeRepeats(plan: Plan, subPlans: Plan[], options: ParallelOptions): Promise<TaskTiming[]> {
  const { WorkerPool } = await import('../parallel/worker-pool.ts');
  const emit = options.onEvent ?? (() => {});
  const keys = planKeys(plan.tasks, options.augcVersion, options.backend, await datasetFingerprints(plan, options.baseDir));
  const cacheable = plan.tasks.filter((t) => t.kind !== 'figure' && handlers[t.kind].cacheable);
  const cache = new ArtifactCache(options.cacheDir);
  const pending = new Map(cacheable.filter((t) => !cache.has(keys.get(t.id)!)).map((t) => [`${keys.get(t.id)}.art`, t]));
  if (pending.size === 0) return []; // all cached: starting workers would only cost time
  const figures = plan.tasks.filter((t) => t.kind === 'figure' && !cache.has(keys.get(t.id)!)).length;
  emit({ event: 'run_start', tasks: plan.tasks.length, toCompute: pending.size + figures, cachedSinks: 0 });
  const started = performance.now();
  const poll = () => {
    for (const name of readdirSync(cache.dir)) {
      const task = pending.get(name);
      if (!task) continue;
      pending.delete(name);
      emit({ event: 'task_done', id: task.id, kind: task.kind, status: 'computed', seconds: (performance.now() - started) / 1000 });
    }
  };
  const timer = setInterval(poll, 500);
  const pool = new WorkerPool({ workers: Math.min(options.jobs, subPlans.length), backend: options.backend as never });
  try {
    const module = new URL('./sub-plan-worker.ts', import.meta.url).href;
    const settled = await Promise.allSettled(
      subPlans.map((sub) => {
        const payload: SubPlanPayload = { plan: sub, cacheDir: options.cacheDir, augcVersion: options.augcVersion, backend: options.backend, baseDir: options.baseDir };
        return pool.run<SubPlanResult>({ module, fn: 'runSubPlan', payload });
      }),
    );
    poll();
    const timings: TaskTiming[] = [];
    for (const outcome of settled) {
      if (outcome.status === 'rejected') throw outcome.reason;
      timings.push(...outcome.value.timings);
    }
    for (const outcome of settled) {
      if (outcome.status === 'fulfilled' && !outcome.value.ok) {
        const { taskId, kind, reason } = outcome.value.failure;
        emit({ event: 'task_failed', id: taskId, kind, message: reason });
        throw new TaskFailedError(taskId, kind, reason);
      }
    }
    return timings;
  } finally {
    clearInterval(timer);
    await pool.close();
  }
}
