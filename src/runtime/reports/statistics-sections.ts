/**
 * The report's statistical sections, assembled for the template: the warning about few repeats,
 * what the pooled rows of the paired comparison mean, the cross-dataset analysis with its
 * critical-difference diagrams (written into the figures folder), and the per-class tables.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ResultsFile } from '../results/types.ts';
import { cdDiagramSvg } from './cd-diagram.ts';
import { poolingNote, type ComparisonRow } from './comparisons.ts';
import { crossDatasetAnalyses, crossDatasetMarkdown } from './cross-dataset.ts';
import { perClassCells, perClassMarkdown } from './per-class.ts';
import { MIN_REPEATS_FOR_INTERVALS, tQuantile975 } from './stats.ts';

export interface StatisticsSections {
  /** a warning paragraph when repeats < MIN_REPEATS_FOR_INTERVALS (not in a smoke run, which says so itself); '' otherwise */
  fewRepeats: string;
  /** what the paired comparison's pooled rows mean */
  poolingNote: string;
  crossDataset: { metric: string; analyses: { title: string; markdown: string; diagram: string }[] } | null;
  perClass: { cell: string; markdown: string }[];
}

const slug = (s: string): string => s.replace(/[^A-Za-z0-9_.-]+/g, '-').replace(/^-+|-+$/g, '');

/** Build the sections; writes one SVG per cross-dataset analysis into `figuresDir` (named `cd-…-over-datasets….svg`, so a re-rendering replaces it). */
export function statisticsSections(
  results: ResultsFile,
  comparisonRows: ComparisonRow[],
  figuresDir: string,
  figuresRel: string,
): StatisticsSections {
  const metric = results.metrics[0];
  const analyses = crossDatasetAnalyses(results, metric).map((a) => {
    const name = `cd-${metric}-over-datasets${a.block ? `-${slug(a.block)}` : ''}.svg`;
    const title = `Mean rank in ${metric} over ${a.datasets.length} datasets${a.block ? ` (${a.block})` : ''}`;
    const ranked = a.competitors.map((c, j) => ({ name: c.name, meanRank: a.friedman.meanRanks[j] }));
    writeFileSync(join(figuresDir, name), cdDiagramSvg(ranked, a.criticalDifference, title));
    return { title: a.block || 'all datasets', markdown: crossDatasetMarkdown(a), diagram: `${figuresRel}/${name}` };
  });
  return {
    fewRepeats: results.smoke ? '' : fewRepeatsWarning(results.experiment.repeats),
    poolingNote: poolingNote(results, comparisonRows),
    crossDataset: analyses.length ? { metric, analyses } : null,
    perClass: perClassCells(results).map((c) => ({ cell: c.cell, markdown: perClassMarkdown(c) })),
  };
}

/** The warning for n repeats, with the factor t₀.₉₇₅,ₙ₋₁/√n that turns the spread into the interval's half-width; '' from MIN_REPEATS_FOR_INTERVALS on. */
export function fewRepeatsWarning(repeats: number): string {
  if (repeats >= MIN_REPEATS_FOR_INTERVALS) return '';
  const factor = (n: number) => (tQuantile975(n - 1) / Math.sqrt(n)).toFixed(2);
  const what =
    repeats < 2
      ? 'One repeat per cell: there is no spread and no interval, and a difference between arms may be the luck of one seed.'
      : `${repeats} repeats per cell: a 95% interval is the mean ± ${factor(repeats)} × the standard deviation (${factor(5)} with 5 repeats), and the standard deviation of ${repeats} values is itself a guess, so the intervals below say little.`;
  return `**Few repeats.** ${what} Run at least ${MIN_REPEATS_FOR_INTERVALS} repeats before reading a gain as a finding.`;
}
