/**
 * The worker-thread side of a local run (`--jobs N`) and of `augc worker`: runs one task of a run
 * with the real components against a directory store. The calling thread holds the task's lock (its
 * event loop stays free to refresh it while this thread trains). Failures come back as values, so
 * the coordinator reports the failed task by name exactly as a serial run does.
 */
import { backendOfNumerics, currentBackend, numericsId } from '../backend/init-backend.ts';
import { getKernelOptions, KERNEL_OPTION_NAMES, type KernelOptions, setKernelOptions } from '../kernels/options.ts';
import { ArtifactCache } from './artifact-cache.ts';
import { realComponents, realDataLayer } from './real-modules.ts';
import { loadManifest } from './run-manifest.ts';
import { TaskFailedError, TaskRunner, type TaskRunReport } from './task-runner.ts';
import type { TaskProgress } from './types.ts';

export interface ThreadTaskPayload {
  /** root of the directory store (the --cache-dir) */
  storeRoot: string;
  manifestId: string;
  taskId: string;
  kind: TaskFailedError['kind'];
  /** what computes the run's numbers, as its keys name it ('wasm', 'wasm+openblas'): the thread
   * starts that backend and refuses the task when its own numerics differ */
  backend: string;
  /** the coordinator's kernel options (a local run's threads take them, so a run computes with the
   * same kernels wherever its tasks run); absent (`augc worker`): the process's own AUGC_KERNELS */
  kernels?: KernelOptions;
}

/** A note posted while the task runs: progress of the task (or of an input recomputed on the way). */
export interface ThreadTaskNote {
  id: string;
  update: TaskProgress;
}

export type ThreadTaskResult =
  | { ok: true; report: TaskRunReport }
  | { ok: false; taskId: string; kind: TaskFailedError['kind']; reason: string };

interface ThreadEnv {
  runner: TaskRunner;
  store: ArtifactCache;
}

const envs = new Map<string, Promise<ThreadEnv>>();

/** One runner and store per store root, made on the first task (the components load once). */
function envFor(storeRoot: string, backend: string): Promise<ThreadEnv> {
  let env = envs.get(storeRoot);
  if (!env) {
    env = (async () => {
      const components = await realComponents();
      await components.initBackend(backendName(backend));
      const store = new ArtifactCache(storeRoot);
      return { runner: new TaskRunner(components, await realDataLayer(), store), store };
    })();
    envs.set(storeRoot, env);
  }
  return env;
}

/** Run one task (a pool task function: `note` posts progress to the pool). */
export async function runTaskInThread(
  payload: ThreadTaskPayload,
  note: (value: ThreadTaskNote) => void = () => {},
): Promise<ThreadTaskResult> {
  const bootstrap = await envFor(payload.storeRoot, payload.backend);
  if (payload.kernels) takeKernelOptions(payload.kernels);
  const manifest = await loadManifest(bootstrap.store, payload.manifestId);
  // what this thread computes with now (the options may have changed since the last task)
  const numerics = numericsId(currentBackend() ?? { name: backendName(payload.backend) });
  if (numerics !== manifest.backend) {
    // the keys name the numerics: computing with others would store numbers under the wrong key
    return {
      ok: false,
      taskId: payload.taskId,
      kind: payload.kind,
      reason: `this worker computes with ${numerics}, but the run's results are for ${manifest.backend}`,
    };
  }
  try {
    const report = await bootstrap.runner.run(manifest, payload.taskId, (id, update) => note({ id, update }));
    return { ok: true, report };
  } catch (err) {
    if (!(err instanceof TaskFailedError)) throw err;
    return { ok: false, taskId: err.taskId, kind: err.kind, reason: err.reason };
  }
}

/** The backend to start for a numerics id: 'wasm+openblas' starts 'wasm' (the BLAS comes with it). */
export function backendName(id: string): string {
  return backendOfNumerics(id);
}

/** Switch this thread's kernels to the coordinator's options (only those that differ). */
function takeKernelOptions(wanted: KernelOptions): void {
  const mine = getKernelOptions();
  const change: Partial<KernelOptions> = {};
  for (const name of KERNEL_OPTION_NAMES) if (mine[name] !== wanted[name]) change[name] = wanted[name];
  if (Object.keys(change).length > 0) setKernelOptions(change);
}
