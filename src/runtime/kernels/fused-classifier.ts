/**
 * The classifier's training-mode layers as kernels with hand-written gradients (the `fusedNorm`
 * option).
 *
 * The plain path spells a hidden layer's batch norm as ~13 TF.js ops (tf.moments, the
 * normalisation, γ and β), its dropout as 4 more, and their gradients as ~35; the cross-entropy
 * takes ~8 ops and ~10 for its gradient. At the PROBEN1 MLP's size (batch 32, widths 128-256-512)
 * each op costs more engine bookkeeping than arithmetic: 255 kernels a step (bench/profile-ops.ts
 * clf-mlp). Here:
 *   AugcBatchNormDropout (x, γ, β, u; keep, epsilon) → y, mean, variance, invStd
 *       (AugcBatchNorm without u, AugcDropout without γ and β, giving y only)
 *       batch norm over the rows (all but the last axis) with the batch's statistics, then
 *       dropout with multiplier floor(u + keep) / keep (tf.dropout's, from the same uniforms u);
 *       `variance` is the unbiased one the running statistics take, `invStd` 1/√(biased + ε)
 *       gradient: one kernel, AugcNormDropoutGrad → dx [, dγ, dβ]
 *   AugcCrossEntropy (logits [rows, classes], labels int32 [rows]) → mean softmax cross-entropy
 *       gradient: one kernel, AugcCrossEntropyGrad → dLogits = dy · (softmax − one-hot) / rows
 * Each kernel reads and writes its operands in place on the wasm heap (js-kernel.ts); the batch norm
 * loops run as 128-bit SIMD there for whole groups of four features, in JS (double-precision sums)
 * otherwise (norm-dropout-loops.ts). Results agree with the plain ops to float32 rounding
 * (test/runtime/kernels/fused-classifier.test.ts).
 * The batch statistics carry no gradient (they feed only the running statistics).
 */
import * as tf from '@tensorflow/tfjs';
import type { KernelFunc, NamedAttrMap, Tensor, TensorInfo } from '@tensorflow/tfjs';
import { compute, kernelRegistration } from './js-kernel.ts';
import { at, normDropoutBackward, normDropoutForward, normSimd } from './norm-dropout-loops.ts';
import { kernelOptionEnabled } from './options.ts';

/** the forward kernel by what it does (one function; three names, because a gradient saves a fixed list of inputs) */
export const NORM_DROPOUT_KERNELS = { norm: 'AugcBatchNorm', dropout: 'AugcDropout', both: 'AugcBatchNormDropout' } as const;
export const NORM_DROPOUT_GRAD_KERNEL = 'AugcNormDropoutGrad';
export const CROSS_ENTROPY_KERNEL = 'AugcCrossEntropy';
export const CROSS_ENTROPY_GRAD_KERNEL = 'AugcCrossEntropyGrad';

interface NormDropoutAttrs {
  batchNorm: boolean;
  /** 1 − the dropout rate, as float32 (1: no dropout, no uniforms given) */
  keep: number;
  epsilon: number;
}

/** [rows, units]: the last axis is the features, every other axis counts rows */
function rowsAndUnits(shape: number[]): [number, number] {
  const units = shape[shape.length - 1];
  return [shape.reduce((p, d) => p * d, 1) / units, units];
}

const normDropout: KernelFunc = ({ inputs, backend, attrs }) => {
  const { x, gamma, beta, u } = inputs as Record<string, TensorInfo | undefined> & { x: TensorInfo };
  const { batchNorm, keep, epsilon } = attrs as unknown as NormDropoutAttrs;
  const [rows, units] = rowsAndUnits(x.shape);
  const operands = [x, ...(batchNorm ? [gamma as TensorInfo, beta as TensorInfo] : []), ...(keep < 1 ? [u as TensorInfo] : [])];
  const shapes = batchNorm ? [x.shape, [units], [units], [units]] : [x.shape];
  const outputs = compute(backend, operands, shapes, (ins, [y, mean, variance, invStd]) => {
    const us = keep < 1 ? ins[ins.length - 1] : null;
    const simd = batchNorm ? normSimd(units) : null;
    if (simd) {
      const unbiased = rows > 1 ? rows / (rows - 1) : 1;
      simd.forward(
        at(ins[0]),
        at(ins[1]),
        at(ins[2]),
        at(us),
        at(y),
        at(mean),
        at(variance),
        at(invStd),
        rows,
        units,
        keep,
        Math.fround(1 / keep),
        epsilon,
        unbiased,
      );
      return;
    }
    const norm = batchNorm ? { g: ins[1], b: ins[2], epsilon, mean, variance, invStd } : null;
    normDropoutForward(ins[0], norm, us, keep, rows, units, y);
  });
  return batchNorm ? outputs : outputs[0];
};

