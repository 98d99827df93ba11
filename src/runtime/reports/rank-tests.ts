/**
 * Rank-based tests for comparing several arms over several datasets, after Demšar, "Statistical
 * comparisons of classifiers over multiple data sets", JMLR 7 (2006): average ranks, the Friedman
 * test with the Iman–Davenport F statistic, the Nemenyi critical difference, and the Wilcoxon
 * signed-rank test (through @stdlib/stats-wilcoxon, which gives exact p-values for small samples).
 */
import wilcoxon from '@stdlib/stats-wilcoxon';
import jStat from 'jstat';

/**
 * Scores are compared after rounding to this many decimals, so two arms whose metric differs only
 * by floating-point noise (0.768 − 0.763 vs 0.936 − 0.931) tie, as they would on paper.
 */
const TIE_DECIMALS = 12;
const tidy = (x: number): number => Number(x.toFixed(TIE_DECIMALS));

/** Ranks of `scores` where the highest score ranks 1; ties share the average of their ranks. */
export function rankDescending(scores: number[]): number[] {
  const order = scores.map((s, i) => ({ s: tidy(s), i })).sort((a, b) => b.s - a.s);
  const ranks = new Array<number>(scores.length);
  for (let start = 0; start < order.length; ) {
    let end = start;
    while (end + 1 < order.length && order[end + 1].s === order[start].s) end++;
    const shared = (start + end) / 2 + 1;
    for (let j = start; j <= end; j++) ranks[order[j].i] = shared;
    start = end + 1;
  }
  return ranks;
}

export interface FriedmanResult {
  /** datasets (rows) and arms (columns) */
  n: number;
  k: number;
  /** each arm's mean rank over the datasets (1 = best) */
  meanRanks: number[];
  /** Friedman's χ²_F with k − 1 degrees of freedom, and its p-value */
  chiSquare: number;
  pChiSquare: number;
  /** Iman and Davenport's F_F with (k − 1, (k − 1)(N − 1)) degrees of freedom, and its p-value; less conservative than χ²_F */
  f: number;
  pF: number;
}

/**
 * The Friedman test on a table of scores, one row per dataset and one column per arm (higher is
 * better). Uses Demšar's formulas, without a correction for ties:
 *   χ²_F = 12N / (k(k+1)) · [Σ_j R_j² − k(k+1)²/4],   F_F = (N−1) χ²_F / (N(k−1) − χ²_F).
 * When every dataset ranks the arms the same way, F_F is infinite and its p-value 0.
 */
export function friedmanTest(scores: number[][]): FriedmanResult {
  const n = scores.length;
  const k = scores[0]?.length ?? 0;
  const ranks = scores.map(rankDescending);
  const meanRanks = Array.from({ length: k }, (_, j) => ranks.reduce((s, row) => s + row[j], 0) / n);
  const chiSquare = ((12 * n) / (k * (k + 1))) * (meanRanks.reduce((s, r) => s + r * r, 0) - (k * (k + 1) ** 2) / 4);
  const pChiSquare = 1 - jStat.chisquare.cdf(chiSquare, k - 1);
  const denominator = n * (k - 1) - chiSquare;
  const f = denominator > 1e-12 ? ((n - 1) * chiSquare) / denominator : Infinity;
  const pF = f === Infinity ? 0 : 1 - jStat.centralF.cdf(f, k - 1, (k - 1) * (n - 1));
  return { n, k, meanRanks, chiSquare, pChiSquare, f, pF };
}

/**
 * Nemenyi's critical difference of mean ranks: CD = q_α · √(k(k+1) / (6N)), where q_α is the
 * studentized range quantile for k means and infinite degrees of freedom, divided by √2 (Demšar's
 * Table 5: 2.569 for k = 4 at α = 0.05). Two arms whose mean ranks differ by less than CD are not
 * significantly different.
 */
export function nemenyiCriticalDifference(k: number, n: number, alpha = 0.05): number {
  return nemenyiQ(k, alpha) * Math.sqrt((k * (k + 1)) / (6 * n));
}

/** q_α of the Nemenyi test for k arms (the studentized range quantile / √2). */
export function nemenyiQ(k: number, alpha = 0.05): number {
  if (k < 2) return Number.NaN;
  // jStat's studentized range takes finite degrees of freedom; 1e9 is ∞ to every printed digit
  return jStat.tukey.inv(1 - alpha, k, 1e9) / Math.SQRT2;
}

export interface SignedRankResult {
  /** pairs, and pairs whose difference is not zero */
  n: number;
  nonZero: number;
  /** sums of the ranks of the positive and of the negative differences (zeros split between them) */
  rPlus: number;
  rMinus: number;
  /** two-sided p-value */
  p: number;
  /** exact null distribution (no ties, no zeros, n ≤ 50) or the normal approximation */
  exact: boolean;
}

/**
 * Two-sided Wilcoxon signed-rank test that the differences are centred on 0. Zero differences are
 * split evenly between R⁺ and R⁻ as Demšar recommends; @stdlib/stats-wilcoxon then computes the
 * exact p-value when there are no ties or zeros and at most 50 pairs, and otherwise the normal
 * approximation with a continuity correction (as R's `wilcox.test`). All-zero differences give p = 1.
 */
export function signedRankTest(differences: number[]): SignedRankResult {
  const d = differences.map(tidy);
  const n = d.length;
  const nonZero = d.filter((x) => x !== 0).length;
  const total = (n * (n + 1)) / 2;
  if (n < 2 || nonZero === 0) {
    const rPlus = nonZero === 0 ? total / 2 : d[0] > 0 ? 1 : 0;
    return { n, nonZero, rPlus, rMinus: total - rPlus, p: 1, exact: true };
  }
  const out = wilcoxon(d, { zeroMethod: 'zsplit' });
  const absolute = d.map(Math.abs);
  const exact = nonZero === n && n <= 50 && new Set(absolute).size === n;
  // the package doubles a one-sided tail that can exceed ½ (R⁺ at the centre): a p-value is at most 1
  return { n, nonZero, rPlus: out.statistic, rMinus: total - out.statistic, p: Math.min(1, out.pValue), exact };
}

/**
 * The smallest two-sided p-value a signed-rank test on n pairs can reach (every difference on one
 * side): 2 / 2ⁿ. With 5 datasets it is 0.0625, so no arm can be significant at 0.05, whatever it does.
 */
export const smallestSignedRankP = (n: number): number => Math.min(1, 2 / 2 ** n);
