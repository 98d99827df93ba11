/**
 * The example specs against the real data layer (`readMetadata` of src/runtime/data). PROBEN1
 * needs the shared datasets through AUGC_DATA_PATH; without it these tests skip and say why.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileFile, validatePlan } from '../../src/compiler/index.ts';
import { PROJECT_ROOT } from './helpers.ts';

const dataPath = process.env.AUGC_DATA_PATH;
const SPECS = readdirSync(join(PROJECT_ROOT, 'specs'))
  .filter((f) => f.endsWith('.aug'))
  .sort();

describe.skipIf(!dataPath)(`example specs with real metadata${dataPath ? '' : ' (skipped: AUGC_DATA_PATH is not set)'}`, () => {
  it.each(SPECS)(
    '%s checks clean and plans a schema-valid plan',
    async (spec) => {
      const { plan, diagnostics } = await compileFile(join(PROJECT_ROOT, 'specs', spec));
      // a spec that states fewer than 5 repeats gets AUG2040 (a warning), and nothing else
      const repeats = Number(/^\s*repeats\s+(\d+)/m.exec(readFileSync(join(PROJECT_ROOT, 'specs', spec), 'utf8'))?.[1] ?? 1);
      expect(diagnostics.map((d) => d.code)).toEqual(repeats < 5 ? ['AUG2040'] : []);
      expect(validatePlan(JSON.parse(JSON.stringify(plan))).ok).toBe(true);
    },
    60_000,
  );

  it("resolves β_norm with thyroid's real input dimension (N = 21, d = 2)", async () => {
    const { plan } = await compileFile(join(PROJECT_ROOT, 'specs/thyroid.aug'));
    expect(plan!.vaes[0].beta).toEqual({ kind: 'norm', value: 1, resolved: 2 / 21 });
  });
});

describe('example specs that need no external data', () => {
  it('quickstart.aug checks clean with the real reader (MNIST is embedded)', async () => {
    const { plan, diagnostics } = await compileFile(join(PROJECT_ROOT, 'specs/quickstart.aug'));
    // its only warning, if any, is that it runs fewer than 5 repeats (AUG2040)
    expect(diagnostics.map((d) => d.code)).toEqual(plan!.experiment.repeats < 5 ? ['AUG2040'] : []);
    expect(plan!.datasets[0].source).toEqual({ kind: 'mnist' });
  }, 60_000);
});

describe('metadata reading options', () => {
  it('passes the spec folder and the download switch to the reader (check: no downloads)', async () => {
    const seen: unknown[] = [];
    const spy = async (_source: unknown, options: unknown) => {
      seen.push(options);
      throw new Error('not here');
    };
    const spec = join(PROJECT_ROOT, 'specs/thyroid.aug');
    await compileFile(spec, { readMetadata: spy as never, download: false });
    await compileFile(spec, { readMetadata: spy as never });
    expect(seen).toEqual([
      { baseDir: join(PROJECT_ROOT, 'specs'), download: false },
      { baseDir: join(PROJECT_ROOT, 'specs'), download: true },
    ]);
  });
});
