import { describe, expect, it } from 'vitest';
import {
  chooseLambda,
  fitLogistic,
  predictClasses,
  predictLogistic,
  type Rows,
} from '../../../src/runtime/evaluation/logistic-regression.ts';
import { Random } from '../../../src/runtime/random.ts';

/** Two Gaussian blobs in 2-D, centred at (±2, ±2): linearly separable with a wide margin. */
function blobs(perClass: number, seed: number, centre = 2): Rows {
  const rng = new Random(seed);
  const x = new Float32Array(perClass * 2 * 2);
  const y = new Int32Array(perClass * 2);
  for (let i = 0; i < perClass * 2; i++) {
    const c = i % 2;
    y[i] = c;
    const s = c === 0 ? -centre : centre;
    x[i * 2] = s + 0.3 * rng.normal();
    x[i * 2 + 1] = s + 0.3 * rng.normal();
  }
  return { x, y, rows: perClass * 2, features: 2, numClasses: 2 };
}

describe('logistic regression', () => {
  it('separates a linearly separable set exactly', () => {
    const train = blobs(30, 1);
    const test = blobs(50, 2);
    const model = fitLogistic(train, 1e-3);
    expect(model.converged).toBe(true);
    const predicted = predictClasses(model, test.x, test.rows);
    expect(Array.from(predicted)).toEqual(Array.from(test.y));
  });

  it('reaches the optimum: the gradient of the penalised loss vanishes (1-D closed check)', () => {
    // rows x = −1 (class 0) and x = +1 (class 1); by symmetry p₁(−1) = 1 − p₁(+1) = 1 − p and the
    // biases are equal, so ∂f/∂w₁ = ½[(−1)(1 − p) + (p − 1)] + λw₁ = 0, i.e. 1 − p = λ·w₁
    const data: Rows = { x: Float32Array.from([-1, 1]), y: Int32Array.from([0, 1]), rows: 2, features: 1, numClasses: 2 };
    const lambda = 0.1;
    const model = fitLogistic(data, lambda, { tolerance: 1e-10 });
    const p = predictLogistic(model, Float32Array.from([1]), 1)[1];
    const wEff = model.w[1] - model.w[0];
    expect(Math.abs(model.b[0] - model.b[1])).toBeLessThan(1e-8);
    expect(1 - p - lambda * model.w[1]).toBeCloseTo(0, 8);
    expect(wEff).toBeGreaterThan(0);
  });

  it('shrinks the weights as λ grows', () => {
    const train = blobs(20, 3);
    const norm = (l: number) => Math.hypot(...fitLogistic(train, l).w);
    expect(norm(1)).toBeLessThan(norm(1e-2));
    expect(norm(1e-2)).toBeLessThan(norm(1e-4));
  });

  it('chooses λ on the validation part when there is one, by cross-validation otherwise, and falls back to 1/n with one row of a class', () => {
    const train = blobs(10, 4);
    expect(chooseLambda(train, blobs(10, 5), 1).choice).toBe('validation');
    expect(chooseLambda(train, null, 1).choice).toBe('cross_validation');
    const one = { ...train, x: train.x.slice(0, 4), y: train.y.slice(0, 2), rows: 2 };
    const fallback = chooseLambda(one, null, 1);
    expect(fallback.choice).toBe('default');
    expect(fallback.model.lambda).toBe(0.5);
  });

  it('is deterministic for a seed', () => {
    const train = blobs(15, 6);
    const a = chooseLambda(train, null, 9).model;
    const b = chooseLambda(train, null, 9).model;
    expect(Array.from(a.w)).toEqual(Array.from(b.w));
  });
});
