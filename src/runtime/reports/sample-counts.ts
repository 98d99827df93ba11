/** The report's sample-count table: per arm and cell, how many examples the classifier trained on,
 * how many were generated and kept, and the GC filter's acceptance rate (means over repeats). */
import type { ResultsFile, RunRecord } from '../results/types.ts';
import { mean } from './stats.ts';

const cellText = (r: RunRecord): string => Object.entries(r.cell).map(([k, v]) => `${k} = ${v}`).join(', ') || 'all';
const count = (x: number): string => (Number.isInteger(x) ? String(x) : x.toFixed(1));

/** Markdown table, or null when no arm adds generated examples. */
export function sampleCountsMarkdown(results: ResultsFile): string | null {
  const groups = new Map<string, RunRecord[]>();
  for (const r of results.runs) {
    if (r.counts.generated === 0 && r.acceptance === null) continue;
    const key = `${r.arm}\u0000${cellText(r)}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  if (groups.size === 0) return null;
  const lines = ['| arm | cell | originals | generated | kept | GC acceptance | trained on |', '|---|---|---|---|---|---|---|'];
  for (const [key, runs] of groups) {
    const [arm, cell] = key.split('\u0000');
    const acc = runs.map((r) => r.acceptance).filter((v): v is number => v !== null);
    const m = (f: (r: RunRecord) => number) => count(mean(runs.map(f)));
    lines.push(`| ${arm} | ${cell} | ${m((r) => r.counts.originals)} | ${m((r) => r.counts.generated)} | ${m((r) => r.counts.kept)} | ${acc.length ? `${(100 * mean(acc)).toFixed(1)}%` : '–'} | ${m((r) => r.counts.train)} |`);
  }
  return lines.join('\n');
}
