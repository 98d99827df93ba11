import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../src/runtime/backend/init-backend.ts';
import { trainVae } from '../../../src/runtime/training/train-vae.ts';
import { loadVae } from '../../../src/runtime/models/stacked-vae.ts';
import type { LossRecord } from '../../../src/runtime/components.ts';
import { mixedTable, vaeConfig } from '../models/fixtures.ts';

beforeAll(async () => {
  await initBackend();
});

function firstAndLast(history: LossRecord[]): [number, number] {
  const head = history.slice(0, 5).reduce((a, r) => a + r.total, 0) / 5;
  const tail = history.slice(-5).reduce((a, r) => a + r.total, 0) / 5;
  return [head, tail];
}

describe('trainVae (dense, stacked)', () => {
  const data = mixedTable(120);

  it('lowers the loss and reports every step to onStep', async () => {
    const seen: number[] = [];
    const vae = await trainVae(vaeConfig({ train: { steps: 150, epochs: null, batch: 16, lr: 0.01, optimizer: 'adam' } }), data, {
      seed: 7,
      checkpoints: [],
      onStep: (r, total) => {
        seen.push(r.step);
        expect(total).toBe(150);
      },
    });
    expect(seen.length).toBe(150);
    expect(vae.history.length).toBe(150);
    const [head, tail] = firstAndLast(vae.history);
    expect(tail).toBeLessThan(head * 0.85);
    const last = vae.history[149];
    expect(last.total).toBeCloseTo(last.reconstruction + last.beta * last.kl, 5);
    vae.dispose();
  });

  it('gives identical weights for the same seed and different ones for another seed', async () => {
    const config = vaeConfig({ mode: 'per_class', mixIn: 0.2 });
    const a = await trainVae(config, data, { seed: 11, checkpoints: [] });
    const b = await trainVae(config, data, { seed: 11, checkpoints: [] });
    const c = await trainVae(config, data, { seed: 12, checkpoints: [] });
    const wa = a.save().arrays['final/enc.0.w'];
    expect(wa.length).toBe(3 * 8 * 16); // three per-class models stacked
    expect(Array.from(b.save().arrays['final/enc.0.w'])).toEqual(Array.from(wa));
    expect(Array.from(c.save().arrays['final/enc.0.w'])).not.toEqual(Array.from(wa));
    [a, b, c].forEach((v) => {
      v.dispose();
    });
  });

  it('keeps the number of live tensors constant across steps and whole runs', async () => {
    const before = tf.memory().numTensors;
    const counts: number[] = [];
    const vae = await trainVae(vaeConfig({ mode: 'per_class', likelihood: 'mixed' }), data, {
      seed: 3,
      checkpoints: [10],
      onStep: () => counts.push(tf.memory().numTensors),
    });
    expect(new Set(counts).size).toBe(1);
    vae.encodeMean(data.x, data.rows, 1);
    vae.decode(new Float32Array(4), 2, 2);
    vae.reconstructAt(10, data.x, data.rows, 0);
    vae.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('ramps β linearly over the warm-up steps', async () => {
    const vae = await trainVae(
      vaeConfig({ betaValue: 2, betaWarmupSteps: 20, train: { steps: 30, epochs: null, batch: 8, lr: 0.01, optimizer: 'adam' } }),
      data,
      {
        seed: 1,
        checkpoints: [],
      },
    );
    expect(vae.history[0].beta).toBeCloseTo(0.1, 12);
    expect(vae.history[9].beta).toBeCloseTo(1, 12);
    expect(vae.history[29].beta).toBe(2);
    vae.dispose();
  });

  it('trains with the gaussian, categorical-group and mixed likelihoods', async () => {
    for (const likelihood of ['gaussian', 'mixed'] as const) {
      const vae = await trainVae(
        vaeConfig({ likelihood, train: { steps: 100, epochs: null, batch: 16, lr: 0.01, optimizer: 'adam' } }),
        data,
        { seed: 2, checkpoints: [] },
      );
      const [head, tail] = firstAndLast(vae.history);
      expect(tail).toBeLessThan(head);
      vae.dispose();
    }
    const oneHotOnly = { ...mixedTable(30), features: 3, groups: [{ column: 0, kind: 'categorical' as const, start: 0, end: 3 }] };
    oneHotOnly.x = Float32Array.from({ length: 90 }, (_, i) => (i % 3 === Math.floor(i / 3) % 3 ? 1 : 0));
    const vae = await trainVae(vaeConfig({ likelihood: 'categorical' }), oneHotOnly, { seed: 2, checkpoints: [] });
    const means = vae.decode(new Float32Array(2), 1, 0);
    expect(means[0] + means[1] + means[2]).toBeCloseTo(1, 5); // a softmax over the group
    vae.dispose();
  });

  it('stops with an error naming the step and the term when a loss is not finite', async () => {
    const huge = mixedTable(20);
    huge.x = huge.x.map((v) => v * 1e30);
    await expect(trainVae(vaeConfig({ likelihood: 'gaussian' }), huge, { seed: 1, checkpoints: [] })).rejects.toThrow(
      /^VAE 'vae' diverged at step 1: the reconstruction loss is (NaN|Infinity)\. /,
    );
    expect(tf.memory().numTensors).toBe(0);
  });

  it('rejects bad input with clear messages', async () => {
    const outside = mixedTable(10);
    outside.x[13] = 1.5;
    await expect(trainVae(vaeConfig(), outside, { seed: 1, checkpoints: [] })).rejects.toThrow('row 1, feature 5 is 1.5 (outside [0,1])');
    await expect(trainVae(vaeConfig({ likelihood: 'categorical' }), data, { seed: 1, checkpoints: [] })).rejects.toThrow(
      "needs every column categorical, but column 0 is continuous; use 'mixed'",
    );
    await expect(
      trainVae(vaeConfig({ train: { steps: 0, epochs: null, batch: 8, lr: 0.01, optimizer: 'adam' } }), data, { seed: 1, checkpoints: [] }),
    ).rejects.toThrow("VAE 'vae' needs at least one training step and a batch of at least 1 (steps 0, batch 8).");
    const twoClasses = { ...data, numClasses: 4 };
    await expect(trainVae(vaeConfig({ mode: 'per_class' }), twoClasses, { seed: 1, checkpoints: [] })).rejects.toThrow(
      "Per-class VAE 'vae' has no training examples of class 3",
    );
    await expect(
      trainVae(
        vaeConfig({
          encoder: { kind: 'conv', filters: [4], kernel: 3, dense: [] },
          decoder: { kind: 'conv', filters: [4], kernel: 3, dense: [] },
        }),
        data,
        { seed: 1, checkpoints: [] },
      ),
    ).rejects.toThrow("VAE 'vae' has conv layers but its data is a table");
  });

  it('round-trips through save() and loadVae(), checkpoints included', async () => {
    const vae = await trainVae(vaeConfig({ mode: 'per_class' }), data, { seed: 5, checkpoints: [5, 1000] });
    const six = data.x.subarray(0, 6 * data.features);
    const artifact = vae.save();
    const restored = loadVae({ json: JSON.parse(JSON.stringify(artifact.json)), arrays: artifact.arrays });
    expect(restored.modelCount).toBe(3);
    expect(Array.from(restored.encodeMean(six, 6, 2))).toEqual(Array.from(vae.encodeMean(six, 6, 2)));
    const early = restored.reconstructAt(5, six, 6, 1);
    const late = restored.reconstructAt(1000, six, 6, 1); // beyond the last step: the final weights
    const final = restored.decode(restored.encodeMean(six, 6, 1), 6, 1);
    expect(Array.from(late)).toEqual(Array.from(final));
    expect(Array.from(early)).not.toEqual(Array.from(late));
    expect(() => restored.reconstructAt(7, six, 6, 1)).toThrow('kept no checkpoint at step 7 (kept: 5, 1000)');
    expect(() => restored.encodeMean(six, 6, 3)).toThrow('has 3 model(s); model 3 does not exist');
    expect(() => loadVae({ json: { format: 'other' }, arrays: {} })).toThrow('Not a saved augc VAE');
    vae.dispose();
    restored.dispose();
  });
});
