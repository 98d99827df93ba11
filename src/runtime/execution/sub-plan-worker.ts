/**
 * Runs in a pool worker (src/runtime/parallel): execute one repeat's share of a plan with the real
 * components against the shared artifact cache. Failures come back as values, so the main thread
 * can report the failed task by name exactly as a serial run does.
 */
import type { Plan, TaskKind } from '../../plan/types.ts';
import { ArtifactCache } from './artifact-cache.ts';
import { executePlan, TaskFailedError } from './executor.ts';
import { realComponents, realDataLayer } from './real-modules.ts';
import type { TaskTiming } from './types.ts';

export interface SubPlanPayload {
  plan: Plan;
  cacheDir: string;
  augcVersion: string;
  /** the backend name in the cache keys (the main thread's) */
  backend: string;
  baseDir: string;
}

export type SubPlanResult =
  | { ok: true; timings: TaskTiming[]; computed: number }
  | { ok: false; timings: TaskTiming[]; failure: { taskId: string; kind: TaskKind; reason: string } };

/** Execute `payload.plan` (whose results are only wanted in the cache). */
export async function runSubPlan(payload: SubPlanPayload): Promise<SubPlanResult> {
  const timings: TaskTiming[] = [];
  try {
    const result = await executePlan(payload.plan, {
      components: await realComponents(),
      data: await realDataLayer(),
      cache: new ArtifactCache(payload.cacheDir),
      augcVersion: payload.augcVersion,
      backend: payload.backend,
      baseDir: payload.baseDir,
      onEvent: (e) => {
        if (e.event === 'task_failed') timings.push({ id: e.id, kind: e.kind, status: 'failed', seconds: 0 });
      },
    });
    return { ok: true, timings: result.timings, computed: result.computed };
  } catch (err) {
    if (!(err instanceof TaskFailedError)) throw err;
    return { ok: false, timings, failure: { taskId: err.taskId, kind: err.kind, reason: err.reason } };
  }
}
