import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ClassifierNode } from '../../../src/plan/types.ts';
import { initBackend, trainClassifier } from '../../../src/runtime/index.ts';
import { assembleSimd } from '../../../scripts/generate-simd.ts';
import { blasConvAvailable, col2imAdd, col2imSimd, geometry } from '../../../src/runtime/kernels/blas-conv.ts';
import { COL2IM_SIMD_WASM_BASE64 } from '../../../src/runtime/kernels/col2im-simd.wasm.ts';
import { nativeBlas } from '../../../src/runtime/kernels/native-blas.ts';
import { setKernelOptions } from '../../../src/runtime/kernels/options.ts';
import { conv2dSame, conv2dSameNoBias } from '../../../src/runtime/models/conv-ops.ts';
import { Random } from '../../../src/runtime/random.ts';
import { ALL, maxRelativeDifference, seededValues, withOptions } from './kernel-fixtures.ts';

const WASM_PRODUCTS = { ...ALL, nativeBlas: false };

/** max |a − b| over max |b| (sums of many products differ by rounding relative to the largest terms) */
function scaledDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < a.length; i++) {
    diff = Math.max(diff, Math.abs(a[i] - b[i]));
    scale = Math.max(scale, Math.abs(b[i]));
  }
  return diff / scale;
}

/** value, dx and dW of Σ (conv(x, w) ⊙ r) for a fixed r, on the current path */
function convAndGradients(xShape: [number, number, number, number], wShape: [number, number, number, number], stride: number) {
  return tf.tidy(() => {
    const x = tf.tensor4d(
      seededValues(
        xShape.reduce((p, d) => p * d),
        1,
      ),
      xShape,
    );
    const w = tf.tensor4d(
      seededValues(
        wShape.reduce((p, d) => p * d),
        2,
        0.3,
      ),
      wShape,
    );
    const value = conv2dSameNoBias(x, w, stride);
    const r = tf.tensor(seededValues(value.size, 3), value.shape);
    const [dx, dw] = tf.grads((a: tf.Tensor, b: tf.Tensor) =>
      tf.sum(tf.mul(conv2dSameNoBias(a as tf.Tensor4D, b as tf.Tensor4D, stride), r)),
    )([x, w]);
    return { shape: value.shape, value: value.dataSync(), dx: dx.dataSync(), dw: dw.dataSync() };
  });
}

/** value and the gradients of x, w and b for Σ (conv(x, w) + b) ⊙ r with a fixed r, on the current path */
function biasedConvAndGradients(xShape: [number, number, number, number], wShape: [number, number, number, number], stride: number) {
  return tf.tidy(() => {
    const size = (s: number[]) => s.reduce((p, d) => p * d);
    const x = tf.tensor4d(seededValues(size(xShape), 1), xShape);
    const w = tf.tensor4d(seededValues(size(wShape), 2, 0.3), wShape);
    const b = tf.tensor1d(seededValues(wShape[3], 5));
    const value = conv2dSame(x, w, b, stride);
    const r = tf.tensor(seededValues(value.size, 3), value.shape);
    const [dx, dw, db] = tf.grads((a: tf.Tensor, f: tf.Tensor, c: tf.Tensor) =>
      tf.sum(tf.mul(conv2dSame(a as tf.Tensor4D, f as tf.Tensor4D, c, stride), r)),
    )([x, w, b]);
    return { shape: value.shape, value: value.dataSync(), dx: dx.dataSync(), dw: dw.dataSync(), db: db.dataSync(), dbShape: db.shape };
  });
}

