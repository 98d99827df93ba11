/**
 * Downstream classifiers as plain parameter maps (M = 1 on the stacked dense kernel):
 *   logistic — one linear layer to the classes (softmax regression)
 *   mlp      — per hidden width: dense → activation → batch norm (optional) → dropout (optional),
 *              the order of the reference PROBEN1 classifier ("LeakyReLU, batch normalisation and
 *              dropout after each"); then a linear layer to the classes
 *   cnn      — per conv block (filter count): 3×3 convolution ('same') → activation → 2×2 max-pool
 *              → dropout (as the reference MNIST CNN); flatten; then the mlp part on `hidden`
 * Batch norm uses batch statistics while training and running statistics (momentum 0.1, unbiased
 * variance, ε 1e-5 — PyTorch's BatchNorm1d) for inference. Dropout draws from a seed per step.
 */
import * as tf from '@tensorflow/tfjs';
import type { ClassifierNode } from '../../plan/types.ts';
import { stackedDense, activate } from '../kernels/dense.ts';
import type { ParamSpec, Params } from './param-store.ts';
import { denseSpecs } from './dense-vae-network.ts';
import { conv2dSame, maxPool2x } from './conv-ops.ts';
import { FUSED_DROPOUT_MAX_VALUES, fusedClassifierAvailable, fusedNormDropout } from '../kernels/fused-classifier.ts';

/** weight of the newest batch in the running statistics (PyTorch's default) */
export const BATCH_NORM_MOMENTUM = 0.1;
/** added to the variance before the square root (PyTorch's default) */
export const BATCH_NORM_EPSILON = 1e-5;

/** Running statistics of the batch-norm layers, by layer name (`bn.i`). */
export type RunningStats = Record<string, { mean: Float32Array; variance: Float32Array }>;

/** One forward pass: logits and, while training, the batch statistics of each batch-norm layer. */
export interface ClassifierForward {
  logits: tf.Tensor2D;
  /** training mode: each batch-norm layer's batch mean and unbiased variance */
  batchStats: Record<string, { mean: tf.Tensor; variance: tf.Tensor }>;
}

/** A classifier's parameter specs and forward pass (see the file comment for the layers). */
export interface ClassifierNetwork {
  specs: ParamSpec[];
  /** batch-norm layer names and widths (running statistics start at mean 0, variance 1) */
  batchNorms: { name: string; width: number }[];
  /** Call inside tf.tidy. `dropoutSeed` null = inference (no dropout, running statistics). */
  forward(params: Params, running: Params, x: tf.Tensor2D, dropoutSeed: number | null): ClassifierForward;
}

