/**
 * Statistical soundness of the experiment's design: a warning when `repeats` is below 5. With two
 * repeats a 95% t-interval is the mean ± 8.98 standard deviations (t₀.₉₇₅,₁ / √2), and the standard
 * deviation of two values is itself a guess; with one there is no interval at all. Only a stated
 * `repeats` (or `--set repeats=N`, which the checks see as one) is checked: a spec that states none
 * runs the language's default of 1, and its report says so.
 */
import jStat from 'jstat';
import type * as A from '../ast/types.ts';
import { statementsOf } from '../ast/types.ts';
import type { CheckContext } from './context.ts';

/** Fewer repeats than this draw AUG2040 (the report's warning uses the same threshold, MIN_REPEATS_FOR_INTERVALS in src/runtime/reports/stats.ts). */
export const MIN_REPEATS = 5;

/** Warn when `repeats` is a whole number from 1 to MIN_REPEATS − 1 (other values are AUG2009's). */
export function checkFewRepeats(spec: A.SpecAst, ctx: CheckContext): void {
  for (const s of statementsOf(spec, 'repeats')) {
    const n = s.value?.value;
    if (!s.value || n === undefined || !Number.isInteger(n) || n < 1 || n >= MIN_REPEATS) continue;
    const why =
      n === 1
        ? `One repeat shows no spread and no interval at all; use 'repeats ${MIN_REPEATS}' or more.`
        : `A 95% t-interval from ${n} repeats is the mean ± ${(jStat.studentt.inv(0.975, n - 1) / Math.sqrt(n)).toFixed(2)} standard deviations; use 'repeats ${MIN_REPEATS}' or more.`;
    // an override's value is placed at the whole statement (or the header), not after the keyword:
    // say where the number came from, since the underlined text may show another one
    const overridden = s.value.range.start.offset === s.range.start.offset;
    const hint = overridden ? `'--set repeats=${n}' asks for it. ${why}` : why;
    ctx.accept('fewRepeats', s.value, [n === 1 ? '1 repeat' : `${n} repeats`], { hint });
  }
}
