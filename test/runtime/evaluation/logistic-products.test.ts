/**
 * The logistic regression's matrix products (evaluation/logistic-products.ts): the JavaScript path is
 * bit-identical to augc's first implementation (a copy of its objective below), and the native BLAS
 * path agrees with it to within rounding — products to 1e-12 relative, fitted weights to 1e-6 of
 * the largest weight, predictions and the chosen λ exactly — on a small image-like problem.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../src/runtime/backend/init-backend.ts';
import { lbfgs } from '../../../src/runtime/evaluation/lbfgs.ts';
import { defaultProductsKind, forceLogisticProducts, logisticProducts } from '../../../src/runtime/evaluation/logistic-products.ts';
import { chooseLambda, fitLogistic, predictClasses, type Rows } from '../../../src/runtime/evaluation/logistic-regression.ts';
import { oraclePredict, trainOracle } from '../../../src/runtime/evaluation/oracle.ts';
import { nativeDgemm } from '../../../src/runtime/kernels/native-blas.ts';
import { setKernelOptions } from '../../../src/runtime/kernels/options.ts';
import { Random } from '../../../src/runtime/random.ts';

/** `rows` 12×12 "images" of `classes` classes: a bright square per class plus noise, clipped at 0
 * (about two thirds of the pixels are exactly 0, as in digits). */
function images(rows: number, seed: number, classes = 4): Rows {
  const rng = new Random(seed);
  const F = 144;
  const x = new Float32Array(rows * F);
  const y = new Int32Array(rows);
  for (let r = 0; r < rows; r++) {
    const c = r % classes;
    y[r] = c;
    const top = 2 + 2 * c;
    for (let i = 0; i < 12; i++)
      for (let j = 0; j < 12; j++) {
        const inSquare = i >= top && i < top + 4 && j >= 3 + c && j < 8 + c;
        x[r * F + i * 12 + j] = Math.max(0, (inSquare ? 0.8 : -0.3) + 0.5 * rng.normal());
      }
  }
  return { x, y, rows, features: F, numClasses: classes };
}

/** The objective of augc's first logistic regression (before the products were factored out), verbatim. */
function firstObjective(data: Rows, lambda: number, theta: Float64Array, grad: Float64Array): number {
  const { features: F, numClasses: K, rows: n, x, y } = data;
  const w = theta.subarray(0, F * K);
  const b = theta.subarray(F * K);
  grad.fill(0);
  const z = new Float64Array(K);
  let loss = 0;
  for (let r = 0; r < n; r++) {
    z.set(b.subarray(0, K));
    for (let f = 0; f < F; f++) {
      const v = x[r * F + f];
      if (v === 0) continue;
      for (let k = 0; k < K; k++) z[k] += v * w[f * K + k];
    }
    const label = y[r];
    const raw = z[label];
    let max = -Infinity;
    for (const v of z) if (v > max) max = v;
    let sum = 0;
    for (let k = 0; k < K; k++) {
      z[k] = Math.exp(z[k] - max);
      sum += z[k];
    }
    for (let k = 0; k < K; k++) z[k] /= sum;
    loss += max + Math.log(sum) - raw;
    z[label] -= 1;
    for (let f = 0; f < F; f++) {
      const v = x[r * F + f];
      if (v === 0) continue;
      for (let k = 0; k < K; k++) grad[f * K + k] += v * z[k];
    }
    for (let k = 0; k < K; k++) grad[F * K + k] += z[k];
  }
  let penalty = 0;
  for (let i = 0; i < F * K; i++) {
    penalty += w[i] * w[i];
    grad[i] = grad[i] / n + lambda * w[i];
  }
  for (let k = 0; k < K; k++) grad[F * K + k] /= n;
  return loss / n + 0.5 * lambda * penalty;
}

const largest = (a: Float64Array): number => a.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
const largestDiff = (a: Float64Array, b: Float64Array): number => a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i])), 0);

afterEach(() => {
  forceLogisticProducts(null);
});