const normDropoutGrad: KernelFunc = ({ inputs, backend, attrs }) => {
  const { dy, x, gamma, u, mean, invStd } = inputs as Record<string, TensorInfo | undefined> & { dy: TensorInfo; x: TensorInfo };
  const { batchNorm, keep } = attrs as unknown as NormDropoutAttrs;
  const [rows, units] = rowsAndUnits(x.shape);
  const operands = [dy, x, ...(batchNorm ? [gamma, mean, invStd] : []), ...(keep < 1 ? [u] : [])] as TensorInfo[];
  const shapes = batchNorm ? [x.shape, [units], [units]] : [x.shape];
  const outputs = compute(backend, operands, shapes, (ins, [dx, dGamma, dBeta]) => {
    const us = keep < 1 ? ins[ins.length - 1] : null;
    const simd = batchNorm ? normSimd(units) : null;
    if (simd) {
      simd.backward(
        at(ins[0]),
        at(ins[1]),
        at(ins[2]),
        at(us),
        at(ins[3]),
        at(ins[4]),
        at(dx),
        at(dGamma),
        at(dBeta),
        rows,
        units,
        keep,
        Math.fround(1 / keep),
      );
      return;
    }
    const norm = batchNorm ? { g: ins[2], mu: ins[3], inv: ins[4], dGamma, dBeta } : null;
    normDropoutBackward(ins[0], ins[1], norm, us, keep, rows, units, dx);
  });
  return batchNorm ? outputs : outputs[0];
};

/** log Σ exp(l) of one row, shifted by its maximum */
function logSumExp(l: ArrayLike<number>, start: number, classes: number): number {
  let max = Number.NEGATIVE_INFINITY;
  for (let c = 0; c < classes; c++) max = Math.max(max, l[start + c]);
  let sum = 0;
  for (let c = 0; c < classes; c++) sum += Math.exp(l[start + c] - max);
  return max + Math.log(sum);
}

const crossEntropy: KernelFunc = ({ inputs, backend }) => {
  const { logits, labels } = inputs as { logits: TensorInfo; labels: TensorInfo };
  const [rows, classes] = logits.shape;
  return compute(backend, [logits, labels], [[]], ([l, y], [loss]) => {
    let sum = 0;
    for (let r = 0; r < rows; r++) sum += logSumExp(l, r * classes, classes) - l[r * classes + y[r]];
    loss[0] = sum / rows;
  })[0];
};

const crossEntropyGrad: KernelFunc = ({ inputs, backend }) => {
  const { dy, logits, labels } = inputs as { dy: TensorInfo; logits: TensorInfo; labels: TensorInfo };
  const [rows, classes] = logits.shape;
  return compute(backend, [dy, logits, labels], [logits.shape], ([g, l, y], [dl]) => {
    const scale = g[0] / rows;
    for (let r = 0; r < rows; r++) {
      const start = r * classes;
      const lse = logSumExp(l, start, classes);
      for (let c = 0; c < classes; c++) dl[start + c] = scale * (Math.exp(l[start + c] - lse) - (c === y[r] ? 1 : 0));
    }
  })[0];
};

const KERNELS: [string, KernelFunc][] = [
  ...Object.values(NORM_DROPOUT_KERNELS).map((name): [string, KernelFunc] => [name, normDropout]),
  [NORM_DROPOUT_GRAD_KERNEL, normDropoutGrad],
  [CROSS_ENTROPY_KERNEL, crossEntropy],
  [CROSS_ENTROPY_GRAD_KERNEL, crossEntropyGrad],
];

