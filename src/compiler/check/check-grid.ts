/**
 * The cost of a spec is bounded before lowering: the grid (the product of every sweep axis' values)
 * times the arms times the repeats is the number of classifier evaluations the plan would hold. A
 * 3 KB spec with two 300-value axes expands to 540,000 tasks (a minute and 730 MB just to lower), and
 * no such run could finish: each evaluation trains a classifier. Past MAX_EVALUATIONS the spec gets
 * one error at the largest axis, and lowering never starts.
 */
import type * as A from '../ast/types.ts';
import { statementsOf } from '../ast/types.ts';
import type { CheckContext } from './context.ts';

/** Most classifier evaluations one plan may hold (the reference specs hold 30 to 300). */
export const MAX_EVALUATIONS = 20_000;

/** Error AUG2050 when repeats × cells × arms exceeds MAX_EVALUATIONS. */
export function checkGridSize(spec: A.SpecAst, ctx: CheckContext): void {
  const sweeps = statementsOf(spec, 'sweep').filter((s) => s.values);
  if (sweeps.length === 0) return;
  const repeats = Math.max(1, ...statementsOf(spec, 'repeats').map((s) => s.value?.value ?? 1));
  const arms = Math.max(1, statementsOf(spec, 'arm').length);
  let cells = 1;
  for (const s of sweeps) cells *= Math.max(1, s.values?.items.length ?? 1);
  const evaluations = repeats * cells * arms;
  if (!(evaluations > MAX_EVALUATIONS)) return;
  const largest = sweeps.reduce((a, b) => ((b.values?.items.length ?? 0) > (a.values?.items.length ?? 0) ? b : a));
  ctx.accept('gridTooLarge', largest.values ?? largest.axis, [repeats, cells, arms, evaluations, MAX_EVALUATIONS], {
    hint: `Sweep fewer values (e.g. --set sweep.${largest.axis.text}=…), fewer arms or fewer repeats.`,
  });
}
