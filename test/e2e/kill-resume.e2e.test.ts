import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runExperiment } from '../../src/runtime/execution/run-experiment.ts';
import { fakeComponents, fakeDataLayer, newCalls } from '../runtime/execution/fixtures/fake-components.ts';
import { toyPlan } from '../runtime/execution/fixtures/toy-plan.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function project(): string {
  const root = mkdtempSync(join(process.cwd(), 'scratch', 'kill-test-'));
  dirs.push(root);
  mkdirSync(join(root, 'specs'));
  writeFileSync(join(root, 'package.json'), '{}');
  return root;
}

const artifacts = (cache: string) =>
  existsSync(join(cache, 'artifacts')) ? readdirSync(join(cache, 'artifacts')).filter((f) => f.endsWith('.art')) : [];

describe('e2e: a run killed with SIGKILL', () => {
  it('resumes from the cache and ends with byte-identical results', async () => {
    // reference: an uninterrupted run in its own project
    const refRoot = project();
    const plan = toyPlan({ reportPath: join(refRoot, 'reports', 'toy.md'), repeats: 3 });
    plan.spec.path = join(refRoot, 'specs', 'toy.aug');
    let calls = newCalls();
    await runExperiment({ plan, components: fakeComponents(calls), data: fakeDataLayer(calls), augcVersion: '0.1.0' });
    const reference = readFileSync(join(refRoot, 'reports', 'toy.results.json'), 'utf8');

    const root = project();
    const cache = join(root, 'cache');
    const child = spawn(process.execPath, ['--import', 'tsx', join('test', 'e2e', 'fixtures', 'slow-toy-run.ts'), root, cache], {
      stdio: 'ignore',
    });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
    // kill once some but not all tasks are stored (the toy plan has 41 cacheable tasks over 3 repeats)
    const deadline = Date.now() + 60_000;
    while (artifacts(cache).length < 10 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    const stored = artifacts(cache).length;
    expect(stored).toBeGreaterThanOrEqual(10);
    expect(stored).toBeLessThan(41);
    expect(existsSync(join(root, 'reports', 'toy.results.json'))).toBe(false);

    const resumedPlan = toyPlan({ reportPath: join(root, 'reports', 'toy.md'), repeats: 3 });
    resumedPlan.spec.path = join(root, 'specs', 'toy.aug');
    calls = newCalls();
    const outcome = await runExperiment({
      plan: resumedPlan,
      components: fakeComponents(calls),
      data: fakeDataLayer(calls),
      augcVersion: '0.1.0',
      cacheDir: cache,
    });
    expect(outcome.execution.cached).toBeGreaterThan(0);
    // exactly the tasks not stored before the kill are computed (of 41: 3 VAEs, 12 generate, 6 GC
    // filters, 18 evaluations, 2 figures)
    expect(outcome.execution.computed).toBe(41 - stored);
    expect(calls.trainVae + calls.generate + calls.filterWithGc + calls.trainClassifier).toBeLessThan(39);
    const resumed = readFileSync(join(root, 'reports', 'toy.results.json'), 'utf8');
    // spec paths differ only by project folder, and both are stored relative to it
    expect(resumed).toBe(reference);
  }, 90_000);
});
