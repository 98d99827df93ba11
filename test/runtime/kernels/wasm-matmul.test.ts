import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../src/runtime/index.ts';
import { syncWasmMatMul, wasmMatMulWrapped } from '../../../src/runtime/kernels/wasm-matmul.ts';
import { ALL, PLAIN, maxRelativeDifference, seededValues, withOptions } from './kernel-fixtures.ts';

function product(aShape: number[], bShape: number[], transposeA: boolean, transposeB: boolean): Float32Array {
  return tf.tidy(() => {
    const a = tf.tensor(
      seededValues(
        aShape.reduce((p, d) => p * d, 1),
        11,
      ),
      aShape,
    );
    const b = tf.tensor(
      seededValues(
        bShape.reduce((p, d) => p * d, 1),
        12,
      ),
      bShape,
    );
    return tf.matMul(a, b, transposeA, transposeB).dataSync() as Float32Array;
  });
}

describe('wasm matMul wrappers (transposeFree, stackedMatMul)', () => {
  beforeAll(async () => {
    await initBackend('wasm');
  });

  const cases: [string, number[], number[], boolean, boolean][] = [
    ['2-D, transposeA', [9, 6], [9, 5], true, false],
    ['2-D, transposeB', [6, 9], [5, 9], false, true],
    ['2-D, transposeB with a large B: (B·Aᵀ)ᵀ', [4, 30], [40, 30], false, true],
    ['stacked M=3, transposeB with a large B', [3, 4, 30], [3, 40, 30], false, true],
    ['2-D, both', [9, 6], [5, 9], true, true],
    ['stacked M=3, plain', [3, 6, 9], [3, 9, 5], false, false],
    ['stacked M=3, transposeA (dW = Xᵀ·dZ)', [3, 9, 6], [3, 9, 5], true, false],
    ['stacked M=3, transposeB (dX = dZ·Wᵀ)', [3, 6, 9], [3, 5, 9], false, true],
    ['broadcast batch 1 × 3 (left to the original kernel)', [1, 6, 9], [3, 9, 5], false, false],
  ];
  for (const [name, aShape, bShape, ta, tb] of cases) {
    it(`${name}: same numbers as the wasm backend's own kernel`, () => {
      const original = withOptions(PLAIN, () => {
        syncWasmMatMul();
        expect(wasmMatMulWrapped()).toBe(false);
        return product(aShape, bShape, ta, tb);
      });
      const wrapped = withOptions(ALL, () => {
        syncWasmMatMul();
        expect(wasmMatMulWrapped()).toBe(true);
        return product(aShape, bShape, ta, tb);
      });
      expect(wrapped.length).toBe(original.length);
      expect(maxRelativeDifference(wrapped, original)).toBeLessThan(1e-5);
    });
  }

  it('a stacked product by hand: two 1×2·2×1 models', () => {
    withOptions(ALL, () => {
      const y = tf.matMul(
        tf.tensor3d([[[1, 2]], [[3, 4]]]),
        tf.tensor3d([
          [[5], [6]],
          [[7], [8]],
        ]),
      );
      expect(y.shape).toEqual([2, 1, 1]);
      expect(Array.from(y.dataSync())).toEqual([17, 53]);
      y.dispose();
    });
  });

  it('the views leave the wasm heap and the tensor count unchanged over many products', () => {
    withOptions(ALL, () => {
      const a = tf.tensor3d(seededValues(3 * 64 * 21, 1), [3, 64, 21]);
      const b = tf.tensor3d(seededValues(3 * 21 * 64, 2), [3, 21, 64]);
      const heap = () => (tf.backend() as unknown as { wasm: { HEAPU8: Uint8Array } }).wasm.HEAPU8.length;
      tf.matMul(a, b).dispose();
      const [tensors, bytes] = [tf.memory().numTensors, heap()];
      for (let i = 0; i < 500; i++) tf.matMul(a, b).dispose();
      expect(tf.memory().numTensors).toBe(tensors);
      expect(heap()).toBe(bytes);
      tf.dispose([a, b]);
    });
  });
});