describe.skipIf(!nativeBlas().available)('im2col convolutions on the native BLAS', () => {
  beforeAll(async () => {
    await initBackend('wasm');
  });

  it('is used only when the nativeBlas option is on', () => {
    expect(withOptions(ALL, () => blasConvAvailable())).toBe(true);
    expect(withOptions(WASM_PRODUCTS, () => blasConvAvailable())).toBe(false);
  });

  const cases: [string, [number, number, number, number], [number, number, number, number], number][] = [
    ['one channel (digits), stride 1', [3, 9, 9, 1], [3, 3, 1, 8], 1],
    ['16 channels in, 24 out, stride 1', [2, 7, 7, 16], [3, 3, 16, 24], 1],
    ['odd size, stride 2 (the VAE encoder)', [2, 7, 9, 3], [3, 3, 3, 5], 2],
    ['5×5 filter, stride 2', [2, 10, 10, 4], [5, 5, 4, 6], 2],
    ['the reference CNN’s second layer (64 → 128 at 14×14)', [4, 14, 14, 64], [3, 3, 64, 128], 1],
  ];
  for (const [name, xShape, wShape, stride] of cases) {
    it(`${name}: value, dx and dW equal the XNNPACK path's`, () => {
      const xnnpack = withOptions(WASM_PRODUCTS, () => convAndGradients(xShape, wShape, stride));
      const native = withOptions(ALL, () => convAndGradients(xShape, wShape, stride));
      expect(native.shape).toEqual(xnnpack.shape);
      expect(scaledDifference(native.value, xnnpack.value)).toBeLessThan(5e-6);
      expect(scaledDifference(native.dx, xnnpack.dx)).toBeLessThan(5e-6);
      expect(scaledDifference(native.dw, xnnpack.dw)).toBeLessThan(5e-6);
    });
  }

  for (const [name, xShape, wShape, stride] of [cases[0], cases[2], cases[4]]) {
    it(`${name}, with a bias: value and the gradients of x, w and b equal the broadcasting add's`, () => {
      const xnnpack = withOptions(WASM_PRODUCTS, () => biasedConvAndGradients(xShape, wShape, stride));
      const native = withOptions(ALL, () => biasedConvAndGradients(xShape, wShape, stride));
      expect(native.dbShape).toEqual([wShape[3]]);
      expect(scaledDifference(native.value, xnnpack.value)).toBeLessThan(5e-6);
      expect(scaledDifference(native.dx, xnnpack.dx)).toBeLessThan(5e-6);
      expect(scaledDifference(native.dw, xnnpack.dw)).toBeLessThan(5e-6);
      expect(scaledDifference(native.db, xnnpack.db)).toBeLessThan(5e-6);
    });
  }

  it('a bias by hand: a 1×1 identity filter plus bias [1, −1], and db counts the pixels', async () => {
    const restore = setKernelOptions(ALL);
    const kernels = await tf.profile(() => {
      const x = tf.tensor4d([1, 2, 3, 4, 5, 6, 7, 8], [1, 2, 2, 2]);
      const w = tf.tensor4d([1, 0, 0, 1], [1, 1, 2, 2]);
      const b = tf.tensor1d([1, -1]);
      const y = conv2dSame(x, w, b, 1);
      expect(Array.from(y.dataSync())).toEqual([2, 1, 4, 3, 6, 5, 8, 7]);
      const db = tf.grad((c: tf.Tensor) => tf.sum(conv2dSame(x, w, c, 1)))(b);
      expect(Array.from(db.dataSync())).toEqual([4, 4]);
      tf.dispose([x, w, b, y, db]);
    });
    setKernelOptions(restore);
    // the bias went through the product, not a broadcasting add and its transpose-and-sum gradient
    const names = kernels.kernels.map((k) => k.name);
    expect(names).toContain('AugcConv2dSameBiasGrad');
    expect(names.filter((n) => n === 'Sum')).toHaveLength(1); // the loss's own sum
  });

  it('col2im as SIMD (channels in fours) adds the JS loop’s bits, padding and stride 2 included; its bytes are what col2im-simd.wat assembles to', async () => {
    expect(Buffer.from(await assembleSimd('col2im-simd')).toString('base64')).toBe(COL2IM_SIMD_WASM_BASE64);
    expect(col2imSimd(6)).toBeNull();
    for (const [xShape, k, stride] of [
      [[3, 7, 9, 8], 3, 1],
      [[2, 7, 7, 12], 3, 2],
      [[2, 5, 6, 4], 5, 2],
    ] as [number[], number, number][]) {
      const simd = col2imSimd(xShape[3]);
      expect(simd).not.toBeNull();
      if (!simd) return;
      const g = geometry(xShape, k, stride);
      const rows = g.batch * g.outHeight * g.outWidth;
      const dcols = tf.tensor1d(seededValues(rows * g.window, 8));
      const dx = tf.tensor1d(
        seededValues(
          xShape.reduce((p, d) => p * d),
          9,
        ),
      );
      const heap = tf.backend() as unknown as { typedArrayFromHeap(t: tf.TensorInfo): Float32Array };
      const expected = heap.typedArrayFromHeap(dx).slice();
      col2imAdd(heap.typedArrayFromHeap(dcols), g, 0, g.batch, expected);
      // images 1 … B−1 from their own columns, as a chunk after the first
      const [hc, hx] = [heap.typedArrayFromHeap(dcols), heap.typedArrayFromHeap(dx)];
      simd(hc.byteOffset, hx.byteOffset, 0, 1, g.height, g.width, g.channels, k, stride, g.outHeight, g.outWidth, g.padTop, g.padLeft);
      const perImage = g.outHeight * g.outWidth * g.window * 4;
      simd(
        hc.byteOffset + perImage,
        hx.byteOffset,
        1,
        g.batch - 1,
        g.height,
        g.width,
        g.channels,
        k,
        stride,
        g.outHeight,
        g.outWidth,
        g.padTop,
        g.padLeft,
      );
      const got = heap.typedArrayFromHeap(dx);
      expect(Buffer.from(got.buffer, got.byteOffset, got.byteLength).equals(Buffer.from(expected.buffer))).toBe(true);
      tf.dispose([dcols, dx]);
    }
  });

  it('a convolution by hand: a 3×3 box filter sums each pixel’s padded neighbourhood', () => {
    withOptions(ALL, () => {
      const x = tf.tensor4d([1, 2, 3, 4], [1, 2, 2, 1]);
      const y = conv2dSameNoBias(x, tf.ones([3, 3, 1, 1]) as tf.Tensor4D, 1);
      expect(Array.from(y.dataSync())).toEqual([10, 10, 10, 10]);
      tf.dispose([x, y]);
    });
  });

  it('leaves no tensor behind and the wasm heap unchanged over repeated steps', () => {
    withOptions(ALL, () => {
      convAndGradients([2, 8, 8, 4], [3, 3, 4, 8], 1);
      biasedConvAndGradients([2, 8, 8, 4], [3, 3, 4, 8], 1);
      const tensors = tf.memory().numTensors;
      const heap = (tf.backend() as unknown as { wasm: { HEAPU8: Uint8Array } }).wasm.HEAPU8.length;
      for (let i = 0; i < 50; i++) {
        convAndGradients([2, 8, 8, 4], [3, 3, 4, 8], 1);
        biasedConvAndGradients([2, 8, 8, 4], [3, 3, 4, 8], 1);
      }
      expect(tf.memory().numTensors).toBe(tensors);
      expect((tf.backend() as unknown as { wasm: { HEAPU8: Uint8Array } }).wasm.HEAPU8.length).toBe(heap);
    });
  });

  it('trains a small CNN classifier along the XNNPACK path’s loss trajectory over 25 steps', async () => {
    const config: ClassifierNode = {
      name: 'cnn',
      kind: 'cnn',
      hidden: [16],
      convFilters: [8, 12],
      activation: 'relu',
      batchNorm: false,
      dropout: 0.25,
      steps: 25,
      epochs: null,
      epochsPer: 'cell',
      batch: 8,
      lr: 1e-3,
      optimizer: 'adam',
      earlyStopping: null,
    };
    const rng = new Random(9);
    const rows = 40;
    const features = 10 * 10;
    const x = Float32Array.from({ length: rows * features }, () => rng.uniform());
    const y = Int32Array.from({ length: rows }, (_, i) => i % 3);
    const data = { x, y, rows, features, numClasses: 3, imageShape: [10, 10, 1] as [number, number, number], groups: [] };
    const train = async (options: typeof ALL) => {
      const history: number[] = [];
      // not withOptions: the training is asynchronous
      const restore = setKernelOptions(options);
      try {
        const trained = await trainClassifier(config, data, null, { seed: 4, steps: 25, onProgress: (p) => history.push(p.loss) });
        const probabilities = trained.predictProba(x, rows);
        trained.dispose();
        return { history, probabilities };
      } finally {
        setKernelOptions(restore);
      }
    };
    const xnnpack = await train(WASM_PRODUCTS);
    const native = await train(ALL);
    expect(native.history.length).toBeGreaterThan(0);
    expect(native.history.length).toBe(xnnpack.history.length);
    expect(maxRelativeDifference(native.history, xnnpack.history)).toBeLessThan(1e-4);
    expect(maxRelativeDifference(native.probabilities, xnnpack.probabilities)).toBeLessThan(1e-4);
  });
});
