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
 * Each kernel is one loop in JS (js-kernel.ts), summing in double precision and storing float32,
 * so results agree with the plain ops to float32 rounding (test/runtime/kernels/fused-classifier.test.ts).
 * The batch statistics carry no gradient (they feed only the running statistics).
 */
import * as tf from '@tensorflow/tfjs';
import type { KernelFunc, NamedAttrMap, Tensor, TensorInfo } from '@tensorflow/tfjs';
import { compute } from './js-kernel.ts';
import { NORM_SIMD_WASM_BASE64 } from './norm-simd.wasm.ts';
import { simdExports } from './simd-module.ts';
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

/**
 * values ⊙ tf.dropout's multiplier for uniform draws u: floor(u + keep) / keep in float32, as its
 * ops compute it. u + keep < 2, so the floor is 0 or 1, and 1 / keep is `kept` = fround(1 / keep)
 * (a division of float32 operands in double precision rounds to float32 as float32 division does).
 * Math.floor rather than a comparison: no branch to mispredict on random draws (2.5× faster).
 */
function applyDropout(from: ArrayLike<number>, u: ArrayLike<number>, keep: number, to: Float32Array): void {
  const kept = Math.fround(1 / keep);
  for (let i = 0; i < to.length; i++) to[i] = from[i] * (Math.floor(Math.fround(u[i] + keep)) * kept);
}

/**
 * Forward: one pass sums each feature's values and squares (double precision: the variance
 * E[x²] − mean² keeps ~12 digits for activations of any usual scale), one writes the normalised
 * y times the dropout multiplier, rounded to float32 where the plain ops round.
 */
function normDropoutForward(
  xs: ArrayLike<number>,
  norm: {
    g: ArrayLike<number>;
    b: ArrayLike<number>;
    epsilon: number;
    mean: Float32Array;
    variance: Float32Array;
    invStd: Float32Array;
  } | null,
  us: ArrayLike<number> | null,
  keep: number,
  rows: number,
  units: number,
  y: Float32Array,
): void {
  if (norm) {
    const { g, b, epsilon } = norm;
    const sums = new Float64Array(units);
    const squares = new Float64Array(units);
    for (let r = 0, i = 0; r < rows; r++) {
      for (let j = 0; j < units; j++, i++) {
        const v = xs[i];
        sums[j] += v;
        squares[j] += v * v;
      }
    }
    const shift = new Float64Array(units);
    const scale = new Float64Array(units);
    for (let j = 0; j < units; j++) {
      const mu = sums[j] / rows;
      const biased = Math.max(squares[j] / rows - mu * mu, 0);
      const inv = 1 / Math.sqrt(biased + epsilon);
      norm.mean[j] = mu;
      norm.variance[j] = rows > 1 ? (biased * rows) / (rows - 1) : biased;
      norm.invStd[j] = inv;
      shift[j] = mu;
      scale[j] = g[j] * inv;
    }
    if (us) {
      // the normalised value rounded to float32 (where the plain ops round it), then the multiplier
      const kept = Math.fround(1 / keep);
      for (let r = 0, i = 0; r < rows; r++) {
        for (let j = 0; j < units; j++, i++)
          y[i] = Math.fround((xs[i] - shift[j]) * scale[j] + b[j]) * (Math.floor(Math.fround(us[i] + keep)) * kept);
      }
    } else for (let r = 0, i = 0; r < rows; r++) for (let j = 0; j < units; j++, i++) y[i] = (xs[i] - shift[j]) * scale[j] + b[j];
  } else if (us) applyDropout(xs, us, keep, y);
  else y.set(xs);
}

/**
 * Backward, from dy: dz = dy · dropout multiplier (into dx); with batch norm dβ = Σ dz,
 * dγ = Σ dz·x̂ and dx = γ·invStd · (dz − dβ/n − x̂·dγ/n) — one pass for dz and the sums, one for dx.
 */
