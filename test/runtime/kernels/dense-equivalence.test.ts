import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../src/runtime/index.ts';
import { plainStackedDense, stackedDense, type Activation } from '../../../src/runtime/kernels/dense.ts';
import { ALL, maxRelativeDifference, PLAIN, seededValues, withOptions } from './kernel-fixtures.ts';

const ACTIVATIONS: Activation[] = ['linear', 'relu', 'leaky_relu', 'sigmoid', 'tanh'];

/** value and gradients (x, w, b) of Σ y·r for a fixed random r, so every output is weighted differently */
function valueAndGradients(dense: typeof stackedDense, M: number, activation: Activation, [n, k, m] = [5, 7, 4]) {
  const x = tf.tensor3d(seededValues(M * n * k, 1), [M, n, k]);
  const w = tf.tensor3d(seededValues(M * k * m, 2, 0.5), [M, k, m]);
  const b = tf.tensor3d(seededValues(M * m, 3, 0.5), [M, 1, m]);
  const r = tf.tensor3d(seededValues(M * n * m, 4), [M, n, m]);
  const f = (xs: tf.Tensor, ws: tf.Tensor, bs: tf.Tensor) =>
    tf.sum(tf.mul(dense(xs as tf.Tensor3D, ws as tf.Tensor3D, bs as tf.Tensor3D, activation), r));
  const y = dense(x, w, b, activation);
  const [dx, dw, db] = tf.grads(f)([x, w, b]);
  const out = { y: y.dataSync(), dx: dx.dataSync(), dw: dw.dataSync(), db: db.dataSync(), shape: y.shape };
  tf.dispose([x, w, b, r, y, dx, dw, db]);
  return out;
}

describe('stackedDense: the optimised path computes what the plain path computes', () => {
  beforeAll(async () => {
    await initBackend('wasm');
  });

  for (const M of [1, 3]) {
    for (const activation of ACTIVATIONS) {
      it(`M=${M}, ${activation}: values and gradients of x, w, b agree`, () => {
        const plain = withOptions(PLAIN, () => valueAndGradients(plainStackedDense, M, activation));
        const fast = withOptions(ALL, () => valueAndGradients(stackedDense, M, activation));
        expect(fast.shape).toEqual([M, 5, 4]);
        expect(maxRelativeDifference(fast.y, plain.y)).toBeLessThan(1e-5);
        expect(maxRelativeDifference(fast.dx, plain.dx)).toBeLessThan(1e-5);
        expect(maxRelativeDifference(fast.dw, plain.dw)).toBeLessThan(1e-5);
        expect(maxRelativeDifference(fast.db, plain.db)).toBeLessThan(1e-5);
        // the plain gradient is not trivially zero (the comparison means something)
        expect(Math.max(...Array.from(plain.dw, Math.abs))).toBeGreaterThan(0.1);
      });
    }
  }

  it('a layer too large for the combined dX (dX by its own op) agrees too', () => {
    const shape: [number, number, number] = [64, 48, 64]; // 196 608 multiply-adds per model, above the combined-dX limit
    const plain = withOptions(PLAIN, () => valueAndGradients(plainStackedDense, 1, 'relu', shape));
    const fast = withOptions(ALL, () => valueAndGradients(stackedDense, 1, 'relu', shape));
    expect(maxRelativeDifference(fast.dx, plain.dx)).toBeLessThan(1e-5);
    expect(maxRelativeDifference(fast.dw, plain.dw)).toBeLessThan(1e-5);
  });

  it('relu by hand: y = max(0, x·w + b) on a 1×1×2 · 2×2 example', () => {
    withOptions(ALL, () => {
      const y = stackedDense(
        tf.tensor3d([[[1, 2]]]),
        tf.tensor3d([
          [
            [1, -1],
            [1, -1],
          ],
        ]),
        tf.tensor3d([[[0.5, 0.5]]]),
        'relu',
      );
      expect(Array.from(y.dataSync())).toEqual([3.5, 0]);
      y.dispose();
    });
  });

  it('falls back to the plain path for a broadcast input (x with one model, w with three)', () => {
    const x = tf.tensor3d(seededValues(5 * 7, 1), [1, 5, 7]);
    const w = tf.tensor3d(seededValues(3 * 7 * 4, 2), [3, 7, 4]);
    const b = tf.zeros([3, 1, 4]) as tf.Tensor3D;
    const fast = withOptions(ALL, () => stackedDense(x, w, b, 'relu'));
    const plain = withOptions(PLAIN, () => plainStackedDense(x, w, b, 'relu'));
    expect(fast.shape).toEqual([3, 5, 4]);
    expect(maxRelativeDifference(fast.dataSync(), plain.dataSync())).toBeLessThan(1e-6);
    tf.dispose([x, w, b, fast, plain]);
  });

  it('leaves no tensors behind (forward and backward)', () => {
    withOptions(ALL, () => valueAndGradients(stackedDense, 3, 'relu'));
    const before = tf.memory().numTensors;
    withOptions(ALL, () => valueAndGradients(stackedDense, 3, 'relu'));
    withOptions(ALL, () => valueAndGradients(stackedDense, 1, 'sigmoid'));
    expect(tf.memory().numTensors).toBe(before);
  });
});
