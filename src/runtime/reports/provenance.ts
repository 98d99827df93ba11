/** Where results came from: the spec and its repository state, versions, seeds, overrides, wall time.
 * Kept in the run file (not results.json) because git state and timings change between runs. */
import { execFileSync } from 'node:child_process';
import type { TaskTiming } from '../execution/types.ts';

export interface Provenance {
  /** spec path relative to its project folder, and its SHA-256 */
  spec: { path: string; sha256: string };
  git: { commit: string | null; dirty: boolean | null };
  augcVersion: string;
  backend: { name: string; version: string; threads?: number; nativeBlas?: string | null };
  node: string;
  platform: string;
  seed: number;
  repeats: number;
  smoke: boolean;
  overrides: { path: string; value: string }[];
  startedAt: string;
  wallSeconds: number;
  /** time spent computing every task behind the results: this run's, plus, for outputs read from
   * the cache, the time they took when they were made */
  computeSeconds: number;
  tasksComputed: number;
  tasksCached: number;
}

/** The run file beside results.json: provenance plus every task's timing. */
export interface RunFile {
  provenance: Provenance;
  timings: TaskTiming[];
}

/** The commit of the repository holding `dir` and whether its working tree has changes (nulls outside git). */
export function gitState(dir: string): Provenance['git'] {
  try {
    const run = (...args: string[]) =>
      execFileSync('git', ['-C', dir, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    const commit = run('rev-parse', 'HEAD');
    return { commit, dirty: run('status', '--porcelain', '--untracked-files=no').length > 0 };
  } catch {
    return { commit: null, dirty: null };
  }
}
