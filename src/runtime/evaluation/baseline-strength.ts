/**
 * Is each cell's baseline strong (METHOD.md §5)? Compares, per dataset and cell, the baseline's mean
 * score over repeats with the reference models scored on the same originals and test rows:
 *   below_logistic           mean(logistic) − mean(baseline) > spread: the baseline is undertrained,
 *                            and a gain over it is no finding (a warning)
 *   below_majority           the same against the majority class, when the originals keep the
 *                            data's class proportions (a warning)
 *   below_majority_balanced  below the majority class with balanced few-shot originals: on an
 *                            imbalanced test part predicting the majority class scores high without
 *                            being a classifier anyone would use; context, not a warning
 * spread = the larger standard deviation (n − 1) over repeats of the baseline and of logistic
 * regression; with one repeat there is no spread, so any deficit counts.
 */
import type { BaselineCheck, ResultsFile, RunRecord } from '../results/types.ts';

const cellText = (cell: Record<string, string>): string =>
  Object.entries(cell)
    .map(([k, v]) => `${k} = ${v}`)
    .join(', ') || 'all';
const keyOf = (r: { dataset: string; cell: Record<string, string> }): string => `${r.dataset}\u0000${cellText(r.cell)}`;

function mean(v: number[]): number {
  return v.reduce((a, b) => a + b, 0) / v.length;
}

function sd(v: number[]): number {
  if (v.length < 2) return 0;
  const m = mean(v);
  return Math.sqrt(v.reduce((a, b) => a + (b - m) ** 2, 0) / (v.length - 1));
}

/** One check per dataset and cell that has both a baseline and reference models, in run order. */
export function baselineChecks(results: Pick<ResultsFile, 'runs' | 'baseline' | 'metrics'>): BaselineCheck[] {
  const metric = results.metrics[0];
  if (!results.baseline) return [];
  const groups = new Map<string, RunRecord[]>();
  for (const r of results.runs) groups.set(keyOf(r), [...(groups.get(keyOf(r)) ?? []), r]);
  const checks: BaselineCheck[] = [];
  for (const runs of groups.values()) {
    const baseline = runs.filter((r) => r.arm === results.baseline && typeof r.metrics[metric] === 'number');
    const withRefs = runs.filter((r) => r.references && typeof r.references.logistic[metric] === 'number');
    if (baseline.length === 0 || withRefs.length === 0) continue;
    const b = baseline.map((r) => r.metrics[metric]!);
    const l = withRefs.map((r) => r.references!.logistic[metric]!);
    const m = withRefs.map((r) => r.references!.majority[metric] ?? 0);
    const spread = Math.max(sd(b), sd(l));
    const [mb, ml, mm] = [mean(b), mean(l), mean(m)];
    const balanced = withRefs.some((r) => r.references!.balancedSample);
    const verdict: BaselineCheck['verdict'] =
      ml - mb > spread ? 'below_logistic' : mm - mb > spread ? (balanced ? 'below_majority_balanced' : 'below_majority') : 'ok';
    checks.push({
      dataset: runs[0].dataset,
      cell: { ...runs[0].cell },
      metric,
      repeats: baseline.length,
      baseline: mb,
      majority: mm,
      logistic: ml,
      spread,
      verdict,
    });
  }
  return checks;
}

/** Checks whose verdict is a warning (below logistic regression, or below majority where the
 * originals keep the data's proportions). */
export function weakBaselines(checks: BaselineCheck[]): BaselineCheck[] {
  return checks.filter((c) => c.verdict === 'below_logistic' || c.verdict === 'below_majority');
}

/** `dataset\0cell` keys of the cells whose baseline is weak: gains there are no findings. */
export function weakCellKeys(checks: BaselineCheck[]): Set<string> {
  return new Set(weakBaselines(checks).map(keyOf));
}

/** The key weakCellKeys uses for a run record or check. */
export const baselineCellKey = keyOf;

/** One sentence per weak baseline, for the report's top and the CLI's summary. */
export function baselineWarningText(check: BaselineCheck, multipleDatasets: boolean): string {
  const where = `${multipleDatasets && !('dataset' in check.cell) ? `${check.dataset}, ` : ''}${cellText(check.cell)}`;
  const f = (x: number) => x.toFixed(3);
  const spread = check.repeats < 2 ? 'one repeat, so no spread to allow for' : `the spread over repeats is ${f(check.spread)}`;
  const reference =
    check.verdict === 'below_logistic' ? `logistic regression's ${f(check.logistic)}` : `the majority class's ${check.majority.toFixed(3)}`;
  return `${where}: the baseline's ${check.metric} ${f(check.baseline)} is below ${reference} (${spread}).`;
}

/** The weak-baseline warnings of a results file (its own checks, else computed from its runs). */
export function baselineWarnings(results: Pick<ResultsFile, 'runs' | 'baseline' | 'metrics' | 'baselineChecks'>): string[] {
  const checks = results.baselineChecks ?? baselineChecks(results);
  const multi = new Set(results.runs.map((r) => r.dataset)).size > 1;
  return weakBaselines(checks).map((c) => baselineWarningText(c, multi));
}
