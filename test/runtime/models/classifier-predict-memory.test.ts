import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../src/runtime/backend/init-backend.ts';
import { predictionChunkRows } from '../../../src/runtime/models/dense-classifier.ts';
import { trainClassifier } from '../../../src/runtime/training/train-classifier.ts';
import { Random } from '../../../src/runtime/random.ts';
import type { LabeledData } from '../../../src/runtime/components.ts';
import { classifierConfig } from './fixtures.ts';

/** bytes of the wasm heap (it only grows: its size is the high-water mark of live tensors) */
function wasmHeapBytes(): number {
  return (tf.backend() as unknown as { wasm: { HEAPU8: Uint8Array } }).wasm.HEAPU8.length;
}

function digits(rows: number, seed: number): LabeledData {
  const rng = new Random(seed);
  return {
    x: Float32Array.from({ length: rows * 784 }, () => rng.uniform()),
    y: Int32Array.from({ length: rows }, (_, i) => i % 10),
    rows,
    features: 784,
    numClasses: 10,
    imageShape: [28, 28, 1],
    groups: [],
  };
}

describe('classifier prediction memory', () => {
  beforeAll(async () => {
    await initBackend('wasm');
  });

  it('sizes prediction chunks by the widest activation', () => {
    // MNIST through a cnn whose first convolution has 64 filters: 2^22 / (784·64) rows
    expect(predictionChunkRows({ kind: 'cnn', hidden: [128], convFilters: [64, 128] }, 784)).toBe(83);
    expect(predictionChunkRows({ kind: 'mlp', hidden: [64], convFilters: [] }, 21)).toBe(2048);
    expect(predictionChunkRows({ kind: 'mlp', hidden: [512], convFilters: [] }, 784 * 8)).toBe(668);
    expect(predictionChunkRows({ kind: 'cnn', hidden: [], convFilters: [1 << 23] }, 784)).toBe(1);
  });

  it('predicting 600 MNIST-sized rows with a cnn grows the wasm heap by less than 100 MB, same results as in pieces', async () => {
    const config = classifierConfig({ kind: 'cnn', convFilters: [64], hidden: [8], epochs: 1, batch: 16 });
    const clf = await trainClassifier(config, digits(32, 1), null, { seed: 2 });
    const before = tf.memory().numTensors;
    const test = digits(600, 3);
    const heap = wasmHeapBytes();
    const all = clf.predictProba(test.x, test.rows);
    // one chunk of 600 rows held ~4 maps of 600·784·64 floats at once: ≈ 480 MB of heap, kept for good
    expect(wasmHeapBytes() - heap).toBeLessThan(100 * 2 ** 20);
    expect(tf.memory().numTensors).toBe(before);
    const head = clf.predictProba(test.x.subarray(0, 100 * 784), 100);
    const tail = clf.predictProba(test.x.subarray(100 * 784), 500);
    expect(all.length).toBe(6000);
    // equal up to float32 rounding: with the native BLAS a product's summation order can depend on
    // its row count (OpenBLAS' small-matrix kernels), so a row in another chunk may differ by ~1e-7
    const close = (a: Float32Array, b: Float32Array) => a.every((v, i) => Math.abs(v - b[i]) <= 1e-6 * Math.max(1, Math.abs(b[i])));
    expect(close(all.subarray(0, 1000), head)).toBe(true);
    expect(close(all.subarray(1000), tail)).toBe(true);
    clf.dispose();
  });
});
