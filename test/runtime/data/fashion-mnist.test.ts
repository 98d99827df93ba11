import { existsSync, readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { FASHION_MNIST_FILES } from '../../../src/runtime/data/catalog.ts';
import { candidatePaths } from '../../../src/runtime/data/resolve.ts';
import { loadDataset, prepareData, readMetadata, toLabeledData } from '../../../src/runtime/data/index.ts';

const available = FASHION_MNIST_FILES.every((f) => candidatePaths(f).some((p) => existsSync(p)));

describe.skipIf(!available)('fashion-mnist (needs the Debian package dataset-fashion-mnist or a cached copy)', () => {
  it('metadata from headers and labels: 70,000 rows, train 60,000 / test 10,000, 7,000 per class', async () => {
    const m = await readMetadata({ kind: 'fashion_mnist' });
    expect(m.rows).toBe(70000);
    expect(m.parts).toEqual({ train: 60000, test: 10000 });
    expect(m.partClassCounts.test).toEqual(new Array(10).fill(1000));
    expect(m.classes.map((c) => c.count)).toEqual(new Array(10).fill(7000));
    expect(m.classes[9].label).toBe('Ankle boot');
    expect(m.imageShape).toEqual([28, 28, 1]);
  });

  it('loads all 70,000 images as 54,880,000 bytes (their raw size) in a few seconds', async () => {
    const start = performance.now();
    const d = await loadDataset({ kind: 'fashion_mnist' });
    const seconds = (performance.now() - start) / 1000;
    expect(d.pixels).toBeInstanceOf(Uint8Array);
    expect(d.pixels!.byteLength).toBe(70000 * 784);
    expect(d.partition.test![0]).toBe(60000);
    expect(d.y[0]).toBe(9); // the first training image is an ankle boot
    expect(seconds).toBeLessThan(10);
  }, 30_000);

  it('prepareData keeps the bytes; toLabeledData turns just the asked rows into byte / 255', async () => {
    const p = await prepareData({
      name: 'fashion',
      source: { kind: 'fashion_mnist' },
      preprocess: { continuous: 'minmax', impute: 'mean_mode' },
      split: { kind: 'partition', parts: ['train', 'test'], fitOn: 'train' },
    });
    const rows = Int32Array.from([0, 59999, 60000, 69999]);
    const data = toLabeledData(p, rows);
    expect([data.rows, data.features, data.numClasses]).toEqual([4, 784, 10]);
    // the expected values straight from the files: IDX image data starts after a 16-byte header
    const [trainFile, , testFile] = FASHION_MNIST_FILES.map((f) => candidatePaths(f).find((c) => existsSync(c))!);
    const train = gunzipSync(readFileSync(trainFile)).subarray(16);
    const test = gunzipSync(readFileSync(testFile)).subarray(16);
    const bytes = [train.subarray(0, 784), train.subarray(59999 * 784, 60000 * 784), test.subarray(0, 784), test.subarray(9999 * 784)];
    bytes.forEach((b, i) => {
      expect(Array.from(data.x.subarray(i * 784, (i + 1) * 784))).toEqual(Array.from(b, (v) => Math.fround(v / 255)));
    });
  }, 30_000);
});
