import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../src/runtime/backend/init-backend.ts';
import { generate } from '../../../src/runtime/sampling/generate.ts';
import { trainVae } from '../../../src/runtime/training/train-vae.ts';
import type { Artifact, GenerateOptions, LabeledData, TrainedVae } from '../../../src/runtime/components.ts';
import { Random } from '../../../src/runtime/random.ts';
import { mixedTable, vaeConfig } from '../models/fixtures.ts';

beforeAll(async () => {
  await initBackend();
});

/** A VAE whose latent mean is the input and whose decoder is the identity: recipe geometry is exact. */
function identityVae(mode: 'single' | 'per_class', d: number, models: number): TrainedVae {
  return {
    config: vaeConfig({ mode, latent: d, likelihood: 'gaussian' }),
    modelCount: models,
    history: [],
    encodeMean: (x) => Float32Array.from(x),
    decode: (z) => Float32Array.from(z),
    reconstructAt: (_s, x) => Float32Array.from(x),
    save: (): Artifact => ({ json: null, arrays: {} }),
    dispose: () => undefined,
  };
}

/** Points on a plane, two classes, well outside [0,1] so nothing is clipped. */
function plane(rows: number): LabeledData {
  const rng = new Random(3);
  const x = Float32Array.from({ length: rows * 2 }, () => rng.normal() * 3);
  const y = Int32Array.from({ length: rows }, (_, i) => i % 2);
  return { x, y, rows, features: 2, numClasses: 2, imageShape: null, groups: [] };
}

function options(
  recipe: GenerateOptions['recipe'],
  count: GenerateOptions['count'] = { kind: 'same' },
  plusNoise: GenerateOptions['plusNoise'] = null,
): GenerateOptions {
  return { seed: 5, recipe, plusNoise, count };
}

const dist = (x: Float32Array, i: number, y: Float32Array, j: number) => Math.hypot(x[2 * i] - y[2 * j], x[2 * i + 1] - y[2 * j + 1]);

