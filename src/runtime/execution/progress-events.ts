/** The events a run emits while it executes; reporters (bars, plain lines, JSON) consume them. */
import type { TaskKind } from '../../plan/types.ts';

export type ProgressEvent =
  | { event: 'run_start'; tasks: number; toCompute: number; cachedSinks: number }
  | { event: 'task_start'; id: string; kind: TaskKind; index: number; of: number }
  | { event: 'task_progress'; id: string; done: number; total: number; unit: 'step' | 'epoch'; loss: number | null }
  | { event: 'task_done'; id: string; kind: TaskKind; status: 'computed' | 'cached'; seconds: number }
  | { event: 'task_failed'; id: string; kind: TaskKind; message: string }
  | { event: 'cache_discarded'; key: string; id: string }
  /** tasks running now, and how many can run at once (workers) */
  | { event: 'workers'; active: number; slots: number }
  | { event: 'run_done'; computed: number; cached: number; seconds: number };

export type ProgressListener = (event: ProgressEvent) => void;
