import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DataError, loadDataset, parseDataRef, readMetadata } from '../../../src/runtime/data/index.ts';
import type { DataSource } from '../../../src/runtime/data/index.ts';
import { removeTempFolders, tempFolder } from '../../fixtures/data/make-fixtures.ts';

afterAll(removeTempFolders);

const FIXTURES = join(import.meta.dirname, '../../fixtures/data/csv');
const RAW = join(process.env.AUGC_DATA_PATH?.split(':')[0] ?? '', 'proben1');

function csv(path: string, more: Partial<Extract<DataSource, { kind: 'csv' }>> = {}): DataSource {
  return { kind: 'csv', path, label: '', header: 'auto', delimiter: 'auto', missing: ['?'], columns: {}, ...more };
}

async function loadError(source: DataSource): Promise<DataError> {
  try {
    await loadDataset(source, { baseDir: FIXTURES });
  } catch (err) {
    expect(err).toBeInstanceOf(DataError);
    return err as DataError;
  }
  throw new Error('expected a DataError');
}

describe('CSV source', () => {
  it('detects the header, infers types, codes categories and marks missing values', async () => {
    const d = await loadDataset(csv('mixed.csv', { label: 'class' }), { baseDir: FIXTURES });
    const m = d.metadata;
    expect(m.rows).toBe(6);
    expect(m.columns.map((c) => [c.name, c.type, c.missing])).toEqual([
      ['age', 'continuous', 0],
      ['colour', 'categorical', 1],
      ['smoker', 'binary', 1],
      ['weight', 'continuous', 1],
    ]);
    expect(m.columns[1].categories).toEqual(['blue', 'green', 'red']);
    expect(m.encodedFeatures).toBe(1 + 3 + 1 + 1);
    expect(m.classes).toEqual([
      { label: 'no', count: 3 },
      { label: 'yes', count: 3 },
    ]);
    expect(m.columns[3]).toMatchObject({ min: 55, max: 90 });
    expect(Array.from(d.x.subarray(0, 4))).toEqual([34, 2, 1, 70.5]);
    expect(Number.isNaN(d.x[4 + 3])).toBe(true);
    expect(Array.from(d.y)).toEqual([1, 0, 1, 0, 0, 1]);
    expect(m.parts).toEqual({});
    expect(m.ref).toBe(`csv:${join(FIXTURES, 'mixed.csv')}`); // relative path resolved against baseDir
  });

  it('honours declared types, a label by index, and semicolon / whitespace delimiters', async () => {
    const declared = await readMetadata(csv('mixed.csv', { label: '#4', columns: { age: 'categorical', '#2': 'continuous' } }), {
      baseDir: FIXTURES,
    });
    expect(declared.columns.map((c) => c.type)).toEqual(['categorical', 'categorical', 'continuous', 'continuous']);
    expect(declared.encodedFeatures).toBe(6 + 3 + 1 + 1);
    const semi = await readMetadata(csv('semicolon.csv'), { baseDir: FIXTURES });
    expect([semi.rows, semi.features, semi.classes.length]).toEqual([3, 2, 2]);
    const ws = await loadDataset(csv('whitespace.txt'), { baseDir: FIXTURES });
    expect([ws.metadata.rows, ws.metadata.features]).toEqual([3, 2]);
    expect(ws.metadata.classes.map((c) => c.label)).toEqual(['1', '3']);
    expect(Array.from(ws.x)).toEqual([1, 2, 4, 5, 7, 8]);
  });

  it('reads a byte-order mark, CRLF line ends and quoted fields holding the delimiter', async () => {
    const dir = tempFolder();
    writeFileSync(join(dir, 'excel.csv'), '\uFEFFname,size,kind\r\n"Smith, J",1.5,a\r\n"Doe, A",2.5,b\r\n"Roe, B",3,a\r\n');
    const d = await loadDataset(csv('excel.csv', { label: 'kind' }), { baseDir: dir });
    expect(d.metadata.columns.map((c) => c.name)).toEqual(['name', 'size']);
    expect(d.metadata.columns[0].categories).toEqual(['Doe, A', 'Roe, B', 'Smith, J']);
    expect(Array.from(d.x)).toEqual([2, 1.5, 0, 2.5, 1, 3]);
  });

  it('parses csv:PATH,options references', () => {
    expect(parseDataRef('csv:a.csv,label=class,missing=?|NA,header=no,type.x=categorical')).toEqual({
      kind: 'csv',
      path: 'a.csv',
      label: 'class',
      header: false,
      delimiter: 'auto',
      missing: ['?', 'NA'],
      columns: { x: 'categorical' },
    });
    expect(() => parseDataRef('csv:a.csv,type.x=ordinal')).toThrow("Unknown column type 'ordinal'");
  });

  it('bad input: ragged row, text in a numeric column, empty label, empty file, unknown label column', async () => {
    expect((await loadError(csv('ragged.csv'))).message).toMatch(/ragged\.csv:3: 2 fields, expected 3/);
    const text = await loadError(csv('text-in-numeric.csv'));
    expect(text.message).toMatch(/text-in-numeric\.csv:4: text 'oops' in numeric column 'b'/);
    expect(text.line).toBe(4);
    expect((await loadError(csv('empty-label.csv'))).message).toMatch(/empty-label\.csv:3: empty label/);
    expect((await loadError(csv('missing-label.csv'))).message).toMatch(/missing-label\.csv:3: empty label \('\?'\)/);
    expect((await loadError(csv('empty.csv'))).message).toMatch(/empty\.csv: the file is empty/);
    // issue 17: a header alone is said as such, not as "only one class ('label')"
    expect((await loadError(csv('header-only.csv', { header: true }))).message).toMatch(
      /header-only\.csv: the file holds only a header row \(a, b, label\) and no data rows\.$/,
    );
    expect((await loadError(csv('header-only.csv'))).message).toMatch(
      /header-only\.csv: the file holds only a header row \(a, b, label\) and no data rows\.$/,
    );
    expect((await loadError(csv('mixed.csv', { label: 'species' }))).message).toMatch(
      /mixed\.csv: no column 'species'.*age, colour, smoker, weight, class/,
    );
    expect((await loadError(csv('text-in-numeric.csv', { columns: { b: 'continuous' } }))).message).toMatch(
      /:4: text 'oops' in numeric column 'b' \(declared continuous\)/,
    );
    expect((await loadError(csv('nowhere.csv'))).message).toMatch(/nowhere\.csv': no such file/);
  });
});

describe.skipIf(!process.env.AUGC_DATA_PATH)('raw UCI files as CSV (need AUGC_DATA_PATH=…/shared/datasets)', () => {
  it('crx.data: 690 rows, 15 attributes, 2 classes, 67 missing values where the file has "?"', async () => {
    const d = await loadDataset(csv(join(RAW, 'card/crx.data')));
    const m = d.metadata;
    expect([m.rows, m.features, m.classes.length]).toEqual([690, 15, 2]);
    expect(m.classes).toEqual([
      { label: '+', count: 307 },
      { label: '-', count: 383 },
    ]);
    expect(m.columns.map((c) => c.missing)).toEqual([12, 12, 0, 6, 6, 9, 9, 0, 0, 0, 0, 0, 0, 13, 0]);
    expect(m.columns.filter((c) => c.type === 'continuous').map((c) => c.name)).toEqual([
      'col2',
      'col3',
      'col8',
      'col11',
      'col14',
      'col15',
    ]);
    expect(m.columns.filter((c) => c.type === 'categorical').map((c) => c.name)).toEqual([
      'col1',
      'col4',
      'col5',
      'col6',
      'col7',
      'col9',
      'col10',
      'col12',
      'col13',
    ]);
    expect(m.encodedFeatures).toBe(46);
    let nan = 0;
    for (const v of d.x) if (Number.isNaN(v)) nan++;
    expect(nan).toBe(67);
  });

  it('glass, pima, horse-colic and ann-train (whitespace) load with their class counts', async () => {
    const glass = await readMetadata(csv(join(RAW, 'glass/glass.data')));
    expect(glass.classes.map((c) => `${c.label}:${c.count}`)).toEqual(['1:70', '2:76', '3:17', '5:13', '6:9', '7:29']);
    const pima = await readMetadata(csv(join(RAW, 'diabetes/pima-indians-diabetes.data')));
    expect([pima.rows, pima.features, pima.classes.map((c) => c.count)]).toEqual([768, 8, [500, 268]]);
    const horse = await readMetadata(csv(join(RAW, 'horse/horse-colic.data')));
    expect([horse.rows, horse.features]).toEqual([300, 27]);
    expect(horse.columns[3].missing).toBe(60);
    const thyroid = await readMetadata(csv(join(RAW, 'thyroid/ann-train.data')));
    expect([thyroid.rows, thyroid.features, thyroid.classes.map((c) => c.count)]).toEqual([3772, 21, [93, 191, 3488]]);
  });

  it('horse-colic with the outcome column as label names the row whose label is missing', async () => {
    await expect(loadDataset(csv(join(RAW, 'horse/horse-colic.data'), { label: '#22' }))).rejects.toThrow(
      /horse-colic\.data:133: empty label/,
    );
  });
});
