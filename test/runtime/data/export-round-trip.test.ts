/**
 * An exported CSV loads back as training data: the file `export generated, kept` writes
 * (writeTableCsv with the provenance columns label, arm, cell, repeat, gc_score, kept), read with
 * the label named and the bookkeeping columns declared `ignore`, is exactly the original dataset —
 * the same feature columns (names, types, categories, ranges, missing counts) and the same rows.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PROVENANCE_COLUMNS, writeTableCsv } from '../../../src/runtime/data/export.ts';
import { loadDataset, parseDataRef } from '../../../src/runtime/data/index.ts';
import { removeTempFolders, tempFolder } from '../../fixtures/data/make-fixtures.ts';

afterAll(removeTempFolders);
const TABLES = join(import.meta.dirname, '../../fixtures/data/tables');

/** The `type.COL=ignore` options that leave every bookkeeping column of an export out. */
const IGNORE_BOOKKEEPING = [...PROVENANCE_COLUMNS.filter((c) => c !== 'label'), 'kept'].map((c) => `type.${c}=ignore`).join(',');

describe('an exported CSV as a dataset', () => {
  it('loads back with the bookkeeping columns ignored as exactly the original features and rows', async () => {
    const original = await loadDataset(
      {
        kind: 'csv',
        path: 'patients.csv',
        label: 'outcome',
        header: 'auto',
        delimiter: 'auto',
        missing: ['?'],
        columns: {},
        partition: 'split',
      },
      { baseDir: TABLES },
    );
    const m = original.metadata;
    const rows = m.rows;
    const path = join(tempFolder(), 'prior', 'shots=5', 'repeat-1.csv');
    await writeTableCsv(path, m, original.x, original.y, {
      arm: 'prior',
      cell: 'beta=0.5, shots=5', // a comma: the field is quoted, and read past all the same
      repeat: 1,
      gcScore: Float32Array.from({ length: rows }, (_, i) => 0.25 + i / 64),
      kept: Uint8Array.from({ length: rows }, (_, i) => (i % 3 === 0 ? 0 : 1)),
    });
    const header = readFileSync(path, 'utf8').split('\n')[0];
    expect(header).toBe('age,sex,smoker,blood,dose,severity,label,arm,cell,repeat,gc_score,kept');

    const source = parseDataRef(`csv:${path},label=label,${IGNORE_BOOKKEEPING}`);
    const back = await loadDataset(source);
    expect(back.metadata.columns).toEqual(m.columns);
    expect(back.metadata.ignoredColumns).toEqual(['arm', 'cell', 'repeat', 'gc_score', 'kept']);
    expect([back.metadata.rows, back.metadata.features, back.metadata.encodedFeatures]).toEqual([rows, m.features, m.encodedFeatures]);
    expect(back.metadata.valueRange).toEqual(m.valueRange);
    expect(Array.from(back.x)).toEqual(Array.from(original.x)); // NaN (missing dose) where it was
    expect(back.metadata.classes.map((c) => c.label)).toEqual(m.classes.map((c) => c.label));
    expect(Array.from(back.y)).toEqual(Array.from(original.y));
  });

  it('without the ignores the bookkeeping columns would be features', async () => {
    const original = await loadDataset(
      { kind: 'arff', path: 'patients.arff', label: 'outcome', columns: {}, partition: 'split' },
      { baseDir: TABLES },
    );
    const path = join(tempFolder(), 'repeat-0.csv');
    await writeTableCsv(path, original.metadata, original.x, original.y, { arm: 'noise', cell: 'shots=5', repeat: 0, gcScore: null });
    const loose = await loadDataset(parseDataRef(`csv:${path},label=label`));
    // arm and cell (one value each) and repeat become features; gc_score, empty without a filter, too
    expect(loose.metadata.columns.slice(original.metadata.features).map((c) => c.name)).toEqual(['arm', 'cell', 'repeat', 'gc_score']);
    const clean = await loadDataset(
      parseDataRef(`csv:${path},label=label,type.arm=ignore,type.cell=ignore,type.repeat=ignore,type.gc_score=ignore`),
    );
    expect(clean.metadata.columns.map((c) => c.name)).toEqual(original.metadata.columns.map((c) => c.name));
    expect(clean.metadata.rows).toBe(original.metadata.rows);
  });
});
