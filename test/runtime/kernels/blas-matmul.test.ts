import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ClassifierNode } from '../../../src/plan/types.ts';
import { initBackend, trainClassifier } from '../../../src/runtime/index.ts';
import { loadBinding, nativeBlas } from '../../../src/runtime/kernels/native-blas.ts';
import { setKernelOptions } from '../../../src/runtime/kernels/options.ts';
import { syncWasmMatMul } from '../../../src/runtime/kernels/wasm-matmul.ts';
import { Random } from '../../../src/runtime/random.ts';
import { scratchDirs } from '../../fixtures/scratch-dirs.ts';
import { ALL, maxRelativeDifference, seededValues, withOptions } from './kernel-fixtures.ts';

const WASM_PRODUCTS = { ...ALL, nativeBlas: false };
const blas = nativeBlas();
const scratch = scratchDirs('nblas-');

const size = (shape: number[]) => shape.reduce((p, d) => p * d, 1);

/**
 * max |a − b| over max |b|: a sum of k float32 products in another order differs by ~ε·√k·|terms|,
 * so an element near zero of a long product can differ by more than 1e-5 of itself
 */
function scaledDifference(a: Float32Array, b: Float32Array): number {
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < a.length; i++) {
    diff = Math.max(diff, Math.abs(a[i] - b[i]));
    scale = Math.max(scale, Math.abs(b[i]));
  }
  return diff / scale;
}

/** the same product (optionally fused with a bias and an activation) under two kernel settings */
function bothPaths(
  aShape: number[],
  bShape: number[],
  ta: boolean,
  tb: boolean,
  fused?: { bias: number[]; activation: tf.fused.Activation },
) {
  const run = () =>
    tf.tidy(() => {
      const a = tf.tensor(seededValues(size(aShape), 11), aShape);
      const b = tf.tensor(seededValues(size(bShape), 12), bShape);
      if (!fused) return tf.matMul(a, b, ta, tb).dataSync() as Float32Array;
      const bias = tf.tensor(seededValues(size(fused.bias), 13), fused.bias);
      return tf.fused
        .matMul({ a, b, transposeA: ta, transposeB: tb, bias, activation: fused.activation, leakyreluAlpha: 0.01 })
        .dataSync() as Float32Array;
    });
  const wasm = withOptions(WASM_PRODUCTS, () => {
    syncWasmMatMul();
    return run();
  });
  const native = withOptions(ALL, () => {
    syncWasmMatMul();
    return run();
  });
  return { wasm, native };
}

describe('native BLAS loader', () => {
  it('either gives a working sgemm with the library it linked, or says why not', () => {
    if (blas.available) {
      const c = new Float32Array(2);
      // [1 2 3] · [[1, 0], [0, 1], [1, 1]] = [4 5]
      blas.sgemm(111, 111, 1, 2, 3, 1, Float32Array.of(1, 2, 3), 3, Float32Array.of(1, 0, 0, 1, 1, 1), 2, 0, c, 2);
      expect(Array.from(c)).toEqual([4, 5]);
      expect(blas.library).toMatch(/blas|mkl|blis/i);
    } else {
      expect(blas.reason).toMatch(/nblas/);
    }
  });

  it('is loaded once per thread: the same status object every time', () => {
    expect(nativeBlas()).toBe(blas);
  });

  it('says why, without throwing, when the binding file is not a loadable library', () => {
    const file = join(scratch(), 'nblas.node');
    writeFileSync(file, 'not a shared object');
    const status = loadBinding(file);
    expect(status.available).toBe(false);
    if (!status.available) expect(status.reason).toMatch(/^the nblas binding did not load: /);
    // the process-wide status is not touched by it
    expect(nativeBlas()).toBe(blas);
  });
});

