/**
 * L2-regularised multinomial logistic regression, fitted exactly (full batch, L-BFGS, Float64) —
 * the reference model of every report, the oracle of label fidelity and the real-vs-generated
 * detector. It has its own small trainer rather than the classifier loop of src/runtime/training:
 * the objective is convex, so a deterministic quasi-Newton solve reaches the optimum for each
 * regulariser, with no learning rate, batch or epoch count to tune (a mini-batch Adam run would make
 * "how strong is logistic regression" depend on its own training budget, the very confound §5 of
 * the method warns about).
 *
 * Objective, for n rows, K classes and weights W (features × K) with biases b (unpenalised):
 *   f(W, b) = (1/n) Σ_i −log softmax(x_i W + b)[y_i] + (λ/2) ‖W‖²
 * λ = 1/n is scikit-learn's default (C = 1); `chooseLambda` picks λ from a grid on held-out rows.
 * The loss's two matrix products run on the native BLAS in double precision where the run uses it
 * (logistic-products.ts), else in JavaScript.
 */
import { argmaxRows, computeMetrics } from './metrics.ts';
import { Random } from '../random.ts';
import { lbfgs } from './lbfgs.ts';
import { logisticProducts, type LogisticProducts, type ProductsKind } from './logistic-products.ts';

/** Rows of a classification problem: x is rows × features, row-major. */
export interface Rows {
  x: Float32Array;
  y: Int32Array;
  rows: number;
  features: number;
  numClasses: number;
}

/** A fitted model: W is features × K (row-major), b has K entries. */
export interface LogisticModel {
  features: number;
  numClasses: number;
  lambda: number;
  w: Float64Array;
  b: Float64Array;
  /** L-BFGS iterations of the last solve; converged = the gradient fell below the tolerance */
  iterations: number;
  converged: boolean;
}

export interface FitOptions {
  /** at most this many L-BFGS iterations (default 300) */
  maxIterations?: number;
  /** stop when the largest gradient entry is below this (default 1e-5) */
  tolerance?: number;
  /** start from these weights (warm start along a λ path) */
  init?: { w: Float64Array; b: Float64Array } | null;
  /** how the loss's matrix products are computed (default: the native BLAS where this thread's
   * backend uses it, else JavaScript; logistic-products.ts) */
  products?: ProductsKind;
}

/** Fit with a fixed λ (see the file comment). */
export function fitLogistic(data: Rows, lambda: number, options: FitOptions = {}): LogisticModel {
  const { features: F, numClasses: K } = data;
  if (data.rows === 0) throw new Error('Logistic regression needs at least one training row.');
  const size = F * K + K;
  const theta = new Float64Array(size);
  if (options.init) {
    theta.set(options.init.w);
    theta.set(options.init.b, F * K);
  }
  const products = logisticProducts(data, K, options.products);
  const z = new Float64Array(data.rows * K);
  const objective = (t: Float64Array, grad: Float64Array) => lossAndGradient(data, lambda, t, grad, products, z);
  const { iterations, converged } = lbfgs(objective, theta, options.maxIterations ?? 300, options.tolerance ?? 1e-5);
  return { features: F, numClasses: K, lambda, w: theta.slice(0, F * K), b: theta.slice(F * K), iterations, converged };
}

/** Class probabilities, rows × K. */
export function predictLogistic(model: LogisticModel, x: Float32Array, rows: number): Float64Array {
  const { features: F, numClasses: K } = model;
  const out = new Float64Array(rows * K);
  const z = new Float64Array(K);
  for (let r = 0; r < rows; r++) {
    logits(model.w, model.b, x, r, F, K, z);
    softmaxInPlace(z);
    out.set(z, r * K);
  }
  return out;
}

/** Most probable class per row (the first on ties). */
export function predictClasses(model: LogisticModel, x: Float32Array, rows: number): Int32Array {
  return argmaxRows(predictLogistic(model, x, rows), rows, model.numClasses);
}

/** The regulariser grid: λ from strong to weak, so each fit starts from the previous solution. */
export const LAMBDA_GRID = [1, 1e-1, 1e-2, 1e-3, 1e-4, 1e-5];

/** How λ was chosen: on the split's validation part, by k-fold cross-validation on the training
 * rows, on a stratified 20% hold-out of them (many rows), or fixed at 1/n (too few rows per class). */
export type LambdaChoice = 'validation' | 'cross_validation' | 'holdout' | 'default';

/** Above this many training rows, λ is chosen on one 20% hold-out instead of k folds (cost). */
const CV_MAX_ROWS = 2000;

/**
 * Choose λ from LAMBDA_GRID by weighted F1 on held-out rows (ties: the stronger regulariser), then
 * fit on all training rows. Held-out rows are the validation part when given, never the test part.
 */
