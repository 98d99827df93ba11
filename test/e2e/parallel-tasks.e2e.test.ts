/**
 * e2e (real runtime, ~30 s): `--jobs 2` runs the plan's tasks on two worker threads and writes the
 * same results.json bytes as a run of one task at a time in this thread; the toy plan runs on the
 * embedded iris data.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runExperiment } from '../../src/runtime/execution/run-experiment.ts';
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

describe('e2e: tasks on worker threads', () => {
  it('--jobs 2 writes byte-identical results to a serial run, each task computed once', async () => {
    const base = { components: await realComponents(), data: await realDataLayer(), augcVersion: '0.1.0' };
    await runExperiment({ ...base, plan: irisPlan('serial'), cacheDir: join(root, 'cache-serial') });
    const events: ProgressEvent[] = [];
    const outcome = await runExperiment({
      ...base,
      plan: irisPlan('parallel'),
      cacheDir: join(root, 'cache-parallel'),
      jobs: 2,
      workers: 'threads',
      onEvent: (e) => events.push(e),
    });
    expect(readFileSync(join(root, 'parallel', 'toy.results.json'), 'utf8')).toBe(
      readFileSync(join(root, 'serial', 'toy.results.json'), 'utf8'),
    );
    expect(outcome.execution.computed).toBe(28); // 2 VAEs, 8 generate, 4 GC filters, 12 evaluations, 2 figures
    expect(outcome.execution.cached).toBe(0);
    expect(events.filter((e) => e.event === 'run_start')).toHaveLength(1);
    expect(events.filter((e) => e.event === 'task_done').length).toBe(28);
    expect(Math.max(...events.filter((e) => e.event === 'workers').map((e) => (e as { active: number }).active))).toBe(2);
    expect(events.at(-1)).toMatchObject({ event: 'run_done', computed: 28 });
  }, 180_000);

  it('augc run --jobs 2 --no-cache: computes in a temporary store, writes the results and exits', async () => {
    const plan = irisPlan('nocache');
    plan.tasks = plan.tasks.filter((t) => t.repeat === 0 && t.kind !== 'figure');
    plan.experiment.repeats = 1;
    plan.report.figures = [];
    const file = join(root, 'nocache.plan.json');
    writeFileSync(file, JSON.stringify(plan));
    // a child process: the command must end by itself (a worker thread left running keeps it alive)
    const child = spawn(process.execPath, ['bin/augc.js', 'run', file, '--jobs', '2', '--no-cache', '--quiet'], { stdio: 'ignore' });
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(0);
    expect(JSON.parse(readFileSync(join(root, 'nocache', 'toy.results.json'), 'utf8')).runs).toHaveLength(6);
  }, 180_000);
});
