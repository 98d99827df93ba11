/**
 * Paired comparison of each arm with the baseline. All arms of a cell and repeat share the
 * classifier's seed and the originals, so the difference arm − baseline within a (cell, repeat) is
 * a pair; we report the mean difference, its 95% t-interval and how many pairs improved.
 */
import type { MetricName } from '../../plan/types.ts';
import type { ResultsFile, RunRecord } from '../results/types.ts';
import { pairedSummary, type PairedSummary } from './stats.ts';
import { fmt, fmtSigned } from './tables.ts';

export interface ComparisonRow extends PairedSummary {
  arm: string;
  /** "shots = 5" or "all cells" */
  cell: string;
}

const cellKey = (r: RunRecord): string => Object.entries(r.cell).map(([k, v]) => `${k} = ${v}`).join(', ') || 'all';

/** Paired differences arm − baseline per cell, then pooled over all cells, for every non-baseline arm. */
export function pairedComparisons(results: ResultsFile, metric: MetricName): ComparisonRow[] {
  if (!results.baseline) return [];
  const baseline = new Map<string, number>();
  for (const r of results.runs) {
    const v = r.metrics[metric];
    if (r.arm === results.baseline && typeof v === 'number') baseline.set(`${cellKey(r)}#${r.repeat}`, v);
  }
  const rows: ComparisonRow[] = [];
  for (const arm of results.arms) {
    if (arm.name === results.baseline) continue;
    const byCell = new Map<string, number[]>();
    for (const r of results.runs) {
      const v = r.metrics[metric];
      const base = baseline.get(`${cellKey(r)}#${r.repeat}`);
      if (r.arm !== arm.name || typeof v !== 'number' || base === undefined) continue;
      byCell.set(cellKey(r), [...(byCell.get(cellKey(r)) ?? []), v - base]);
    }
    for (const [cell, diffs] of byCell) rows.push({ arm: arm.name, cell, ...pairedSummary(diffs) });
    if (byCell.size > 1) rows.push({ arm: arm.name, cell: 'all cells', ...pairedSummary([...byCell.values()].flat()) });
  }
  return rows;
}

/** The comparison as a markdown table. */
export function comparisonMarkdown(rows: ComparisonRow[]): string {
  const lines = rows.map((r) => {
    const interval = Number.isFinite(r.low) ? `[${fmtSigned(r.low, undefined, true)}, ${fmtSigned(r.high, undefined, true)}]` : 'n/a (one repeat)';
    const cell = r.cell === 'all cells' ? '**all cells**' : r.cell;
    return `| ${r.arm} | ${cell} | ${fmtSigned(r.meanGain)} | ${interval} | ${r.improved}/${r.n} |`;
  });
  return ['| arm | cell | mean gain | 95% interval | repeats improved |', '|---|---|---|---|---|', ...lines].join('\n');
}

export { fmt };
