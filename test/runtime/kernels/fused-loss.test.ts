import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { LabeledData, ResolvedVae } from '../../../src/runtime/components.ts';
import { initBackend, trainVae } from '../../../src/runtime/index.ts';
import { FUSED_LOSS_MAX_VALUES, fusedLossAvailable, fusedReparameterise, fusedVaeLoss } from '../../../src/runtime/kernels/fused-loss.ts';
import { setKernelOptions } from '../../../src/runtime/kernels/options.ts';
import { klDivergence, reconstructionLoss, type LikelihoodSegment } from '../../../src/runtime/models/likelihood.ts';
import { Random } from '../../../src/runtime/random.ts';
import { ALL, maxRelativeDifference, seededValues, withOptions } from './kernel-fixtures.ts';
import { vaeConfig } from '../models/fixtures.ts';

const [M, B, N, D] = [3, 5, 7, 2];
const MIXED: LikelihoodSegment[] = [
  { kind: 'bernoulli', start: 0, end: 3 },
  { kind: 'gaussian', start: 3, end: 5 },
  { kind: 'bernoulli', start: 5, end: 7 },
];

/** loss of the composed step (z → logits by a linear map W) on one path: [total, rec, kl] and ∂/∂(mean, logVar, W) */
function lossAndGrads(fused: boolean, segments: LikelihoodSegment[], beta: number) {
  const mean = tf.tensor3d(seededValues(M * B * D, 1), [M, B, D]);
  const logVar = tf.tensor3d(seededValues(M * B * D, 2, 0.5), [M, B, D]);
  const eps = tf.tensor3d(seededValues(M * B * D, 3), [M, B, D]);
  const w = tf.tensor3d(seededValues(M * D * N, 4, 2), [M, D, N]);
  const x = tf.tensor3d(
    Float32Array.from(seededValues(M * B * N, 5), (v) => 1 / (1 + Math.exp(-v))),
    [M, B, N],
  );
  let terms: tf.Tensor | null = null;
  const f = (mu: tf.Tensor, lv: tf.Tensor, weights: tf.Tensor): tf.Scalar => {
    const m3 = mu as tf.Tensor3D;
    const l3 = lv as tf.Tensor3D;
    if (fused) {
      const logits = tf.matMul(fusedReparameterise(m3, l3, eps), weights as tf.Tensor3D) as tf.Tensor3D;
      const loss = fusedVaeLoss(segments, logits, x, m3, l3, beta);
      terms = tf.keep(loss.terms);
      return loss.total;
    }
    const z = tf.add(m3, tf.mul(tf.exp(tf.mul(l3, 0.5)), eps)) as tf.Tensor3D;
    const rec = tf.mean(reconstructionLoss(segments, tf.matMul(z, weights as tf.Tensor3D), x), 1);
    const kl = tf.mean(klDivergence(m3, l3), 1);
    terms = tf.keep(tf.stack([tf.mean(rec), tf.mean(kl)]));
    return tf.sum(tf.add(rec, tf.mul(kl, beta))) as tf.Scalar;
  };
  const { value, grads } = tf.valueAndGrads(f)([mean, logVar, w]);
  const out = {
    total: value.dataSync()[0],
    terms: Array.from((terms as unknown as tf.Tensor).dataSync()),
    grads: grads.map((g) => g.dataSync()),
  };
  tf.dispose([mean, logVar, eps, w, x, value, ...grads, terms as unknown as tf.Tensor]);
  return out;
}

function tinyVae(likelihood: 'bernoulli' | 'gaussian' | 'categorical'): ResolvedVae {
  return vaeConfig({
    name: 'tiny',
    betaValue: 0.5,
    betaWarmupSteps: 10,
    encoder: { kind: 'dense', widths: [8] },
    decoder: { kind: 'dense', widths: [8] },
    likelihood,
    train: { steps: 40, epochs: null, batch: 8, lr: 0.01, optimizer: 'adam' },
  });
}

