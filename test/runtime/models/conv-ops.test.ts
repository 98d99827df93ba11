import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../src/runtime/backend/init-backend.ts';
import { conv2dSameNoBias, halvings, upsample2x } from '../../../src/runtime/models/conv-ops.ts';

/** Gradients of Σ conv(x, w)·dy with respect to x and w, with fixed inputs. */
function gradients(_stride: number, size: number, kernel: number, conv: (x: tf.Tensor4D, w: tf.Tensor4D) => tf.Tensor4D): number[][] {
  return tf.tidy(() => {
    const x = tf.tensor4d(
      Float32Array.from({ length: 2 * size * size * 3 }, (_, i) => Math.sin(i)),
      [2, size, size, 3],
    );
    const w = tf.tensor4d(
      Float32Array.from({ length: kernel * kernel * 12 }, (_, i) => Math.cos(i)),
      [kernel, kernel, 3, 4],
    );
    const y = conv(x, w);
    const dy = tf.tensor(
      Float32Array.from({ length: y.size }, (_, i) => Math.sin(3 * i)),
      y.shape,
    );
    const g = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(conv(a as tf.Tensor4D, b as tf.Tensor4D), dy)))([x, w]);
    return [Array.from(y.dataSync()), Array.from(g[0].dataSync()), Array.from(g[1].dataSync())];
  });
}

const cases: [number, number, number][] = [
  [1, 7, 3],
  [1, 6, 2],
  [2, 7, 3],
  [2, 8, 3],
  [2, 6, 5],
  [2, 9, 1],
];

afterAll(async () => {
  await initBackend('wasm');
});

describe('conv2dSame (custom gradient)', () => {
  it("matches TF.js' own conv2d values and gradients (cpu reference), on cpu and on wasm", async () => {
    await initBackend('cpu');
    const reference = cases.map(([s, h, k]) => gradients(s, h, k, (x, w) => tf.conv2d(x, w, s, 'same')));
    const onCpu = cases.map(([s, h, k]) => gradients(s, h, k, (x, w) => conv2dSameNoBias(x, w, s)));
    await initBackend('wasm');
    const onWasm = cases.map(([s, h, k]) => gradients(s, h, k, (x, w) => conv2dSameNoBias(x, w, s)));
    reference.forEach((ref, c) => {
      for (const mine of [onCpu[c], onWasm[c]]) {
        ref.forEach((values, t) => {
          expect(mine[t].length).toBe(values.length);
          values.forEach((v, i) => {
            expect(Math.abs(mine[t][i] - v)).toBeLessThan(1e-4 * Math.max(1, Math.abs(v)));
          });
        });
      }
    });
  });

  it('with inputIsData: the same value and filter gradient, and only the filter gets one (as tf.grad sees it)', async () => {
    await initBackend('wasm');
    for (const [s, h, k] of cases) {
      const full = gradients(s, h, k, (x, w) => conv2dSameNoBias(x, w, s));
      const data = gradients(s, h, k, (x, w) => conv2dSameNoBias(x, w, s, true));
      expect(data[0]).toEqual(full[0]);
      expect(data[2]).toEqual(full[2]);
      expect(data[1].every((v) => v === 0)).toBe(true); // the stand-in: never read by training
      expect(full[1].some((v) => v !== 0)).toBe(true);
    }
    // the gradient with respect to the filter alone, as training asks for it, is the full one's
    const x = tf.tensor4d(
      Float32Array.from({ length: 2 * 7 * 7 * 3 }, (_, i) => Math.sin(i)),
      [2, 7, 7, 3],
    );
    const w = tf.variable(
      tf.tensor4d(
        Float32Array.from({ length: 9 * 12 }, (_, i) => Math.cos(i)),
        [3, 3, 3, 4],
      ),
    );
    const loss = (inputIsData: boolean) => () => tf.sum(tf.square(conv2dSameNoBias(x, w, 1, inputIsData))) as tf.Scalar;
    const a = tf.variableGrads(loss(true)).grads[w.name].dataSync();
    const b = tf.variableGrads(loss(false)).grads[w.name].dataSync();
    expect(Array.from(a)).toEqual(Array.from(b));
    tf.dispose([x, w]);
  });

  it('halves sizes like a stride-2 same convolution and upsamples by nearest neighbour', () => {
    expect(halvings(28, 2)).toEqual([28, 14, 7]);
    expect(halvings(7, 2)).toEqual([7, 4, 2]);
    const up = tf.tidy(() => upsample2x(tf.tensor4d([1, 2, 3, 4], [1, 2, 2, 1]), 3, 4).dataSync());
    expect(Array.from(up)).toEqual([1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4]);
  });
});