function normDropoutBackward(
  dy: ArrayLike<number>,
  xs: ArrayLike<number>,
  norm: { g: ArrayLike<number>; mu: ArrayLike<number>; inv: ArrayLike<number>; dGamma: Float32Array; dBeta: Float32Array } | null,
  us: ArrayLike<number> | null,
  keep: number,
  rows: number,
  units: number,
  dx: Float32Array,
): void {
  if (!norm) {
    if (us) applyDropout(dy, us, keep, dx);
    else dx.set(dy);
    return;
  }
  const { g, mu, inv, dGamma, dBeta } = norm;
  const sumDz = new Float64Array(units);
  const sumDzX = new Float64Array(units);
  const kept = Math.fround(1 / keep);
  for (let r = 0, i = 0; r < rows; r++) {
    for (let j = 0; j < units; j++, i++) {
      // dz = dy · the dropout multiplier, rounded to float32 as the plain ops' product is
      const dz = us ? Math.fround(dy[i] * (Math.floor(Math.fround(us[i] + keep)) * kept)) : dy[i];
      dx[i] = dz;
      sumDz[j] += dz;
      sumDzX[j] += dz * xs[i];
    }
  }
  // Σ dz·x̂ = invStd · (Σ dz·x − mean · Σ dz); then dx = a·dz + c·x + d with x̂ = (x − mean)·invStd
  const a = new Float64Array(units);
  const c = new Float64Array(units);
  const d = new Float64Array(units);
  for (let j = 0; j < units; j++) {
    const sumDzXhat = inv[j] * (sumDzX[j] - mu[j] * sumDz[j]);
    dBeta[j] = sumDz[j];
    dGamma[j] = sumDzXhat;
    a[j] = g[j] * inv[j];
    c[j] = (-a[j] * inv[j] * sumDzXhat) / rows;
    d[j] = (-a[j] * sumDz[j]) / rows - c[j] * mu[j];
  }
  for (let r = 0, i = 0; r < rows; r++) for (let j = 0; j < units; j++, i++) dx[i] = a[j] * dx[i] + c[j] * xs[i] + d[j];
}

/** norm-simd.wat's two loops; arguments are byte offsets into the wasm backend's memory */
interface NormSimd {
  forward(
    x: number,
    gamma: number,
    beta: number,
    u: number,
    y: number,
    mean: number,
    variance: number,
    invStd: number,
    rows: number,
    units: number,
    keep: number,
    kept: number,
    epsilon: number,
    unbiased: number,
  ): void;
  backward(
    dy: number,
    x: number,
    gamma: number,
    u: number,
    mean: number,
    invStd: number,
    dx: number,
    dGamma: number,
    dBeta: number,
    rows: number,
    units: number,
    keep: number,
    kept: number,
  ): void;
}

/**
 * The SIMD batch norm (norm-simd.wat) for `units` features on the active backend, or null: it
 * needs the wasm backend's memory and whole groups of four features. The JS loops above serve
 * otherwise; both are tested against the plain ops.
 */
export function normSimd(units: number): NormSimd | null {
  if (units % 4 !== 0) return null;
  return (simdExports(NORM_SIMD_WASM_BASE64) as unknown as NormSimd | null) ?? null;
}

/** byte offset of a heap view (norm-simd.wat addresses tensors by it) */
const at = (view: ArrayLike<number> | undefined) => (view === undefined ? 0 : (view as Float32Array).byteOffset);

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
        at(us ?? undefined),
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
        at(us ?? undefined),
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

const registeredBackends = new Set<string>();
let gradientsRegistered = false;

function registerGradients(): void {
  if (gradientsRegistered) return;
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
  gradientsRegistered = true;
}

/** Whether the fused classifier kernels apply now (the `fusedNorm` option); registers them for the active backend on first use. */
export function fusedClassifierAvailable(): boolean {
  if (!kernelOptionEnabled('fusedNorm')) return false;
  const backendName = tf.getBackend();
  if (!registeredBackends.has(backendName)) {
    for (const [kernelName, kernelFunc] of KERNELS) tf.registerKernel({ kernelName, backendName, kernelFunc });
    registerGradients();
    registeredBackends.add(backendName);
  }
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
