import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../src/runtime/backend/init-backend.ts';
import { trainVae } from '../../../src/runtime/training/train-vae.ts';
import { loadVae } from '../../../src/runtime/models/stacked-vae.ts';
import { generate } from '../../../src/runtime/sampling/generate.ts';
import { tinyImages, vaeConfig } from './fixtures.ts';

beforeAll(async () => {
  await initBackend();
});

const conv = vaeConfig({
  latent: 3,
  encoder: { kind: 'conv', filters: [4, 8], kernel: 3, dense: [16] },
  decoder: { kind: 'conv', filters: [8, 4], kernel: 3, dense: [16] },
  train: { steps: 80, epochs: null, batch: 8, lr: 0.01, optimizer: 'adam' },
});

describe('conv VAE', () => {
  const images = tinyImages(32);

  it('trains on images (loss falls), decodes images in [0,1] and leaks nothing', async () => {
    const before = tf.memory().numTensors;
    const vae = await trainVae(conv, images, { seed: 1, checkpoints: [10] });
    const h = vae.history;
    const head = h.slice(0, 5).reduce((a, r) => a + r.total, 0) / 5;
    const tail = h.slice(-5).reduce((a, r) => a + r.total, 0) / 5;
    expect(tail).toBeLessThan(head * 0.8);
    const z = vae.encodeMean(images.x.subarray(0, 4 * 64), 4, 0);
    expect(z.length).toBe(12);
    const decoded = vae.decode(z, 4, 0);
    expect(decoded.length).toBe(4 * 64);
    expect(decoded.every((v) => v >= 0 && v <= 1)).toBe(true);
    // class 0 is bright on the left, class 1 on top: the reconstructions keep that
    const left = (r: number) => decoded[r * 64 + 8 * 6 + 1];
    const right = (r: number) => decoded[r * 64 + 8 * 6 + 6];
    expect(left(0)).toBeGreaterThan(right(0));
    const restored = loadVae(vae.save());
    expect(Array.from(restored.reconstructAt(10, images.x.subarray(0, 64), 1, 0)).length).toBe(64);
    restored.dispose();
    vae.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('stacks one conv VAE per class and samples from the prior with the class label', async () => {
    const vae = await trainVae({ ...conv, mode: 'per_class', train: { ...conv.train, steps: 20 } }, images, { seed: 2, checkpoints: [] });
    expect(vae.modelCount).toBe(2);
    const g = await generate(vae, images, {
      seed: 1,
      recipe: { kind: 'prior', alpha: 1 },
      plusNoise: null,
      count: { kind: 'fixed', perClass: 3 },
    });
    expect(g.rows).toBe(6);
    expect(Array.from(g.y)).toEqual([0, 0, 0, 1, 1, 1]);
    expect(g.x.length).toBe(6 * 64);
    vae.dispose();
  });
});
