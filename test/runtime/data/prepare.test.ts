import { describe, expect, it } from 'vitest';
import { decodeRows, prepareData, toLabeledData } from '../../../src/runtime/data/index.ts';
import type { DatasetNode } from '../../../src/plan/types.ts';

const irisNode: DatasetNode = {
  name: 'iris',
  source: { kind: 'iris' },
  preprocess: { continuous: 'minmax', impute: 'mean_mode' },
  split: { kind: 'stratified', ratios: { pool: 0.6, test: 0.4 }, seed: 5, fitOn: 'pool' },
};

describe('prepareData / toLabeledData / decodeRows', () => {
  it('splits, fits on the fitting part and encodes every row', async () => {
    const p = await prepareData(irisNode);
    expect(p.parts.pool.length).toBe(90);
    expect(p.parts.test.length).toBe(60);
    expect(p.encoded.length).toBe(150 * 4);
    let min = Infinity;
    let max = -Infinity;
    for (const r of p.parts.pool)
      for (let j = 0; j < 4; j++) {
        min = Math.min(min, p.encoded[r * 4 + j]);
        max = Math.max(max, p.encoded[r * 4 + j]);
      }
    expect([min, max]).toEqual([0, 1]);
  });

  it('hands the models encoded rows with labels and groups, and decodes them back', async () => {
    const p = await prepareData(irisNode);
    const rows = Int32Array.from([0, 50, 149]);
    const data = toLabeledData(p, rows);
    expect([data.rows, data.features, data.numClasses, data.imageShape]).toEqual([3, 4, 3, null]);
    expect(Array.from(data.y)).toEqual([0, 1, 2]);
    expect(data.groups.map((g) => g.kind)).toEqual(['continuous', 'continuous', 'continuous', 'continuous']);
    expect(Array.from(data.x.subarray(4, 8))).toEqual(Array.from(p.encoded.subarray(200, 204)));
    const raw = decodeRows(p, data.x, 3);
    const inPool = new Set(p.parts.pool);
    for (let i = 0; i < 3; i++) {
      if (!inPool.has(rows[i])) continue; // rows outside the fitting range may be clipped
      for (let j = 0; j < 4; j++) expect(raw[i * 4 + j]).toBeCloseTo(p.dataset.x[rows[i] * 4 + j], 5);
    }
    expect(() => decodeRows(p, data.x, 2)).toThrow('decodeRows: 12 values is not 2 rows of 4 encoded features.');
    expect(() => toLabeledData(p, Int32Array.from([150]))).toThrow("toLabeledData: row 150 is outside the dataset's 150 rows.");
  });

  it('images keep their shape and share the raw array', async () => {
    const p = await prepareData({
      name: 'digits',
      source: { kind: 'mnist' },
      preprocess: { continuous: 'minmax', impute: 'mean_mode' },
      split: { kind: 'stratified', ratios: { pool: 0.5, test: 0.5 }, seed: 1, fitOn: 'pool' },
    });
    expect(p.encoded).toBe(p.dataset.x);
    const data = toLabeledData(p, p.parts.test.subarray(0, 10));
    expect([data.rows, data.features, data.imageShape]).toEqual([10, 784, [28, 28, 1]]);
    expect(p.preprocessor.encodedFeatures).toBe(784);
  });

  it('a fitting part the split does not define is an error', async () => {
    await expect(prepareData({ ...irisNode, split: { ...irisNode.split, fitOn: 'train' } as DatasetNode['split'] })).rejects.toThrow(
      "Dataset 'iris': the preprocessing fits on part 'train', which the split does not define (parts: pool, test).",
    );
  });
});
