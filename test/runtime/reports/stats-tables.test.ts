import { describe, expect, it } from 'vitest';
import { mean, pairedSummary, std, tQuantile975 } from '../../../src/runtime/reports/stats.ts';
import { buildTables, tableMarkdown } from '../../../src/runtime/reports/tables.ts';
import { pairedComparisons } from '../../../src/runtime/reports/comparisons.ts';
import { niceTicks } from '../../../src/runtime/reports/svg-chart.ts';
import { buildPlots } from '../../../src/runtime/reports/plots.ts';
import { projectTo2d } from '../../../src/runtime/reports/pca.ts';
import type { ResultsFile, RunRecord } from '../../../src/runtime/results/types.ts';

describe('statistics', () => {
  it('computes sample std and Student t quantiles', () => {
    expect(mean([1, 2, 3, 4])).toBe(2.5);
    expect(std([1, 2, 3, 4])).toBeCloseTo(1.290994, 6);
    expect(std([5])).toBe(0);
    expect(tQuantile975(1)).toBeCloseTo(12.706, 3);
    expect(tQuantile975(4)).toBeCloseTo(2.776, 3);
    expect(tQuantile975(50)).toBeCloseTo(2.009, 2);
    expect(tQuantile975(1e9)).toBeCloseTo(1.96, 3);
  });

  it('paired summary: mean gain, 95% interval, repeats improved', () => {
    const s = pairedSummary([0.02, 0.04, -0.01, 0.03]);
    expect(s.meanGain).toBeCloseTo(0.02, 10);
    // half width = t(3) · sd / √4 = 3.182 · 0.021602 / 2
    expect(s.high - s.meanGain).toBeCloseTo((3.182 * 0.0216025) / 2, 5);
    expect(s.improved).toBe(3);
    expect(Number.isNaN(pairedSummary([0.1]).low)).toBe(true);
  });

  it('nice ticks and PCA', () => {
    expect(niceTicks(0.61, 0.93)).toEqual([0.65, 0.7, 0.75, 0.8, 0.85, 0.9]);
    expect(niceTicks(0, 100, 5)).toEqual([0, 20, 40, 60, 80, 100]);
    // a range across zero has a tick at exactly 0 (the summing loop before d3-scale gave 3.47e-18)
    expect(niceTicks(-0.0465, 0.0093)).toEqual([-0.04, -0.03, -0.02, -0.01, 0]);
    expect(niceTicks(-0.3111, 0.0778)).toEqual([-0.3, -0.2, -0.1, 0]);
    expect(niceTicks(2, 2)).toEqual([2]);
    // points on the line (t, 2t, 0): the first component carries all the variance
    const z = Float32Array.from([0, 0, 0, 1, 2, 0, 2, 4, 0, 3, 6, 0]);
    const { points, explained } = projectTo2d(z, 4, 3);
    expect(explained).toBeCloseTo(1, 5);
    expect(Math.abs(points[6] - points[0])).toBeCloseTo(3 * Math.sqrt(5), 4);
    expect(Math.abs(points[7])).toBeLessThan(1e-4);
  });
});

function results(runs: Partial<RunRecord>[]): ResultsFile {
  return {
    axes: [
      { name: 'shots', kind: 'shots', labels: ['5', '10'] },
      { name: 'beta', kind: 'beta', labels: ['0.5', '1'] },
    ],
    arms: ['baseline', 'vae'].map((name) => ({ name, kind: name === 'baseline' ? 'baseline' : 'augment', description: '' })),
    baseline: 'baseline',
    metrics: ['weighted_f1'],
    report: { path: 'r.md', template: null, tables: [{ metric: 'weighted_f1', rows: 'shots', cols: 'arm' }], plots: [] },
    runs: runs as RunRecord[],
  } as unknown as ResultsFile;
}

describe('tables and comparisons', () => {
  const runs: Partial<RunRecord>[] = [];
  for (const shots of ['5', '10'])
    for (const beta of ['0.5', '1'])
      for (const repeat of [0, 1]) {
        const base = 0.5 + (shots === '10' ? 0.2 : 0) + repeat * 0.02;
        runs.push({ arm: 'baseline', cell: { shots, beta }, repeat, metrics: { weighted_f1: base } });
        runs.push({ arm: 'vae', cell: { shots, beta }, repeat, metrics: { weighted_f1: base + (beta === '1' ? 0.05 : -0.01) } });
      }

  it('one table per value of the other swept axis; best in bold; gain over the baseline', () => {
    const tables = buildTables(results(runs));
    expect(tables.map((t) => t.title)).toEqual(['weighted_f1 by shots (beta = 0.5)', 'weighted_f1 by shots (beta = 1)']);
    expect(tableMarkdown(tables[1]).split('\n')).toEqual([
      '| shots | baseline | vae |',
      '|---|---|---|',
      '| 5 | 0.510 ± 0.014 | **0.560 ± 0.014** (+0.050) |',
      '| 10 | 0.710 ± 0.014 | **0.760 ± 0.014** (+0.050) |',
    ]);
    expect(tableMarkdown(tables[0])).toContain('| 5 | **0.510 ± 0.014** | 0.500 ± 0.014 (−0.010) |');
    // one repeat: the value alone
    const single = buildTables(results(runs.filter((r) => r.repeat === 0)));
    expect(tableMarkdown(single[1])).toContain('| 5 | 0.500 | **0.550** (+0.050) |');
  });

  it('plots: one per value of the other axis; by default none for a one-value axis', () => {
    const r = results(runs);
    r.report.plots = [{ metric: 'weighted_f1', over: 'shots', kind: 'gain' }];
    const plots = buildPlots(r);
    expect(plots.map((p) => p.name)).toEqual(['gain-weighted_f1-over-shots-0.5.svg', 'gain-weighted_f1-over-shots-1.svg']);
    expect(plots[1].svg.match(/class="series"/g)).toHaveLength(1); // the vae arm only
    r.report.plots = [];
    r.axes[1].labels = ['0.5'];
    expect(buildPlots(r).map((p) => p.name)).toEqual(['weighted_f1-over-shots-0.5.svg']);
  });

  it('signed numbers: ±0.000 for a gain that rounds to zero, but an interval bound keeps its side', async () => {
    const { fmtSigned } = await import('../../../src/runtime/reports/tables.ts');
    expect([fmtSigned(0.0123), fmtSigned(-0.0004), fmtSigned(0.0003, 3, true), fmtSigned(-0.0003, 3, true)]).toEqual([
      '+0.012',
      '±0.000',
      '+0.000',
      '−0.000',
    ]);
  });

  it('pairs runs by cell and repeat', () => {
    const rows = pairedComparisons(results(runs), 'weighted_f1');
    expect(rows).toHaveLength(5); // 4 cells + all cells
    const beta1 = rows.find((r) => r.cell === 'shots = 5, beta = 1')!;
    expect(beta1.meanGain).toBeCloseTo(0.05, 10);
    expect(beta1.high - beta1.low).toBeCloseTo(0, 10); // identical differences: zero-width interval
    expect(rows.at(-1)).toMatchObject({ cell: 'all cells', n: 8, improved: 4 });
  });
});
