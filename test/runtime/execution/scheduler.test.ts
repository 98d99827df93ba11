import { mkdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ArtifactCache, planKeys } from '../../../src/runtime/execution/artifact-cache.ts';
import { computeOnce, MemoryStore } from '../../../src/runtime/execution/artifact-store.ts';
import { criticalPaths, taskCosts } from '../../../src/runtime/execution/cost-model.ts';
import { executePlan, type ExecuteOptions } from '../../../src/runtime/execution/executor.ts';
import type { ProgressEvent } from '../../../src/runtime/execution/progress-events.ts';
import { runExperiment } from '../../../src/runtime/execution/run-experiment.ts';
import type { Components } from '../../../src/runtime/execution/types.ts';
import { Random } from '../../../src/runtime/random.ts';
import { scratchDirs } from '../../fixtures/scratch-dirs.ts';
import { fakeComponents, fakeDataLayer, newCalls, type FakeCalls } from './fixtures/fake-components.ts';
import { toyPlan } from './fixtures/toy-plan.ts';

const tempDir = scratchDirs('sched-test-');

/** Workers of uneven, seeded speed: every component call sleeps 0–`maxMs` ms first; `live` counts
 * the calls in flight (and keeps the largest count seen). */
function slowComponents(calls: FakeCalls, seed: number, maxMs: number, live = { now: 0, most: 0 }): Components {
  const components = fakeComponents(calls);
  const rng = new Random(seed);
  const slow =
    <A extends unknown[], R>(fn: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      live.now++;
      live.most = Math.max(live.most, live.now);
      await new Promise((r) => setTimeout(r, rng.uniform() * maxMs));
      try {
        return await fn(...args);
      } finally {
        live.now--;
      }
    };
  return {
    ...components,
    trainVae: slow(components.trainVae),
    generate: slow(components.generate),
    filterWithGc: slow(components.filterWithGc),
    trainClassifier: slow(components.trainClassifier),
  };
}

function options(
  components: Components,
  calls: FakeCalls,
  cache: ExecuteOptions['cache'],
  jobs = 1,
  events?: ProgressEvent[],
): ExecuteOptions {
  return {
    components,
    data: fakeDataLayer(calls),
    cache,
    augcVersion: '0.1.0',
    backend: 'fake',
    baseDir: '/project/specs',
    jobs,
    onEvent: events ? (e) => events.push(e) : undefined,
  };
}

/** A project folder with a spec path, so runExperiment writes results.json into it. */
function project(): { plan: ReturnType<typeof toyPlan>; results: string } {
  const root = tempDir();
  mkdirSync(join(root, 'specs'));
  writeFileSync(join(root, 'package.json'), '{}');
  const plan = toyPlan({ reportPath: join(root, 'reports', 'toy.md'), repeats: 2 });
  plan.spec.path = join(root, 'specs', 'toy.aug');
  return { plan, results: join(root, 'reports', 'toy.results.json') };
}

