import { describe, expect, it } from 'vitest';
import type { Plan } from '../../../src/plan/types.ts';
import { validatePlan } from '../../../src/plan/validate.ts';
import { demo, tabular } from '../diagnostic-cases.ts';
import { compile } from '../helpers.ts';

async function planOf(text: string, options = {}): Promise<Plan> {
  const { plan, diagnostics } = await compile(text, options);
  expect(diagnostics.filter((d) => d.severity === 'error').map((d) => d.message)).toEqual([]);
  return plan!;
}
const byKind = <K extends Plan['tasks'][number]['kind']>(plan: Plan, kind: K) =>
  plan.tasks.filter((t) => t.kind === kind) as Extract<Plan['tasks'][number], { kind: K }>[];

describe('reference models and generated-data quality in the plan', () => {
  it('trains one oracle per dataset and repeat on the shots pool, chooses on the validation part, and uses a linear oracle for images', async () => {
    const plan = await planOf(demo('  repeats 2\n  arm noise = shared.noise(alpha 1.0)\n  arm mix = shared.interpolate(k 2)'));
    expect(validatePlan(JSON.parse(JSON.stringify(plan))).ok).toBe(true);
    const oracles = byKind(plan, 'oracle');
    expect(oracles.map((o) => [o.id, o.part, o.validation, o.model])).toEqual([
      ['oracle:digits/r0', 'pool', 'validation', 'logistic'],
      ['oracle:digits/r1', 'pool', 'validation', 'logistic'],
    ]);
    // every oracle comes before the evaluate tasks that read it
    const index = new Map(plan.tasks.map((t, i) => [t.id, i]));
    for (const e of byKind(plan, 'evaluate')) for (const d of e.deps) expect(index.get(d)!).toBeLessThan(index.get(e.id)!);
  });

  it('puts the reference models on the baseline only, and quality on every arm that adds generated examples', async () => {
    const plan = await planOf(demo('  repeats 2\n  arm noise = shared.noise(alpha 1.0)'));
    const evals = byKind(plan, 'evaluate').filter((e) => e.repeat === 1 && e.cell.shots === 5);
    const baseline = evals.find((e) => e.arm === 'baseline')!;
    const noise = evals.find((e) => e.arm === 'noise')!;
    expect(baseline.references).toEqual({ validation: 'validation' });
    expect(baseline.quality).toBeUndefined();
    expect(noise.references).toBeUndefined();
    expect(noise.quality).toEqual({ oracle: 'oracle:digits/r1', generate: 'gen:noise/shots=5/r1', real: 'pool' });
    expect(noise.deps).toEqual(expect.arrayContaining(['oracle:digits/r1', 'gen:noise/shots=5/r1']));
  });

  it('caps the oracle at a few hundred rows in a smoke plan, and leaves the default otherwise', async () => {
    const smoke = await planOf(demo('  repeats 2\n  arm noise = shared.noise(alpha 1.0)'), { smoke: true });
    expect(byKind(smoke, 'oracle').map((o) => o.maxRows)).toEqual([500]);
    const full = await planOf(demo('  repeats 2\n  arm noise = shared.noise(alpha 1.0)'));
    expect(byKind(full, 'oracle').map((o) => o.maxRows)).toEqual([undefined, undefined]);
  });

  it('trains a network oracle on the training part of a table, selecting on its validation part', async () => {
    const plan = await planOf(tabular('  repeats 1'));
    const [oracle] = byKind(plan, 'oracle');
    expect([oracle.id, oracle.part, oracle.validation, oracle.model]).toEqual(['oracle:thyroid/r0', 'train', 'validation', 'network']);
    expect(byKind(plan, 'evaluate').find((e) => e.arm === 'prior')!.quality).toEqual({
      oracle: 'oracle:thyroid/r0',
      generate: 'gen:prior/-/r0',
      real: 'train',
    });
  });
});
