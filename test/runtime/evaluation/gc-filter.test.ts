import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../src/runtime/backend/init-backend.ts';
import { filterWithGc } from '../../../src/runtime/evaluation/gc-filter.ts';
import { trainVae } from '../../../src/runtime/training/train-vae.ts';
import type { GcNode } from '../../../src/plan/types.ts';
import type { Generated } from '../../../src/runtime/components.ts';
import { Random } from '../../../src/runtime/random.ts';
import { classifierConfig, mixedTable, vaeConfig } from '../models/fixtures.ts';

beforeAll(async () => {
  await initBackend();
});

const gc = (negatives: GcNode['negatives']): GcNode => ({
  name: 'gc',
  negatives,
  classifier: classifierConfig({ hidden: [32], epochs: 60, lr: 0.01 }),
  keep: 0.5,
});

describe('filterWithGc', () => {
  const originals = mixedTable(90);
  const N = originals.features;

  /** 30 clean copies of originals with tiny jitter (classes 0,1,2), then 30 rows of uniform junk. */
  function constructed(): Generated {
    const rng = new Random(4);
    const rows = 60;
    const x = new Float32Array(rows * N);
    const y = new Int32Array(rows);
    const source = new Int32Array(rows).fill(-1);
    for (let r = 0; r < 30; r++) {
      for (let t = 0; t < N; t++) x[r * N + t] = originals.x[r * N + t] + (t < 4 ? 0.01 * rng.normal() : 0);
      y[r] = originals.y[r];
      source[r] = r;
    }
    for (let r = 30; r < rows; r++) {
      for (let t = 0; t < N; t++) x[r * N + t] = rng.uniform() * 2 - 0.5;
      y[r] = r % 3;
    }
    return { x, y, rows, source };
  }

  it('keeps clean samples and removes obviously corrupted ones (noise negatives)', async () => {
    const before = tf.memory().numTensors;
    const generated = constructed();
    const result = await filterWithGc(gc({ kind: 'noise', sigma: 0.3 }), originals, generated, null, { seed: 1 });
    const keptClean = Array.from(result.keep.subarray(0, 30)).filter((k) => k === 1).length;
    const keptJunk = Array.from(result.keep.subarray(30)).filter((k) => k === 1).length;
    expect(keptClean).toBeGreaterThanOrEqual(27);
    expect(keptJunk).toBeLessThanOrEqual(3);
    expect(result.acceptance).toBeCloseTo((keptClean + keptJunk) / 60, 12);
    expect(result.acceptanceByClass.length).toBe(3);
    for (const a of result.acceptanceByClass) expect(a).toBeGreaterThan(0.2);
    expect(tf.memory().numTensors).toBe(before);
  });

  it("trains its classifier by the budget rule: 'train steps N' equals the epochs that make N steps", async () => {
    const generated = constructed();
    // originals + one negative each: 180 rows, batch 16 → 12 steps an epoch; 60 epochs = 720 steps
    const byEpochs = await filterWithGc(gc({ kind: 'noise', sigma: 0.3 }), originals, generated, null, { seed: 3 });
    const bySteps = await filterWithGc(
      { ...gc({ kind: 'noise', sigma: 0.3 }), classifier: classifierConfig({ hidden: [32], steps: 720, epochs: null, lr: 0.01 }) },
      originals,
      generated,
      null,
      { seed: 3 },
    );
    expect(Array.from(bySteps.keep)).toEqual(Array.from(byEpochs.keep));
    const fewer = await filterWithGc(
      { ...gc({ kind: 'noise', sigma: 0.3 }), classifier: classifierConfig({ hidden: [32], steps: 5, epochs: null, lr: 0.01 }) },
      originals,
      generated,
      null,
      { seed: 3 },
    );
    // 5 steps leave the GC barely trained: it decides differently
    expect(Array.from(fewer.keep)).not.toEqual(Array.from(byEpochs.keep));
  });

  it('reports NaN acceptance for a class with nothing generated', async () => {
    const generated = constructed();
    const onlyClass0 = Array.from({ length: 60 }, (_, r) => r).filter((r) => generated.y[r] === 0);
    const subset: Generated = {
      x: Float32Array.from(onlyClass0.flatMap((r) => Array.from(generated.x.subarray(r * N, (r + 1) * N)))),
      y: Int32Array.from(onlyClass0.map(() => 0)),
      rows: onlyClass0.length,
      source: Int32Array.from(onlyClass0.map((r) => generated.source[r])),
    };
    const result = await filterWithGc(gc({ kind: 'noise', sigma: 0.3 }), originals, subset, null, { seed: 1 });
    expect(result.acceptanceByClass[0]).toBeGreaterThan(0);
    expect(result.acceptanceByClass[1]).toBeNaN();
    expect(result.acceptanceByClass[2]).toBeNaN();
  });

  it('scores nothing (and trains no GC) when nothing was generated', async () => {
    const empty: Generated = { x: new Float32Array(0), y: new Int32Array(0), rows: 0, source: new Int32Array(0) };
    const result = await filterWithGc(gc({ kind: 'early_checkpoint', step: 2 }), originals, empty, null, { seed: 1 });
    expect(result.keep.length).toBe(0);
    expect(result.acceptance).toBeNaN();
    expect(result.acceptanceByClass.every((a) => Number.isNaN(a))).toBe(true);
  });

  it('takes early-checkpoint reconstructions as negatives and needs a VAE for them', async () => {
    const vae = await trainVae(
      vaeConfig({ mode: 'per_class', likelihood: 'mixed', train: { steps: 40, epochs: null, batch: 16, lr: 0.01, optimizer: 'adam' } }),
      originals,
      {
        seed: 2,
        checkpoints: [2],
      },
    );
    const result = await filterWithGc(gc({ kind: 'early_checkpoint', step: 2 }), originals, constructed(), vae, { seed: 1 });
    expect(result.keep.length).toBe(60);
    const keptClean = Array.from(result.keep.subarray(0, 30)).filter((k) => k === 1).length;
    expect(keptClean).toBeGreaterThanOrEqual(25);
    await expect(filterWithGc(gc({ kind: 'early_checkpoint', step: 2 }), originals, constructed(), null, { seed: 1 })).rejects.toThrow(
      "GC 'gc' takes its negatives from a VAE checkpoint, but the arm has no VAE.",
    );
    vae.dispose();
  });
});
