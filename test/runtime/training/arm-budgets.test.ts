/**
 * The contract between lowering and the training loop (issue 11 §1): a compiled plan gives every
 * arm of a cell the same optimizer-step budget, and the runtime trains exactly that many steps,
 * although the augmented arm has twice the rows of the baseline.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { compileSource } from '../../../src/compiler/index.ts';
import type { EvaluateTask, Plan } from '../../../src/plan/types.ts';
import { executePlan } from '../../../src/runtime/execution/executor.ts';
import { realComponents, realDataLayer } from '../../../src/runtime/execution/real-modules.ts';
import type { Components } from '../../../src/runtime/execution/types.ts';

const SPEC = `
experiment budgets "equal classifier steps across arms" {
  seed 5
  repeats 1
  data flowers = iris()
  split flowers stratified { pool 0.6, test 0.4 }
  vae shared { single on pool latent 2 encoder dense [8] decoder dense [8] likelihood gaussian train steps 10 batch 16 lr 1e-3 }
  classifier net { mlp [8] epochs 3 batch 4 lr 1e-2 }
  sweep shots in [2, 5] per_class from pool
  arm baseline
  arm noise = shared.noise(alpha 0.5) count same
  metric accuracy
  report "budgets.md" { table accuracy rows shots cols arm }
}
`;

describe('classifier step budgets in a real run', () => {
  let real: Components;
  let plan: Plan;
  beforeAll(async () => {
    real = await realComponents();
    await real.initBackend('wasm');
    const compiled = await compileSource(SPEC, 'scratch/budgets.aug');
    expect(compiled.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    plan = compiled.plan as Plan;
  });

  it('trains the baseline and the augmented arm of each cell the same steps: epochs × ceil(originals / batch)', async () => {
    const result = await executePlan(plan, {
      components: real,
      data: await realDataLayer(),
      cache: null,
      augcVersion: 'test',
      backend: 'wasm',
      baseDir: 'scratch',
    });
    const evaluate = plan.tasks.filter((t): t is EvaluateTask => t.kind === 'evaluate');
    expect(evaluate).toHaveLength(4);
    for (const shots of [2, 5]) {
      const runs = result.evaluations.filter((e) => e.cell.shots === shots);
      expect(runs.map((r) => r.arm).sort()).toEqual(['baseline', 'noise']);
      const baseline = runs.find((r) => r.arm === 'baseline')!;
      const noise = runs.find((r) => r.arm === 'noise')!;
      // iris has 3 classes: 3 × shots originals; `count same` doubles the rows of the noise arm
      expect(baseline.counts.train).toBe(3 * shots);
      expect(noise.counts.train).toBe(6 * shots);
      const budget = 3 * Math.ceil((3 * shots) / 4);
      expect(baseline.classifierSteps).toEqual({ budget, trained: budget, kept: budget });
      expect(noise.classifierSteps).toEqual(baseline.classifierSteps);
    }
  });
});
