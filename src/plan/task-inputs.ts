/**
 * What a task computes from, stated once, in the plan itself (since 1.3.0):
 * - `deps` lists every task whose output it reads (the lowering writes it complete; the validator
 *   refuses a task that names another task outside its deps);
 * - its other fields, less the bookkeeping ones (`id`, `deps`, `repeat`, `cell`: where the task
 *   stands in the grid, which the seed and the settings already carry), are its settings.
 *
 * A task's inputs are its kind, its settings with each task it names replaced by that task's place
 * among its deps, and its deps' outputs. The runtime's cache key is made of exactly these (and of
 * what computed them: the augc version and numerics, and a dataset's files), so renaming a task,
 * changing a report title or another task's settings never changes a key, and changing a setting
 * of a task or of anything it reads always does. A task's handler may also read its deps' own plan
 * nodes (their keys cover them) and, for prepare_data, its dataset's node (the key's data fingerprint
 * holds it); nothing else of the plan.
 */
import type { Task } from './types.ts';

/** The fields that place a task in the plan and the grid; not inputs. */
export const BOOKKEEPING_FIELDS = ['id', 'deps', 'repeat', 'cell'] as const;

/** A task named in another's settings, by its place among the deps. */
export interface DepRef {
  dep: number;
}

/** The task's settings: its fields less the bookkeeping ones. */
export function taskSettings(task: Task): Record<string, unknown> {
  const settings: Record<string, unknown> = { ...task };
  for (const field of BOOKKEEPING_FIELDS) delete settings[field];
  return settings;
}

/** The kind and settings of a task, each task id that names one of its deps replaced by `{ dep: i }`. */
export function taskInputs(task: Task): { kind: Task['kind']; settings: unknown } {
  const place = new Map(task.deps.map((id, i) => [id, i]));
  const replace = (value: unknown): unknown => {
    if (typeof value === 'string') {
      const i = place.get(value);
      return i === undefined ? value : ({ dep: i } satisfies DepRef);
    }
    if (Array.isArray(value)) return value.map(replace);
    if (value !== null && typeof value === 'object')
      return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, replace(v)]));
    return value;
  };
  const { kind, ...settings } = taskSettings(task);
  return { kind: kind as Task['kind'], settings: replace(settings) };
}

/** The ids of tasks of the plan (`ids`) that a task's settings name, in the order they appear. */
export function namedTasks(task: Task, ids: ReadonlySet<string>): string[] {
  const found: string[] = [];
  const walk = (value: unknown) => {
    if (typeof value === 'string') {
      if (ids.has(value) && !found.includes(value)) found.push(value);
    } else if (Array.isArray(value)) value.forEach(walk);
    else if (value !== null && typeof value === 'object') Object.values(value).forEach(walk);
  };
  walk(taskSettings(task));
  return found;
}
