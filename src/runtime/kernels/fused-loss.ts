/**
 * The VAE loss as two kernels with hand-written gradients (the `fusedLoss` option).
 *
 * The plain path spells the reparameterisation, the reconstruction term and the KL term as ~40
 * TF.js ops, and their gradients as ~40 more; on a tabular step each op costs ~8 µs of engine
 * bookkeeping against ~2.5 µs of arithmetic. Here:
 *   AugcReparameterise (mean, logVar, ε) → z = mean + exp(½·logVar)·ε
 *       gradient: dMean = dz (no op), dLogVar = one kernel, AugcReparameteriseGrad
 *   AugcVaeLoss (logits, x, mean, logVar; β, segments) → [total, terms]
 *       total = Σ_m ( mean_b rec[m,b] + β · mean_b kl[m,b] )      (what the step minimises)
 *       terms = [ mean_m mean_b rec, mean_m mean_b kl ]           (what the run reports)
 *       gradient: one kernel, AugcVaeLossGrad → dLogits, dMean, dLogVar
 * Each kernel is one loop in JS over the operands (on wasm read and written in place on the heap),
 * computed in double precision and stored as float32.
 * Reconstruction −log p(x|z) per feature: Bernoulli BCE with logits max(l,0) − l·x + log(1+e^−|l|)
 * (gradient σ(l) − x) or Gaussian ½(x − l)² (gradient l − x); a loss may mix both by feature
 * ranges. Categorical groups are not covered: callers keep the plain path for them.
 * `terms` is a report: it carries no gradient. The data x carries none either (never trained).
 */
import * as tf from '@tensorflow/tfjs';
import type { KernelFunc, NamedAttrMap, Tensor, TensorInfo } from '@tensorflow/tfjs';
import { compute, kernelRegistration } from './js-kernel.ts';
import { kernelOptionEnabled } from './options.ts';

export const REPARAMETERISE_KERNEL = 'AugcReparameterise';
export const REPARAMETERISE_GRAD_KERNEL = 'AugcReparameteriseGrad';
export const VAE_LOSS_KERNEL = 'AugcVaeLoss';
export const VAE_LOSS_GRAD_KERNEL = 'AugcVaeLossGrad';

/** A run of features [start, end) with one element-wise reconstruction term. */
export interface LossSegment {
  kind: 'bernoulli' | 'gaussian' | 'categorical';
  start: number;
  end: number;
}

interface LossAttrs {
  beta: number;
  /** 1 where a feature's term is Gaussian, 0 where Bernoulli (one entry per feature) */
  gaussian: number[];
}

const reparameterise: KernelFunc = ({ inputs, backend }) => {
  const { mean, logVar, eps } = inputs as { mean: TensorInfo; logVar: TensorInfo; eps: TensorInfo };
  return compute(backend, [mean, logVar, eps], [mean.shape], ([mu, lv, e], [z]) => {
    for (let i = 0; i < z.length; i++) z[i] = mu[i] + Math.exp(0.5 * lv[i]) * e[i];
  })[0];
};

const reparameteriseGrad: KernelFunc = ({ inputs, backend }) => {
  const { dy, logVar, eps } = inputs as { dy: TensorInfo; logVar: TensorInfo; eps: TensorInfo };
  return compute(backend, [dy, logVar, eps], [logVar.shape], ([g, lv, e], [dLv]) => {
    for (let i = 0; i < dLv.length; i++) dLv[i] = g[i] * 0.5 * Math.exp(0.5 * lv[i]) * e[i];
  })[0];
};

const vaeLoss: KernelFunc = ({ inputs, backend, attrs }) => {
  const { logits, x, mean, logVar } = inputs as Record<string, TensorInfo>;
  const { beta, gaussian } = attrs as unknown as LossAttrs;
  const [M, B, N] = logits.shape;
  const d = mean.shape[2];
  return compute(backend, [logits, x, mean, logVar], [[], [2]], ([l, t, mu, lv], [total, terms]) => {
    let rec = 0;
    for (let i = 0; i < M * B * N; i++) {
      const li = l[i];
      if (gaussian[i % N] === 1) {
        const r = t[i] - li;
        rec += 0.5 * r * r;
      } else rec += Math.max(li, 0) - li * t[i] + Math.log1p(Math.exp(-Math.abs(li)));
    }
    let kl = 0;
    for (let i = 0; i < M * B * d; i++) kl += mu[i] * mu[i] + Math.exp(lv[i]) - lv[i] - 1;
    kl *= 0.5;
    // every model's batch has B rows: Σ_m mean_b = (Σ over all rows) / B
    total[0] = (rec + beta * kl) / B;
    terms[0] = rec / (M * B);
    terms[1] = kl / (M * B);
  });
};

