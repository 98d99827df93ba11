/**
 * Reconstruction terms −log p(x|z) of the VAE, per example (summed over features), from decoder
 * logits:
 *   bernoulli   — binary cross-entropy with logits (inputs in [0,1]); decoder mean sigmoid(logit)
 *   gaussian    — ½·squared error (unit variance: −log N(x; μ, 1) up to a constant); mean = logit
 *   categorical — softmax cross-entropy over each one-hot group; mean = softmax within the group
 *   mixed       — the sum of per-group terms: categorical groups softmax CE, binary groups
 *                 Bernoulli, continuous groups Gaussian
 * The encoded column groups come from the data layer (LabeledData.groups).
 */
import * as tf from '@tensorflow/tfjs';
import type { FeatureGroup } from '../data/types.ts';
import type { Likelihood } from '../../plan/types.ts';

/** A run of encoded features [start, end) with one reconstruction term. */
export interface LikelihoodSegment {
  kind: 'bernoulli' | 'gaussian' | 'categorical';
  start: number;
  end: number;
}

function checkCoverage(groups: FeatureGroup[], features: number, likelihood: Likelihood): void {
  const sorted = [...groups].sort((a, b) => a.start - b.start);
  let at = 0;
  for (const g of sorted) {
    if (g.start !== at || g.end <= g.start) {
      throw new Error(`Likelihood '${likelihood}' needs column groups covering every encoded feature; feature ${at} is not covered.`);
    }
    at = g.end;
  }
  if (at !== features) {
    throw new Error(`Likelihood '${likelihood}' needs column groups covering every encoded feature; they end at ${at} of ${features}.`);
  }
}

/** Plan the reconstruction terms; throws a clear error when the groups do not fit the likelihood. */
export function likelihoodSegments(likelihood: Likelihood, groups: FeatureGroup[], features: number): LikelihoodSegment[] {
  if (likelihood === 'bernoulli' || likelihood === 'gaussian') return [{ kind: likelihood, start: 0, end: features }];
  if (groups.length === 0) {
    throw new Error(
      `Likelihood '${likelihood}' needs the data's column groups, but this data has none (images?); use 'bernoulli' or 'gaussian'.`,
    );
  }
  checkCoverage(groups, features, likelihood);
  const segments: LikelihoodSegment[] = [];
  for (const g of [...groups].sort((a, b) => a.start - b.start)) {
    let kind: LikelihoodSegment['kind'];
    if (g.kind === 'categorical') kind = 'categorical';
    else if (likelihood === 'categorical') {
      throw new Error(`Likelihood 'categorical' needs every column categorical, but column ${g.column} is ${g.kind}; use 'mixed'.`);
    } else kind = g.kind === 'binary' ? 'bernoulli' : 'gaussian';
    const last = segments[segments.length - 1];
    // merge neighbouring element-wise terms of one kind into a single slice (fewer kernels per step)
    if (last && kind !== 'categorical' && last.kind === kind && last.end === g.start) last.end = g.end;
    else segments.push({ kind, start: g.start, end: g.end });
  }
  return segments;
}

function sliceFeatures(t: tf.Tensor3D, s: LikelihoodSegment, all: number): tf.Tensor3D {
  if (s.start === 0 && s.end === all) return t;
  return tf.slice(t, [0, 0, s.start], [t.shape[0], t.shape[1], s.end - s.start]);
}

/** −log p(x|z) per example: [M, B] from logits and targets [M, B, N]. Call inside tf.tidy. */
export function reconstructionLoss(segments: LikelihoodSegment[], logits: tf.Tensor3D, x: tf.Tensor3D): tf.Tensor2D {
  const n = logits.shape[2];
  const terms = segments.map((s) => {
    const l = sliceFeatures(logits, s, n);
    const t = sliceFeatures(x, s, n);
    switch (s.kind) {
      case 'bernoulli':
        // stable BCE with logits: max(l, 0) − l·x + log(1 + e^−|l|)
        return tf.sum(tf.add(tf.sub(tf.relu(l), tf.mul(l, t)), tf.log1p(tf.exp(tf.neg(tf.abs(l))))), 2);
      case 'gaussian':
        return tf.mul(tf.sum(tf.square(tf.sub(t, l)), 2), 0.5);
      case 'categorical':
        return tf.neg(tf.sum(tf.mul(t, tf.logSoftmax(l, 2)), 2));
      default:
        throw new Error(`unknown likelihood '${(s as { kind: string }).kind}'`);
    }
  });
  return (terms.length === 1 ? terms[0] : tf.addN(terms)) as tf.Tensor2D;
}

/** Decoder means [M, B, N] from logits. Call inside tf.tidy. */
export function decoderMean(segments: LikelihoodSegment[], logits: tf.Tensor3D): tf.Tensor3D {
  const n = logits.shape[2];
  const parts = segments.map((s) => {
    const l = sliceFeatures(logits, s, n);
    if (s.kind === 'bernoulli') return tf.sigmoid(l);
    if (s.kind === 'categorical') return tf.softmax(l, 2);
    return l;
  });
  return (parts.length === 1 ? parts[0] : tf.concat(parts, 2)) as tf.Tensor3D;
}

/** KL(N(μ, σ²) ‖ N(0, I)) per example: [M, B]. Call inside tf.tidy. */
export function klDivergence(mean: tf.Tensor3D, logVar: tf.Tensor3D): tf.Tensor2D {
  return tf.mul(tf.sum(tf.sub(tf.add(tf.square(mean), tf.exp(logVar)), tf.add(logVar, 1)), 2), 0.5) as tf.Tensor2D;
}
