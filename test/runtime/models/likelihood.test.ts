import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../src/runtime/backend/init-backend.ts';
import { decoderMean, klDivergence, likelihoodSegments, reconstructionLoss } from '../../../src/runtime/models/likelihood.ts';
import type { FeatureGroup } from '../../../src/runtime/data/types.ts';

beforeAll(async () => {
  await initBackend();
});

const groups: FeatureGroup[] = [
  { column: 0, kind: 'continuous', start: 0, end: 1 },
  { column: 1, kind: 'binary', start: 1, end: 2 },
  { column: 2, kind: 'categorical', start: 2, end: 4 },
];

const run = (f: () => tf.Tensor) => Array.from(tf.tidy(() => f().dataSync()));

describe('likelihoods', () => {
  const logits = [0.5, -1, 2, 0];
  const x = [0.2, 1, 0, 1];

  it('bernoulli: binary cross-entropy with logits, summed over features', () => {
    const seg = likelihoodSegments('bernoulli', [], 4);
    const expected = logits.reduce(
      (a, l, i) => a - (x[i] * Math.log(1 / (1 + Math.exp(-l))) + (1 - x[i]) * Math.log(1 - 1 / (1 + Math.exp(-l)))),
      0,
    );
    const [loss] = run(() => reconstructionLoss(seg, tf.tensor3d(logits, [1, 1, 4]), tf.tensor3d(x, [1, 1, 4])));
    expect(loss).toBeCloseTo(expected, 5);
  });

  it('gaussian: half the squared error', () => {
    const seg = likelihoodSegments('gaussian', [], 4);
    const expected = 0.5 * logits.reduce((a, l, i) => a + (x[i] - l) ** 2, 0);
    expect(run(() => reconstructionLoss(seg, tf.tensor3d(logits, [1, 1, 4]), tf.tensor3d(x, [1, 1, 4])))[0]).toBeCloseTo(expected, 5);
  });

  it('mixed: gaussian + bernoulli + softmax cross-entropy per group; means per group', () => {
    const seg = likelihoodSegments('mixed', groups, 4);
    expect(seg.map((s) => s.kind)).toEqual(['gaussian', 'bernoulli', 'categorical']);
    const gaussian = 0.5 * (0.2 - 0.5) ** 2;
    const bernoulli = Math.log(1 + Math.exp(1)); // x = 1, logit −1
    const categorical = -(0 - Math.log(Math.exp(2) + Math.exp(0))); // x picks the logit 0
    expect(run(() => reconstructionLoss(seg, tf.tensor3d(logits, [1, 1, 4]), tf.tensor3d(x, [1, 1, 4])))[0]).toBeCloseTo(
      gaussian + bernoulli + categorical,
      5,
    );
    const means = run(() => decoderMean(seg, tf.tensor3d(logits, [1, 1, 4])));
    expect(means[0]).toBeCloseTo(0.5, 6);
    expect(means[1]).toBeCloseTo(1 / (1 + Math.E), 6);
    expect(means[2] + means[3]).toBeCloseTo(1, 6);
    expect(means[2]).toBeCloseTo(Math.exp(2) / (Math.exp(2) + 1), 6);
  });

  it('KL(N(μ, σ²) ‖ N(0, 1)) per example', () => {
    const [kl] = run(() => klDivergence(tf.tensor3d([[[1, 0]]]), tf.tensor3d([[[0, Math.log(4)]]])));
    // ½(μ² + σ² − 1 − log σ²) summed: ½(1 + 1 − 1 − 0) + ½(0 + 4 − 1 − log 4)
    expect(kl).toBeCloseTo(0.5 + 0.5 * (3 - Math.log(4)), 5);
  });

  it('rejects groups that do not cover the features', () => {
    expect(() => likelihoodSegments('mixed', groups.slice(0, 2), 4)).toThrow('they end at 2 of 4');
    expect(() => likelihoodSegments('mixed', [], 4)).toThrow("Likelihood 'mixed' needs the data's column groups");
  });
});
