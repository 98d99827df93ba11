/**
 * Data out round-trips: exported rows load back through augc's own readers with the same values —
 * a table as CSV (categoricals decoded, provenance columns after the data), images as a PNG folder
 * and as IDX files.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadDataset } from '../../../src/runtime/data/index.ts';
import { writeImages, writeTableCsv } from '../../../src/runtime/data/export.ts';
import { removeTempFolders, tempFolder } from '../../fixtures/data/make-fixtures.ts';

afterAll(removeTempFolders);
const TABLES = join(import.meta.dirname, '../../fixtures/data/tables');

describe('export', () => {
  it('a table exported as CSV loads back with the same rows, categories decoded, provenance after', async () => {
    const original = await loadDataset(
      { kind: 'arff', path: 'patients.arff', label: 'outcome', columns: {}, partition: 'split' },
      { baseDir: TABLES },
    );
    const m = original.metadata;
    const dir = tempFolder();
    const path = join(dir, 'prior', 'shots=5', 'repeat-0.csv');
    const gcScore = Float32Array.from({ length: m.rows }, (_, i) => i / 100);
    await writeTableCsv(path, m, original.x, original.y, { arm: 'prior', cell: 'shots=5', repeat: 0, gcScore });
    const lines = readFileSync(path, 'utf8').split('\n');
    expect(lines[0]).toBe('age,sex,smoker,blood,dose,severity,label,arm,cell,repeat,gc_score');
    expect(lines[1]).toBe('41.7,m,1,O,1.29,0.059,ill,prior,shots=5,0,0');
    expect(lines[4]).toBe('35.2,f,0,O,,4.568,well,prior,shots=5,0,0.03'); // a missing dose stays empty

    const back = await loadDataset({ kind: 'csv', path, label: 'label', header: 'auto', delimiter: 'auto', missing: ['?'], columns: {} });
    const features = m.features;
    const width = back.metadata.features; // the data columns, then arm, cell, repeat, gc_score
    expect(back.metadata.columns.slice(0, features).map((c) => c.name)).toEqual(m.columns.map((c) => c.name));
    expect(back.metadata.rows).toBe(m.rows);
    for (let i = 0; i < m.rows; i++) {
      expect(back.metadata.classes[back.y[i]].label).toBe(m.classes[original.y[i]].label);
      for (let j = 0; j < features; j++) {
        const before = original.x[i * features + j];
        const after = back.x[i * width + j];
        const cats = m.columns[j].categories;
        if (cats) expect(back.metadata.columns[j].categories![after]).toBe(cats[before]);
        else if (Number.isNaN(before)) expect(after).toBeNaN();
        else expect(after).toBe(before);
      }
    }
  });

  it('images exported as PNGs and IDX load back with the same bytes', async () => {
    const shape: [number, number, number] = [3, 4, 1];
    const y = Int32Array.from([0, 1, 1, 0, 1]);
    const values = Float32Array.from({ length: 5 * 12 }, (_, k) => ((k * 37) % 256) / 255);
    const dir = tempFolder();
    const out = await writeImages(dir, shape, values, y, ['cat', 'dog']);
    const idx = await loadDataset({ kind: 'idx', images: out.idxImages, labels: out.idxLabels });
    expect(Array.from(idx.pixels!)).toEqual(Array.from(values, (v) => Math.round(v * 255)));
    expect(Array.from(idx.y)).toEqual(Array.from(y));
    const folder = await loadDataset({ kind: 'images', dir: out.pngDir });
    expect(folder.metadata.classes).toEqual([
      { label: 'cat', count: 2 },
      { label: 'dog', count: 3 },
    ]);
    // the folder lists cat's images first: rows 0 and 3, then dog's 1, 2, 4
    const order = [0, 3, 1, 2, 4];
    expect(Array.from(folder.pixels!)).toEqual(
      order.flatMap((i) => Array.from(values.subarray(i * 12, (i + 1) * 12), (v) => Math.round(v * 255))),
    );
  });
});
