import { describe, expect, it } from 'vitest';
import { sampleCountsMarkdown } from '../../../src/runtime/reports/sample-counts.ts';
import type { ResultsFile, RunRecord } from '../../../src/runtime/results/types.ts';

function run(
  arm: string,
  shots: string,
  repeat: number,
  train: number,
  steps: RunRecord['classifierSteps'] | undefined,
  generated = 0,
): RunRecord {
  return {
    taskId: `eval:${arm}/shots=${shots}/r${repeat}`,
    arm,
    dataset: 'thyroid',
    cell: { shots },
    repeat,
    seed: 1,
    metrics: { weighted_f1: 0.9 },
    perClassF1: [],
    confusion: [],
    counts: { originals: train - generated, generated, kept: generated, train, test: 100 },
    acceptance: null,
    acceptanceByClass: null,
    classifierSteps: steps as RunRecord['classifierSteps'],
  };
}

const results = (runs: RunRecord[]) => ({ runs }) as unknown as ResultsFile;

describe('training-set table', () => {
  it('shows the step budget, the steps trained and the kept step per arm and cell, means over repeats, the baseline included', () => {
    const md = sampleCountsMarkdown(
      results([
        run('baseline', '20', 0, 60, { budget: 500, trained: 240, kept: 140 }),
        run('baseline', '20', 1, 60, { budget: 500, trained: 260, kept: 160 }),
        run('smote', '20', 0, 120, { budget: 500, trained: 500, kept: 500 }, 60),
        run('smote', '20', 1, 120, { budget: 500, trained: 300, kept: 200 }, 60),
      ]),
    )!;
    const rows = md.split('\n');
    expect(rows[0]).toBe(
      '| arm | cell | originals | generated | kept | GC acceptance | trained on | step budget | steps trained | kept step | label fidelity | detection AUC | mean KS |',
    );
    expect(rows.slice(2)).toEqual([
      '| baseline | shots = 20 | 60 | 0 | 0 | – | 60 | 500 | 250 | 150 | – | – | – |',
      '| smote | shots = 20 | 60 | 60 | 60 | – | 120 | 500 | 400 | 350 | – | – | – |',
    ]);
  });

  it('prints a dash for records written before step counts were recorded, and null without runs', () => {
    const md = sampleCountsMarkdown(results([run('baseline', '5', 0, 15, undefined)]))!;
    expect(md.split('\n')[2]).toBe('| baseline | shots = 5 | 15 | 0 | 0 | – | 15 | – | – | – | – | – | – |');
    expect(sampleCountsMarkdown(results([]))).toBeNull();
  });
});
