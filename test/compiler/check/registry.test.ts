import { afterEach, describe, expect, it } from 'vitest';
import { statementChecks } from '../../../src/compiler/check/registry.ts';
import { demo } from '../diagnostic-cases.ts';
import { compile } from '../helpers.ts';

describe('check registry', () => {
  const original = statementChecks.arm;
  afterEach(() => {
    statementChecks.arm = original;
  });

  it('registers checks by statement kind', () => {
    expect(Object.keys(statementChecks).sort()).toEqual([
      'arm',
      'classifier',
      'data',
      'gc',
      'metric',
      'report',
      'split',
      'sweep',
      'vae',
      'when',
    ]);
    expect(statementChecks.arm!.map((c) => c.name)).toEqual(['checkArmName', 'checkArmRecipe', 'checkArmOptions']);
  });

  it('turns a crashing check into AUG2999 at the statement, and keeps checking', async () => {
    statementChecks.arm = [
      function checkThatThrows() {
        throw new Error('boom');
      },
      ...original!,
    ];
    const r = await compile(demo('  arm noise = shraed.noise(alpha 1.0)'));
    const crash = r.diagnostics.filter((d) => d.code === 'AUG2999');
    expect(crash).toHaveLength(2); // one per arm statement
    expect(crash[0].message).toBe("Internal error in check 'checkThatThrows': boom. Please report it.");
    expect(crash[0].range.start.line).toBe(6);
    expect(r.diagnostics.some((d) => d.code === 'AUG2001')).toBe(true);
    expect(r.plan).toBeNull();
  });
});