describe('logistic regression products in JavaScript', () => {
  it('fit the same weights, bit for bit, as the first implementation', () => {
    const data = images(200, 1);
    const zeros = data.x.filter((v) => v === 0).length / data.x.length;
    expect(zeros).toBeGreaterThan(0.5);
    const theta = new Float64Array(data.features * 4 + 4);
    lbfgs((t, g) => firstObjective(data, 1e-3, t, g), theta, 60, 1e-5);
    const model = fitLogistic(data, 1e-3, { maxIterations: 60, products: 'javascript' });
    expect(model.w).toEqual(theta.slice(0, data.features * 4));
    expect(model.b).toEqual(theta.slice(data.features * 4));
  });

  it('are the default without a backend that computes with the native BLAS', () => {
    expect(defaultProductsKind()).toBe('javascript');
    forceLogisticProducts('native');
    expect(defaultProductsKind()).toBe('native');
  });
});

describe.skipIf(nativeDgemm() === null)('logistic regression products on the native BLAS (optional nblas)', () => {
  beforeAll(async () => {
    await initBackend('wasm');
  });

  it('compute X·W + b and Xᵀ·D to 1e-12 of the JavaScript products', () => {
    const data = images(300, 2);
    const K = 4;
    const rng = new Random(3);
    const w = Float64Array.from({ length: data.features * K }, () => rng.normal());
    const b = Float64Array.from({ length: K }, () => rng.normal());
    const d = Float64Array.from({ length: data.rows * K }, () => rng.normal());
    const [js, native] = (['javascript', 'native'] as const).map((kind) => {
      const p = logisticProducts(data, K, kind);
      const z = new Float64Array(data.rows * K);
      const g = new Float64Array(data.features * K);
      p.logits(w, b, z);
      p.transposedTimes(d, g);
      return { kind: p.kind, z, g };
    });
    expect([js.kind, native.kind]).toEqual(['javascript', 'native']);
    expect(largestDiff(js.z, native.z)).toBeLessThan(1e-12 * largest(js.z));
    expect(largestDiff(js.g, native.g)).toBeLessThan(1e-12 * largest(js.g));
  });

  it('fit weights within 1e-6 of the largest weight, and predict every held-out row alike', () => {
    const train = images(400, 4);
    const test = images(400, 5);
    for (const lambda of [1e-2, 1e-4]) {
      const js = fitLogistic(train, lambda, { maxIterations: 100, products: 'javascript' });
      const native = fitLogistic(train, lambda, { maxIterations: 100, products: 'native' });
      expect(largestDiff(js.w, native.w)).toBeLessThan(1e-6 * largest(js.w));
      expect(largestDiff(js.b, native.b)).toBeLessThan(1e-6 * largest(js.w));
      expect(predictClasses(native, test.x, test.rows)).toEqual(predictClasses(js, test.x, test.rows));
    }
  });

  it('choose the same λ and give the image oracle the same predictions and held-out score', () => {
    const part = images(600, 6);
    const validation = images(200, 7);
    const test = images(400, 8);
    const run = (kind: 'javascript' | 'native') => {
      forceLogisticProducts(kind);
      return { lambda: chooseLambda(part, null, 9).model.lambda, oracle: trainOracle('logistic', part, validation, 10) };
    };
    const js = run('javascript');
    const native = run('native');
    expect(native.lambda).toBe(js.lambda);
    expect(native.oracle.heldOutWeightedF1).toBe(js.oracle.heldOutWeightedF1);
    expect(oraclePredict(native.oracle, test.x, test.rows)).toEqual(oraclePredict(js.oracle, test.x, test.rows));
  });

  it('are the default where the backend computes with the native BLAS, and not with the nativeBlas option off', () => {
    expect(defaultProductsKind()).toBe('native');
    const previous = setKernelOptions({ nativeBlas: false });
    try {
      expect(defaultProductsKind()).toBe('javascript');
    } finally {
      setKernelOptions(previous);
    }
  });
});
