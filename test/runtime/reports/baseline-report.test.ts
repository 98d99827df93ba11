import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { baselineChecks } from '../../../src/runtime/evaluation/baseline-strength.ts';
import { markWeakComparisonRows, markWeakTableRows } from '../../../src/runtime/reports/baseline-report.ts';
import { renderReport } from '../../../src/runtime/reports/render-report.ts';
import type { TableModel } from '../../../src/runtime/reports/tables.ts';
import { validateResults } from '../../../src/runtime/results/validate-results.ts';
import { scratchDirs } from '../../fixtures/scratch-dirs.ts';
import { weakBaselineResults } from './fixtures/weak-baseline-results.ts';

const scratch = scratchDirs('baseline-report-');

function render(balanced: boolean): string {
  const results = weakBaselineResults({ balanced });
  results.baselineChecks = baselineChecks(results);
  expect(validateResults(JSON.parse(JSON.stringify(results)))).toEqual({ ok: true, results: expect.anything() });
  const path = join(scratch(), 'weak.results.json');
  writeFileSync(path, JSON.stringify(results));
  return renderReport(results, null, path).markdown;
}

describe('baseline checks', () => {
  it('flag a baseline below logistic regression by more than the spread, and below majority by the sampling', () => {
    const proportional = baselineChecks(weakBaselineResults({ balanced: false }));
    expect(proportional.map((c) => [c.cell.shots, c.verdict])).toEqual([
      ['5', 'below_logistic'],
      ['50', 'below_majority'],
    ]);
    expect(proportional[0].baseline).toBeCloseTo(0.4, 12);
    expect(proportional[0].logistic).toBeCloseTo(0.6, 12);
    expect(proportional[0].spread).toBeCloseTo(0.01, 12); // sd of (−0.01, 0, +0.01)
    const balanced = baselineChecks(weakBaselineResults({ balanced: true }));
    expect(balanced.map((c) => c.verdict)).toEqual(['below_logistic', 'below_majority_balanced']);
  });

  it('are ok when the deficit is within the spread', () => {
    const results = weakBaselineResults({ balanced: false });
    for (const r of results.runs) if (r.references) r.references.logistic.weighted_f1 = r.metrics.weighted_f1! + 0.005;
    for (const r of results.runs) if (r.references) r.references.majority.weighted_f1 = 0.1;
    expect(baselineChecks(results).map((c) => c.verdict)).toEqual(['ok', 'ok']);
  });
});

describe('the report', () => {
  it('warns at the top, shows the reference models beside the baseline and marks the weak rows', () => {
    const md = render(true);
    const warning = md.indexOf('> **Weak baseline.**');
    expect(warning).toBeGreaterThan(0);
    expect(warning).toBeLessThan(md.indexOf('## Arms'));
    expect(md).toContain(
      "> - shots = 5: the baseline's weighted_f1 0.400 is below logistic regression's 0.600 (the spread over repeats is 0.010).",
    );
    expect(md).toContain('## Is the baseline strong?');
    expect(md).toContain('| shots = 5 | 0.400 ± 0.010 | 0.300 ± 0.010 | 0.600 ± 0.010 | ⚠ below logistic regression |');
    expect(md).toContain('| shots = 50 | 0.800 ± 0.010 | 0.850 ± 0.010 | 0.780 ± 0.010 | below majority (balanced shots: context) |');
    expect(md).toContain('λ chosen on the validation part: λ = 0.01; never on the test part');
    // balanced shots: the majority deficit is context, not a warning
    expect(md).toContain("- shots = 50: the baseline's 0.800 is below the majority class's 0.850.");
    expect(md).not.toContain("shots = 50: the baseline's weighted_f1");
    // the results table and the paired comparison mark the weak cell only
    expect(md).toContain('| 5 ⚠ | 0.400 ± 0.010 |');
    expect(md).toContain('| 50 | 0.800 ± 0.010 |');
    expect(md).toMatch(/\| vae \| shots = 5 ⚠ \|/);
    expect(md).toMatch(/\| vae \| shots = 50 \|/);
    expect(md).toMatch(/\| vae \| \*\*all cells[^|]*⚠\*\*|\| vae \| \*\*all cells\*\* ⚠/);
  });

  it('warns about a baseline below the majority class when the originals keep the proportions', () => {
    const md = render(false);
    expect(md).toContain(
      "> - shots = 50: the baseline's weighted_f1 0.800 is below the majority class's 0.850 (the spread over repeats is 0.010).",
    );
    expect(md).toContain('| 50 ⚠ |');
  });

  it('shows the quality of the generated examples in the training-set table', () => {
    const md = render(true);
    expect(md).toContain('| label fidelity | detection AUC | mean KS |');
    expect(md).toContain('| vae | shots = 5 | 10 | 10 | 5 | 50.0% | 15 | 300 | 300 | 300 | 0.36 → 0.50 | 0.90 | 0.25 |');
    expect(md).toContain('| baseline | shots = 5 | 10 | 0 | 0 | – | 10 | 300 | 300 | 300 | – | – | – |');
  });
});