describe('the task scheduler', () => {
  it('writes byte-identical results.json whatever the number and speed of the workers', async () => {
    const serial = project();
    let calls = newCalls();
    await runExperiment({
      plan: serial.plan,
      components: fakeComponents(calls),
      data: fakeDataLayer(calls),
      augcVersion: '0.1.0',
      jobs: 1,
    });
    const reference = readFileSync(serial.results, 'utf8');
    expect(JSON.parse(reference).runs).toHaveLength(12);
    for (const [jobs, seed] of [
      [2, 1],
      [3, 2],
      [5, 3],
    ]) {
      const parallel = project();
      calls = newCalls();
      const live = { now: 0, most: 0 };
      await runExperiment({
        plan: parallel.plan,
        components: slowComponents(calls, seed, 15, live),
        data: fakeDataLayer(calls),
        augcVersion: '0.1.0',
        jobs,
      });
      expect(readFileSync(parallel.results, 'utf8')).toBe(reference);
      expect(live.most).toBeGreaterThan(1); // tasks did run side by side
      expect(live.most).toBeLessThanOrEqual(jobs);
      expect(calls.trainVae).toBe(2); // and each once
      expect(calls.trainClassifier).toBe(12);
    }
  }, 30_000);

  it('dispatches the longest critical path first: every VAE before the work that does not wait for one', async () => {
    const plan = toyPlan({ repeats: 2, shots: [4], withFigures: false });
    const paths = criticalPaths(plan);
    const costs = taskCosts(plan);
    expect(paths.get('vae:shared/-/r0')!).toBeGreaterThan(paths.get('eval:baseline/shots=4/r0')!);
    expect(paths.get('vae:shared/-/r0')!).toBeGreaterThanOrEqual(costs.get('vae:shared/-/r0')! + costs.get('eval:noise/shots=4/r0')!);
    const events: ProgressEvent[] = [];
    const calls = newCalls();
    await executePlan(plan, options(fakeComponents(calls), calls, null, 1, events));
    const started = events.filter((e) => e.event === 'task_start').map((e) => (e as { id: string }).id);
    expect(started.slice(0, 2)).toEqual(['vae:shared/-/r0', 'vae:shared/-/r1']);
    expect(started.indexOf('eval:baseline/shots=4/r0')).toBeGreaterThan(1);
  });

  it('two runs sharing a cache compute each task once: the second waits for the first', async () => {
    const cache = tempDir();
    const a = newCalls();
    const b = newCalls();
    const [first, second] = await Promise.all([
      executePlan(toyPlan(), options(slowComponents(a, 1, 20), a, new ArtifactCache(cache), 2)),
      executePlan(toyPlan(), options(slowComponents(b, 2, 20), b, new ArtifactCache(cache), 2)),
    ]);
    const total = (key: keyof FakeCalls) => a[key] + b[key];
    expect(total('trainVae')).toBe(2); // 2 repeats × 1 VAE: computed once between the two runs
    expect(total('generate')).toBe(8);
    expect(total('filterWithGc')).toBe(4);
    expect(total('trainClassifier')).toBe(12);
    expect(first.computed + second.computed).toBe(28); // 2 VAEs + 8 + 4 + 12 evaluations + 2 figures
    expect(second.evaluations).toEqual(first.evaluations);
  }, 30_000);

  it("takes over a crashed holder's lock once it is stale, and waits for a live one", async () => {
    const cache = tempDir();
    const store = new ArtifactCache(cache, { lockStaleMs: 2000 });
    const plan = toyPlan({ repeats: 1, shots: [4], withFigures: false });
    const keys = planKeys(plan.tasks, '0.1.0', 'fake', new Map());
    const key = keys.get('eval:baseline/shots=4/r0')!;
    // a crashed holder: its lock folder was last refreshed a minute ago
    const stale = join(cache, 'locks', `${key}.lock`);
    mkdirSync(stale);
    const minuteAgo = new Date(Date.now() - 60_000);
    utimesSync(stale, minuteAgo, minuteAgo);
    const taken = await computeOnce(store, key, async () => 'mine');
    expect(taken).toEqual({ status: 'computed', value: 'mine' });
    // a live holder: the second caller waits, then finds the entry the holder wrote
    const held = (await store.tryLock(key))!;
    expect(held).not.toBeNull();
    expect(await store.tryLock(key)).toBeNull();
    let computedAgain = false;
    const waiting = computeOnce(new ArtifactCache(cache), key, async () => (computedAgain = true));
    await new Promise((r) => setTimeout(r, 300));
    await store.write(key, { json: { made: 'by the holder' }, arrays: {} });
    await held.release();
    expect(await waiting).toEqual({ status: 'cached' });
    expect(computedAgain).toBe(false);
  });

  it('a holder that lets go without writing leaves the task to the waiting run (memory store)', async () => {
    const store = new MemoryStore();
    const held = (await store.tryLock('k'))!;
    const waiting = computeOnce(store, 'k', async () => 42);
    await new Promise((r) => setTimeout(r, 100));
    await held.release();
    expect(await waiting).toEqual({ status: 'computed', value: 42 });
  });

  it('stops at the first failure with the task named, and emits it once', async () => {
    const calls = newCalls();
    const components = fakeComponents(calls, { failVae: (n) => (n === 2 ? 'loss is NaN at step 4' : null) });
    const events: ProgressEvent[] = [];
    const error = await executePlan(toyPlan(), options(components, calls, null, 3, events)).catch((e) => e);
    expect(error.message).toBe("task 'vae:shared/-/r1' (train_vae) failed: loss is NaN at step 4");
    expect(events.filter((e) => e.event === 'task_failed')).toHaveLength(1);
    expect(events.some((e) => e.event === 'run_done')).toBe(false);
  });
});
