/**
 * The task scheduler: dispatches every task of the plan whose inputs are in the store, on whatever
 * transport runs tasks (the coordinator's thread, worker threads, BullMQ workers), longest critical
 * path first. Tasks only ever read their inputs from the store, and the coordinator alone assembles
 * results from it afterwards, so the numbers are the same whatever the number, speed or order of the
 * workers.
 *
 * Uncached tasks (prepare_data, sample_shots) are never dispatched: a worker computes them when a
 * task needs them. A dispatched task's inputs are therefore the cacheable tasks it reaches through
 * them (an evaluate task waits for its generate task, not for the shots both use).
 */
import type { Plan, Task } from '../../plan/types.ts';
import { criticalPaths } from './cost-model.ts';
import type { ProgressListener } from './progress-events.ts';
import { handlers } from './registry.ts';
import { TaskFailedError, type TaskRunReport } from './task-runner.ts';
import type { TaskProgress } from './types.ts';

/** One task sent to a worker: everything else it reads from the store (the manifest, its inputs). */
export interface TaskJob {
  manifestId: string;
  taskId: string;
  kind: Task['kind'];
  key: string;
  /** larger runs first (the critical-path length, for transports with their own queue) */
  priority: number;
}

/** What a transport reports for a job: computed by it, or found in the store (another run made it). */
export type JobOutcome = ({ status: 'computed' } & TaskRunReport) | { status: 'cached' };

export interface JobCallbacks {
  /** a worker has taken the job (a queue may hold it a while before) */
  onStart(): void;
  onProgress(id: string, update: TaskProgress): void;
}

/** How tasks reach workers. `run` rejects with TaskFailedError when the task itself failed. */
export interface Transport {
  /** jobs in flight at once (worker threads: one per thread; a queue: every ready job) */
  readonly slots: number;
  run(job: TaskJob, callbacks: JobCallbacks): Promise<JobOutcome>;
  /** workers busy or waiting for work, when the transport knows (shown with the progress) */
  workers?(): Promise<{ active: number; total: number }>;
  close(): Promise<void>;
}

export interface ScheduleOptions {
  plan: Plan;
  /** the tasks to compute (cacheable, not in the store), in any order */
  toCompute: Set<string>;
  keys: Map<string, string>;
  manifestId: string;
  transport: Transport;
  onEvent?: ProgressListener;
}

export interface ScheduleResult {
  outcomes: Map<string, JobOutcome>;
}

/** The dispatched tasks each task waits for: cacheable inputs, looking through uncached ones. */
function jobInputs(plan: Plan, jobs: Set<string>): Map<string, string[]> {
  const byId = new Map(plan.tasks.map((t) => [t.id, t]));
  const reach = new Map<string, Set<string>>(); // cacheable tasks each task reaches (itself excluded)
  for (const task of plan.tasks) {
    const found = new Set<string>();
    for (const dep of task.deps) {
      if (handlers[byId.get(dep)!.kind].cacheable) found.add(dep);
      else for (const deeper of reach.get(dep) ?? []) found.add(deeper);
    }
    reach.set(task.id, found);
  }
  return new Map([...jobs].map((id) => [id, [...reach.get(id)!].filter((dep) => jobs.has(dep))]));
}

/** Run every task of `toCompute` on the transport; throws TaskFailedError on the first failed task
 * (or the transport's own error), without waiting for the tasks still running. */
export async function schedule(options: ScheduleOptions): Promise<ScheduleResult> {
  const { plan, toCompute, keys, transport } = options;
  const emit = options.onEvent ?? (() => {});
  const order = new Map(plan.tasks.map((t, i) => [t.id, i]));
  const kindOf = new Map(plan.tasks.map((t) => [t.id, t.kind]));
  const paths = criticalPaths(plan);
  const inputs = jobInputs(plan, toCompute);
  const waitingFor = new Map([...inputs].map(([id, deps]) => [id, new Set(deps)]));
  const users = new Map<string, string[]>();
  for (const [id, deps] of inputs) for (const dep of deps) users.set(dep, [...(users.get(dep) ?? []), id]);
  // longest critical path first; plan order breaks ties, so dispatch order is deterministic
  const before = (a: string, b: string) => paths.get(b)! - paths.get(a)! || order.get(a)! - order.get(b)!;
  const ready = [...toCompute].filter((id) => waitingFor.get(id)!.size === 0);
  const outcomes = new Map<string, JobOutcome>();
  const running = new Map<string, Promise<void>>();
  let started = 0;
  // a task that failed (TaskFailedError), or the transport itself (a lost queue server)
  let failure: Error | null = null;
  let active = 0;

  const finish = (id: string, outcome: JobOutcome) => {
    outcomes.set(id, outcome);
    if (outcome.status === 'cached') emit({ event: 'task_done', id, kind: kindOf.get(id)!, status: 'cached', seconds: 0 });
    else
      for (const done of outcome.computed)
        emit({ event: 'task_done', id: done.id, kind: done.kind, status: 'computed', seconds: done.seconds });
    if (outcome.status === 'computed') for (const id of outcome.discarded) emit({ event: 'cache_discarded', key: keys.get(id)!, id });
    for (const user of users.get(id) ?? []) {
      const left = waitingFor.get(user)!;
      left.delete(id);
      if (left.size === 0) ready.push(user);
    }
  };

  // busy workers: what the transport knows (a queue's workers on other machines), else our count
  let asking = false;
  const showWorkers = () => {
    if (!transport.workers) return emit({ event: 'workers', active, slots: transport.slots });
    if (asking) return;
    asking = true;
    transport.workers().then(
      (w) => {
        asking = false;
        emit({ event: 'workers', active: w.active, slots: w.total });
      },
      () => (asking = false),
    );
  };

  const dispatch = (id: string) => {
    const job: TaskJob = {
      manifestId: options.manifestId,
      taskId: id,
      kind: kindOf.get(id)!,
      key: keys.get(id)!,
      priority: paths.get(id)!,
    };
    let announced = false;
    const callbacks: JobCallbacks = {
      onStart: () => {
        if (announced) return;
        announced = true;
        started++;
        active++;
        emit({ event: 'task_start', id, kind: job.kind, index: started, of: toCompute.size });
        showWorkers();
      },
      onProgress: (taskId, update) => emit({ event: 'task_progress', id: taskId, ...update }),
    };
    const settled = transport.run(job, callbacks).then(
      (outcome) => {
        if (announced) active--;
        finish(id, outcome);
        if (announced) showWorkers();
      },
      (error: unknown) => {
        if (announced) active--;
        failure ??= error instanceof Error ? error : new TaskFailedError(id, job.kind, String(error));
      },
    );
    running.set(
      id,
      settled.finally(() => running.delete(id)),
    );
  };

  while (ready.length > 0 || running.size > 0) {
    ready.sort(before);
    while (!failure && ready.length > 0 && running.size < transport.slots) dispatch(ready.shift()!);
    if (running.size === 0) break;
    await Promise.race(running.values());
    if (failure) {
      const failed: Error = failure;
      if (failed instanceof TaskFailedError) emit({ event: 'task_failed', id: failed.taskId, kind: failed.kind, message: failed.reason });
      throw failed;
    }
  }
  const stuck = [...toCompute].filter((id) => !outcomes.has(id));
  if (stuck.length)
    throw new Error(
      `the scheduler stopped with ${stuck.length} tasks whose inputs never came (first: '${stuck[0]}'); the plan's dependencies are inconsistent`,
    );
  return { outcomes };
}