function tinyData(): LabeledData {
  const rng = new Random(9);
  const rows = 30;
  return {
    x: Float32Array.from({ length: rows * 6 }, () => rng.uniform()),
    y: new Int32Array(rows),
    rows,
    features: 6,
    numClasses: 1,
    imageShape: null,
    groups: [],
  };
}

async function history(config: ResolvedVae, fused: boolean) {
  const previous = setKernelOptions({ ...ALL, fusedLoss: fused });
  try {
    const vae = await trainVae(config, tinyData(), { seed: 4, checkpoints: [] });
    const records = vae.history;
    vae.dispose();
    return records;
  } finally {
    setKernelOptions(previous);
  }
}

describe('the fused VAE loss (fusedLoss)', () => {
  beforeAll(async () => {
    await initBackend('wasm');
  });

  for (const [name, segments] of [
    ['bernoulli', [{ kind: 'bernoulli', start: 0, end: N }]],
    ['gaussian', [{ kind: 'gaussian', start: 0, end: N }]],
    ['bernoulli and gaussian ranges', MIXED],
  ] as [string, LikelihoodSegment[]][]) {
    it(`${name}: loss, terms and gradients of mean, logVar and a decoder weight equal the op path`, () => {
      withOptions(ALL, () => expect(fusedLossAvailable(segments, M * B * N)).toBe(true));
      const plain = lossAndGrads(false, segments, 0.7);
      const fused = lossAndGrads(true, segments, 0.7);
      expect(plain.total).toBeGreaterThan(1);
      expect(Math.abs(fused.total - plain.total) / plain.total).toBeLessThan(1e-5);
      expect(maxRelativeDifference(fused.terms, plain.terms)).toBeLessThan(1e-5);
      // total = M · (rec + β·kl) with the terms averaged over models
      expect(fused.total).toBeCloseTo(M * (fused.terms[0] + 0.7 * fused.terms[1]), 3);
      expect(fused.grads.map((g) => g.length)).toEqual([M * B * D, M * B * D, M * D * N]);
      for (let i = 0; i < 3; i++) expect(maxRelativeDifference(fused.grads[i], plain.grads[i])).toBeLessThan(1e-5);
    });
  }

  it('categorical terms, large steps and the option turned off keep the op path', () => {
    const bernoulli: LikelihoodSegment[] = [{ kind: 'bernoulli', start: 0, end: 3 }];
    withOptions(ALL, () => expect(fusedLossAvailable([{ kind: 'categorical', start: 0, end: 3 }], 30)).toBe(false));
    withOptions({ ...ALL, fusedLoss: false }, () => expect(fusedLossAvailable(bernoulli, 30)).toBe(false));
    // large steps (an image batch: 128 × 784 values) are faster on the op path
    withOptions(ALL, () => expect(fusedLossAvailable(bernoulli, FUSED_LOSS_MAX_VALUES)).toBe(true));
    withOptions(ALL, () => expect(fusedLossAvailable(bernoulli, 128 * 784)).toBe(false));
  });

  for (const likelihood of ['bernoulli', 'gaussian'] as const) {
    it(`trainVae (${likelihood}, β warm-up, 40 steps, fixed seed) records the same losses with and without it, leaving no tensor`, async () => {
      const before = tf.memory().numTensors;
      const plain = await history(tinyVae(likelihood), false);
      const fused = await history(tinyVae(likelihood), true);
      expect(tf.memory().numTensors).toBe(before);
      expect(fused).toHaveLength(40);
      expect(fused.map((r) => r.beta)).toEqual(plain.map((r) => r.beta));
      for (const key of ['reconstruction', 'kl', 'total'] as const) {
        expect(
          maxRelativeDifference(
            fused.map((r) => r[key]),
            plain.map((r) => r[key]),
          ),
        ).toBeLessThan(1e-4);
      }
      // it learns: the last reconstruction is below the first
      expect(fused[39].reconstruction).toBeLessThan(fused[0].reconstruction);
    });
  }
});
