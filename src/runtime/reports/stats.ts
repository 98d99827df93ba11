/** Summary statistics for repeated runs: mean, sample standard deviation, paired t-intervals. */

export const mean = (xs: number[]): number => (xs.length ? xs.reduce((s, x) => s + x, 0) / xs.length : Number.NaN);

/** Sample standard deviation (n − 1); 0 for a single value. */
export function std(xs: number[]): number {
  if (xs.length < 2) return 0;
  const m = mean(xs);
  return Math.sqrt(xs.reduce((s, x) => s + (x - m) ** 2, 0) / (xs.length - 1));
}

// Two-sided 95% quantiles of Student's t (t_{0.975, df}) for df = 1 … 30; beyond, interpolated in 1/df
// between 30, 40, 60, 120 and ∞ (the normal quantile 1.959964) — exact to 3 decimals.
const T975 = [
  12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131, 2.12, 2.11, 2.101, 2.093, 2.086,
  2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042,
];
const T975_TAIL: [number, number][] = [[30, 2.042], [40, 2.021], [60, 2.0], [120, 1.98], [Infinity, 1.959964]];

/** t_{0.975, df}: the multiplier of a 95% two-sided confidence interval. */
export function tQuantile975(df: number): number {
  if (df < 1) return Number.NaN;
  if (df <= 30) return T975[Math.round(df) - 1];
  for (let i = 1; i < T975_TAIL.length; i++) {
    const [d1, t1] = T975_TAIL[i - 1];
    const [d2, t2] = T975_TAIL[i];
    if (df <= d2) {
      const w = (1 / d1 - 1 / df) / (1 / d1 - (d2 === Infinity ? 0 : 1 / d2));
      return t1 + w * (t2 - t1);
    }
  }
  return 1.959964;
}

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
