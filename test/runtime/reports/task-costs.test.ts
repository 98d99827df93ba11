import { describe, expect, it } from 'vitest';
import type { TaskTiming } from '../../../src/runtime/execution/types.ts';
import type { RunFile } from '../../../src/runtime/reports/provenance.ts';
import { formatSeconds } from '../../../src/runtime/reports/durations.ts';
import { taskCosts, taskCostsMarkdown } from '../../../src/runtime/reports/task-costs.ts';
import type { ResultsFile } from '../../../src/runtime/results/types.ts';

const runFile = (timings: TaskTiming[]): RunFile =>
  ({ provenance: { backend: { name: 'wasm', version: 'x', threads: 1 } }, timings }) as unknown as RunFile;
const results = (trained: number[]) =>
  ({ runs: trained.map((t) => ({ classifierSteps: { budget: 1000, trained: t, kept: t } })) }) as unknown as ResultsFile;

const timings: TaskTiming[] = [
  { id: 'vae:a/r0', kind: 'train_vae', status: 'computed', seconds: 30 },
  { id: 'vae:a/r1', kind: 'train_vae', status: 'cached', seconds: 0.01, computeSeconds: 90 },
  { id: 'eval:baseline/r0', kind: 'evaluate', status: 'computed', seconds: 10 },
  { id: 'eval:noise/r0', kind: 'evaluate', status: 'computed', seconds: 20 },
  { id: 'eval:baseline/r1', kind: 'evaluate', status: 'computed', seconds: 36 },
  { id: 'eval:noise/r1', kind: 'evaluate', status: 'failed', seconds: 5 },
  // cached without its compute time (an older store): no figure to count
  { id: 'gen:noise/r0', kind: 'generate', status: 'cached', seconds: 0.01 },
];

describe('where the time went', () => {
  it('sums task time by kind, cached outputs at the time they took when made, failed tasks left out', () => {
    const costs = taskCosts(runFile(timings), results([400, 600, 500]));
    expect(costs.kinds).toEqual([
      { kind: 'train_vae', count: 2, seconds: 120, median: 60 },
      { kind: 'evaluate', count: 3, seconds: 66, median: 20 },
    ]);
    // the classifier: 22 s per training, 500 steps on average, 44 ms per step
    expect(costs.classifier).toEqual({ trainings: 3, meanSeconds: 22, medianSeconds: 20, meanSteps: 500, msPerStep: 44 });
  });

  it('writes the table and the classifier cost line; nothing without timings', () => {
    const md = taskCostsMarkdown(runFile(timings), results([400, 600, 500]))!;
    expect(md).toContain('| train a VAE (`train_vae`) | 2 | 2 min 00 s | 65% | 1 min 00 s |');
    expect(md).toContain('| train and score a classifier (`evaluate`) | 3 | 1 min 06 s | 35% | 20.0 s |');
    expect(md).toContain(
      "**The classifier's cost per training:** 22.0 s on average over 3 trainings (median 20.0 s); 500 optimizer steps trained on average, so about 44 ms per step",
    );
    expect(md).not.toContain('read 2 outputs from the cache');
    const cachedRun = runFile(timings);
    (cachedRun.provenance as { tasksCached: number }).tasksCached = 2;
    expect(taskCostsMarkdown(cachedRun, results([400, 600, 500]))).toContain(
      'This run read 2 outputs from the cache: they count with the time they took when they were made, except 1 whose cache entries record no time (written by an older augc, or unreadable)',
    );
    expect(taskCostsMarkdown(null, results([]))).toBeNull();
    expect(taskCostsMarkdown(runFile([]), results([]))).toBeNull();
  });

  it('formats wall times rounded before they are split into minutes and seconds', () => {
    expect(formatSeconds(42.24)).toBe('42.2 s');
    expect(formatSeconds(59.97)).toBe('1 min 00 s');
    expect(formatSeconds(119.7)).toBe('2 min 00 s');
    expect(formatSeconds(791)).toBe('13 min 11 s');
    expect(formatSeconds(3599.6)).toBe('1 h 00 min');
    expect(formatSeconds(3488)).toBe('58 min 08 s');
    expect(formatSeconds(7170)).toBe('2 h 00 min');
  });
});
