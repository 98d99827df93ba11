/**
 * Per-class F1 and confusion matrices of each arm, per cell: what a weighted F1 hides (a minority
 * class that no arm ever predicts, an arm that trades one class for another). F1 is the mean over
 * repeats; a confusion matrix is summed over repeats (rows: true class, columns: predicted).
 *
 * Thinning: with more than MAX_CLASSES classes (soybean has 19), a table keeps the TOP_SUPPORT
 * classes with the most test examples and then the classes with the lowest F1 of any arm, up to
 * MAX_CLASSES; a confusion matrix keeps the same rows and columns plus an "other" column, so every
 * row still sums to the class's test count. Classes are shown by name (results.json's `classNames`),
 * by index in a results file from before 2.1.0.
 */
import type { ResultsFile, RunRecord } from '../results/types.ts';
import { mean } from './stats.ts';
import { combinations, fmt } from './tables.ts';
import { markdownTable } from './markdown-table.ts';

/** Above this many classes, tables are thinned. */
export const MAX_CLASSES = 10;
/** Classes kept for their support when thinning; the rest of MAX_CLASSES are the worst by F1. */
export const TOP_SUPPORT = 6;

export interface PerClassCell {
  /** "dataset = glass, beta = 0.5", or "all" when nothing is swept */
  cell: string;
  arms: string[];
  /** classes shown (indices), in index order, and the number there are */
  classes: number[];
  /** the shown classes' names (results.json's `classNames` of the cell's dataset; the index as text
   * for a results file without them) */
  names: string[];
  classCount: number;
  /** test examples per shown class (the same in every repeat: the test part is fixed) */
  support: number[];
  /** f1[arm][shown class]: mean over repeats */
  f1: number[][];
  /** confusion[arm][shown true class][shown predicted class, then "other" when thinned]: summed over repeats */
  confusion: number[][][];
  repeats: number;
}

/** The per-class view of every cell (combination of all swept axes) that has runs. */
export function perClassCells(results: ResultsFile): PerClassCell[] {
  const arms = results.arms.map((a) => a.name);
  return combinations(
    results,
    results.axes.map((a) => a.name),
  ).flatMap((where) => {
    const runs = results.runs.filter((r) => Object.entries(where).every(([axis, label]) => r.cell[axis] === label));
    const byArm = arms.map((arm) => runs.filter((r) => r.arm === arm && r.perClassF1.length > 0));
    const present = arms.filter((_, i) => byArm[i].length > 0);
    if (!present.length) return [];
    const armRuns = byArm.filter((rs) => rs.length > 0);
    const classCount = armRuns[0][0].perClassF1.length;
    const f1All = armRuns.map((rs) => Array.from({ length: classCount }, (_, c) => mean(rs.map((r) => r.perClassF1[c]))));
    const confusionAll = armRuns.map(sumConfusion);
    const support = confusionAll[0].map((row) => row.reduce((s, x) => s + x, 0) / armRuns[0].length);
    const classes = shownClasses(support, f1All);
    const named = results.classNames?.[armRuns[0][0].dataset];
    const thinned = classes.length < classCount;
    const confusion = confusionAll.map((m) =>
      classes.map((t) => {
        const shown = classes.map((p) => m[t][p]);
        return thinned ? [...shown, m[t].reduce((s, x) => s + x, 0) - shown.reduce((s, x) => s + x, 0)] : shown;
      }),
    );
    return [
      {
        cell:
          Object.entries(where)
            .map(([k, v]) => `${k} = ${v}`)
            .join(', ') || 'all',
        arms: present,
        classes,
        names: classes.map((c) => named?.[c] ?? String(c)),
        classCount,
        support: classes.map((c) => support[c]),
        f1: f1All.map((row) => classes.map((c) => row[c])),
        confusion,
        repeats: armRuns[0].length,
      },
    ];
  });
}

function sumConfusion(runs: RunRecord[]): number[][] {
  const k = runs[0].confusion.length;
  const total = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  for (const r of runs)
    r.confusion.forEach((row, t) => {
      row.forEach((x, p) => {
        total[t][p] += x;
      });
    });
  return total;
}

/** All classes when there are at most MAX_CLASSES; else the most supported, then the worst by any arm's F1. */
export function shownClasses(support: number[], f1: number[][]): number[] {
  const k = support.length;
  if (k <= MAX_CLASSES) return Array.from({ length: k }, (_, c) => c);
  const bySupport = support
    .map((s, c) => ({ s, c }))
    .sort((a, b) => b.s - a.s || a.c - b.c)
    .slice(0, TOP_SUPPORT)
    .map((x) => x.c);
  const worstF1 = (c: number) => Math.min(...f1.map((row) => row[c]));
  const rest = Array.from({ length: k }, (_, c) => c)
    .filter((c) => !bySupport.includes(c))
    .sort((a, b) => worstF1(a) - worstF1(b) || a - b)
    .slice(0, MAX_CLASSES - TOP_SUPPORT);
  return [...bySupport, ...rest].sort((a, b) => a - b);
}

/** One cell as markdown: the per-class F1 table, then one confusion matrix per arm. */
export function perClassMarkdown(cell: PerClassCell): string {
  const thinned = cell.classes.length < cell.classCount;
  const note = thinned
    ? `Showing ${cell.classes.length} of ${cell.classCount} classes: the ${TOP_SUPPORT} with the most test examples and the ${cell.classes.length - TOP_SUPPORT} with the lowest F1 of any arm; "other" counts predictions of the classes not shown.`
    : '';
  const f1Table = markdownTable(
    ['class', 'test examples', ...cell.arms],
    cell.names.map((name, i) => [name, fmtCount(cell.support[i]), ...cell.f1.map((row) => fmt(row[i]))]),
  );
  const matrices = cell.arms.map((arm, a) => {
    const cols = [...cell.names, ...(thinned ? ['other'] : [])];
    return [
      `Confusion matrix of ${arm}, summed over ${cell.repeats} repeat(s) (rows: true class, columns: predicted):`,
      '',
      markdownTable(
        ['true \\ predicted', ...cols],
        cell.names.map((name, i) => [name, ...cell.confusion[a][i].map(String)]),
      ),
    ].join('\n');
  });
  return [note, 'Per-class F1, mean over repeats:', f1Table, ...matrices].filter(Boolean).join('\n\n');
}

const fmtCount = (x: number): string => (Number.isInteger(x) ? String(x) : x.toFixed(1));