describe('marking table rows', () => {
  it("marks the row of a weak cell in the table of its other axes' values, and a row that averages over it", () => {
    const results = weakBaselineResults({ balanced: true });
    results.axes.push({ name: 'beta', kind: 'beta', labels: ['0.5', '1'] });
    const check = {
      dataset: 'thyroid',
      metric: 'weighted_f1' as const,
      repeats: 3,
      baseline: 0.4,
      majority: 0.3,
      logistic: 0.6,
      spread: 0.01,
      verdict: 'below_logistic' as const,
    };
    results.baselineChecks = [{ ...check, cell: { shots: '5', beta: '0.5' } }];
    const table = (title: string): TableModel => ({
      title,
      metric: 'weighted_f1',
      axis: 'shots',
      arms: ['baseline'],
      rows: [
        { label: '5', cells: [] },
        { label: '50', cells: [] },
      ],
    });
    const labels = (t: TableModel[]) => t.map((x) => x.rows.map((r) => r.label));
    expect(
      labels(markWeakTableRows([table('weighted_f1 by shots (beta = 0.5)'), table('weighted_f1 by shots (beta = 1)')], results)),
    ).toEqual([
      ['5 ⚠', '50'],
      ['5', '50'],
    ]);
    // beta not fixed by the title: the row averages over it, weak cell included
    expect(labels(markWeakTableRows([table('weighted_f1 by shots')], results))).toEqual([['5 ⚠', '50']]);
  });
});

describe('marking comparison rows', () => {
  it('marks a weak cell, a row averaging over it, and only the pools that hold it', () => {
    const results = weakBaselineResults({ balanced: true });
    const check = {
      metric: 'weighted_f1' as const,
      repeats: 3,
      baseline: 0.4,
      majority: 0.3,
      logistic: 0.6,
      spread: 0.01,
      verdict: 'below_logistic' as const,
    };
    results.baselineChecks = [{ ...check, dataset: 'card', cell: { dataset: 'card', shots: '5' } }];
    const row = (cell: string) =>
      ({ arm: 'vae', cell, n: 3, meanGain: 0.1, low: 0, high: 0.2, improved: 3 }) as unknown as Parameters<
        typeof markWeakComparisonRows
      >[0][number];
    const cells = ['dataset = card, shots = 5', 'dataset = card, shots = 50', 'shots = 5', 'all cells of card', 'all cells of glass'];
    expect(markWeakComparisonRows(cells.map(row), results).map((r) => r.cell)).toEqual([
      'dataset = card, shots = 5 ⚠',
      'dataset = card, shots = 50',
      'shots = 5 ⚠',
      'all cells of card ⚠',
      'all cells of glass',
    ]);
  });
});
