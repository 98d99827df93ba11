import { describe, expect, it } from 'vitest';
import {
  detectionAuc,
  ksStatistic,
  labelFidelity,
  matchedSample,
  meanKs,
  rocAuc,
} from '../../../src/runtime/evaluation/generated-quality.ts';
import { Random } from '../../../src/runtime/random.ts';

const normals = (n: number, features: number, seed: number, shift = 0) => {
  const rng = new Random(seed);
  return Float32Array.from({ length: n * features }, () => shift + rng.normal());
};

describe('label fidelity', () => {
  it('is 1 when the oracle agrees, 0 when every label is flipped, the share otherwise', () => {
    const labels = Int32Array.from([0, 1, 1, 0]);
    expect(labelFidelity(labels, labels)).toBe(1);
    expect(
      labelFidelity(
        labels,
        Int32Array.from(labels, (c) => 1 - c),
      ),
    ).toBe(0);
    expect(labelFidelity(labels, Int32Array.from([0, 1, 0, 1]))).toBe(0.5);
    expect(labelFidelity(new Int32Array(0), new Int32Array(0))).toBeNull();
  });
});

describe('Kolmogorov–Smirnov statistic', () => {
  it('is 0 for identical samples and 1 for disjoint ones', () => {
    expect(ksStatistic([1, 2, 3], [3, 2, 1])).toBe(0);
    expect(ksStatistic([0, 0.1, 0.2], [5, 6])).toBe(1);
  });

  it('matches a value computed by hand (scipy.stats.ks_2samp gives 0.5 for these)', () => {
    // F_a − F_b peaks after 2: F_a = 2/4, F_b = 0 → 0.5
    expect(ksStatistic([1, 2, 3, 4], [2.5, 3.5, 4.5, 5.5])).toBe(0.5);
  });

  it('handles ties across the samples (binary columns: the difference of proportions)', () => {
    expect(ksStatistic([0, 0, 1, 1], [0, 1, 1, 1])).toBeCloseTo(0.25, 12);
  });

  it('averages over columns: ≈ 0 for two samples of one distribution, 1 for disjoint ones', () => {
    const a = normals(2000, 3, 1);
    const b = normals(2000, 3, 2);
    expect(meanKs(a, b, 3)).toBeLessThan(0.05);
    expect(meanKs(a, normals(2000, 3, 3, 100), 3)).toBe(1);
  });
});

describe('ROC AUC and detection', () => {
  it('AUC is 1 for perfect scores, 0 for reversed ones and 0.5 for ties', () => {
    expect(rocAuc([0.1, 0.2, 0.8, 0.9], [0, 0, 1, 1])).toBe(1);
    expect(rocAuc([0.9, 0.8, 0.2, 0.1], [0, 0, 1, 1])).toBe(0);
    expect(rocAuc([0.5, 0.5, 0.5, 0.5], [0, 1, 0, 1])).toBe(0.5);
    // one of four positive–negative pairs is misordered
    expect(rocAuc([0.1, 0.6, 0.5, 0.9], [0, 0, 1, 1])).toBe(0.75);
  });

  it('detection AUC ≈ 0.5 for two samples of one distribution and 1 for disjoint ones', () => {
    const same = detectionAuc(normals(600, 4, 4), normals(600, 4, 5), 4, 7)!;
    expect(Math.abs(same - 0.5)).toBeLessThan(0.06);
    expect(detectionAuc(normals(300, 4, 6), normals(300, 4, 7, 10), 4, 7)).toBe(1);
    expect(detectionAuc(normals(2, 4, 6), normals(300, 4, 7), 4, 7)).toBeNull();
  });

  it('detects a change of spread at the same mean (the squared columns), which KS sees too', () => {
    const wide = normals(600, 2, 8);
    const narrow = normals(600, 2, 9).map((v) => v * 0.3);
    expect(detectionAuc(wide, narrow, 2, 7)!).toBeGreaterThan(0.8);
    expect(meanKs(wide, narrow, 2)).toBeGreaterThan(0.2);
  });

  it('matched samples take equal numbers per class from both sides', () => {
    const realY = Int32Array.from([0, 0, 0, 0, 0, 0, 1, 2, 2]);
    const genY = Int32Array.from([0, 0, 1, 1, 1, 2, 2, 2]);
    const { real, generated } = matchedSample(realY, genY, 3, new Random(1));
    const count = (idx: Int32Array, y: Int32Array, c: number) => Array.from(idx).filter((i) => y[i] === c).length;
    expect([0, 1, 2].map((c) => count(real, realY, c))).toEqual([2, 1, 2]);
    expect([0, 1, 2].map((c) => count(generated, genY, c))).toEqual([2, 1, 2]);
  });
});
