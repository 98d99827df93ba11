/**
 * The column type `ignore`: a column declared `columns { note ignore }` or `type.note=ignore` is read
 * past — neither stored nor a feature — in CSV, ARFF and Parquet; it may not be the label or the
 * partition; an unknown ignored column still gets did-you-mean; and `augc data describe` lists it.
 * Fixture: test/fixtures/data/csv/notes.csv (8 rows: a free-text `note`, four features, a numeric
 * `batch`, the label `outcome`).
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { augc } from '../../cli/cli-harness.ts';
import { DataError, loadDataset, parseDataRef, readMetadata } from '../../../src/runtime/data/index.ts';
import { ColumnBuilder, IgnoredColumn } from '../../../src/runtime/data/sources/column-builder.ts';
import type { DataSource, Dataset } from '../../../src/runtime/data/types.ts';

const DATA = join(import.meta.dirname, '../../fixtures/data');
const NOTES = join(DATA, 'csv/notes.csv');
const TABLES = join(DATA, 'tables');

/** The features of notes.csv, row by row, as the loader stores them (categories as codes, NaN missing). */
const NOTES_FEATURES = [
  [34.5, 1, 2, 2.5],
  [51, 0, 0, Number.NaN],
  [28.25, 1, 1, 1.75],
  [62, 0, 2, 3],
  [45.5, 0, 0, 0.5],
  [39, 1, 1, 2.25],
  [57.75, 1, 2, Number.NaN],
  [23, 0, 0, 4],
];

function rowsOf(d: Dataset): number[][] {
  const f = d.metadata.features;
  return Array.from({ length: d.metadata.rows }, (_, i) => Array.from(d.x.subarray(i * f, (i + 1) * f)));
}

/** The error a promise rejects with (fails the test when it resolves). */
async function refusal(p: Promise<unknown>): Promise<DataError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(DataError);
  return e as DataError;
}

afterEach(() => vi.restoreAllMocks());

