import { existsSync, readdirSync, statSync, truncateSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ArtifactCache, planKeys } from '../../../src/runtime/execution/artifact-cache.ts';
import { datasetFingerprints } from '../../../src/runtime/execution/data-fingerprint.ts';
import { executePlan, TaskFailedError, type ExecuteOptions } from '../../../src/runtime/execution/executor.ts';
import type { ProgressEvent } from '../../../src/runtime/execution/progress-events.ts';
import { fakeComponents, fakeDataLayer, newCalls, type FakeCalls, type FakeOptions } from './fixtures/fake-components.ts';
import { toyPlan } from './fixtures/toy-plan.ts';
import type { Plan, Task } from '../../../src/plan/types.ts';
import { scratchDirs } from '../../fixtures/scratch-dirs.ts';

const tempDir = scratchDirs('exec-test-');

function options(calls: FakeCalls, cacheDir: string | null, fake: FakeOptions = {}, events?: ProgressEvent[]): ExecuteOptions {
  return {
    components: fakeComponents(calls, fake),
    data: fakeDataLayer(calls, fake),
    cache: cacheDir ? new ArtifactCache(cacheDir) : null,
    augcVersion: '0.1.0',
    backend: 'fake',
    baseDir: '/project/specs',
    onEvent: events ? (e) => events.push(e) : undefined,
  };
}

