/**
 * CSV, ARFF and Parquet read through one table builder: the same 30 patients in each format
 * (test/fixtures/data/tables, made by make-table-fixtures.py) with mixed types, a partition column
 * and a continuous label, and the checks every tabular source gets.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DataError, loadDataset, parseDataRef } from '../../../src/runtime/data/index.ts';
import type { DataSource } from '../../../src/runtime/data/types.ts';

const DATA = join(import.meta.dirname, '../../fixtures/data');
const TABLES = join(DATA, 'tables');

const formats: [string, (more?: Record<string, unknown>) => DataSource][] = [
  [
    'csv',
    (more = {}) =>
      ({
        kind: 'csv',
        path: 'patients.csv',
        label: 'outcome',
        header: 'auto',
        delimiter: 'auto',
        missing: ['?'],
        columns: {},
        partition: 'split',
        ...more,
      }) as DataSource,
  ],
  [
    'arff',
    (more = {}) => ({ kind: 'arff', path: 'patients.arff', label: 'outcome', columns: {}, partition: 'split', ...more }) as DataSource,
  ],
  [
    'parquet',
    (more = {}) =>
      ({ kind: 'parquet', path: 'patients.parquet', label: 'outcome', columns: {}, partition: 'split', ...more }) as DataSource,
  ],
];

async function refusal(source: DataSource, baseDir = TABLES): Promise<DataError> {
  const error = await loadDataset(source, { baseDir }).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DataError);
  return error as DataError;
}

describe.each(formats)('%s table', (format, source) => {
  it('mixed types, the partition column kept as the split, label and partition not features', async () => {
    const d = await loadDataset(source(), { baseDir: TABLES });
    const m = d.metadata;
    expect(m.rows).toBe(30);
    expect(m.columns.map((c) => [c.name, c.type])).toEqual([
      ['age', 'continuous'],
      ['sex', 'categorical'],
      ['smoker', 'binary'],
      ['blood', 'categorical'],
      ['dose', 'continuous'],
      ['severity', 'continuous'],
    ]);
    expect(m.columns[4].missing).toBe(4); // rows 3, 10, 17, 24
    expect(m.parts).toEqual({ train: 18, validation: 6, test: 6 });
    expect(Array.from(d.partition.validation!)).toEqual([18, 19, 20, 21, 22, 23]);
    expect(m.classes.map((c) => c.count)).toEqual([15, 15]);
    expect(Math.abs(d.x[0] - 41.7)).toBeLessThan(1e-5);
    // ARFF keeps the declared nominal order (well before ill; A, B, AB, O), the others sort
    const blood = m.columns[3].categories;
    if (format === 'arff') {
      expect(m.classes.map((c) => c.label)).toEqual(['well', 'ill']);
      expect(blood).toEqual(['A', 'B', 'AB', 'O']);
    } else {
      expect(m.classes.map((c) => c.label)).toEqual(['ill', 'well']);
      expect(blood).toEqual(['A', 'AB', 'B', 'O']);
    }
  });

  it('a continuous label is refused with a hint to declare classes', async () => {
    const e = await refusal(source({ label: 'severity' }));
    expect([e.reason, e.subject]).toEqual(['continuousLabel', 'severity']);
    expect(e.message).toMatch(/the label column 'severity' holds 30 distinct numbers over 30 rows .*looks like a measurement, not classes/);
    expect(e.hint).toMatch(/^If the values are classes, declare them: classes \[".+", …\] in a spec, classes=.+\|… in a reference/);
  });

  it('an unknown column is refused with did-you-mean', async () => {
    const e = await refusal(source({ columns: { bloood: 'categorical' } }));
    expect([e.reason, e.subject, e.hint]).toEqual(['unknownColumn', 'bloood', "Did you mean 'blood'?"]);
    const partition = await refusal(source({ partition: 'splits' }));
    expect([partition.subject, partition.hint]).toEqual(['splits', "Did you mean 'split'?"]);
  });
});

describe('table checks', () => {
  it('streamed CSV: quoted fields with commas, doubled quotes and a line break keep their line numbers', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'augc-quotes-'));
    const path = join(dir, 'quoted.csv');
    const csv = (text: string): DataSource => {
      writeFileSync(path, text);
      return { kind: 'csv', path, label: '', header: 'auto', delimiter: 'auto', missing: ['?'], columns: { size: 'continuous' } };
    };
    const good = 'name,size,class\n"Smith, J",1.5,a\n"say ""hi""",2.5,b\n"two\nlines",3.5,a\nplain,4.5,b\n';
    expect((await refusal(csv(`${good}"oops,5.5,a\n`))).message).toBe(`${path}:7: a quoted field is never closed (no closing '"').`);
    // a quote inside an unquoted field is a character, not an opening
    const inches = await loadDataset(csv('name,size,class\nboard 12" wide,1,a\n5\'3",2,b\nplain,3,a\n'));
    expect(inches.metadata.columns[0].categories).toEqual(['5\'3"', 'board 12" wide', 'plain']);
    const d = await loadDataset(csv(good));
    expect(d.metadata.columns[0].categories).toEqual(['Smith, J', 'plain', 'say "hi"', 'two\nlines']);
    expect(Array.from(d.x.filter((_, k) => k % 2 === 1))).toEqual([1.5, 2.5, 3.5, 4.5]);
    expect((await refusal(csv('name,size,class\n"two\nlines",3.5,a\nplain,x,b\nmore,4,a\n'))).message).toMatch(
      /quoted\.csv:4: text 'x' in numeric column 'size'/,
    );
    rmSync(dir, { recursive: true, force: true });
  });

  it('the reference strings carry partition, parts and the formats', () => {
    expect(parseDataRef('csv:p.csv,label=outcome,partition=split,parts=train:tr|test:te')).toMatchObject({
      kind: 'csv',
      partition: 'split',
      parts: { train: 'tr', test: 'te' },
    });
    expect(parseDataRef('parquet:p.parquet,label=outcome')).toEqual({ kind: 'parquet', path: 'p.parquet', label: 'outcome', columns: {} });
    expect(parseDataRef('arff:p.arff,partition=split')).toEqual({
      kind: 'arff',
      path: 'p.arff',
      label: '',
      columns: {},
      partition: 'split',
    });
    expect(() => parseDataRef('csv:p.csv,parts=fold:1')).toThrow('write parts=train:VALUE');
  });

  it('zero features: a file of only a label column is refused', async () => {
    const e = await refusal(
      { kind: 'csv', path: 'label-only.csv', label: '', header: 'auto', delimiter: 'auto', missing: ['?'], columns: {} },
      join(DATA, 'csv'),
    );
    expect(e.reason).toBe('noFeatures');
    expect(e.message).toMatch(/label-only\.csv: no feature columns: the file's 1 column is the label 'class'\./);
  });

  it('numbers in a partition column need a mapping, and with one they split the rows', async () => {
    const base: Extract<DataSource, { kind: 'csv' }> = {
      kind: 'csv',
      path: 'numbered-folds.csv',
      label: 'y',
      header: 'auto',
      delimiter: 'auto',
      missing: ['?'],
      columns: {},
      partition: 'fold',
    };
    const e = await refusal(base, join(DATA, 'csv'));
    expect(e.message).toMatch(
      /numbered-folds\.csv:2: partition value '1' in column 'fold' is not a part; expected train, validation, test\. Map values to parts/,
    );
    const d = await loadDataset({ ...base, parts: { train: '2', test: '1' } }, { baseDir: join(DATA, 'csv') });
    expect(d.metadata.parts).toEqual({ train: 3, test: 2 });
    expect(d.metadata.features).toBe(1);
  });
});