// without the optional binding (CI without OpenBLAS) there is nothing native to compare
describe.skipIf(!blas.available)('nativeBlas products on the wasm heap', () => {
  beforeAll(async () => {
    await initBackend('wasm');
  });

  const cases: [string, number[], number[], boolean, boolean][] = [
    ['2-D', [33, 70], [70, 17], false, false],
    ['2-D, transposeA', [70, 33], [70, 17], true, false],
    ['2-D, transposeB', [33, 70], [17, 70], false, true],
    ['2-D, both', [70, 33], [17, 70], true, true],
    ['stacked M=3', [3, 6, 9], [3, 9, 5], false, false],
    ['stacked M=3, transposeA (dW = Xᵀ·dZ)', [3, 9, 6], [3, 9, 5], true, false],
    ['stacked M=3, transposeB (dX = dZ·Wᵀ)', [3, 6, 9], [3, 5, 9], false, true],
    ['one unbatched side: [1, n, k]·[3, k, p]', [1, 6, 9], [3, 9, 5], false, false],
    ['rank 4 with equal batches', [2, 3, 4, 5], [2, 3, 5, 6], false, false],
    ['image-sized layer 128×784·784×512', [128, 784], [784, 512], false, false],
  ];
  for (const [name, aShape, bShape, ta, tb] of cases) {
    it(`${name}: the wasm kernel's values within float32 rounding`, () => {
      const { wasm, native } = bothPaths(aShape, bShape, ta, tb);
      expect(native.length).toBe(wasm.length);
      expect(scaledDifference(native, wasm)).toBeLessThan(5e-6);
    });
  }

  for (const activation of ['linear', 'relu', 'leakyrelu', 'sigmoid', 'elu', 'relu6'] as tf.fused.Activation[]) {
    it(`fused product + bias + ${activation}: the wasm kernel's values`, () => {
      const { wasm, native } = bothPaths([16, 40], [40, 24], false, false, { bias: [24], activation });
      expect(maxRelativeDifference(native, wasm)).toBeLessThan(1e-5);
    });
  }

  it('a product by hand', () => {
    withOptions(ALL, () => {
      syncWasmMatMul();
      const y = tf.matMul(
        tf.tensor2d([
          [1, 2],
          [3, 4],
        ]),
        tf.tensor2d([
          [5, 6],
          [7, 8],
        ]),
        false,
        true,
      );
      expect(Array.from(y.dataSync())).toEqual([17, 23, 39, 53]);
      y.dispose();
    });
  });

  it('leaves the wasm heap and the tensor count unchanged over many products', () => {
    withOptions(ALL, () => {
      syncWasmMatMul();
      const a = tf.tensor2d(seededValues(64 * 100, 1), [64, 100]);
      const b = tf.tensor2d(seededValues(100 * 80, 2), [100, 80]);
      tf.matMul(a, b).dispose();
      const before = tf.memory();
      const heap = (tf.backend() as unknown as { wasm: { HEAPU8: Uint8Array } }).wasm.HEAPU8.length;
      for (let i = 0; i < 300; i++) tf.tidy(() => tf.matMul(a, b).dispose());
      expect(tf.memory().numTensors).toBe(before.numTensors);
      expect((tf.backend() as unknown as { wasm: { HEAPU8: Uint8Array } }).wasm.HEAPU8.length).toBe(heap);
      tf.dispose([a, b]);
    });
  });

  // no batch norm: its per-batch normalisation turns rounding noise into loss differences of ~3e-3
  // over 40 steps between ANY two kernel paths (measured plain vs wasm products too), which would
  // hide a real error in a loose tolerance
  it('trains a classifier (mlp, leaky ReLU, dropout) along the wasm path’s loss trajectory over 40 steps', async () => {
    const config: ClassifierNode = {
      name: 'mlp',
      kind: 'mlp',
      hidden: [48, 32],
      convFilters: [],
      activation: 'leaky_relu',
      batchNorm: false,
      dropout: 0.1,
      steps: 40,
      epochs: null,
      epochsPer: 'cell',
      batch: 16,
      lr: 1e-3,
      optimizer: 'adam',
      earlyStopping: null,
    };
    const rng = new Random(5);
    const rows = 96;
    const features = 12;
    const x = Float32Array.from({ length: rows * features }, () => rng.uniform());
    const y = Int32Array.from({ length: rows }, (_, i) => (x[i * features] + x[i * features + 1] > 1 ? 1 : 0) + (i % 3 === 0 ? 1 : 0));
    const data = { x, y, rows, features, numClasses: 3, imageShape: null, groups: [] };
    const losses = async (options: typeof ALL) => {
      const history: number[] = [];
      // not withOptions: the training is asynchronous
      const restore = setKernelOptions(options);
      try {
        syncWasmMatMul();
        const trained = await trainClassifier(config, data, null, { seed: 3, steps: 40, onProgress: (p) => history.push(p.loss) });
        const probabilities = trained.predictProba(x, rows);
        trained.dispose();
        return { history, probabilities };
      } finally {
        setKernelOptions(restore);
      }
    };
    const wasm = await losses(WASM_PRODUCTS);
    const native = await losses(ALL);
    expect(native.history.length).toBeGreaterThan(0);
    expect(native.history.length).toBe(wasm.history.length);
    expect(maxRelativeDifference(native.history, wasm.history)).toBeLessThan(1e-4);
    expect(maxRelativeDifference(native.probabilities, wasm.probabilities)).toBeLessThan(1e-4);
  });
});
