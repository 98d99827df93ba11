/**
 * The report's answer to "is the baseline strong?" (issue 11 §2): the reference models beside the
 * baseline per cell, the warnings shown at the top of the report (and in `augc run`'s summary), the
 * context note for balanced few-shot cells, and the ⚠ mark on table rows and comparison rows whose
 * baseline is weak — their gains are not findings.
 */
import type { MetricName } from '../../plan/types.ts';
import { baselineChecks, baselineWarningText, weakBaselines } from '../evaluation/baseline-strength.ts';
import type { BaselineCheck, ResultsFile, RunRecord } from '../results/types.ts';
import type { ComparisonRow } from './comparisons.ts';
import type { TableModel } from './tables.ts';
import { markdownTable } from './markdown-table.ts';

/** The mark on a row whose baseline is weak. */
export const WEAK_MARK = '⚠';

const f3 = (x: number): string => x.toFixed(3);
const cellText = (cell: Record<string, string>): string =>
  Object.entries(cell)
    .map(([k, v]) => `${k} = ${v}`)
    .join(', ') || 'all';
const sameCell = (a: Record<string, string>, b: Record<string, string>): boolean =>
  Object.keys(a).length === Object.keys(b).length && Object.entries(a).every(([k, v]) => b[k] === v);

/** The checks of a results file: its own, else computed from its runs (files written before them). */
export function checksOf(results: ResultsFile): BaselineCheck[] {
  return results.baselineChecks ?? baselineChecks(results);
}

/** Everything the template shows about the baseline's strength; null when no run carries reference models. */
export function baselineStrength(results: ResultsFile): {
  warnings: string[];
  balancedNotes: string[];
  markdown: string;
  lambdaNote: string;
} | null {
  const metric = results.metrics[0];
  const refs = results.runs.filter((r) => r.references);
  if (refs.length === 0) return null;
  const checks = checksOf(results);
  const multi = new Set(results.runs.map((r) => r.dataset)).size > 1;
  const warnings = weakBaselines(checks).map((c) => baselineWarningText(c, multi));
  const balanced = checks.filter((c) => c.verdict === 'below_majority_balanced');
  const balancedNotes = balanced.map(
    (c) => `${cellText(c.cell)}: the baseline's ${f3(c.baseline)} is below the majority class's ${f3(c.majority)}.`,
  );
  return { warnings, balancedNotes, markdown: referenceTable(results, refs, checks, metric), lambdaNote: lambdaNote(refs) };
}

