/**
 * Golden plans for the example specs (fake metadata, so no data files are needed). The golden
 * text is the plan without its tasks, then one line per task: kind, id, seed, deps. The project
 * root and compiler version are normalised. Update with `npx vitest run test/compiler -u`.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileFile, validatePlan, type Plan } from '../../../src/compiler/index.ts';
import { fakeReadMetadata, PROJECT_ROOT } from '../helpers.ts';

const SPECS = readdirSync(join(PROJECT_ROOT, 'specs'))
  .filter((f) => f.endsWith('.aug'))
  .sort();

/** The plan as golden text: stable, diffable, independent of where the project lives. */
function goldenText(plan: Plan): string {
  const { tasks, ...rest } = plan;
  const head = JSON.stringify({ ...rest, compiler: { ...rest.compiler, version: '<version>' } }, null, 2);
  const lines = tasks.map((t) => `${t.kind} ${t.id} seed=${t.seed} deps=[${t.deps.join(' ')}]`);
  return `${head}\n# ${tasks.length} tasks\n${lines.join('\n')}\n`.split(PROJECT_ROOT).join('<root>');
}

describe('example specs', () => {
  it('exist (all eight reference specs)', () => {
    expect(SPECS).toEqual([
      'latent-beta.aug',
      'mnist-fewshot.aug',
      'mnist-generated-only.aug',
      'mnist-more-generated.aug',
      'proben1.aug',
      'quickstart.aug',
      'thyroid-fewshot.aug',
      'thyroid.aug',
    ]);
  });

  it.each(SPECS)('%s compiles without diagnostics to a schema-valid plan matching its golden', async (spec) => {
    const { plan, diagnostics } = await compileFile(join(PROJECT_ROOT, 'specs', spec), { readMetadata: fakeReadMetadata });
    // a quick reference spec with fewer than 5 repeats is warned about that (AUG2040), and about nothing else
    expect(diagnostics.map((d) => d.code)).toEqual(plan && plan.experiment.repeats < 5 ? ['AUG2040'] : []);
    expect(plan).not.toBeNull();
    const valid = validatePlan(JSON.parse(JSON.stringify(plan)));
    expect(valid.ok ? [] : valid.errors).toEqual([]);
    await expect(goldenText(plan!)).toMatchFileSnapshot(`./golden/${spec.replace('.aug', '.plan.txt')}`);
  });
});