function registerGradients(): void {
  for (const [kind, kernelName] of Object.entries(NORM_DROPOUT_KERNELS)) {
    const batchNorm = kind !== 'dropout';
    const dropout = kind !== 'norm';
    tf.registerGradient({
      kernelName,
      inputsToSave: ['x', ...(batchNorm ? ['gamma'] : []), ...(dropout ? ['u'] : [])],
      outputsToSave: batchNorm ? [false, true, false, true] : [false],
      gradFunc: (dys, saved, attrs): Record<string, () => Tensor> => {
        // the statistics' gradients (dys[1..]) are ignored: they feed only the running statistics
        const dy = Array.isArray(dys) ? dys[0] : dys;
        const rest = [...saved];
        const inputs: tf.NamedTensorMap = { dy, x: rest.shift() as Tensor };
        if (batchNorm) inputs.gamma = rest.shift() as Tensor;
        if (dropout) inputs.u = rest.shift() as Tensor;
        if (batchNorm) Object.assign(inputs, { mean: rest[0], invStd: rest[1] });
        const grads = tf.engine().runKernel(NORM_DROPOUT_GRAD_KERNEL, inputs, attrs) as Tensor | Tensor[];
        if (!batchNorm) return { x: () => grads as Tensor };
        const [dx, dGamma, dBeta] = grads as Tensor[];
        return { x: () => dx, gamma: () => dGamma, beta: () => dBeta };
      },
    });
  }
  tf.registerGradient({
    kernelName: CROSS_ENTROPY_KERNEL,
    inputsToSave: ['logits', 'labels'],
    gradFunc: (dy, saved) => {
      const [logits, labels] = saved;
      return {
        logits: () => tf.engine().runKernel(CROSS_ENTROPY_GRAD_KERNEL, { dy: dy as Tensor, logits, labels }) as Tensor,
        labels: () => tf.zerosLike(labels),
      };
    },
  });
}

const register = kernelRegistration(KERNELS, registerGradients);

/** Whether the fused classifier kernels apply now (the `fusedNorm` option); registers them for the active backend on first use. */
export function fusedClassifierAvailable(): boolean {
  if (!kernelOptionEnabled('fusedNorm')) return false;
  register();
  return true;
}

/**
 * Dropout alone takes the kernel up to this many values. Above it TF.js' wasm ops are faster: on
 * the reference CNN's pooled maps (64×14×14×64 and smaller, 1.3 M values a step) the JS loops cost
 * 38 ms a step against ~10 ms for the ops, while on dense layers (the MLP's 32×512) the kernel
 * saves the ops' fixed cost.
 */
export const FUSED_DROPOUT_MAX_VALUES = 65_536;

/** What one training-mode batch norm + dropout gives: the layer's output and, with batch norm, the batch statistics. */
export interface NormDropoutResult<T extends tf.Tensor> {
  y: T;
  /** with batch norm: the batch mean and unbiased variance per feature (no gradient) */
  stats: { mean: tf.Tensor1D; variance: tf.Tensor1D } | null;
}

/**
 * Batch norm with the batch's statistics (when `norm` gives γ and β) and then dropout at `rate`
 * drawing tf.dropout's uniforms from `seed`, as one kernel. Call after fusedClassifierAvailable().
 */
export function fusedNormDropout<T extends tf.Tensor>(
  x: T,
  norm: { gamma: tf.Tensor; beta: tf.Tensor; epsilon: number } | null,
  dropout: { rate: number; seed: number } | null,
): NormDropoutResult<T> {
  const keep = dropout && dropout.rate > 0 ? Math.fround(1 - dropout.rate) : 1;
  if (!norm && keep === 1) return { y: x, stats: null };
  const kernel = NORM_DROPOUT_KERNELS[!norm ? 'dropout' : keep < 1 ? 'both' : 'norm'];
  const inputs: tf.NamedTensorMap = { x };
  if (norm) Object.assign(inputs, { gamma: norm.gamma, beta: norm.beta });
  const u = keep < 1 ? tf.randomUniform(x.shape, 0, 1, 'float32', dropout?.seed) : null;
  if (u) inputs.u = u;
  const attrs = { batchNorm: norm !== null, keep, epsilon: norm?.epsilon ?? 0 } as unknown as NamedAttrMap;
  const out = tf.engine().runKernel(kernel, inputs, attrs) as tf.Tensor | tf.Tensor[];
  u?.dispose();
  if (!norm) return { y: out as T, stats: null };
  const [y, mean, variance] = out as tf.Tensor[];
  return { y: y as T, stats: { mean: mean as tf.Tensor1D, variance: variance as tf.Tensor1D } };
}

/** Mean softmax cross-entropy of logits [rows, classes] against integer labels, as one kernel. Call after fusedClassifierAvailable(). */
export function fusedCrossEntropy(logits: tf.Tensor2D, labels: Int32Array): tf.Scalar {
  return tf.engine().runKernel(CROSS_ENTROPY_KERNEL, { logits, labels: tf.tensor1d(labels, 'int32') }) as tf.Scalar;
}
