/**
 * The report's tables: rows = the values of one sweep axis, columns = arms, cells = mean ± std over
 * repeats, the best per row marked, and each arm's gain over the baseline. When other axes are
 * swept too, one table per combination of their values.
 */
import type { MetricName } from '../../plan/types.ts';
import type { ResultsFile, RunRecord } from '../results/types.ts';
import { mean, std } from './stats.ts';
import { markdownTable } from './markdown-table.ts';

export interface TableCell {
  mean: number;
  std: number;
  n: number;
  /** mean − the baseline's mean in the same row (null for the baseline itself) */
  gain: number | null;
  best: boolean;
}

export interface TableModel {
  title: string;
  metric: MetricName;
  /** the rows' axis ('' when nothing is swept) */
  axis: string;
  arms: string[];
  rows: { label: string; cells: (TableCell | null)[] }[];
}

/** Digits printed for metrics in tables (results.json keeps full precision). */
export const METRIC_DIGITS = 3;

export const fmt = (x: number, digits = METRIC_DIGITS): string => (Number.isFinite(x) ? x.toFixed(digits) : 'n/a');
/** A signed difference: "+0.012", "−0.004"; a value that rounds to zero prints as "±0.000" unless
 * `keepSign` (an interval's bound: its side of zero matters). */
export function fmtSigned(x: number, digits = METRIC_DIGITS, keepSign = false): string {
  if (!Number.isFinite(x)) return 'n/a';
  const text = Math.abs(x).toFixed(digits);
  if (Number(text) === 0 && (!keepSign || x === 0)) return `±${text}`;
  return `${x > 0 ? '+' : '−'}${text}`;
}

/** Values of a metric over repeats for runs matching every (axis → label) in `where`. */
export function metricValues(runs: RunRecord[], metric: MetricName, arm: string, where: Record<string, string>): number[] {
  return runs
    .filter((r) => r.arm === arm && Object.entries(where).every(([axis, label]) => r.cell[axis] === label))
    .map((r) => r.metrics[metric])
    .filter((v): v is number => typeof v === 'number');
}

/** Every combination of the labels of `axes`, in declaration order. */
export function combinations(results: ResultsFile, axes: string[]): Record<string, string>[] {
  let out: Record<string, string>[] = [{}];
  for (const name of axes) {
    const axis = results.axes.find((a) => a.name === name);
    if (!axis) continue;
    out = out.flatMap((partial) => axis.labels.map((label) => ({ ...partial, [name]: label })));
  }
  return out;
}

/** The tables a report spec asks for (or one per swept axis on the first metric when it names none). */
export function buildTables(results: ResultsFile): TableModel[] {
  const specs = results.report.tables.length
    ? results.report.tables
    : results.axes.length
      ? results.axes.map((a) => ({ metric: results.metrics[0], rows: a.name, cols: 'arm' as const }))
      : [{ metric: results.metrics[0], rows: '', cols: 'arm' as const }];
  return specs.flatMap((spec) => {
    const others = results.axes.map((a) => a.name).filter((n) => n !== spec.rows);
    return combinations(results, others).map((fixed) => buildTable(results, spec.metric, spec.rows, fixed));
  });
}

function buildTable(results: ResultsFile, metric: MetricName, axis: string, fixed: Record<string, string>): TableModel {
  const arms = results.arms.map((a) => a.name);
  const labels = results.axes.find((a) => a.name === axis)?.labels ?? ['all'];
  const rows = labels.map((label) => {
    const where = axis ? { ...fixed, [axis]: label } : fixed;
    const stats = arms.map((arm) => {
      const values = metricValues(results.runs, metric, arm, where);
      return values.length ? { mean: mean(values), std: std(values), n: values.length } : null;
    });
    const baseIndex = results.baseline ? arms.indexOf(results.baseline) : -1;
    const baseMean = baseIndex >= 0 ? (stats[baseIndex]?.mean ?? null) : null;
    // compare the printed values, so that a tie in the table is a tie in bold too
    const best = Math.max(...stats.map((s) => (s ? Number(fmt(s.mean)) : -Infinity)));
    const cells = stats.map((s, i) =>
      s ? { ...s, gain: baseMean === null || i === baseIndex ? null : s.mean - baseMean, best: Number(fmt(s.mean)) === best } : null,
    );
    return { label, cells };
  });
  const where = Object.entries(fixed)
    .map(([k, v]) => `${k} = ${v}`)
    .join(', ');
  const title = `${metric} by ${axis || 'arm'}${where ? ` (${where})` : ''}`;
  return { title, metric, axis, arms, rows };
}

/** A table as GitHub markdown: "mean ± std", best in bold, gain over the baseline in parentheses. */
export function tableMarkdown(table: TableModel): string {
  const lines = table.rows.map((row) => {
    const cells = row.cells.map((c) => {
      if (!c) return '–';
      // a single repeat has no spread: print the value alone rather than a misleading "± 0.000"
      const text = c.n > 1 ? `${fmt(c.mean)} ± ${fmt(c.std)}` : fmt(c.mean);
      const shown = c.best ? `**${text}**` : text;
      return c.gain === null ? shown : `${shown} (${fmtSigned(c.gain)})`;
    });
    return [row.label, ...cells];
  });
  return markdownTable([table.axis || '', ...table.arms], lines);
}