/** Build the network of a classifier config for data of this shape; a cnn needs images. */
export function buildClassifierNetwork(
  config: ClassifierNode,
  features: number,
  numClasses: number,
  imageShape: [number, number, number] | null,
): ClassifierNetwork {
  if (config.kind === 'cnn' && !imageShape) {
    throw new Error(`Classifier '${config.name}' is a cnn but its data is a table; use an mlp.`);
  }
  const hidden = config.kind === 'logistic' ? [] : config.hidden;
  const convFilters = config.kind === 'cnn' ? config.convFilters : [];
  const specs: ParamSpec[] = [];
  let width = features;
  let [h, w, c] = imageShape ?? [0, 0, 0];
  convFilters.forEach((f, i) => {
    specs.push({ name: `conv.${i}.w`, shape: [1, 3, 3, c, f], fanIn: 9 * c }, { name: `conv.${i}.b`, shape: [f], fanIn: 9 * c });
    [h, w, c] = [Math.ceil(h / 2), Math.ceil(w / 2), f];
  });
  if (convFilters.length > 0) width = h * w * c;
  const batchNorms: { name: string; width: number }[] = [];
  hidden.forEach((units, i) => {
    specs.push(...denseSpecs(`dense.${i}`, width, units, 1));
    if (config.batchNorm) {
      batchNorms.push({ name: `bn.${i}`, width: units });
      // γ starts at 1 and β at 0 (PyTorch)
      specs.push({ name: `bn.${i}.gamma`, shape: [units], fanIn: 1, fill: 1 }, { name: `bn.${i}.beta`, shape: [units], fanIn: 1, fill: 0 });
    }
    width = units;
  });
  specs.push(...denseSpecs('out', width, numClasses, 1));

  const act = config.activation;
  return {
    specs,
    batchNorms,
    forward(params, running, x, dropoutSeed) {
      const training = dropoutSeed !== null;
      // training mode's batch norm and dropout as kernels (kernels/fused-classifier.ts), when on
      const fused = training && fusedClassifierAvailable();
      let seed = dropoutSeed ?? 0;
      const dropout = <T extends tf.Tensor>(t: T): T => {
        if (!training || config.dropout <= 0) return t;
        if (fused && t.size <= FUSED_DROPOUT_MAX_VALUES) return fusedNormDropout(t, null, { rate: config.dropout, seed: seed++ }).y;
        return tf.dropout(t, config.dropout, undefined, seed++) as T;
      };
      const batchStats: ClassifierForward['batchStats'] = {};
      const rows = x.shape[0];
      let hCur: tf.Tensor = x;
      if (convFilters.length > 0 && imageShape) {
        let maps = tf.reshape(x, [rows, ...imageShape]) as tf.Tensor4D;
        convFilters.forEach((_, i) => {
          const w = params[`conv.${i}.w`];
          // the first block's input is the data: no gradient is computed for it
          const filter = tf.reshape(w, w.shape.slice(1) as [number, number, number, number]) as tf.Tensor4D;
          const conv = conv2dSame(maps, filter, params[`conv.${i}.b`], 1, i === 0);
          maps = dropout(maxPool2x(activate(conv, act) as tf.Tensor4D)) as tf.Tensor4D;
        });
        hCur = tf.reshape(maps, [rows, -1]);
      }
      let h3 = tf.reshape(hCur, [1, rows, -1]) as tf.Tensor3D;
      hidden.forEach((_, i) => {
        h3 = stackedDense(h3, params[`dense.${i}.w`] as tf.Tensor3D, params[`dense.${i}.b`] as tf.Tensor3D, act);
        if (config.batchNorm && fused) {
          const name = `bn.${i}`;
          const norm = { gamma: params[`${name}.gamma`], beta: params[`${name}.beta`], epsilon: BATCH_NORM_EPSILON };
          const rate = config.dropout > 0 ? { rate: config.dropout, seed: seed++ } : null;
          const out = fusedNormDropout(h3, norm, rate);
          batchStats[name] = out.stats as NonNullable<typeof out.stats>;
          h3 = out.y;
          return;
        }
        if (config.batchNorm) {
          const name = `bn.${i}`;
          let mean: tf.Tensor;
          let variance: tf.Tensor;
          if (training) {
            const moments = tf.moments(h3, [0, 1]);
            mean = moments.mean;
            variance = moments.variance;
            const n = rows;
            batchStats[name] = { mean, variance: n > 1 ? tf.mul(variance, n / (n - 1)) : variance };
          } else {
            mean = running[`${name}.mean`];
            variance = running[`${name}.variance`];
          }
          const normalised = tf.div(tf.sub(h3, mean), tf.sqrt(tf.add(variance, BATCH_NORM_EPSILON)));
          h3 = tf.add(tf.mul(normalised, params[`${name}.gamma`]), params[`${name}.beta`]) as tf.Tensor3D;
        }
        h3 = dropout(h3) as tf.Tensor3D;
      });
      const logits = stackedDense(h3, params['out.w'] as tf.Tensor3D, params['out.b'] as tf.Tensor3D, 'linear');
      return { logits: tf.reshape(logits, [rows, numClasses]) as tf.Tensor2D, batchStats };
    },
  };
}
