import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PLAN_SCHEMA, PLAN_SCHEMA_VERSION, jsonPath, validatePlan, type Plan } from '../../../src/compiler/index.ts';
import { compile, PROJECT_ROOT } from '../helpers.ts';

async function quickstartPlan(): Promise<Plan> {
  const text = readFileSync(join(PROJECT_ROOT, 'specs/quickstart.aug'), 'utf8');
  const { plan } = await compile(text);
  return JSON.parse(JSON.stringify(plan)) as Plan;
}

describe('plan schema', () => {
  it('is a draft-07 schema whose version matches PLAN_SCHEMA_VERSION', () => {
    expect(PLAN_SCHEMA.$schema).toBe('http://json-schema.org/draft-07/schema#');
    expect(PLAN_SCHEMA_VERSION).toMatch(/^1\.\d+\.\d+$/);
  });

  it('accepts a compiled plan', async () => {
    const result = validatePlan(await quickstartPlan());
    expect(result.ok).toBe(true);
  });

  it('turns JSON pointers into readable paths', () => {
    expect(jsonPath('/tasks/3/seed')).toBe('$.tasks[3].seed');
    expect(jsonPath('')).toBe('$');
    expect(jsonPath('/split/ratios/hold-out')).toBe('$.split.ratios["hold-out"]');
  });

  const cases: [string, (p: Plan) => void, string][] = [
    ['a negative seed', (p) => ((p.tasks[3] as { seed: number }).seed = -1), '$.tasks[3].seed: must be >= 0'],
    ['a fractional seed', (p) => (p.experiment.seed = 1.5), '$.experiment.seed: must be integer'],
    ['a missing property', (p) => delete (p.vaes[0] as Partial<Plan['vaes'][0]>).latent, "$.vaes[0]: missing property 'latent'"],
    [
      'an unknown property',
      (p) => ((p.report as unknown as Record<string, unknown>).colour = 'red'),
      "$.report: unknown property 'colour'",
    ],
    [
      'an unknown likelihood',
      (p) => ((p.vaes[0] as { likelihood: string }).likelihood = 'poisson'),
      '$.vaes[0].likelihood: must be one of "bernoulli", "gaussian", "categorical", "mixed"',
    ],
    ['an unknown task kind', (p) => ((p.tasks[0] as { kind: string }).kind = 'train_gan'), '$.tasks[0]'],
    ['a dep on a later task', (p) => p.tasks[0].deps.push(p.tasks[5].id), "$.tasks[0].deps[0]: 'oracle:digits/r0' is not an earlier task"],
    ['a dangling vae reference', (p) => (p.arms[1].vae = 'nowhere'), "$.arms[1].vae: no vae named 'nowhere'"],
    ['a bad sha256', (p) => (p.spec.sha256 = 'abc'), '$.spec.sha256: must match pattern'],
  ];

  it.each(cases)('rejects %s, naming the JSON path', async (_name, breakIt, expected) => {
    const plan = await quickstartPlan();
    breakIt(plan);
    const result = validatePlan(plan);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.join('\n')).toContain(expected);
  });

  it('rejects something that is not a plan at all', () => {
    const result = validatePlan([1, 2, 3]);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors[0]).toBe('$: must be object');
  });
});