export function chooseLambda(
  train: Rows,
  validation: Rows | null,
  seed: number,
  options: FitOptions & { grid?: number[] } = {},
): { model: LogisticModel; choice: LambdaChoice } {
  const grid = options.grid ?? LAMBDA_GRID;
  if (validation && validation.rows > 0) {
    const lambda = bestOnHeldOut([{ fit: train, score: validation }], grid, options);
    return { model: fitLogistic(train, lambda, options), choice: 'validation' };
  }
  const smallest = Math.min(...classSizes(train.y, train.numClasses).filter((n) => n > 0));
  if (smallest < 2) return { model: fitLogistic(train, 1 / train.rows, options), choice: 'default' };
  const rng = new Random(seed);
  const folds = train.rows > CV_MAX_ROWS ? 5 : Math.min(5, smallest);
  const assignment = stratifiedFolds(train.y, train.numClasses, folds, rng);
  // many rows: one fold is the hold-out (a 20% stratified sample); few rows: every fold in turn
  const used = train.rows > CV_MAX_ROWS ? [0] : Array.from({ length: folds }, (_, f) => f);
  const pairs = used.map((f) => ({ fit: subset(train, assignment, (a) => a !== f), score: subset(train, assignment, (a) => a === f) }));
  const lambda = bestOnHeldOut(pairs, grid, options);
  return { model: fitLogistic(train, lambda, options), choice: train.rows > CV_MAX_ROWS ? 'holdout' : 'cross_validation' };
}

function bestOnHeldOut(pairs: { fit: Rows; score: Rows }[], grid: number[], options: FitOptions): number {
  const scores = grid.map(() => 0);
  for (const { fit, score } of pairs) {
    let init: { w: Float64Array; b: Float64Array } | null = null;
    grid.forEach((lambda, i) => {
      const model = fitLogistic(fit, lambda, { ...options, init });
      init = { w: model.w, b: model.b };
      scores[i] += computeMetrics(score.y, predictClasses(model, score.x, score.rows), score.numClasses).weighted_f1;
    });
  }
  let best = 0;
  // strictly better only: on ties the earlier (stronger) λ stays
  for (let i = 1; i < scores.length; i++) if (scores[i] > scores[best] + 1e-12) best = i;
  return grid[best];
}

function classSizes(y: Int32Array, K: number): number[] {
  const n = new Array<number>(K).fill(0);
  for (const c of y) n[c] += 1;
  return n;
}

/** Fold index per row: each class's rows shuffled and dealt round-robin over the folds. */
function stratifiedFolds(y: Int32Array, K: number, folds: number, rng: Random): Int32Array {
  const out = new Int32Array(y.length);
  for (let c = 0; c < K; c++) {
    const rows: number[] = [];
    for (let i = 0; i < y.length; i++) if (y[i] === c) rows.push(i);
    rng.shuffle(rows);
    for (let j = 0; j < rows.length; j++) out[rows[j]] = j % folds;
  }
  return out;
}

function subset(data: Rows, assignment: Int32Array, keep: (fold: number) => boolean): Rows {
  const rows: number[] = [];
  for (let i = 0; i < assignment.length; i++) if (keep(assignment[i])) rows.push(i);
  const x = new Float32Array(rows.length * data.features);
  for (let j = 0; j < rows.length; j++) x.set(data.x.subarray(rows[j] * data.features, (rows[j] + 1) * data.features), j * data.features);
  return { ...data, x, y: Int32Array.from(rows, (r) => data.y[r]), rows: rows.length };
}

function logits(w: Float64Array, b: Float64Array, x: Float32Array, r: number, F: number, K: number, z: Float64Array): void {
  z.set(b.subarray(0, K));
  const base = r * F;
  for (let f = 0; f < F; f++) {
    const v = x[base + f];
    if (v === 0) continue; // images and one-hot columns are mostly zeros
    const wf = f * K;
    for (let k = 0; k < K; k++) z[k] += v * w[wf + k];
  }
}

/** Softmax in place; returns log Σ exp (after subtracting the maximum, so it never overflows). */
function softmaxInPlace(z: Float64Array): number {
  let max = -Infinity;
  for (const v of z) if (v > max) max = v;
  let sum = 0;
  for (let k = 0; k < z.length; k++) {
    z[k] = Math.exp(z[k] - max);
    sum += z[k];
  }
  for (let k = 0; k < z.length; k++) z[k] /= sum;
  return max + Math.log(sum);
}

/** f(θ) and its gradient into `grad` (θ = [W row-major, b]); `z` is rows × K scratch. The two
 * matrix products, X·W and Xᵀ·(P − Y), go through `products`; the rest is O(rows × K). */
function lossAndGradient(
  data: Rows,
  lambda: number,
  theta: Float64Array,
  grad: Float64Array,
  products: LogisticProducts,
  z: Float64Array,
): number {
  const { features: F, numClasses: K, rows: n, y } = data;
  const w = theta.subarray(0, F * K);
  const b = theta.subarray(F * K);
  products.logits(w, b, z);
  const gb = grad.subarray(F * K);
  gb.fill(0);
  let loss = 0;
  for (let r = 0; r < n; r++) {
    const row = z.subarray(r * K, (r + 1) * K);
    const label = y[r];
    const raw = row[label];
    const logSum = softmaxInPlace(row);
    loss += logSum - raw;
    row[label] -= 1; // the row is now p − onehot(y)
    for (let k = 0; k < K; k++) gb[k] += row[k];
  }
  products.transposedTimes(z, grad.subarray(0, F * K));
  let penalty = 0;
  for (let i = 0; i < F * K; i++) {
    penalty += w[i] * w[i];
    grad[i] = grad[i] / n + lambda * w[i];
  }
  for (let k = 0; k < K; k++) grad[F * K + k] /= n;
  return loss / n + 0.5 * lambda * penalty;
}
