/**
 * The generated-data quality columns of the report's training-set table (issue 11 §3; definitions
 * in docs/reports.md): label fidelity (all generated → kept by a GC), detection AUC and mean KS,
 * each the mean over the repeats of a cell; '–' where an arm generates nothing or a metric does
 * not apply (KS for images, or results written before these metrics existed).
 */
import type { RunRecord } from '../results/types.ts';

/** Header cells appended to the training-set table's header. */
export const QUALITY_HEADER = ['label fidelity', 'detection AUC', 'mean KS'];

function meanOf(runs: RunRecord[], pick: (r: RunRecord) => number | null | undefined): number | null {
  const v = runs.map(pick).filter((x): x is number => typeof x === 'number');
  return v.length ? v.reduce((a, b) => a + b, 0) / v.length : null;
}

const f2 = (x: number | null): string => (x === null ? '–' : x.toFixed(2));

/** The three cells of one arm and cell (runs = its repeats). */
export function qualityCells(runs: RunRecord[]): string[] {
  const all = meanOf(runs, (r) => r.quality?.labelFidelity);
  const kept = meanOf(runs, (r) => r.quality?.labelFidelityKept);
  const filtered = runs.some((r) => r.acceptance !== null);
  const fidelity = all === null ? '–' : filtered ? `${f2(all)} → ${f2(kept)}` : f2(all);
  return [fidelity, f2(meanOf(runs, (r) => r.quality?.detectionAuc)), f2(meanOf(runs, (r) => r.quality?.meanKs))];
}
