/**
 * The loops of the classifier's batch norm + dropout kernels (fused-classifier.ts): in JavaScript
 * for any backend and width, and as 128-bit SIMD on the wasm backend's memory (norm-simd.wat) for
 * whole groups of four features. Both compute the plain ops' formulas; the tests hold each to them.
 */
import { NORM_SIMD_WASM_BASE64 } from './norm-simd.wasm.ts';
import { simdExports } from './simd-module.ts';

/**
 * values ⊙ tf.dropout's multiplier for uniform draws u: floor(u + keep) / keep in float32, as its
 * ops compute it. u + keep < 2, so the floor is 0 or 1, and 1 / keep is `kept` = fround(1 / keep)
 * (a division of float32 operands in double precision rounds to float32 as float32 division does).
 * Math.floor rather than a comparison: no branch to mispredict on random draws (2.5× faster).
 */
export function applyDropout(from: ArrayLike<number>, u: ArrayLike<number>, keep: number, to: Float32Array): void {
  const kept = Math.fround(1 / keep);
  for (let i = 0; i < to.length; i++) to[i] = from[i] * (Math.floor(Math.fround(u[i] + keep)) * kept);
}

/**
 * Forward: one pass sums each feature's values and squares (double precision: the variance
 * E[x²] − mean² keeps ~12 digits for activations of any usual scale), one writes the normalised
 * y times the dropout multiplier, rounded to float32 where the plain ops round.
 */
export function normDropoutForward(
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
export function normDropoutBackward(
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
export interface NormSimd {
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

/** byte offset of a heap view (norm-simd.wat addresses tensors by it); 0 for none (no dropout) */
export const at = (view: ArrayLike<number> | null) => (view === null ? 0 : (view as Float32Array).byteOffset);
