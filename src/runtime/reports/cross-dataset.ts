/**
 * The question answered across datasets (Demšar, JMLR 2006). When a spec sweeps `dataset`, the arms
 * are ranked on each dataset, and the report gives their mean ranks, a Friedman test (with the
 * Iman–Davenport F), Wilcoxon signed-rank tests of each arm against the baseline with Holm's
 * correction, and a critical-difference diagram.
 *
 * What one observation is, when other axes are swept too:
 * - A dataset is one observation: a competitor's score on a dataset is its mean over repeats. The
 *   tests need independent observations, and cells of one dataset share its test part, so they are
 *   never counted as separate datasets.
 * - An axis that changes only the VAEs or the generated count (`beta`, `latent`, `generated`) makes
 *   each of its values a different method for the arms it changes (β or d of the arm's VAE, its
 *   `count generated`): such an arm becomes one competitor per value ("vae (beta = 0.5)"). The
 *   baseline, and any arm the axis does not change (SMOTE under a β sweep), is one competitor whose
 *   score on a dataset is the mean over all those cells and repeats.
 * - Any other axis (shots, …) changes the question itself: one analysis per combination of its values.
 */
import type { MetricName } from '../../plan/types.ts';
import type { ResultsFile } from '../results/types.ts';
import {
  friedmanTest,
  nemenyiCriticalDifference,
  rankDescending,
  signedRankTest,
  smallestSignedRankP,
  type FriedmanResult,
  type SignedRankResult,
} from './rank-tests.ts';
import { holmAdjust, mean } from './stats.ts';
import { combinations, fmt, fmtSigned } from './tables.ts';
import { markdownTable } from './markdown-table.ts';

/** Axis kinds that change only the VAEs or the generated count, not the baseline. */
export const VARIANT_AXIS_KINDS = ['beta', 'latent', 'generated'];

/** Significance level of the tests and of the critical difference. */
export const ALPHA = 0.05;

export interface Competitor {
  /** "vae (beta = 0.5)", or the arm's name when no variant axis is swept */
  name: string;
  arm: string;
  /** variant axis → label (empty for the baseline and for arms no variant axis changes) */
  variant: Record<string, string>;
}

export interface VersusBaseline extends SignedRankResult {
  competitor: string;
  /** mean over datasets of competitor − baseline */
  meanDifference: number;
  wins: number;
  ties: number;
  losses: number;
  /** Holm-adjusted p over all competitors of this analysis */
  pHolm: number;
}

export interface CrossDatasetAnalysis {
  /** "shots = 5" for one combination of the other axes, '' when there are none */
  block: string;
  metric: MetricName;
  datasets: string[];
  /** datasets left out because some competitor has no score there */
  incomplete: string[];
  competitors: Competitor[];
  /** scores[dataset][competitor]: mean over repeats (and, for the baseline, over variant cells) */
  scores: number[][];
  friedman: FriedmanResult;
  /** Nemenyi critical difference at ALPHA */
  criticalDifference: number;
  versusBaseline: VersusBaseline[];
  /** the index of the baseline among the competitors */
  baselineIndex: number;
}

/** One analysis per combination of the non-dataset, non-variant axes; none without a dataset axis of 2+ values or a baseline. */
export function crossDatasetAnalyses(results: ResultsFile, metric: MetricName): CrossDatasetAnalysis[] {
  const datasetAxis = results.axes.find((a) => a.kind === 'dataset');
  if (!datasetAxis || datasetAxis.labels.length < 2 || !results.baseline) return [];
  const variantAxes = results.axes.filter((a) => VARIANT_AXIS_KINDS.includes(a.kind)).map((a) => a.name);
  const blockAxes = results.axes.filter((a) => a !== datasetAxis && !variantAxes.includes(a.name)).map((a) => a.name);
  // an arm is split by the variant axes that change it (results.json's `variesWith`; results without
  // it: every non-baseline arm by every variant axis), and averaged over the others
  const competitors: Competitor[] = results.arms.flatMap((arm) => {
    const own = arm.name === results.baseline ? [] : (arm.variesWith ?? variantAxes).filter((a) => variantAxes.includes(a));
    return combinations(results, own).map((variant) => ({ name: competitorName(arm.name, variant), arm: arm.name, variant }));
  });
  return combinations(results, blockAxes).flatMap((block) => {
    const analysis = analyse(results, metric, datasetAxis.name, datasetAxis.labels, block, competitors);
    return analysis ? [analysis] : [];
  });
}

const competitorName = (arm: string, variant: Record<string, string>): string => {
  const where = Object.entries(variant)
    .map(([k, v]) => `${k} = ${v}`)
    .join(', ');
  return where ? `${arm} (${where})` : arm;
};

