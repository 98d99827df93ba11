/**
 * The statistics checked against published values: Demšar (JMLR 2006) §3.2.2's worked Friedman
 * example and §3.1.3's Wilcoxon example, his Table 5 of Nemenyi q_α, Hollander & Wolfe's paired
 * signed-rank example (R's `?wilcox.test`), Student-t quantiles, and Holm as R's `p.adjust`.
 */
import { describe, expect, it } from 'vitest';
import {
  friedmanTest,
  nemenyiCriticalDifference,
  nemenyiQ,
  rankDescending,
  signedRankTest,
  smallestSignedRankP,
} from '../../../src/runtime/reports/rank-tests.ts';
import { holmAdjust, tQuantile975 } from '../../../src/runtime/reports/stats.ts';

// Demšar 2006, Table 6: AUC of C4.5, C4.5+m, C4.5+cf and C4.5+m+cf on 14 UCI datasets
const DEMSAR_AUC = [
  [0.763, 0.768, 0.771, 0.798],
  [0.599, 0.591, 0.59, 0.569],
  [0.954, 0.971, 0.968, 0.967],
  [0.628, 0.661, 0.654, 0.657],
  [0.882, 0.888, 0.886, 0.898],
  [0.936, 0.931, 0.916, 0.931],
  [0.661, 0.668, 0.609, 0.685],
  [0.583, 0.583, 0.563, 0.625],
  [0.775, 0.838, 0.866, 0.875],
  [1, 1, 1, 1],
  [0.94, 0.962, 0.965, 0.962],
  [0.619, 0.666, 0.614, 0.669],
  [0.972, 0.981, 0.975, 0.975],
  [0.957, 0.978, 0.946, 0.97],
];

describe('Friedman test (Demšar 2006, §3.2.2)', () => {
  it('reproduces the published mean ranks, χ²_F = 9.28 and F_F = 3.69', () => {
    // the paper's ranks treat the tie on 'voting' (0.975, 0.975) as C4.5+cf ahead of C4.5+m+cf
    const asPublished = DEMSAR_AUC.map((row, i) => (i === 12 ? [0.972, 0.981, 0.97501, 0.975] : row));
    const f = friedmanTest(asPublished);
    expect(f.meanRanks.map((r) => Number(r.toFixed(3)))).toEqual([3.143, 2.0, 2.893, 1.964]);
    expect(f.chiSquare).toBeCloseTo(9.28, 2);
    expect(f.f).toBeCloseTo(3.69, 2);
    // F(3, 39) critical value at α = 0.05 is 2.85 (quoted in the paper): 3.69 rejects
    expect(f.pF).toBeLessThan(0.05);
    expect(f.pF).toBeCloseTo(0.0198, 3);
    expect(f.pChiSquare).toBeCloseTo(0.0258, 3);
  });

  it('gives tied scores the average of their ranks', () => {
    expect(rankDescending([0.936, 0.931, 0.916, 0.931])).toEqual([1, 2.5, 4, 2.5]);
    expect(rankDescending([1, 1, 1, 1])).toEqual([2.5, 2.5, 2.5, 2.5]);
    // differences from float noise are ties: 0.1 + 0.2 and 0.3
    expect(rankDescending([0.1 + 0.2, 0.3, 0.2])).toEqual([1.5, 1.5, 3]);
    // with the tie kept, C4.5+cf and C4.5+m+cf share the ranks on 'voting'
    expect(friedmanTest(DEMSAR_AUC).meanRanks.map((r) => Number(r.toFixed(3)))).toEqual([3.143, 2.0, 2.929, 1.929]);
  });

  it('is infinite F with p = 0 when every dataset ranks the arms alike, and p = 1 with no differences', () => {
    const f = friedmanTest([
      [0.9, 0.8, 0.7],
      [0.6, 0.5, 0.4],
      [0.95, 0.9, 0.85],
    ]);
    expect(f.chiSquare).toBeCloseTo(6, 10);
    expect(f.f).toBe(Infinity);
    expect(f.pF).toBe(0);
    expect(
      friedmanTest([
        [0.5, 0.5],
        [0.7, 0.7],
      ]).pChiSquare,
    ).toBeCloseTo(1, 10);
  });
});

