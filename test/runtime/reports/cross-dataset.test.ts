/**
 * The cross-dataset section on a fixture whose ranks and p-values are worked out by hand (see
 * fixtures/cross-dataset-results.ts): per dataset the competitors baseline, vae (beta = 0.5) and
 * vae (beta = 1) rank
 *   d1: 3 1 2 · d2: 2 3 1 · d3: 3 2 1 · d4: 2 3 1 · d5: 3 1.5 1.5 (tie) · d6: 2 3 1
 * so the mean ranks are 2.5, 2.25 and 1.25, χ²_F = 6 · (2.5² + 2.25² + 1.25² − 12) = 5.25 with
 * p = e^(−5.25/2) (χ² with 2 df), F_F = 5 · 5.25 / (12 − 5.25) = 3.889, and CD = 2.343 · √(12/36).
 * vae (beta = 1) beats the baseline on all six datasets: R⁺ = 21, exact p = 2/2⁶ = 0.03125;
 * vae (beta = 0.5) has R⁺ = 3 + 2 + 5 = 10, R⁻ = 11, p = 1. Holm: 0.0625 and 1.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pairedComparisons, poolingNote } from '../../../src/runtime/reports/comparisons.ts';
import { crossDatasetAnalyses, crossDatasetMarkdown } from '../../../src/runtime/reports/cross-dataset.ts';
import { renderReport } from '../../../src/runtime/reports/render-report.ts';
import { variantAxesOf } from '../../../src/runtime/results/build-results.ts';
import type { ArmNode, Axis } from '../../../src/plan/types.ts';
import { scratchDirs } from '../../fixtures/scratch-dirs.ts';
import { crossDatasetResults } from './fixtures/cross-dataset-results.ts';

const scratch = scratchDirs('cross-dataset-');

describe('cross-dataset analysis', () => {
  it('ranks the competitors per dataset and tests them as worked out by hand', () => {
    const [a] = crossDatasetAnalyses(crossDatasetResults(), 'weighted_f1');
    expect(a.competitors.map((c) => c.name)).toEqual(['baseline', 'vae (beta = 0.5)', 'vae (beta = 1)']);
    expect(a.datasets).toEqual(['d1', 'd2', 'd3', 'd4', 'd5', 'd6']);
    // the baseline's score is its mean over both beta cells and both repeats
    expect(a.scores[0][0]).toBeCloseTo(0.7, 10);
    expect(a.scores[0][2]).toBeCloseTo(0.71, 10);
    expect(a.friedman.meanRanks).toEqual([2.5, 2.25, 1.25]);
    expect(a.friedman.chiSquare).toBeCloseTo(5.25, 10);
    expect(a.friedman.pChiSquare).toBeCloseTo(Math.exp(-5.25 / 2), 8);
    expect(a.friedman.f).toBeCloseTo(26.25 / 6.75, 10);
    expect(a.criticalDifference).toBeCloseTo(2.3437 * Math.sqrt(12 / 36), 3);
    const [half, one] = a.versusBaseline;
    expect(one).toMatchObject({ competitor: 'vae (beta = 1)', rPlus: 21, rMinus: 0, wins: 6, ties: 0, losses: 0, exact: true });
    expect(one.p).toBeCloseTo(0.03125, 10);
    expect(one.pHolm).toBeCloseTo(0.0625, 10);
    expect(one.meanDifference).toBeCloseTo(0.035, 10);
    expect(half).toMatchObject({ competitor: 'vae (beta = 0.5)', rPlus: 10, rMinus: 11, wins: 3, losses: 3, p: 1, pHolm: 1 });
  });

  it('prints the ranks, the tests and what six datasets can show', () => {
    const [a] = crossDatasetAnalyses(crossDatasetResults(), 'weighted_f1');
    const md = crossDatasetMarkdown(a);
    expect(md).toContain('| d5 | 0.750 (3) | 0.800 (1.5) | 0.800 (1.5) |');
    expect(md).toContain('| **mean rank** | 2.50 | 2.25 | **1.25** |');
    expect(md).toContain('χ²_F = 5.25 (2 degrees of freedom), p = 0.072');
    expect(md).toContain('Iman–Davenport F_F = 3.89 (2 and 10 degrees of freedom)');
    expect(md).toContain('| vae (beta = 1) | +0.035 | 6/0/0 | 21 | 0 | 0.031 | 0.063 |');
    expect(md).toContain('| vae (beta = 0.5) | −0.002 | 3/0/3 | 10 | 11 | 1.000 | 1.000 |');
    expect(md).toContain('the smallest p-value any arm can reach is 0.031, so after the correction no arm can be significant here');
  });

  it('runs one analysis per value of an axis that changes the baseline, and leaves out incomplete datasets', () => {
    const results = crossDatasetResults({ extraAxis: { name: 'shots', kind: 'shots', labels: ['5', '10'] } });
    const analyses = crossDatasetAnalyses(results, 'weighted_f1');
    expect(analyses.map((a) => a.block)).toEqual(['shots = 5', 'shots = 10']);
    expect(analyses.map((a) => a.friedman.meanRanks)).toEqual([
      [2.5, 2.25, 1.25],
      [2.5, 2.25, 1.25],
    ]);
    const partial = crossDatasetResults();
    partial.runs = partial.runs.filter((r) => !(r.dataset === 'd3' && r.arm === 'vae' && r.cell.beta === '1'));
    const [a] = crossDatasetAnalyses(partial, 'weighted_f1');
    expect(a.datasets).toEqual(['d1', 'd2', 'd4', 'd5', 'd6']);
    expect(a.incomplete).toEqual(['d3']);
    expect(crossDatasetMarkdown(a)).toContain('Left out, because some competitor has no score there: d3.');
  });

  it('prints p < 0.001 and an infinite F when every dataset ranks the arms alike', () => {
    // twelve datasets, vae (beta = 1) best and vae (beta = 0.5) worst on each: χ²_F = 24, F_F = ∞
    const results = crossDatasetResults();
    const many = Array.from({ length: 12 }, (_, i) => `e${i + 1}`);
    results.axes[0].labels = many;
    results.runs = many.flatMap((dataset, i) =>
      results.runs
        .filter((r) => r.dataset === 'd1')
        .map((r) => {
          const score = r.arm === 'baseline' ? 0.5 + i / 100 : 0.5 + i / 100 + (r.cell.beta === '1' ? 0.05 + i / 1000 : -0.05 - i / 1000);
          return { ...r, dataset, cell: { ...r.cell, dataset }, metrics: { weighted_f1: score } };
        }),
    );
    const [a] = crossDatasetAnalyses(results, 'weighted_f1');
    expect(a.friedman.chiSquare).toBeCloseTo(24, 10);
    const md = crossDatasetMarkdown(a);
    expect(md).toContain(
      'χ²_F = 24.00 (2 degrees of freedom), p < 0.001; Iman–Davenport F_F = ∞ (2 and 22 degrees of freedom), p < 0.001.',
    );
    // twelve datasets all one way: exact p = 2/2¹², Holm ×2
    expect(md).toContain('| vae (beta = 1) | +0.056 | 12/0/0 | 78 | 0 | < 0.001 | **< 0.001** |');
  });

  it("splits an arm only by the variant axes that change it (results.json's variesWith)", () => {
    const results = crossDatasetResults();
    // smote uses no VAE: β does not change it, so it is one competitor, averaged over the β cells
    results.arms = [
      ...results.arms.map((a) => ({ ...a, variesWith: a.name === 'vae' ? ['beta'] : [] })),
      { name: 'smote', kind: 'augment', description: 'originals + smote', variesWith: [] },
    ];
    results.runs = [
      ...results.runs,
      ...results.runs
        .filter((r) => r.arm === 'baseline')
        .map((r) => ({ ...r, arm: 'smote', metrics: { weighted_f1: r.metrics.weighted_f1! + (r.cell.beta === '1' ? 0.02 : 0) } })),
    ];
    const [a] = crossDatasetAnalyses(results, 'weighted_f1');
    expect(a.competitors.map((c) => c.name)).toEqual(['baseline', 'vae (beta = 0.5)', 'vae (beta = 1)', 'smote']);
    // smote = baseline + 0.01 on average over its two β cells: better than the baseline on all six datasets
    expect(a.scores[0][3] - a.scores[0][0]).toBeCloseTo(0.01, 10);
    expect(a.versusBaseline.find((v) => v.competitor === 'smote')).toMatchObject({ wins: 6, rPlus: 21 });
  });

  it('results.json records which variant axes change each arm', () => {
    const axes = [
      { name: 'dataset', target: { kind: 'dataset' } },
      { name: 'beta', target: { kind: 'beta', vaes: ['planar'] } },
      { name: 'latent', target: { kind: 'latent', vaes: ['wide'] } },
      { name: 'generated', target: { kind: 'generated' } },
    ] as Axis[];
    const arm = (vae: string | null, count: ArmNode['count'] = null) => ({ name: 'a', kind: 'augment', vae, count }) as ArmNode;
    expect(variantAxesOf(arm('planar'), axes)).toEqual(['beta']);
    expect(variantAxesOf(arm('wide', { kind: 'axis', axis: 'generated' }), axes)).toEqual(['latent', 'generated']);
    expect(variantAxesOf(arm(null, { kind: 'same' }), axes)).toEqual([]);
  });

  it('needs two datasets and a baseline', () => {
    const one = crossDatasetResults();
    one.axes[0].labels = ['d1'];
    expect(crossDatasetAnalyses(one, 'weighted_f1')).toEqual([]);
    expect(crossDatasetAnalyses({ ...crossDatasetResults(), baseline: null }, 'weighted_f1')).toEqual([]);
  });
});

describe('paired comparison across datasets', () => {
  it('pools cells within each dataset, never across datasets, and says what pooling means', () => {
    const results = crossDatasetResults();
    const rows = pairedComparisons(results, 'weighted_f1');
    expect(rows.filter((r) => r.pooled).map((r) => r.cell)).toEqual(DATASET_POOLS);
    expect(rows.some((r) => r.cell === 'all cells')).toBe(false);
    // d1 pooled: gains (0.03 + 0.01) − (−0.01) = 0.04 and 0.01 − 0.01 = 0 → 0.02 over 4 pairs
    expect(rows.find((r) => r.cell === 'all cells of d1')).toMatchObject({ n: 4, improved: 2 });
    expect(rows.find((r) => r.cell === 'all cells of d1')!.meanGain).toBeCloseTo(0.02, 10);
    const note = poolingNote(results, rows);
    expect(note).toContain('the gain averaged over the values of the other axes');
    expect(note).toContain('Pairs are not pooled across datasets');
  });
});

describe('paired comparison on one dataset', () => {
  it('keeps one all-cells row per arm and explains it without mentioning datasets', () => {
    const results = crossDatasetResults();
    results.axes = results.axes.filter((a) => a.kind !== 'dataset');
    results.runs = results.runs.filter((r) => r.dataset === 'd1').map((r) => ({ ...r, cell: { beta: r.cell.beta } }));
    const rows = pairedComparisons(results, 'weighted_f1');
    expect(rows.filter((r) => r.pooled).map((r) => r.cell)).toEqual(['all cells']);
    const note = poolingNote(results, rows);
    expect(note.startsWith('An **all cells** row pools every (cell, repeat) pair of the arm on one dataset')).toBe(true);
    expect(note).not.toContain('across datasets');
  });
});

const DATASET_POOLS = ['d1', 'd2', 'd3', 'd4', 'd5', 'd6'].map((d) => `all cells of ${d}`);

describe('the rendered report', () => {
  it('has the cross-dataset section, its CD diagram, the few-repeats warning and the per-class tables', () => {
    const dir = scratch();
    const path = join(dir, 'cross.results.json');
    const results = crossDatasetResults();
    writeFileSync(path, JSON.stringify(results));
    const { markdown } = renderReport(results, null, path);
    expect(markdown).toContain(
      '> **Few repeats.** 2 repeats per cell: a 95% interval is the mean ± 8.98 × the standard deviation (1.24 with 5 repeats)',
    );
    expect(markdown).toContain('## Across datasets');
    expect(markdown).toContain('| **mean rank** | 2.50 | 2.25 | **1.25** |');
    expect(markdown).toContain('![Critical-difference diagram, all datasets](cross-figures/cd-weighted_f1-over-datasets.svg)');
    const svg = readFileSync(join(dir, 'cross-figures', 'cd-weighted_f1-over-datasets.svg'), 'utf8');
    expect(svg).toContain('CD = 1.35');
    expect(svg).toContain('vae (beta = 1) (1.25)');
    expect(markdown).toContain('<details><summary>dataset = d1, beta = 0.5</summary>');
    expect(markdown).toContain('Pairs are not pooled across datasets');
    // five repeats: no warning
    const five = crossDatasetResults({ repeats: 5 });
    writeFileSync(path, JSON.stringify(five));
    expect(renderReport(five, null, path).markdown).not.toContain('Few repeats');
    expect(existsSync(join(dir, 'cross-figures', 'cd-weighted_f1-over-datasets.svg'))).toBe(true);
  });
});