describe('latent recipes', () => {
  const data = plane(40);
  const vae = identityVae('single', 2, 1);

  it('interpolate with α → 0 returns μ(x_i), and labels are inherited', async () => {
    const g = await generate(vae, data, options({ kind: 'interpolate', k: 3, alpha: 1e-7 }));
    expect(g.rows).toBe(40);
    for (let r = 0; r < g.rows; r++) {
      expect(dist(g.x, r, data.x, g.source[r])).toBeLessThan(1e-5);
      expect(g.y[r]).toBe(data.y[g.source[r]]);
    }
    // every original is used once with count 'same'
    expect([...g.source].sort((a, b) => a - b)).toEqual(Array.from({ length: 40 }, (_, i) => i));
  });

  it('interpolate with α = 1 lands on a same-class neighbour among the k nearest', async () => {
    const g = await generate(vae, data, options({ kind: 'interpolate', k: 2, alpha: 1 }));
    for (let r = 0; r < g.rows; r++) {
      const i = g.source[r];
      const others = Array.from({ length: 40 }, (_, j) => j).filter((j) => j !== i && data.y[j] === data.y[i]);
      const ranked = others.sort((a, b) => dist(data.x, i, data.x, a) - dist(data.x, i, data.x, b));
      const landed = ranked.findIndex((j) => dist(g.x, r, data.x, j) < 1e-5);
      expect(landed).toBeGreaterThanOrEqual(0);
      expect(landed).toBeLessThan(2);
    }
  });

  it('extrapolate moves away from the neighbour: |ẑ − μ_k| = (1 + α)|μ_i − μ_k|', async () => {
    const alpha = 0.5;
    const inter = await generate(vae, data, options({ kind: 'interpolate', k: 1, alpha: 1 }));
    const extra = await generate(vae, data, options({ kind: 'extrapolate', k: 1, alpha }));
    // with k = 1 the neighbour is fixed: interpolation at α = 1 finds it for each source
    const neighbourOf = new Map<number, number>();
    for (let r = 0; r < inter.rows; r++) neighbourOf.set(inter.source[r], r);
    for (let r = 0; r < extra.rows; r++) {
      const i = extra.source[r];
      const k = neighbourOf.get(i) as number;
      const before = dist(data.x, i, inter.x, k);
      expect(dist(extra.x, r, inter.x, k)).toBeCloseTo((1 + alpha) * before, 4);
      expect(dist(extra.x, r, data.x, i)).toBeCloseTo(alpha * before, 4);
    }
  });

  it('noise(α) spreads around μ(x_i) with standard deviation α', async () => {
    const alpha = 0.3;
    const g = await generate(vae, data, options({ kind: 'noise', alpha }, { kind: 'fixed', perClass: 2000 }));
    let sum = 0;
    let sq = 0;
    for (let r = 0; r < g.rows; r++) {
      for (let t = 0; t < 2; t++) {
        const e = g.x[2 * r + t] - data.x[2 * g.source[r] + t];
        sum += e;
        sq += e * e;
      }
    }
    const n = g.rows * 2;
    expect(Math.abs(sum / n)).toBeLessThan(0.01);
    expect(Math.sqrt(sq / n)).toBeGreaterThan(alpha * 0.97);
    expect(Math.sqrt(sq / n)).toBeLessThan(alpha * 1.03);
  });

  it('adds noise after an interpolation step (plusNoise)', async () => {
    const plain = await generate(vae, data, options({ kind: 'interpolate', k: 3, alpha: 1e-7 }));
    const noisy = await generate(vae, data, options({ kind: 'interpolate', k: 3, alpha: 1e-7 }, { kind: 'same' }, { alpha: 0.5 }));
    const moved = Array.from({ length: noisy.rows }, (_, r) => dist(noisy.x, r, data.x, noisy.source[r]));
    expect(moved.reduce((a, b) => a + b, 0) / moved.length).toBeGreaterThan(0.3);
    expect(plain.rows).toBe(noisy.rows);
  });

  it('prior needs a per_class VAE and labels samples with the model class', async () => {
    await expect(generate(vae, data, options({ kind: 'prior', alpha: 1 }))).rejects.toThrow(
      "Recipe 'prior' needs a per_class VAE (its samples take the model's class); VAE 'vae' is single.",
    );
    const perClass = identityVae('per_class', 2, 2);
    const g = await generate(perClass, data, options({ kind: 'prior', alpha: 2 }, { kind: 'fixed', perClass: 500 }));
    expect(g.rows).toBe(1000);
    expect(Array.from(g.y.subarray(0, 500)).every((c) => c === 0)).toBe(true);
    expect(Array.from(g.y.subarray(500)).every((c) => c === 1)).toBe(true);
    expect(Array.from(g.source).every((s) => s === -1)).toBe(true);
    const sd = Math.sqrt(g.x.reduce((a, v) => a + v * v, 0) / g.x.length);
    expect(sd).toBeGreaterThan(1.85);
    expect(sd).toBeLessThan(2.15);
  });

  it('counts: fixed per class, same as the originals, balance to the largest class', async () => {
    const skewed = { ...data, y: Int32Array.from({ length: 40 }, (_, i) => (i < 30 ? 0 : 1)) };
    const count = async (c: GenerateOptions['count']) => {
      const g = await generate(vae, skewed, options({ kind: 'noise', alpha: 0.1 }, c));
      return [g.y.filter((v) => v === 0).length, g.y.filter((v) => v === 1).length];
    };
    expect(await count({ kind: 'fixed', perClass: 7 })).toEqual([7, 7]);
    expect(await count({ kind: 'same' })).toEqual([30, 10]);
    expect(await count({ kind: 'balance' })).toEqual([0, 20]);
  });

  it('is deterministic for a seed', async () => {
    const a = await generate(vae, data, options({ kind: 'extrapolate', k: 3, alpha: 0.4 }, { kind: 'same' }, { alpha: 0.1 }));
    const b = await generate(vae, data, options({ kind: 'extrapolate', k: 3, alpha: 0.4 }, { kind: 'same' }, { alpha: 0.1 }));
    expect(Array.from(a.x)).toEqual(Array.from(b.x));
    expect(Array.from(a.source)).toEqual(Array.from(b.source));
  });
});

describe('decoded tabular samples from a trained VAE', () => {
  it('are valid records: one-hot categories, 0/1 binaries, values in [0,1]', async () => {
    const data = mixedTable(60);
    for (const mode of ['single', 'per_class'] as const) {
      const before = tf.memory().numTensors;
      const vae = await trainVae(vaeConfig({ mode, likelihood: 'mixed' }), data, { seed: 1, checkpoints: [] });
      const recipe = mode === 'single' ? ({ kind: 'extrapolate', k: 3, alpha: 0.5 } as const) : ({ kind: 'prior', alpha: 1 } as const);
      const g = await generate(vae, data, { seed: 2, recipe, plusNoise: null, count: { kind: 'fixed', perClass: 20 } });
      // a second run adds no tensors (the VAE's own weight tensors stay until dispose)
      const held = tf.memory().numTensors;
      await generate(vae, data, { seed: 3, recipe, plusNoise: null, count: { kind: 'fixed', perClass: 20 } });
      expect(tf.memory().numTensors).toBe(held);
      expect(g.rows).toBe(60);
      for (let r = 0; r < g.rows; r++) {
        const row = g.x.subarray(r * 8, r * 8 + 8);
        for (let j = 0; j < 4; j++) expect(row[j] >= 0 && row[j] <= 1).toBe(true);
        expect(Array.from(row.subarray(4, 7)).sort()).toEqual([0, 0, 1]);
        expect([0, 1]).toContain(row[7]);
      }
      vae.dispose();
      expect(tf.memory().numTensors).toBe(before);
    }
  });
});