describe('Nemenyi critical difference (Demšar 2006, Table 5 and §3.2.2)', () => {
  it('q_0.05 and q_0.10 for k = 2 … 10', () => {
    const q05 = [1.96, 2.343, 2.569, 2.728, 2.85, 2.949, 3.031, 3.102, 3.164];
    const q10 = [1.645, 2.052, 2.291, 2.459, 2.589, 2.693, 2.78, 2.855, 2.92];
    // the table prints 3 decimals, some truncated (2.343 for 2.3437): agree within 0.001
    q05.forEach((q, i) => {
      expect(Math.abs(nemenyiQ(i + 2, 0.05) - q)).toBeLessThan(1e-3);
    });
    q10.forEach((q, i) => {
      expect(Math.abs(nemenyiQ(i + 2, 0.1) - q)).toBeLessThan(1e-3);
    });
  });

  it('CD = 2.569 · √(4·5 / (6·14)) = 1.25 for 4 arms on 14 datasets', () => {
    expect(nemenyiCriticalDifference(4, 14)).toBeCloseTo(1.2536, 3);
  });
});

describe('Wilcoxon signed-rank test', () => {
  it("Hollander & Wolfe's paired example (R's ?wilcox.test): V = 40, exact p = 0.03906", () => {
    const x = [1.83, 0.5, 1.62, 2.48, 1.68, 1.88, 1.55, 3.06, 1.3];
    const y = [0.878, 0.647, 0.598, 2.05, 1.06, 1.29, 1.06, 3.14, 1.29];
    const t = signedRankTest(x.map((v, i) => v - y[i]));
    expect(t.rPlus).toBe(40);
    expect(t.rMinus).toBe(5);
    expect(t.exact).toBe(true);
    expect(t.p).toBeCloseTo(0.0390625, 7);
  });

  it("Demšar's C4.5+m against C4.5: R⁺ = 93, R⁻ = 12 (zeros split), below the critical T = 21", () => {
    const t = signedRankTest(DEMSAR_AUC.map((row) => row[1] - row[0]));
    expect([t.rPlus, t.rMinus, t.n, t.nonZero]).toEqual([93, 12, 14, 12]);
    expect(t.exact).toBe(false); // zeros and ties: normal approximation
    expect(t.p).toBeLessThan(0.05);
    expect(t.p).toBeCloseTo(0.012, 3);
  });

  it('never reports p above 1; all-zero differences give p = 1; the smallest attainable p is 2 / 2ⁿ', () => {
    expect(signedRankTest([0.1, 0.2, -0.3]).p).toBe(1);
    expect(signedRankTest([0, 0, 0]).p).toBe(1);
    // six datasets, all better: the exact p is 2/64
    expect(signedRankTest([0.01, 0.02, 0.03, 0.04, 0.05, 0.06]).p).toBeCloseTo(0.03125, 10);
    expect(smallestSignedRankP(6)).toBeCloseTo(0.03125, 10);
    expect(smallestSignedRankP(5)).toBeCloseTo(0.0625, 10);
  });
});

describe('Student t and Holm', () => {
  it('t_0.975 quantiles match the printed table', () => {
    expect(tQuantile975(1)).toBeCloseTo(12.706, 3);
    expect(tQuantile975(2)).toBeCloseTo(4.303, 3);
    expect(tQuantile975(4)).toBeCloseTo(2.776, 3);
    expect(tQuantile975(30)).toBeCloseTo(2.042, 3);
    expect(tQuantile975(120)).toBeCloseTo(1.98, 3);
    expect(tQuantile975(Infinity)).toBeCloseTo(1.96, 3);
    expect(Number.isNaN(tQuantile975(0))).toBe(true);
  });

  it("Holm's step-down adjustment, as R's p.adjust(c(0.01, 0.04, 0.03, 0.005), 'holm')", () => {
    expect(holmAdjust([0.01, 0.04, 0.03, 0.005]).map((p) => Number(p.toFixed(10)))).toEqual([0.03, 0.06, 0.06, 0.02]);
    expect(holmAdjust([0.5, 0.6])).toEqual([1, 1]);
    expect(holmAdjust([])).toEqual([]);
  });
});