function analyse(
  results: ResultsFile,
  metric: MetricName,
  datasetAxis: string,
  labels: string[],
  block: Record<string, string>,
  competitors: Competitor[],
): CrossDatasetAnalysis | null {
  const scoreOf = (dataset: string, c: Competitor): number => {
    const where: Record<string, string> = { ...block, ...c.variant, [datasetAxis]: dataset };
    const values = results.runs
      .filter((r) => r.arm === c.arm && Object.entries(where).every(([axis, label]) => r.cell[axis] === label))
      .map((r) => r.metrics[metric])
      .filter((v): v is number => typeof v === 'number');
    return mean(values);
  };
  const rows = labels.map((dataset) => ({ dataset, scores: competitors.map((c) => scoreOf(dataset, c)) }));
  const complete = rows.filter((r) => r.scores.every(Number.isFinite));
  if (complete.length < 2) return null;
  const scores = complete.map((r) => r.scores);
  const baselineIndex = competitors.findIndex((c) => c.arm === results.baseline);
  const versus = competitors.flatMap((c, j) => {
    if (j === baselineIndex) return [];
    const differences = scores.map((row) => row[j] - row[baselineIndex]);
    const test = signedRankTest(differences);
    const sign = differences.map((d) => Math.sign(Number(d.toFixed(12))));
    return [
      {
        ...test,
        competitor: c.name,
        meanDifference: mean(differences),
        wins: sign.filter((s) => s > 0).length,
        ties: sign.filter((s) => s === 0).length,
        losses: sign.filter((s) => s < 0).length,
        pHolm: Number.NaN,
      },
    ];
  });
  holmAdjust(versus.map((v) => v.p)).forEach((p, i) => {
    versus[i].pHolm = p;
  });
  return {
    block: Object.entries(block)
      .map(([k, v]) => `${k} = ${v}`)
      .join(', '),
    metric,
    datasets: complete.map((r) => r.dataset),
    incomplete: rows.filter((r) => !complete.includes(r)).map((r) => r.dataset),
    competitors,
    scores,
    friedman: friedmanTest(scores),
    criticalDifference: nemenyiCriticalDifference(competitors.length, complete.length, ALPHA),
    versusBaseline: versus,
    baselineIndex,
  };
}

/** A p-value as printed: three decimals, "< 0.001" below that. */
export function fmtP(p: number): string {
  if (!Number.isFinite(p)) return 'n/a';
  if (p < 0.001) return '< 0.001';
  // 2 · (1 − 63/64) comes out as 0.0312499…: drop float noise first, so it prints as 0.031 and 2 × it as 0.063
  return Number(p.toPrecision(12)).toFixed(3);
}

/** "p = 0.031" or "p < 0.001". */
const pIs = (p: number): string => (fmtP(p).startsWith('<') ? `p ${fmtP(p)}` : `p = ${fmtP(p)}`);

const fmtStat = (x: number): string => (x === Infinity ? '∞' : x.toFixed(2));

/** The analysis as markdown: the score table with ranks, the tests, and what they can and cannot show. */
export function crossDatasetMarkdown(a: CrossDatasetAnalysis): string {
  const ranks = a.scores.map(rankDescending);
  const lines = a.datasets.map((d, i) => [d, ...a.scores[i].map((s, j) => `${fmt(s)} (${fmtRank(ranks[i][j])})`)]);
  const best = Math.min(...a.friedman.meanRanks.map((r) => Number(r.toFixed(2))));
  const meanRow = [
    '**mean rank**',
    ...a.friedman.meanRanks.map((r) => (Number(r.toFixed(2)) === best ? `**${r.toFixed(2)}**` : r.toFixed(2))),
  ];
  const f = a.friedman;
  const out = [
    markdownTable(['dataset', ...a.competitors.map((c) => c.name)], [...lines, meanRow]),
    `Friedman test over ${f.n} datasets and ${f.k} competitors: χ²_F = ${fmtStat(f.chiSquare)} (${f.k - 1} degrees of freedom), ${pIs(f.pChiSquare)}; ` +
      `Iman–Davenport F_F = ${fmtStat(f.f)} (${f.k - 1} and ${(f.k - 1) * (f.n - 1)} degrees of freedom), ${pIs(f.pF)}. ` +
      (f.pF <= ALPHA
        ? `The arms' ranks differ more than chance would make them at α = ${ALPHA}.`
        : `At α = ${ALPHA} this does not show that the arms' ranks differ.`) +
      ` Nemenyi critical difference at α = ${ALPHA}: ${a.criticalDifference.toFixed(2)} ranks.`,
  ];
  if (a.versusBaseline.length) {
    const rows = a.versusBaseline.map((v) => {
      const significant = v.pHolm <= ALPHA;
      const p = `${fmtP(v.p)}${v.exact ? '' : ' ≈'}`;
      return [
        v.competitor,
        fmtSigned(v.meanDifference),
        `${v.wins}/${v.ties}/${v.losses}`,
        fmtRank(v.rPlus),
        fmtRank(v.rMinus),
        p,
        significant ? `**${fmtP(v.pHolm)}**` : fmtP(v.pHolm),
      ];
    });
    const baseline = a.competitors[a.baselineIndex].name;
    out.push(
      markdownTable([`against ${baseline}`, 'mean difference', 'datasets better/tied/worse', 'R⁺', 'R⁻', 'p', 'p (Holm)'], rows),
      `Wilcoxon signed-rank tests, two-sided, one pair per dataset; p-values marked ≈ use the normal approximation (ties or zero differences), the others are exact. ` +
        `Holm's correction is over the ${a.versusBaseline.length} comparison(s) of this table; adjusted p ≤ ${ALPHA} in bold. ` +
        `With ${f.n} datasets the smallest p-value any arm can reach is ${fmtP(smallestSignedRankP(f.n))}` +
        (smallestSignedRankP(f.n) * a.versusBaseline.length > ALPHA
          ? ', so after the correction no arm can be significant here, however well it does: add datasets to test this.'
          : '.'),
    );
  }
  if (a.incomplete.length) out.push(`Left out, because some competitor has no score there: ${a.incomplete.join(', ')}.`);
  return out.join('\n\n');
}

const fmtRank = (r: number): string => (Number.isInteger(r) ? String(r) : r.toFixed(1));
