/**
 * Paired comparison of each arm with the baseline. All arms of a cell and repeat share the
 * classifier's seed and the originals, so the difference arm − baseline within a (cell, repeat) is
 * a pair; we report the mean difference, its 95% t-interval and how many pairs improved.
 *
 * Pooling: within one dataset, an "all cells" row pools every (cell, repeat) pair of the arm. It
 * estimates the gain averaged over the other axes' values (not the gain at any one of them), and its
 * interval treats the pairs as independent, although they share the dataset's test part. Across
 * datasets, pairs are not exchangeable (a dataset with many cells would weigh more, and its pairs
 * share one test part), so there is no pooled row: the rank tests of cross-dataset.ts answer that
 * question, with one observation per dataset.
 */
import type { MetricName } from '../../plan/types.ts';
import type { ResultsFile, RunRecord } from '../results/types.ts';
import { pairedSummary, type PairedSummary } from './stats.ts';
import { fmt, fmtSigned } from './tables.ts';
import { markdownTable } from './markdown-table.ts';

export interface ComparisonRow extends PairedSummary {
  arm: string;
  /** "shots = 5", "all cells" or, with a dataset axis, "all cells of glass" */
  cell: string;
  /** a pooled row */
  pooled: boolean;
}

const cellKey = (r: RunRecord): string =>
  Object.entries(r.cell)
    .map(([k, v]) => `${k} = ${v}`)
    .join(', ') || 'all';

/** The dataset axis when a spec sweeps two or more datasets, else undefined. */
export const datasetAxisOf = (results: ResultsFile) => results.axes.find((a) => a.kind === 'dataset' && a.labels.length > 1);

/** Paired differences arm − baseline per cell, then pooled over the cells of each dataset, for every non-baseline arm. */
export function pairedComparisons(results: ResultsFile, metric: MetricName): ComparisonRow[] {
  if (!results.baseline) return [];
  const baseline = new Map<string, number>();
  for (const r of results.runs) {
    const v = r.metrics[metric];
    if (r.arm === results.baseline && typeof v === 'number') baseline.set(`${cellKey(r)}#${r.repeat}`, v);
  }
  const datasetAxis = datasetAxisOf(results);
  const rows: ComparisonRow[] = [];
  for (const arm of results.arms) {
    if (arm.name === results.baseline) continue;
    // pool → cell → differences; one pool, or one per dataset
    const pools = new Map<string, Map<string, number[]>>();
    for (const r of results.runs) {
      const v = r.metrics[metric];
      const base = baseline.get(`${cellKey(r)}#${r.repeat}`);
      if (r.arm !== arm.name || typeof v !== 'number' || base === undefined) continue;
      const pool = datasetAxis ? r.cell[datasetAxis.name] : '';
      const byCell = pools.get(pool) ?? new Map<string, number[]>();
      byCell.set(cellKey(r), [...(byCell.get(cellKey(r)) ?? []), v - base]);
      pools.set(pool, byCell);
    }
    for (const [pool, byCell] of pools) {
      for (const [cell, diffs] of byCell) rows.push({ arm: arm.name, cell, pooled: false, ...pairedSummary(diffs) });
      const label = pool ? `all cells of ${pool}` : 'all cells';
      if (byCell.size > 1) rows.push({ arm: arm.name, cell: label, pooled: true, ...pairedSummary([...byCell.values()].flat()) });
    }
  }
  return rows;
}

/** What the pooled rows mean, for the report; '' when there are none. */
export function poolingNote(results: ResultsFile, rows: ComparisonRow[]): string {
  if (!rows.some((r) => r.pooled)) return datasetAxisOf(results) ? ACROSS_DATASETS : '';
  const within = rows.find((r) => r.pooled)!.cell === 'all cells' ? 'An **all cells** row' : 'An **all cells of** a dataset row';
  return (
    `${within} pools every (cell, repeat) pair of the arm on one dataset: it is the gain averaged over the values of the other axes, ` +
    'not the gain at any one of them, and its interval treats those pairs as independent, although all of them are scored on the same test part.' +
    (datasetAxisOf(results) ? ` ${ACROSS_DATASETS}` : '')
  );
}

const ACROSS_DATASETS =
  'Pairs are not pooled across datasets (they are not exchangeable, and a dataset with more cells would weigh more): the section *Across datasets* compares the arms with one observation per dataset.';

/** The comparison as a markdown table. */
export function comparisonMarkdown(rows: ComparisonRow[]): string {
  const lines = rows.map((r): string[] => {
    const interval = Number.isFinite(r.low)
      ? `[${fmtSigned(r.low, undefined, true)}, ${fmtSigned(r.high, undefined, true)}]`
      : 'n/a (one repeat)';
    const cell = r.pooled ? `**${r.cell}**` : r.cell;
    return [r.arm, cell, fmtSigned(r.meanGain), interval, `${r.improved}/${r.n}`];
  });
  return markdownTable(['arm', 'cell', 'mean gain', '95% interval', 'repeats improved'], lines);
}

export { fmt };