function referenceTable(results: ResultsFile, refs: RunRecord[], checks: BaselineCheck[], metric: MetricName): string {
  const multi = new Set(results.runs.map((r) => r.dataset)).size > 1 && !results.axes.some((a) => a.kind === 'dataset');
  const groups = new Map<string, RunRecord[]>();
  for (const r of refs) {
    const key = `${multi ? `${r.dataset}, ` : ''}${cellText(r.cell)}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  const stat = (v: number[]) => {
    const m = v.reduce((a, b) => a + b, 0) / v.length;
    if (v.length < 2) return f3(m);
    const sd = Math.sqrt(v.reduce((a, b) => a + (b - m) ** 2, 0) / (v.length - 1));
    return `${f3(m)} ± ${f3(sd)}`;
  };
  const verdicts: Record<BaselineCheck['verdict'], string> = {
    ok: 'ok',
    below_logistic: `${WEAK_MARK} below logistic regression`,
    below_majority: `${WEAK_MARK} below the majority class`,
    below_majority_balanced: 'below majority (balanced shots: context)',
  };
  const rows: string[][] = [];
  for (const [key, runs] of groups) {
    const check = checks.find((c) => c.dataset === runs[0].dataset && sameCell(c.cell, runs[0].cell));
    const baseline = results.runs
      .filter((r) => r.arm === results.baseline && r.dataset === runs[0].dataset && sameCell(r.cell, runs[0].cell))
      .map((r) => r.metrics[metric])
      .filter((v): v is number => typeof v === 'number');
    const col = (f: (r: RunRecord) => number | undefined) => stat(runs.map(f).filter((v): v is number => typeof v === 'number'));
    rows.push([
      key,
      baseline.length ? stat(baseline) : '–',
      col((r) => r.references!.majority[metric]),
      col((r) => r.references!.logistic[metric]),
      check ? verdicts[check.verdict] : '–',
    ]);
  }
  return markdownTable(['cell', 'baseline', 'majority class', 'logistic regression', 'verdict'], rows);
}

/** How the regulariser was chosen, over all cells: "λ chosen on the validation part (λ from 1e-5 to 1e-1)". */
function lambdaNote(refs: RunRecord[]): string {
  const where: Record<string, string> = {
    validation: 'on the validation part',
    cross_validation: 'by stratified cross-validation on the originals',
    holdout: 'on a stratified 20% of the originals',
    default: "fixed at 1/n (a class has a single original: scikit-learn's default C = 1)",
  };
  const used = [...new Set(refs.map((r) => r.references!.lambdaChosenOn))].map((k) => where[k]);
  const lambdas = refs.map((r) => r.references!.logisticLambda);
  const range =
    Math.min(...lambdas) === Math.max(...lambdas)
      ? `λ = ${Math.min(...lambdas)}`
      : `λ from ${Math.min(...lambdas)} to ${Math.max(...lambdas)}`;
  return `λ chosen ${used.join(', or ')}: ${range}; never on the test part`;
}

/** Tables with ⚠ after the label of each row whose cell has a weak baseline. */
export function markWeakTableRows(tables: TableModel[], results: ResultsFile): TableModel[] {
  const weak = weakBaselines(checksOf(results));
  if (weak.length === 0) return tables;
  return tables.map((t) => ({
    ...t,
    rows: t.rows.map((row) =>
      weak.some((c) => rowMatches(t, row.label, c.cell, results)) ? { ...row, label: `${row.label} ${WEAK_MARK}` } : row,
    ),
  }));
}

/** A table row shows the check's cell: the row's axis has the row's label, and every other axis the
 * table's title fixes ("(beta = 0.5, latent = 2)") has the cell's value. An axis the title does not
 * fix is averaged over in that row, so a weak cell among its values marks the row. */
function rowMatches(t: TableModel, label: string, cell: Record<string, string>, results: ResultsFile): boolean {
  if (t.axis && cell[t.axis] !== label) return false;
  const open = t.title.indexOf(' (');
  const fixed = open >= 0 && t.title.endsWith(')') ? t.title.slice(open + 2, -1).split(', ') : [];
  return results.axes
    .filter((a) => a.name !== t.axis && fixed.some((f) => f.startsWith(`${a.name} = `)))
    .every((a) => fixed.includes(`${a.name} = ${cell[a.name]}`));
}

/** Comparison rows with ⚠ after the cell of a weak baseline (a row naming fewer axes than the cell,
 * averaged over the others, is marked when it holds a weak cell), and on a pooled "all cells" row
 * that holds a weak cell (the pooled gain then includes gains that are no findings). */
export function markWeakComparisonRows(rows: ComparisonRow[], results: ResultsFile): ComparisonRow[] {
  const weak = weakBaselines(checksOf(results));
  if (weak.length === 0) return rows;
  const holdsWeak = (cell: string) => {
    if (cell.startsWith('all cells')) return false;
    const pairs = cell.split(', ');
    return weak.some((c) => pairs.every((p) => Object.entries(c.cell).some(([k, v]) => p === `${k} = ${v}`)));
  };
  // "all cells" pools every cell; "all cells of card" the cells of one dataset
  const poolHoldsWeak = (cell: string) => {
    const pool = cell.startsWith('all cells of ') ? cell.slice('all cells of '.length) : null;
    return cell.startsWith('all cells') && weak.some((c) => pool === null || c.dataset === pool || c.cell.dataset === pool);
  };
  return rows.map((r) => (holdsWeak(r.cell) || poolHoldsWeak(r.cell) ? { ...r, cell: `${r.cell} ${WEAK_MARK}` } : r));
}