const vaeLossGrad: KernelFunc = ({ inputs, backend, attrs }) => {
  const { dy, logits, x, mean, logVar } = inputs as Record<string, TensorInfo>;
  const { beta, gaussian } = attrs as unknown as LossAttrs;
  const [, B, N] = logits.shape;
  return compute(backend, [dy, logits, x, mean, logVar], [logits.shape, mean.shape, logVar.shape], ([g, l, t, mu, lv], [dl, dMu, dLv]) => {
    const scale = g[0] / B;
    for (let i = 0; i < dl.length; i++) {
      const li = l[i];
      dl[i] = scale * (gaussian[i % N] === 1 ? li - t[i] : 1 / (1 + Math.exp(-li)) - t[i]);
    }
    const klScale = scale * beta;
    for (let i = 0; i < dMu.length; i++) {
      dMu[i] = klScale * mu[i];
      dLv[i] = klScale * 0.5 * (Math.exp(lv[i]) - 1);
    }
  });
};

const KERNELS: [string, KernelFunc][] = [
  [REPARAMETERISE_KERNEL, reparameterise],
  [REPARAMETERISE_GRAD_KERNEL, reparameteriseGrad],
  [VAE_LOSS_KERNEL, vaeLoss],
  [VAE_LOSS_GRAD_KERNEL, vaeLossGrad],
];

function registerGradients(): void {
  tf.registerGradient({
    kernelName: REPARAMETERISE_KERNEL,
    inputsToSave: ['logVar', 'eps'],
    gradFunc: (dy, saved) => {
      const [logVar, eps] = saved;
      return {
        mean: () => dy as Tensor,
        logVar: () => tf.engine().runKernel(REPARAMETERISE_GRAD_KERNEL, { dy: dy as Tensor, logVar, eps }) as Tensor,
      };
    },
  });
  tf.registerGradient({
    kernelName: VAE_LOSS_KERNEL,
    inputsToSave: ['logits', 'x', 'mean', 'logVar'],
    gradFunc: (dys, saved, attrs) => {
      const [logits, x, mean, logVar] = saved;
      // dys[1] (of `terms`) is ignored: the terms are a report, not part of what is minimised
      const dy = (dys as Tensor[])[0];
      const [dLogits, dMean, dLogVar] = tf.engine().runKernel(VAE_LOSS_GRAD_KERNEL, { dy, logits, x, mean, logVar }, attrs) as Tensor[];
      return { logits: () => dLogits, mean: () => dMean, logVar: () => dLogVar };
    },
  });
}

const register = kernelRegistration(KERNELS, registerGradients);

/**
 * Above this many reconstruction values per step (M·B·N) the op path is faster: the JS loop costs
 * ~160 ns per value (exp and log1p in double precision; measured on the image VAE, 128×784 values:
 * 0.35× → 0.26× of PyTorch) against the op path's ~0.7 ms of fixed engine cost per step (tabular
 * 64×21 values: 0.57× → 1.06×). The break-even is near 5 000 values.
 */
export const FUSED_LOSS_MAX_VALUES = 8192;

/**
 * Whether the fused loss applies to a step with `values` reconstruction values (M·B·N): the
 * `fusedLoss` option is on, every segment is Bernoulli or Gaussian and `values` is at most
 * FUSED_LOSS_MAX_VALUES. Registers the kernels for the active backend on first use.
 */
export function fusedLossAvailable(segments: LossSegment[], values: number): boolean {
  if (!kernelOptionEnabled('fusedLoss') || values > FUSED_LOSS_MAX_VALUES) return false;
  if (segments.some((s) => s.kind === 'categorical')) return false;
  register();
  return true;
}

/** z = mean + exp(½·logVar)·ε as one kernel (shapes [M, B, d]); call after fusedLossAvailable(). */
export function fusedReparameterise(mean: tf.Tensor3D, logVar: tf.Tensor3D, eps: tf.Tensor3D): tf.Tensor3D {
  return tf.engine().runKernel(REPARAMETERISE_KERNEL, { mean, logVar, eps }) as tf.Tensor3D;
}

/**
 * The VAE loss of M models as one kernel: `total` (scalar, Σ over models of mean reconstruction
 * + β·mean KL; differentiable w.r.t. logits, mean, logVar) and `terms` ([2]: the mean
 * reconstruction and KL over models and rows). logits, x [M, B, N]; mean, logVar [M, B, d].
 * Call after fusedLossAvailable(segments).
 */
export function fusedVaeLoss(
  segments: LossSegment[],
  logits: tf.Tensor3D,
  x: tf.Tensor3D,
  mean: tf.Tensor3D,
  logVar: tf.Tensor3D,
  beta: number,
): { total: tf.Scalar; terms: tf.Tensor1D } {
  const n = logits.shape[2];
  const gaussian = new Array<number>(n).fill(0);
  for (const s of segments) if (s.kind === 'gaussian') gaussian.fill(1, s.start, s.end);
  const attrs = { beta, gaussian } as unknown as NamedAttrMap;
  const [total, terms] = tf.engine().runKernel(VAE_LOSS_KERNEL, { logits, x, mean, logVar }, attrs) as [tf.Scalar, tf.Tensor1D];
  return { total, terms };
}
