import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { DatasetNode } from '../../../src/plan/types.ts';
import { DataError, loadDataset, prepareData, toLabeledData, type PreparedData } from '../../../src/runtime/data/index.ts';
import { unitToBytes } from '../../../src/runtime/data/pixels.ts';
import { removeTempFolders, tempFolder, tinyImageSet, writeFile } from '../../fixtures/data/make-fixtures.ts';

afterAll(removeTempFolders);

const split: DatasetNode['split'] = { kind: 'stratified', ratios: { pool: 0.5, test: 0.5 }, seed: 3, fitOn: 'pool' };
const preprocess: DatasetNode['preprocess'] = { continuous: 'minmax', impute: 'mean_mode' };

/** The same prepared data, except that reading `encoded` or `dataset.x` (the whole Float32 copy) throws. */
function withoutFloatCopy(p: PreparedData): PreparedData {
  const dataset = new Proxy(p.dataset, {
    get(target, key) {
      if (key === 'x') throw new Error('dataset.x was read');
      return Reflect.get(target, key, target);
    },
  });
  return {
    dataset,
    split: p.split,
    parts: p.parts,
    preprocessor: p.preprocessor,
    get encoded(): Float32Array {
      throw new Error('prepared.encoded was read');
    },
  };
}

describe('image pixels stay 8-bit until a task asks for rows', () => {
  it('idx: pixels are a Uint8Array of rows × h·w bytes; x is byte / 255, made on first read and kept', async () => {
    const dir = tempFolder();
    const { images, labels } = tinyImageSet(7, 2);
    const d = await loadDataset({ kind: 'idx', images: writeFile(dir, 'i.idx', images), labels: writeFile(dir, 'l.idx', labels) });
    expect(d.pixels).toBeInstanceOf(Uint8Array);
    expect(d.pixels!.length).toBe(7 * 6);
    expect(d.pixels![3 * 6 + 4]).toBe(34); // image 3, pixel 4 = 3·10 + 4
    expect(Array.from(d.x)).toEqual(Array.from(d.pixels!, (b) => Math.fround(b / 255)));
    expect(d.x).toBe(d.x);
  });

  it('mnist: 10,000 × 784 bytes; prepareData and toLabeledData never make the whole Float32 copy', async () => {
    const p = await prepareData({ name: 'digits', source: { kind: 'mnist' }, preprocess, split });
    const pixels = p.dataset.pixels!;
    expect(pixels).toBeInstanceOf(Uint8Array);
    expect(pixels.byteLength).toBe(10000 * 784);
    const rows = p.parts.test.subarray(0, 25);
    const data = toLabeledData(withoutFloatCopy(p), rows);
    expect([data.rows, data.features, data.imageShape]).toEqual([25, 784, [28, 28, 1]]);
    const levels = p.dataset.pixelLevels!;
    for (let i = 0; i < rows.length; i++) {
      expect(data.y[i]).toBe(p.dataset.y[rows[i]]);
      for (let k = 0; k < 784; k++) expect(data.x[i * 784 + k]).toBe(levels[pixels[rows[i] * 784 + k]]);
    }
    // the same values as the whole-array path (what toLabeledData copied from before)
    expect(Array.from(toLabeledData(p, rows).x)).toEqual(Array.from(data.x));
    expect(Array.from(p.encoded.subarray(rows[0] * 784, rows[0] * 784 + 784))).toEqual(Array.from(data.x.subarray(0, 784)));
  });

  it('mnist: the bytes give back exactly the Float32 values the package ships (k/255 to 3 decimals)', async () => {
    const p = await prepareData({ name: 'digits', source: { kind: 'mnist' }, preprocess, split });
    const require = createRequire(import.meta.url);
    const file = join(dirname(require.resolve('mnist/package.json')), 'src', 'digits', '7.json');
    const shipped = Float32Array.from((JSON.parse(readFileSync(file, 'utf8')) as { data: number[] }).data);
    const sevens = Int32Array.from({ length: 20 }, (_, i) => p.dataset.y.indexOf(7) + i); // rows are grouped by digit
    const data = toLabeledData(p, sevens);
    expect(Array.from(data.y)).toEqual(new Array(20).fill(7));
    expect(Array.from(data.x)).toEqual(Array.from(shipped.subarray(0, 20 * 784)));
    expect(data.x.filter((v) => v > 0 && v < 1).length).toBeGreaterThan(1000); // real gray levels, not just 0 and 1
    expect(p.dataset.pixels![sevens[0] * 784 + 202]).toBe(Math.round(shipped[202] * 255));
  });

  it('a value that is no 3-decimal gray level is an error naming the file and the digit', () => {
    const out = new Uint8Array(4);
    unitToBytes([0, 0.149, 0.992, 1], out, 0, 'd.json', 2);
    expect(Array.from(out)).toEqual([0, 38, 253, 255]);
    expect(() => unitToBytes([0, 0, 0.149, 0.5], new Uint8Array(4), 0, 'd.json', 2)).toThrow(
      new DataError('d.json: record 1: value 0.5 is not an 8-bit gray level in [0,1] (k/255 to 3 decimals).', 'd.json', 1),
    );
    expect(() => unitToBytes([1.2], new Uint8Array(1), 0, 'd.json', 784)).toThrow('d.json: record 0: value 1.2 is not an 8-bit gray level');
    expect(() => unitToBytes([38 / 255], new Uint8Array(1), 0, 'd.json', 784)).toThrow('value 0.14901960784313725 is not'); // not rounded to 3 decimals
  });
});