describe('executePlan', () => {
  it('runs every task once: one VAE per repeat shared by both augment arms and both shots cells', async () => {
    const calls = newCalls();
    const result = await executePlan(toyPlan(), options(calls, null));
    expect(calls.trainVae).toBe(2); // 2 repeats × 1 shared VAE
    expect(calls.generate).toBe(8); // 2 repeats × 2 cells × 2 augment arms
    expect(calls.filterWithGc).toBe(4);
    expect(calls.trainClassifier).toBe(12); // 2 × 2 × 3 arms
    expect(calls.prepareData).toBe(1);
    expect(result.evaluations.map((e) => e.taskId).slice(0, 3)).toEqual([
      'eval:baseline/shots=4/r0',
      'eval:noise/shots=4/r0',
      'eval:noise+gc/shots=4/r0',
    ]);
    const base = result.evaluations[0];
    expect(base.counts).toEqual({ originals: 12, generated: 0, kept: 0, train: 12, test: 36 });
    expect(result.evaluations[1].counts.train).toBe(24);
    const gc = result.evaluations[2];
    expect(gc.acceptance).toBeGreaterThan(0);
    expect(gc.counts.kept).toBe(Math.round(gc.acceptance! * 12));
    // paired: all arms of a cell and repeat share the evaluate seed
    expect(new Set(result.evaluations.slice(0, 3).map((e) => e.seed)).size).toBe(1);
    expect(result.figures.map((f) => f.taskId)).toEqual(['figure:latent/shared', 'figure:samples/noise']);
    expect(base.metrics.weighted_f1).toBeGreaterThan(0.3);
  });

  it('a second run trains nothing and returns identical records', async () => {
    const cache = tempDir();
    const first = await executePlan(toyPlan(), options(newCalls(), cache));
    const calls = newCalls();
    const second = await executePlan(toyPlan(), options(calls, cache));
    expect(calls).toEqual({ prepareData: 0, trainVae: 0, generate: 0, filterWithGc: 0, trainClassifier: 0 });
    expect(second.computed).toBe(0);
    expect(second.cached).toBe(14); // 12 evaluations + 2 figures
    expect(second.evaluations).toEqual(first.evaluations);
    // a cache entry remembers how long its task took to compute
    const made = first.timings.find((t) => t.id === 'eval:noise/shots=8/r1')!;
    expect(second.timings.find((t) => t.id === 'eval:noise/shots=8/r1')).toMatchObject({ status: 'cached', computeSeconds: made.seconds });
  });

  it('changing one arm recomputes only that arm', async () => {
    const cache = tempDir();
    const first = await executePlan(toyPlan(), options(newCalls(), cache));
    const calls = newCalls();
    const second = await executePlan(toyPlan({ noiseAlpha: 0.5 }), options(calls, cache));
    expect(calls.trainVae).toBe(0);
    // the VAEs the new arm read from the cache keep the seconds they took when computed
    const vaes = first.timings.filter((t) => t.kind === 'train_vae');
    expect(vaes.length).toBeGreaterThan(0);
    for (const vae of vaes)
      expect(second.timings.find((t) => t.id === vae.id)).toMatchObject({ status: 'cached', computeSeconds: vae.seconds });
    expect(calls.generate).toBe(4); // the noise arm's 2 cells × 2 repeats
    expect(calls.trainClassifier).toBe(4);
    expect(calls.filterWithGc).toBe(0);
  });

  it('a run interrupted mid-way resumes to identical results', async () => {
    const reference = await executePlan(toyPlan(), options(newCalls(), null));
    const cache = tempDir();
    const failing = options(newCalls(), cache, { failVae: (call) => (call === 2 ? 'interrupted' : null) });
    await expect(executePlan(toyPlan(), failing)).rejects.toThrow(/vae:shared\/-\/r1/);
    const stored = readdirSync(join(cache, 'artifacts')).length;
    expect(stored).toBeGreaterThan(0); // repeat 0 completed and kept
    const calls = newCalls();
    const resumed = await executePlan(toyPlan(), options(calls, cache));
    expect(calls.trainVae).toBe(1); // only repeat 1's VAE
    expect(resumed.evaluations).toEqual(reference.evaluations);
  });

  it('a truncated cache entry is detected, discarded and recomputed', async () => {
    const cache = tempDir();
    const first = await executePlan(toyPlan({ repeats: 1, shots: [4], withFigures: false }), options(newCalls(), cache));
    const plan = toyPlan({ repeats: 1, shots: [4], withFigures: false });
    const keys = planKeys(plan.tasks, '0.1.0', 'fake', await datasetFingerprints(plan, '/project/specs'));
    const evalFile = join(cache, 'artifacts', `${keys.get('eval:noise/shots=4/r0')}.art`);
    truncateSync(evalFile, statSync(evalFile).size - 10);
    const events: ProgressEvent[] = [];
    const calls = newCalls();
    const second = await executePlan(toyPlan({ repeats: 1, shots: [4], withFigures: false }), options(calls, cache, {}, events));
    expect(events.filter((e) => e.event === 'cache_discarded')).toHaveLength(1);
    expect(calls.trainClassifier).toBe(1);
    expect(second.evaluations).toEqual(first.evaluations);
  });

  it('an entry the components cannot restore is discarded and recomputed, not a crash', async () => {
    const cache = tempDir();
    const plan = toyPlan({ repeats: 1, shots: [4], withFigures: false });
    await executePlan(plan, options(newCalls(), cache));
    plan.tasks.push({
      ...plan.tasks.find((t) => t.id === 'gen:noise/shots=4/r0')!,
      id: 'gen:extra/shots=4/r0',
      arm: 'extra',
      seed: 99,
    } as never);
    plan.tasks.push({
      ...plan.tasks.find((t) => t.id === 'eval:noise/shots=4/r0')!,
      id: 'eval:extra/shots=4/r0',
      arm: 'extra',
      generated: 'gen:extra/shots=4/r0',
      deps: ['data:toy', 'shots:toy/n=4/r0', 'gen:extra/shots=4/r0'],
    } as never);
    const calls = newCalls();
    const opts = options(calls, cache);
    opts.components.loadVae = () => {
      throw new Error('unknown weight layout');
    };
    const events: ProgressEvent[] = [];
    opts.onEvent = (e) => events.push(e);
    const result = await executePlan(plan, opts);
    expect(calls.trainVae).toBe(1); // the VAE was needed by the new arm and could not be restored
    expect(events.filter((e) => e.event === 'cache_discarded').map((e) => (e as { id: string }).id)).toEqual(['vae:shared/-/r0']);
    expect(result.evaluations).toHaveLength(4);
  });

  it('removes old temp files of a killed writer, keeps those of a live one and fresh ones (another machine may be writing)', () => {
    const cache = tempDir();
    new ArtifactCache(cache);
    const dead = join(cache, 'artifacts', 'abc.art.tmp-999999999-0a1b2c3d');
    const fresh = join(cache, 'artifacts', 'abd.art.tmp-999999998-0a1b2c3d');
    const live = join(cache, 'artifacts', `def.art.tmp-${process.pid}-0a1b2c3d`);
    for (const file of [dead, fresh, live]) writeFileSync(file, 'partial');
    const threeMinutesAgo = new Date(Date.now() - 180_000);
    utimesSync(dead, threeMinutesAgo, threeMinutesAgo);
    utimesSync(live, threeMinutesAgo, threeMinutesAgo);
    new ArtifactCache(cache);
    expect(existsSync(dead)).toBe(false);
    expect(existsSync(fresh)).toBe(true);
    expect(existsSync(live)).toBe(true);
  });

  it('a failing task names itself, keeps completed work and reports the failure event', async () => {
    const cache = tempDir();
    const events: ProgressEvent[] = [];
    const failing = options(newCalls(), cache, { failVae: () => 'loss is NaN at step 3 (kl term)' }, events);
    const error = await executePlan(toyPlan(), failing).catch((e) => e);
    expect(error).toBeInstanceOf(TaskFailedError);
    expect(error.taskId).toBe('vae:shared/-/r0');
    expect(error.message).toBe("task 'vae:shared/-/r0' (train_vae) failed: loss is NaN at step 3 (kl term)");
    expect(events.at(-1)).toEqual({
      event: 'task_failed',
      id: 'vae:shared/-/r0',
      kind: 'train_vae',
      message: 'loss is NaN at step 3 (kl term)',
    });
    // the VAE of repeat 0 is the first cacheable task in plan order: nothing was stored before it failed
    expect(readdirSync(join(cache, 'artifacts'))).toHaveLength(0);
  });

  it('a dataset missing at run time fails the prepare_data task by name', async () => {
    const error = await executePlan(toyPlan(), options(newCalls(), null, { missingData: true })).catch((e) => e);
    expect(error.message).toBe("task 'data:toy' (prepare_data) failed: dataset 'toy': file /nowhere/toy.csv was not found");
  });

  it('a latent figure shows the generated examples of the generate task it names, and none without one', async () => {
    const flagsOf = async (plan: Plan) => {
      const result = await executePlan(plan, options(newCalls(), null));
      return Array.from(result.figures.find((f) => f.taskId === 'figure:latent/shared')!.data.arrays.generated);
    };
    const named = await flagsOf(toyPlan({ repeats: 1 }));
    expect(named.filter((f) => f === 1)).toHaveLength(12); // gen:noise/shots=4/r0: 4 per class × 3
    expect(named.filter((f) => f === 0)).toHaveLength(54); // the VAE's training part (pool)
    // the lowering picks the generate task (plan 1.3.0); the runtime infers none of a figure's inputs
    const plan = toyPlan({ repeats: 1 });
    const latent = plan.tasks.find((t) => t.id === 'figure:latent/shared')!;
    if (latent.kind !== 'figure') throw new Error('fixture');
    latent.generateTask = null;
    latent.deps = ['data:toy', 'vae:shared/-/r0'];
    const alone = await flagsOf(plan);
    expect(alone.filter((f) => f === 1)).toHaveLength(0);
    expect(alone).toHaveLength(54);
  });

  it('reads a cached evaluation under the id and cell of the plan that uses it', async () => {
    const cache = tempDir();
    const first = await executePlan(toyPlan({ repeats: 1, shots: [4], withFigures: false }), options(newCalls(), cache));
    // the same tasks under other ids and cell labels: the same inputs, so the same entries
    const plan = toyPlan({ repeats: 1, shots: [4], withFigures: false });
    const ids = new Set(plan.tasks.map((t) => t.id));
    const rename = (value: unknown): unknown =>
      typeof value === 'string'
        ? ids.has(value)
          ? `renamed/${value}`
          : value
        : Array.isArray(value)
          ? value.map(rename)
          : value && typeof value === 'object'
            ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, rename(v)]))
            : value;
    plan.tasks = plan.tasks.map((t) => ({
      ...(rename(t) as Task),
      cell: Object.keys(t.cell).length ? { shots: 'four' } : ({} as Task['cell']),
    }));
    const calls = newCalls();
    const again = await executePlan(plan, options(calls, cache));
    expect(calls).toEqual({ prepareData: 0, trainVae: 0, generate: 0, filterWithGc: 0, trainClassifier: 0 });
    expect(again.evaluations.map((e) => [e.taskId, e.cell])).toEqual(
      first.evaluations.map((e) => [`renamed/${e.taskId}`, { shots: 'four' }]),
    );
    expect(again.evaluations.map((e) => e.metrics)).toEqual(first.evaluations.map((e) => e.metrics));
  });

  it('emits progress: start, per-task steps with loss, done', async () => {
    const events: ProgressEvent[] = [];
    await executePlan(toyPlan({ repeats: 1, shots: [4], withFigures: false }), options(newCalls(), null, {}, events));
    expect(events[0]).toEqual({ event: 'run_start', tasks: 9, toCompute: 7, cachedSinks: 0 });
    const steps = events.filter((e) => e.event === 'task_progress' && e.id === 'vae:shared/-/r0');
    expect(steps).toHaveLength(10);
    expect(steps.at(-1)).toMatchObject({ done: 10, total: 10, unit: 'step', loss: 0.2 });
    expect(events.at(-1)).toMatchObject({ event: 'run_done', computed: 7, cached: 0 });
  });
});
