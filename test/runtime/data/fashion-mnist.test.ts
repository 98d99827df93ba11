import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FASHION_MNIST_FILES } from '../../../src/runtime/data/catalog.ts';
import { candidatePaths } from '../../../src/runtime/data/resolve.ts';
import { loadDataset, readMetadata } from '../../../src/runtime/data/index.ts';

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

  it('loads all 70,000 images into one Float32Array in a few seconds', async () => {
    const start = performance.now();
    const d = await loadDataset({ kind: 'fashion_mnist' });
    const seconds = (performance.now() - start) / 1000;
    expect(d.x.length).toBe(70000 * 784);
    expect(d.partition.test![0]).toBe(60000);
    expect(d.y[0]).toBe(9); // the first training image is an ankle boot
    expect(seconds).toBeLessThan(10);
  }, 30_000);
});
