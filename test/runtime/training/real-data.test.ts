/**
 * e2e: VAEs on a real PROBEN1 set (thyroid). Needs AUGC_DATA_PATH (the folder holding proben1/).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../src/runtime/backend/init-backend.ts';
import { trainVae } from '../../../src/runtime/training/train-vae.ts';
import { prepareData, toLabeledData } from '../../../src/runtime/data/index.ts';
import type { LabeledData } from '../../../src/runtime/components.ts';
import { vaeConfig } from '../models/fixtures.ts';

const dataPath = process.env.AUGC_DATA_PATH;
const reason = 'AUGC_DATA_PATH is unset: skipping the real-data VAE tests (export AUGC_DATA_PATH=/path/to/datasets)';
if (!dataPath) console.warn(reason);

function meanSquaredError(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] - b[i]) ** 2;
  return s / a.length;
}

describe.skipIf(!dataPath)('e2e: VAE on PROBEN1 thyroid', () => {
  let train: LabeledData;
  let heldOut: LabeledData;

  beforeAll(async () => {
    await initBackend();
    const prepared = await prepareData({
      name: 'thyroid',
      source: { kind: 'proben1', name: 'thyroid', permutation: 1 },
      preprocess: { continuous: 'minmax', impute: 'mean_mode' },
      split: { kind: 'partition', parts: ['train', 'validation', 'test'], fitOn: 'train' },
    });
    train = toLabeledData(prepared, prepared.parts.train);
    heldOut = toLabeledData(prepared, prepared.parts.test);
  });

  it('lowers the loss and reconstructs held-out rows better than the column means', async () => {
    // β_norm = β·d/N with β = 1 (the reference setting); a plain β = 1 collapses the posterior here
    const betaNorm = (1 * 2) / train.features;
    const config = vaeConfig({
      latent: 2,
      beta: { kind: 'norm', value: 1, resolved: betaNorm },
      betaValue: betaNorm,
      encoder: { kind: 'dense', widths: [64, 32] },
      decoder: { kind: 'dense', widths: [32, 64] },
      train: { steps: 400, epochs: null, batch: 64, lr: 0.003, optimizer: 'adam' },
    });
    const vae = await trainVae(config, train, { seed: 1, checkpoints: [] });
    const h = vae.history;
    const head = h.slice(0, 10).reduce((a, r) => a + r.total, 0) / 10;
    const tail = h.slice(-10).reduce((a, r) => a + r.total, 0) / 10;
    expect(tail).toBeLessThan(head * 0.8);

    const N = train.features;
    const means = new Float32Array(N);
    for (let i = 0; i < train.rows; i++) for (let j = 0; j < N; j++) means[j] += train.x[i * N + j] / train.rows;
    const meanPrediction = Float32Array.from(heldOut.x, (_, k) => means[k % N]);
    const reconstruction = vae.decode(vae.encodeMean(heldOut.x, heldOut.rows, 0), heldOut.rows, 0);
    const vaeError = meanSquaredError(reconstruction, heldOut.x);
    const meanError = meanSquaredError(meanPrediction, heldOut.x);
    expect(vaeError).toBeLessThan(meanError * 0.7);
    vae.dispose();
  });

  it('trains one model per class with mix-in on the real set', async () => {
    const config = vaeConfig({
      mode: 'per_class',
      mixIn: 0.2,
      train: { steps: 100, epochs: null, batch: 32, lr: 0.003, optimizer: 'adam' },
    });
    const vae = await trainVae(config, train, { seed: 2, checkpoints: [] });
    expect(vae.modelCount).toBe(3);
    expect(vae.history[vae.history.length - 1].total).toBeLessThan(vae.history[0].total);
    vae.dispose();
  });
});
