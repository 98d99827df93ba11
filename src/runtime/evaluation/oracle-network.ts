/**
 * The oracle of label fidelity for tables: a network with one hidden layer (tanh) and weight decay,
 * fitted full-batch by L-BFGS — R's `nnet` recipe (Venables & Ripley), chosen because it is exact
 * and deterministic for a seed, needs no learning rate or epoch budget, and round-trips through the
 * cache as plain arrays. A linear model is too weak an oracle for tables (on PROBEN1 thyroid,
 * logistic regression recalls 13% of class 2's test rows), and the oracle only has to label
 * generated rows, never to train an arm. Images get the logistic regression instead: this network
 * in plain JavaScript on tens of thousands of 784-pixel rows would take many minutes.
 *
 * Objective: (1/n) Σ −log softmax(tanh(x W₁ + b₁) W₂ + b₂)[y] + (λ/2)(‖W₁‖² + ‖W₂‖²).
 */
import { Random } from '../random.ts';
import { lbfgs } from './lbfgs.ts';
import type { Rows } from './logistic-regression.ts';

/** A fitted network: W₁ is features × hidden, W₂ hidden × K (row-major). */
export interface OracleNetwork {
  features: number;
  hidden: number;
  numClasses: number;
  lambda: number;
  w1: Float64Array;
  b1: Float64Array;
  w2: Float64Array;
  b2: Float64Array;
  iterations: number;
}

/** Fit the network (see the file comment); weights start from N(0, 1/fan-in) drawn with `seed`. */
export function fitOracleNetwork(
  data: Rows,
  hidden: number,
  lambda: number,
  seed: number,
  maxIterations = 300,
  init: OracleNetwork | null = null,
): OracleNetwork {
  const { features: F, numClasses: K } = data;
  if (data.rows === 0) throw new Error('The oracle network needs at least one training row.');
  const H = hidden;
  const theta = new Float64Array(F * H + H + H * K + K);
  if (init) {
    theta.set(init.w1);
    theta.set(init.b1, F * H);
    theta.set(init.w2, F * H + H);
    theta.set(init.b2, F * H + H + H * K);
  } else {
    const rng = new Random(seed);
    for (let i = 0; i < F * H; i++) theta[i] = rng.normal() / Math.sqrt(F);
    for (let i = 0; i < H * K; i++) theta[F * H + H + i] = rng.normal() / Math.sqrt(H);
  }
  const { iterations } = lbfgs((t, g) => lossAndGradient(data, H, lambda, t, g), theta, maxIterations, 1e-5);
  const [w1, b1, w2, b2] = unpack(theta, F, H, K);
  return { features: F, hidden: H, numClasses: K, lambda, w1: w1.slice(), b1: b1.slice(), w2: w2.slice(), b2: b2.slice(), iterations };
}

/** Most probable class per row (the first on ties). */
export function predictOracleNetwork(net: OracleNetwork, x: Float32Array, rows: number): Int32Array {
  const { features: F, hidden: H, numClasses: K } = net;
  const h = new Float64Array(H);
  const z = new Float64Array(K);
  const out = new Int32Array(rows);
  for (let r = 0; r < rows; r++) {
    forward(net.w1, net.b1, net.w2, net.b2, x, r, F, H, K, h, z);
    let best = 0;
    for (let k = 1; k < K; k++) if (z[k] > z[best]) best = k;
    out[r] = best;
  }
  return out;
}

function unpack(theta: Float64Array, F: number, H: number, K: number): [Float64Array, Float64Array, Float64Array, Float64Array] {
  const a = F * H;
  const b = a + H;
  const c = b + H * K;
  return [theta.subarray(0, a), theta.subarray(a, b), theta.subarray(b, c), theta.subarray(c, c + K)];
}

/** Hidden activations into h, logits into z, for row r. */
function forward(
  w1: Float64Array,
  b1: Float64Array,
  w2: Float64Array,
  b2: Float64Array,
  x: Float32Array,
  r: number,
  F: number,
  H: number,
  K: number,
  h: Float64Array,
  z: Float64Array,
): void {
  h.set(b1);
  const base = r * F;
  for (let f = 0; f < F; f++) {
    const v = x[base + f];
    if (v === 0) continue;
    const wf = f * H;
    for (let j = 0; j < H; j++) h[j] += v * w1[wf + j];
  }
  for (let j = 0; j < H; j++) h[j] = Math.tanh(h[j]);
  z.set(b2);
  for (let j = 0; j < H; j++) {
    const hj = h[j];
    const wj = j * K;
    for (let k = 0; k < K; k++) z[k] += hj * w2[wj + k];
  }
}

function lossAndGradient(data: Rows, H: number, lambda: number, theta: Float64Array, grad: Float64Array): number {
  const { features: F, numClasses: K, rows: n, x, y } = data;
  const [w1, b1, w2, b2] = unpack(theta, F, H, K);
  const [g1, gb1, g2, gb2] = unpack(grad, F, H, K);
  grad.fill(0);
  const h = new Float64Array(H);
  const z = new Float64Array(K);
  const dh = new Float64Array(H);
  let loss = 0;
  for (let r = 0; r < n; r++) {
    forward(w1, b1, w2, b2, x, r, F, H, K, h, z);
    let max = -Infinity;
    for (const v of z) if (v > max) max = v;
    let sum = 0;
    for (let k = 0; k < K; k++) sum += Math.exp(z[k] - max);
    loss += max + Math.log(sum) - z[y[r]];
    for (let k = 0; k < K; k++) z[k] = Math.exp(z[k] - max) / sum;
    z[y[r]] -= 1; // dLoss/dlogits = p − onehot(y)
    for (let j = 0; j < H; j++) {
      let s = 0;
      const wj = j * K;
      for (let k = 0; k < K; k++) {
        g2[wj + k] += h[j] * z[k];
        s += w2[wj + k] * z[k];
      }
      dh[j] = s * (1 - h[j] * h[j]);
      gb1[j] += dh[j];
    }
    for (let k = 0; k < K; k++) gb2[k] += z[k];
    const base = r * F;
    for (let f = 0; f < F; f++) {
      const v = x[base + f];
      if (v === 0) continue;
      const wf = f * H;
      for (let j = 0; j < H; j++) g1[wf + j] += v * dh[j];
    }
  }
  let penalty = 0;
  for (const [w, g] of [
    [w1, g1],
    [w2, g2],
  ]) {
    for (let i = 0; i < w.length; i++) {
      penalty += w[i] * w[i];
      g[i] = g[i] / n + lambda * w[i];
    }
  }
  for (const g of [gb1, gb2]) for (let i = 0; i < g.length; i++) g[i] /= n;
  return loss / n + 0.5 * lambda * penalty;
}
