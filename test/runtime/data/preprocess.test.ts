import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fitPreprocessor, loadDataset, restorePreprocessor } from '../../../src/runtime/data/index.ts';
import type { Dataset } from '../../../src/runtime/data/index.ts';
import { Random } from '../../../src/runtime/random.ts';

const FIXTURES = join(import.meta.dirname, '../../fixtures/data/csv');
const all = (n: number) => Int32Array.from({ length: n }, (_, i) => i);

async function mixed(): Promise<Dataset> {
  return loadDataset({
    kind: 'csv',
    path: join(FIXTURES, 'mixed.csv'),
    label: 'class',
    header: 'auto',
    delimiter: 'auto',
    missing: ['?'],
    columns: {},
  });
}

describe('preprocessing', () => {
  it('min–max: the fitting part spans [0,1]; other rows are clipped; the inverse round-trips', async () => {
    const iris = await loadDataset({ kind: 'iris' });
    const fit = Int32Array.from({ length: 100 }, (_, i) => i); // setosa + versicolor only
    const p = fitPreprocessor(iris, fit, { continuous: 'minmax', impute: 'mean_mode' });
    const encoded = p.transform(iris.x);
    const petalLength = Array.from(fit, (r) => encoded[r * 4 + 2]);
    expect(Math.min(...petalLength)).toBe(0);
    expect(Math.max(...petalLength)).toBe(1);
    expect(encoded[149 * 4 + 2]).toBe(1); // a virginica petal, longer than any seen: clipped
    const back = p.inverse(encoded);
    for (const r of fit) for (let j = 0; j < 4; j++) expect(back[r * 4 + j]).toBeCloseTo(iris.x[r * 4 + j], 5);
    expect(back[149 * 4 + 2]).toBeCloseTo(5.1, 5); // the largest petal length seen when fitting
  });

  it('standardise: mean 0 and sd 1 on the fitting part, exact inverse', async () => {
    const iris = await loadDataset({ kind: 'iris' });
    const p = fitPreprocessor(iris, all(150), { continuous: 'standardize', impute: 'mean_mode' });
    const e = p.transform(iris.x);
    const col = Array.from({ length: 150 }, (_, i) => e[i * 4]);
    const mean = col.reduce((s, v) => s + v, 0) / 150;
    const sd = Math.sqrt(col.reduce((s, v) => s + (v - mean) ** 2, 0) / 150);
    expect(mean).toBeCloseTo(0, 5);
    expect(sd).toBeCloseTo(1, 5);
    const back = p.inverse(e);
    for (let i = 0; i < iris.x.length; i++) expect(back[i]).toBeCloseTo(iris.x[i], 4);
  });

  it('one-hot groups, imputation from the fitting part, and the same numbers after a JSON round-trip', async () => {
    const d = await mixed(); // age, colour{blue,green,red}, smoker, weight
    const p = fitPreprocessor(d, all(6), { continuous: 'minmax', impute: 'mean_mode' });
    expect(p.encodedFeatures).toBe(6);
    expect(p.groups).toEqual([
      { column: 0, kind: 'continuous', start: 0, end: 1 },
      { column: 1, kind: 'categorical', start: 1, end: 4 },
      { column: 2, kind: 'binary', start: 4, end: 5 },
      { column: 3, kind: 'continuous', start: 5, end: 6 },
    ]);
    const e = p.transform(d.x);
    expect(Array.from(e.subarray(0, 6))).toEqual([12 / 41, 0, 0, 1, 1, 15.5 / 35].map(Math.fround));
    // row 1: weight missing → mean of the 5 known weights (70.5, 60.25, 82, 90, 55) = 71.55
    expect(e[6 + 5]).toBeCloseTo((71.55 - 55) / 35, 5);
    // row 2: colour missing → most frequent (blue and red twice each; ties → the first code: blue)
    expect(Array.from(e.subarray(12 + 1, 12 + 4))).toEqual([1, 0, 0]);
    // row 4: smoker missing → most frequent of 1,0,1,0,1 = 1
    expect(e[24 + 4]).toBe(1);
    const restored = restorePreprocessor(JSON.parse(JSON.stringify(p.toJSON())));
    expect(Array.from(restored.transform(d.x))).toEqual(Array.from(e));
    expect(() => restorePreprocessor({ format: 'other' })).toThrow('Not a saved augc preprocessing');
  });

  it('decodes any encoded vector to a valid record: a real category, a rounded binary, a clipped value', async () => {
    const d = await mixed();
    const p = fitPreprocessor(d, all(6), { continuous: 'minmax', impute: 'mean_mode' });
    const rng = new Random(3);
    const noisy = Float32Array.from({ length: 200 * 6 }, () => rng.normal() * 2);
    const raw = p.inverse(noisy);
    for (let i = 0; i < 200; i++) {
      const [age, colour, smoker, weight] = raw.subarray(i * 4, i * 4 + 4);
      expect(age).toBeGreaterThanOrEqual(22);
      expect(age).toBeLessThanOrEqual(63);
      expect([0, 1, 2]).toContain(colour);
      expect([0, 1]).toContain(smoker);
      expect(weight).toBeGreaterThanOrEqual(55);
      expect(weight).toBeLessThanOrEqual(90);
    }
    const e = p.transform(d.x);
    const back = p.inverse(e);
    expect(Array.from(back.subarray(0, 4))).toEqual([34, 2, 1, 70.5]);
    expect(() => p.inverse(new Float32Array(7))).toThrow('The encoded array has 7 values, not a whole number of rows of 6');
  });

  it('images pass through unchanged and decode clipped to [0,1]', async () => {
    const image: Dataset = {
      metadata: {
        ref: 't',
        kind: 'image',
        rows: 2,
        features: 2,
        encodedFeatures: 2,
        imageShape: [1, 2, 1],
        classes: [{ label: 'a', count: 2 }],
        parts: {},
        partClassCounts: {},
        columns: [
          { name: 'px0', type: 'continuous', min: 0, max: 1, missing: 0 },
          { name: 'px1', type: 'continuous', min: 0, max: 1, missing: 0 },
        ],
        valueRange: [0, 1],
      },
      x: Float32Array.from([0.25, 0.5, 0, 1]),
      y: Int32Array.from([0, 0]),
      partition: {},
    };
    const p = fitPreprocessor(image, all(2), { continuous: 'standardize', impute: 'mean_mode' });
    expect(Array.from(p.transform(image.x))).toEqual([0.25, 0.5, 0, 1]);
    expect(Array.from(p.inverse(Float32Array.from([1.4, -0.2])))).toEqual([1, 0]);
  });
});
