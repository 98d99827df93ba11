/**
 * Summary statistics for repeated runs: mean, sample standard deviation, paired t-intervals, and
 * Holm's step-down correction. Distributions come from jStat (`jstat`), not from hand-copied
 * tables: its quantiles are exact to double precision for any degrees of freedom.
 */
import jStat from 'jstat';

export const mean = (xs: number[]): number => (xs.length ? xs.reduce((s, x) => s + x, 0) / xs.length : Number.NaN);

/** Sample standard deviation (n − 1); 0 for a single value. */
export function std(xs: number[]): number {
  if (xs.length < 2) return 0;
  const m = mean(xs);
  return Math.sqrt(xs.reduce((s, x) => s + (x - m) ** 2, 0) / (xs.length - 1));
}

/** t_{0.975, df}: the multiplier of a 95% two-sided confidence interval (NaN below one degree of freedom). */
export function tQuantile975(df: number): number {
  if (!(df >= 1)) return Number.NaN;
  // jStat's inverse t loses accuracy beyond ~10⁷ degrees of freedom (1.957 at 10⁸); by 10⁶ the t
  // quantile is the normal one to 3·10⁻⁶
  return df > 1e6 ? jStat.normal.inv(0.975, 0, 1) : jStat.studentt.inv(0.975, df);
}

/** Below this many repeats a t-interval is too wide to say anything (t₀.₉₇₅,₃ = 3.18, and sd itself is unsure). */
export const MIN_REPEATS_FOR_INTERVALS = 5;

export interface PairedSummary {
  /** number of pairs */
  n: number;
  meanGain: number;
  /** 95% t-interval of the mean gain (NaN with fewer than two pairs) */
  low: number;
  high: number;
  /** pairs in which the arm beat the baseline */
  improved: number;
}

/** Mean of paired differences with its 95% t-interval and the count of positive differences. */
export function pairedSummary(differences: number[]): PairedSummary {
  const n = differences.length;
  const m = mean(differences);
  const half = n >= 2 ? (tQuantile975(n - 1) * std(differences)) / Math.sqrt(n) : Number.NaN;
  return { n, meanGain: m, low: m - half, high: m + half, improved: differences.filter((d) => d > 0).length };
}

/**
 * Holm's step-down adjustment (Holm 1979), as R's `p.adjust(p, "holm")`: sort ascending, multiply
 * the i-th smallest (0-based) by m − i, keep the sequence non-decreasing, cap at 1. Returned in the
 * order given. Rejecting where the adjusted p ≤ α controls the family-wise error at α.
 */
export function holmAdjust(pValues: number[]): number[] {
  const m = pValues.length;
  const order = pValues.map((p, i) => ({ p, i })).sort((a, b) => a.p - b.p);
  const adjusted = new Array<number>(m);
  let running = 0;
  order.forEach(({ p, i }, rank) => {
    running = Math.max(running, Math.min(1, (m - rank) * p));
    adjusted[i] = running;
  });
  return adjusted;
}