describe('ignored columns', () => {
  it('an ignored text column and an ignored numeric column are no features; the others keep their values', async () => {
    const d = await loadDataset(parseDataRef(`csv:${NOTES},label=outcome,type.note=ignore,type.batch=ignore`));
    const m = d.metadata;
    expect(m.columns.map((c) => [c.name, c.type])).toEqual([
      ['age', 'continuous'],
      ['smoker', 'binary'],
      ['colour', 'categorical'],
      ['dose', 'continuous'],
    ]);
    expect(m.columns[2].categories).toEqual(['blue', 'green', 'red']);
    expect(m.columns[3]).toEqual({ name: 'dose', type: 'continuous', min: 0.5, max: 4, missing: 2 });
    expect(m.ignoredColumns).toEqual(['note', 'batch']);
    expect([m.rows, m.features, m.encodedFeatures]).toEqual([8, 4, 6]);
    expect(m.valueRange).toEqual([0, 62]); // batch (7 … 10) and the notes are in no range
    expect(rowsOf(d)).toEqual(NOTES_FEATURES);
    expect(m.classes).toEqual([
      { label: 'no', count: 4 },
      { label: 'yes', count: 4 },
    ]);
    expect(Array.from(d.y)).toEqual([1, 0, 1, 0, 1, 0, 1, 0]);
  });

  it('without ignore the same file has note (categorical) and batch (continuous) as features', async () => {
    const m = await readMetadata(parseDataRef(`csv:${NOTES},label=outcome`));
    expect(m.columns.map((c) => c.name)).toEqual(['note', 'age', 'smoker', 'colour', 'dose', 'batch']);
    expect(m.columns[0].type).toBe('categorical');
    expect(m.ignoredColumns).toBeUndefined();
  });

  it('a column may be ignored by its index, and readMetadata says the same as a load', async () => {
    const source = parseDataRef(`csv:${NOTES},label=outcome,type.#0=ignore,type.#-2=ignore`);
    expect(source.kind === 'csv' && source.columns).toEqual({ '#0': 'ignore', '#-2': 'ignore' });
    const d = await loadDataset(source);
    expect(d.metadata.ignoredColumns).toEqual(['note', 'batch']);
    expect(rowsOf(d)).toEqual(NOTES_FEATURES);
    expect(await readMetadata(source)).toEqual(d.metadata);
  });

  it('an ignored column keeps none of its cells', () => {
    const ignored = new IgnoredColumn('note');
    const kept = new ColumnBuilder('note');
    for (let i = 0; i < 5000; i++) {
      ignored.add(`text ${i}`, i + 1);
      kept.add(`text ${i}`, i + 1);
      ignored.addMissing(i + 1);
    }
    expect([ignored.numbers.length, ignored.codes?.length, ignored.distinct()?.length, ignored.text, ignored.missing]).toEqual([
      0, 0, 0, 0, 0,
    ]);
    expect([kept.numbers.length, kept.distinct()?.length]).toEqual([5000, 5000]);
  });

  it.each([
    ['arff', { kind: 'arff', path: 'patients.arff', label: 'outcome', partition: 'split' }],
    ['parquet', { kind: 'parquet', path: 'patients.parquet', label: 'outcome', partition: 'split' }],
    ['csv', { kind: 'csv', path: 'patients.csv', label: 'outcome', partition: 'split', header: 'auto', delimiter: 'auto', missing: ['?'] }],
  ])('%s: ignored columns drop out and the other columns keep every value', async (_, base) => {
    const all = await loadDataset({ ...base, columns: {} } as DataSource, { baseDir: TABLES });
    const some = await loadDataset({ ...base, columns: { blood: 'ignore', severity: 'ignore' } } as DataSource, { baseDir: TABLES });
    const keep = all.metadata.columns.map((c, j) => [c.name, j] as const).filter(([name]) => name !== 'blood' && name !== 'severity');
    expect(some.metadata.columns).toEqual(keep.map(([, j]) => all.metadata.columns[j]));
    expect(some.metadata.ignoredColumns).toEqual(['blood', 'severity']);
    expect(rowsOf(some)).toEqual(rowsOf(all).map((row) => keep.map(([, j]) => row[j])));
    expect(Array.from(some.y)).toEqual(Array.from(all.y));
    expect(some.metadata.parts).toEqual(all.metadata.parts);
  });

  it('a text column of too many values to be categorical is refused with the hint to ignore it, and loads ignored', async () => {
    const { mkdtempSync, writeFileSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(join(tmpdir(), 'augc-ignore-'));
    try {
      const file = join(dir, 'visits.csv');
      const lines = Array.from({ length: 12_000 }, (_, i) => `visit ${i} on ward ${i % 7},${(i % 100) / 4},${i % 2 ? 'yes' : 'no'}`);
      writeFileSync(file, `note,x,outcome\n${lines.join('\n')}\n`);
      const refused = await refusal(loadDataset(parseDataRef(`csv:${file},label=outcome`)));
      expect(refused.message).toContain("column 'note' has more than 10000 distinct values");
      expect(refused.message).toContain('columns { note ignore } in a spec, type.note=ignore in a reference');
      const d = await loadDataset(parseDataRef(`csv:${file},label=outcome,type.note=ignore`));
      expect([d.metadata.rows, d.metadata.features, d.metadata.ignoredColumns]).toEqual([12_000, 1, ['note']]);
      expect(Array.from(d.x.subarray(0, 5))).toEqual([0, 0.25, 0.5, 0.75, 1]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('ARFF reads an ignored attribute past without checking its values', async () => {
    const { mkdtempSync, writeFileSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(join(tmpdir(), 'augc-ignore-'));
    try {
      const file = join(dir, 'bad-note.arff');
      writeFileSync(
        file,
        '@relation r\n@attribute n numeric\n@attribute x numeric\n@attribute y {a,b}\n@data\nfirst,1,a\n2,2,b\nthird,3,a\n4,4,b\n',
      );
      const refused = await refusal(loadDataset({ kind: 'arff', path: file, label: 'y', columns: {} }));
      expect(refused.message).toContain("value 'first' of numeric attribute 'n' is not a number");
      const d = await loadDataset({ kind: 'arff', path: file, label: 'y', columns: { n: 'ignore' } });
      expect(d.metadata.columns.map((c) => c.name)).toEqual(['x']);
      expect(Array.from(d.x)).toEqual([1, 2, 3, 4]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('ignored columns: errors', () => {
  it('the label may not be ignored', async () => {
    const e = await refusal(loadDataset(parseDataRef(`csv:${NOTES},label=outcome,type.outcome=ignore`)));
    expect(e.reason).toBe('ignoredColumnInUse');
    expect(e.subject).toBe('outcome');
    expect(e.message).toContain("column 'outcome' is declared ignore, but it is the label.");
    expect(e.hint).toContain('name another label column');
  });

  it('nor the label by index, nor the default last column', async () => {
    const byIndex = await refusal(loadDataset(parseDataRef(`csv:${NOTES},label=#6,type.outcome=ignore`)));
    expect([byIndex.reason, byIndex.subject]).toEqual(['ignoredColumnInUse', 'outcome']);
    const last = await refusal(
      loadDataset(
        { kind: 'arff', path: 'patients.arff', label: '', columns: { outcome: 'ignore' }, partition: 'split' },
        { baseDir: TABLES },
      ),
    );
    expect(last.reason).toBe('ignoredColumnInUse');
    expect(last.detail).toBe('it is the label (the last column, as no label is named)');
  });

  it('nor the partition column', async () => {
    const e = await refusal(
      loadDataset(
        { kind: 'parquet', path: 'patients.parquet', label: 'outcome', columns: { split: 'ignore' }, partition: 'split' },
        { baseDir: TABLES },
      ),
    );
    expect([e.reason, e.subject, e.detail]).toEqual(['ignoredColumnInUse', 'split', 'it is the partition column']);
  });

  it('an unknown ignored column is an error with did-you-mean', async () => {
    const e = await refusal(loadDataset(parseDataRef(`csv:${NOTES},label=outcome,type.nte=ignore`)));
    expect([e.reason, e.subject, e.hint]).toEqual(['unknownColumn', 'nte', "Did you mean 'note'?"]);
  });

  it('ignoring every feature leaves none', async () => {
    const ref = `csv:${NOTES},label=outcome,${['note', 'age', 'smoker', 'colour', 'dose', 'batch'].map((c) => `type.${c}=ignore`).join(',')}`;
    const e = await refusal(loadDataset(parseDataRef(ref)));
    expect(e.reason).toBe('noFeatures');
    expect(e.message).toContain("the label 'outcome' and 6 declared ignore ('note', 'age', 'smoker', 'colour', 'dose', 'batch')");
  });

  it('an unknown column type names ignore among the types', () => {
    expect(() => parseDataRef(`csv:${NOTES},type.note=skip`)).toThrow(/continuous, binary, categorical or ignore/);
  });
});

describe('augc data describe', () => {
  it('lists ignored columns as ignored, in the table and in --json', async () => {
    const ref = `csv:${NOTES},label=outcome,type.note=ignore,type.batch=ignore`;
    const plain = await augc('data', 'describe', ref);
    expect(plain.code).toBe(0);
    expect(plain.stdout).toContain('features  4 raw, 6 encoded; 2 columns ignored\n');
    expect(plain.stdout).toMatch(/\n {2}note\s+ignored\s+-\s+-\s+-\n/);
    expect(plain.stdout).toMatch(/\n {2}batch\s+ignored\s+-\s+-\s+-\n/);
    expect(plain.stdout).toMatch(/\n {2}age\s+continuous\s+23\s+62\s+0/);
    const json = await augc('data', 'describe', ref, '--json');
    expect(json.code).toBe(0);
    const m = JSON.parse(json.stdout);
    expect(m.ignoredColumns).toEqual(['note', 'batch']);
    expect(m.columns.map((c: { name: string }) => c.name)).toEqual(['age', 'smoker', 'colour', 'dose']);
  });

  it('an ignored label is one line naming the file, exit 1', async () => {
    const { code, stderr: err } = await augc('data', 'describe', `csv:${NOTES},label=outcome,type.outcome=ignore`);
    expect(code).toBe(1);
    expect(err).toContain('notes.csv');
    expect(err).toContain("column 'outcome' is declared ignore, but it is the label");
    expect(err).not.toMatch(/\n\s+at /); // no stack trace
  });
});
