/** The report's training-set table: per arm and cell, how many examples the classifier trained on,
 * how many were generated and kept, the GC filter's acceptance rate, and the classifier's optimizer
 * steps — the budget, the steps trained and the step of the kept weights (means over repeats). The
 * budget is what makes the arms of a cell comparable: equal unless the spec says `per_arm`. */
import type { ResultsFile, RunRecord } from '../results/types.ts';
import { mean } from './stats.ts';
import { markdownTable } from './markdown-table.ts';
import { QUALITY_HEADER, qualityCells } from './quality-columns.ts';

const cellText = (r: RunRecord): string =>
  Object.entries(r.cell)
    .map(([k, v]) => `${k} = ${v}`)
    .join(', ') || 'all';
const count = (x: number): string => (Number.isInteger(x) ? String(x) : x.toFixed(1));

/** Mean of one step field over the repeats, '–' when a record has none (results from before 2.0.0). */
function steps(runs: RunRecord[], field: 'budget' | 'trained' | 'kept'): string {
  const values = runs.map((r) => r.classifierSteps?.[field]);
  return values.every((v): v is number => typeof v === 'number') ? count(mean(values)) : '–';
}

/** Markdown table of every arm and cell (the baseline included: its steps are the reference), or null without runs. */
export function sampleCountsMarkdown(results: ResultsFile): string | null {
  const groups = new Map<string, RunRecord[]>();
  for (const r of results.runs) {
    const key = `${r.arm}\u0000${cellText(r)}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  if (groups.size === 0) return null;
  const header = [
    'arm',
    'cell',
    'originals',
    'generated',
    'kept',
    'GC acceptance',
    'trained on',
    'step budget',
    'steps trained',
    'kept step',
  ];
  const rows: string[][] = [];
  for (const [key, runs] of groups) {
    const [arm, cell] = key.split('\u0000');
    const acc = runs.map((r) => r.acceptance).filter((v): v is number => v !== null);
    const m = (f: (r: RunRecord) => number) => count(mean(runs.map(f)));
    const accepted = acc.length ? `${(100 * mean(acc)).toFixed(1)}%` : '–';
    rows.push([
      arm,
      cell,
      m((r) => r.counts.originals),
      m((r) => r.counts.generated),
      m((r) => r.counts.kept),
      accepted,
      m((r) => r.counts.train),
      steps(runs, 'budget'),
      steps(runs, 'trained'),
      steps(runs, 'kept'),
      ...qualityCells(runs),
    ]);
  }
  return markdownTable([...header, ...QUALITY_HEADER], rows);
}
