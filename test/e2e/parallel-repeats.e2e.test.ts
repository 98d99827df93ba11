/**
 * e2e (real runtime, ~20 s): `--jobs 2` computes repeats on two worker threads and writes the same
 * results.json bytes as a serial run; the toy plan runs on the embedded iris data.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runExperiment } from '../../src/runtime/execution/run-experiment.ts';
import { splitByRepeat } from '../../src/runtime/execution/parallel-repeats.ts';
import { realComponents, realDataLayer } from '../../src/runtime/execution/real-modules.ts';
import type { ProgressEvent } from '../../src/runtime/execution/progress-events.ts';
import { toyPlan } from '../runtime/execution/fixtures/toy-plan.ts';

const root = mkdtempSync(join(process.cwd(), 'scratch', 'parallel-test-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
mkdirSync(join(root, 'specs'));
writeFileSync(join(root, 'package.json'), '{}');

function irisPlan(outName: string) {
  const plan = toyPlan({ repeats: 2, reportPath: join(root, outName, 'toy.md') });
  plan.spec.path = join(root, 'specs', 'toy.aug');
  return plan;
}

describe('e2e: repeats on worker threads', () => {
  it('splits a plan by repeat, data tasks in each part, figures left to the main thread', () => {
    const parts = splitByRepeat(irisPlan('x'))!;
    expect(parts).toHaveLength(2);
    expect(parts[1].tasks.map((t) => t.id).slice(0, 3)).toEqual(['data:toy', 'vae:shared/-/r1', 'shots:toy/n=4/r1']);
    expect(parts.every((p) => p.tasks.every((t) => t.kind !== 'figure'))).toBe(true);
    expect(splitByRepeat(toyPlan({ repeats: 1 }))).toBeNull();
  });

  it('--jobs 2 writes byte-identical results to a serial run', async () => {
    const base = { components: await realComponents(), data: await realDataLayer(), augcVersion: '0.1.0' };
    await runExperiment({ ...base, plan: irisPlan('serial'), cacheDir: join(root, 'cache-serial') });
    const events: ProgressEvent[] = [];
    const outcome = await runExperiment({ ...base, plan: irisPlan('parallel'), cacheDir: join(root, 'cache-parallel'), jobs: 2, onEvent: (e) => events.push(e) });
    expect(readFileSync(join(root, 'parallel', 'toy.results.json'), 'utf8')).toBe(readFileSync(join(root, 'serial', 'toy.results.json'), 'utf8'));
    expect(outcome.execution.computed).toBe(28); // 26 tasks of two repeats in workers + 2 figures here
    expect(outcome.execution.cached).toBe(0);
    expect(events.filter((e) => e.event === 'run_start')).toHaveLength(1);
    expect(events.filter((e) => e.event === 'task_done').length).toBe(28);
    expect(events.at(-1)).toMatchObject({ event: 'run_done', computed: 28 });
  }, 120_000);
});
