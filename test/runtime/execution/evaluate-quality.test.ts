/**
 * The reference models and the generated-data quality end to end: a toy plan gets the oracle tasks
 * and fields lowering adds (attachQuality), runs through the executor on fake components, and its
 * results carry references on the baseline and quality on the generating arms — the same bytes twice.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { attachQuality } from '../../../src/compiler/lower/quality-tasks.ts';
import { topologicalOrder } from '../../../src/compiler/lower/tasks.ts';
import type { Plan, Task } from '../../../src/plan/types.ts';
import { runExperiment } from '../../../src/runtime/execution/run-experiment.ts';
import { validateResults } from '../../../src/runtime/results/validate-results.ts';
import { fakeComponents, fakeDataLayer, newCalls } from './fixtures/fake-components.ts';
import { toyPlan } from './fixtures/toy-plan.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** The toy plan with what lowering adds for issue 11 §2–3. */
function planWithQuality(root: string): Plan {
  const plan = toyPlan({ repeats: 2, reportPath: join(root, 'reports', 'toy.md') });
  plan.spec.path = join(root, 'specs', 'toy.aug');
  const extra: Task[] = [];
  for (const task of plan.tasks) {
    if (task.kind !== 'evaluate') continue;
    const arm = plan.arms.find((a) => a.name === task.arm)!;
    const oracle = attachQuality(task, {
      baseSeed: plan.experiment.seed,
      arms: plan.arms,
      arm,
      generateTask: arm.kind === 'augment' ? `gen:${arm.name}/${task.id.split('/')[1]}/r${task.repeat}` : null,
      split: plan.datasets[0].split,
      metadata: undefined,
      classifier: plan.classifiers[0],
      sourcePart: 'pool',
      test: 'test',
      oracleMaxRows: null,
    });
    if (oracle && !extra.some((t) => t.id === oracle.id)) extra.push(oracle);
  }
  plan.tasks = topologicalOrder([...extra, ...plan.tasks]);
  return plan;
}

describe('reference models and generated-data quality through the executor', () => {
  it('records the reference models on the baseline, quality on generating arms, byte-identically', async () => {
    const root = mkdtempSync(join(process.cwd(), 'scratch', 'quality-test-'));
    dirs.push(root);
    mkdirSync(join(root, 'specs'));
    writeFileSync(join(root, 'package.json'), '{}');
    writeFileSync(join(root, 'specs', 'toy.aug'), '// toy\n');
    const plan = planWithQuality(root);
    expect(plan.tasks.filter((t) => t.kind === 'oracle').map((t) => t.id)).toEqual(['oracle:toy/r0', 'oracle:toy/r1']);
    const bytes: string[] = [];
    for (const out of ['a', 'b']) {
      const calls = newCalls();
      const outcome = await runExperiment({
        plan,
        components: fakeComponents(calls),
        data: fakeDataLayer(calls),
        augcVersion: '0.1.0',
        outDir: join(root, out),
        cacheDir: null,
      });
      const text = readFileSync(outcome.paths.results, 'utf8');
      bytes.push(text);
      const results = JSON.parse(text);
      expect(validateResults(results).ok).toBe(true);
      const baseline = results.runs.filter((r: { arm: string }) => r.arm === 'baseline');
      expect(baseline.length).toBeGreaterThan(0);
      for (const r of baseline) {
        // the toy classes sit apart along every feature: logistic regression is far above chance (1/3)
        expect(r.references.logistic.accuracy).toBeGreaterThan(0.6);
        expect(r.references.majority.accuracy).toBeCloseTo(1 / 3, 1);
        expect(r.references.balancedSample).toBe(true);
        expect(r.quality).toBeUndefined();
      }
      for (const r of results.runs.filter((x: { arm: string }) => x.arm !== 'baseline')) {
        expect(r.references).toBeUndefined();
        expect(r.quality.labelFidelity).toBeGreaterThanOrEqual(0);
        expect(r.quality.labelFidelity).toBeLessThanOrEqual(1);
        expect(r.quality.meanKs).toBeNull(); // the toy rows have an image shape: no per-feature KS
      }
      expect(results.baselineChecks.length).toBeGreaterThan(0);
      const report = readFileSync(outcome.paths.report, 'utf8');
      expect(report).toContain('## Is the baseline strong?');
      expect(report).toContain('| label fidelity | detection AUC | mean KS |');
    }
    expect(bytes[0]).toBe(bytes[1]);
  });
});
