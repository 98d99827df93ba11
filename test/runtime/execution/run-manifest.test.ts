/**
 * The run manifest carries the plan to every task of a run (worker threads, `augc worker`, and the
 * coordinator's own thread) exactly: numbers to the last bit, and object keys in the plan's order,
 * which decides how a stratified split cuts its parts (data/split.ts).
 */
import { describe, expect, it } from 'vitest';
import { MemoryStore } from '../../../src/runtime/execution/artifact-store.ts';
import { loadManifest, manifestText, runManifest, storeManifest } from '../../../src/runtime/execution/run-manifest.ts';
import { toyPlan } from './fixtures/toy-plan.ts';

/** The toy plan with a 3-part split listed non-alphabetically and a β_norm-like β of 16/784. */
function planWithExactValues() {
  const plan = toyPlan({ repeats: 1, shots: [4], withFigures: false });
  plan.datasets[0].split = { kind: 'stratified', ratios: { pool: 0.7, validation: 0.1, test: 0.2 }, seed: 4244952981, fitOn: 'pool' };
  for (const task of plan.tasks) if (task.kind === 'train_vae') task.vae.betaValue = 16 / 784;
  return plan;
}

describe('run manifest', () => {
  it('reads back the plan exactly: every number to the last bit, keys in the plan order', async () => {
    const plan = planWithExactValues();
    const store = new MemoryStore();
    const manifest = runManifest(plan, new Map(plan.tasks.map((t) => [t.id, `key-${t.id}`])), '0.1.0', 'wasm+openblas', '/specs');
    const id = await storeManifest(store, manifest);
    const loaded = await loadManifest(store, id);
    expect(loaded).toEqual(manifest);
    const split = loaded.plan.datasets[0].split;
    expect(split.kind === 'stratified' && Object.keys(split.ratios)).toEqual(['pool', 'validation', 'test']);
    const vaeTask = loaded.plan.tasks.find((t) => t.kind === 'train_vae');
    expect(vaeTask?.kind === 'train_vae' && vaeTask.vae.betaValue).toBe(0.02040816326530612); // not 0.02040816327
    expect(JSON.stringify(loaded.plan)).toBe(JSON.stringify(plan)); // key order everywhere, not only the split's
  });

  it('is named by the hash of its text: the same plan gives the same id, another plan another', async () => {
    const store = new MemoryStore();
    const plan = planWithExactValues();
    const keys = new Map(plan.tasks.map((t) => [t.id, t.id]));
    const first = await storeManifest(store, runManifest(plan, keys, '0.1.0', 'wasm', '/specs'));
    expect(await storeManifest(store, runManifest(planWithExactValues(), keys, '0.1.0', 'wasm', '/specs'))).toBe(first);
    const reordered = planWithExactValues();
    reordered.datasets[0].split = {
      kind: 'stratified',
      ratios: { pool: 0.7, test: 0.2, validation: 0.1 },
      seed: 4244952981,
      fitOn: 'pool',
    };
    expect(await storeManifest(store, runManifest(reordered, keys, '0.1.0', 'wasm', '/specs'))).not.toBe(first);
    expect(manifestText(runManifest(plan, keys, '0.1.0', 'wasm', '/specs'))).toContain('"ratios":{"pool":0.7,"validation":0.1,"test":0.2}');
  });
});
