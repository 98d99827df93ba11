import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../../src/cli/main.ts';
import { DataError, loadDataset, parseDataRef, prepareData, readMetadata, sampleShots } from '../../../src/runtime/data/index.ts';
import type { CsvSource } from '../../../src/runtime/data/index.ts';

const FIXTURES = join(import.meta.dirname, '../../fixtures/data/csv');

function csv(path: string, more: Partial<CsvSource> = {}): CsvSource {
  return { kind: 'csv', path, label: '', header: 'auto', delimiter: 'auto', missing: ['?'], columns: {}, ...more };
}

async function loadError(source: CsvSource): Promise<DataError> {
  const err = await loadDataset(source, { baseDir: FIXTURES }).then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(DataError);
  return err as DataError;
}

afterEach(() => vi.restoreAllMocks());

describe('CSV declared classes', () => {
  it('csv:PATH,classes=A|B|C in a reference', () => {
    expect(parseDataRef('csv:a.csv,label=class,classes=yes| no|maybe')).toEqual({
      kind: 'csv',
      path: 'a.csv',
      label: 'class',
      header: 'auto',
      delimiter: 'auto',
      missing: ['?'],
      columns: {},
      classes: ['yes', 'no', 'maybe'],
    });
    expect(parseDataRef('csv:a.csv')).not.toHaveProperty('classes');
  });

  it('declared classes fix the class codes in their order; a declared class may have no rows', async () => {
    const d = await loadDataset(csv('mixed.csv', { label: 'class', classes: ['yes', 'no', 'maybe'] }), { baseDir: FIXTURES });
    expect(d.metadata.classes).toEqual([
      { label: 'yes', count: 3 },
      { label: 'no', count: 3 },
      { label: 'maybe', count: 0 },
    ]);
    expect(Array.from(d.y)).toEqual([0, 1, 0, 1, 1, 0]); // yes no yes no no yes
    const undeclared = await loadDataset(csv('mixed.csv', { label: 'class' }), { baseDir: FIXTURES });
    expect(Array.from(undeclared.y)).toEqual([1, 0, 1, 0, 0, 1]); // sorted: no = 0, yes = 1
    expect(() =>
      sampleShots(
        d.y,
        Int32Array.from(d.y.keys()),
        1,
        1,
        d.metadata.classes.map((c) => c.label),
      ),
    ).toThrow(/maybe/);
  });

  it('a label outside the declared classes is an error naming the file and the line', async () => {
    const err = await loadError(csv('unknown-label.csv', { classes: ['yes', 'no'] }));
    const file = join(FIXTURES, 'unknown-label.csv');
    expect(err.message).toBe(`${file}:4: unknown label 'maybe' in the class column; the declared classes are yes, no.`);
    expect([err.file, err.line]).toEqual([file, 4]);
    // the same file without a declared list: three classes, no error
    const open = await readMetadata(csv('unknown-label.csv'), { baseDir: FIXTURES });
    expect(open.classes.map((c) => `${c.label}:${c.count}`)).toEqual(['maybe:1', 'no:1', 'yes:2']);
  });

  it('an empty label stays an error, before the declared list is consulted', async () => {
    expect((await loadError(csv('empty-label.csv', { classes: ['a', 'b'] }))).message).toMatch(/empty-label\.csv:3: empty label/);
    expect((await loadError(csv('missing-label.csv', { classes: ['a', 'b'] }))).message).toMatch(
      /missing-label\.csv:3: empty label \('\?'\)/,
    );
  });

  it('a bad declared list: a repeated name, an empty name, fewer than two classes', async () => {
    expect((await loadError(csv('mixed.csv', { classes: ['yes', 'no', 'yes'] }))).message).toMatch(
      /mixed\.csv: the declared class list names 'yes' twice\./,
    );
    expect((await loadError(csv('mixed.csv', { classes: ['yes', '', 'no'] }))).message).toMatch(
      /mixed\.csv: the declared class list \(yes\|\|no\) has an empty class name\./,
    );
    expect((await loadError(csv('mixed.csv', { classes: ['yes'] }))).message).toMatch(
      /mixed\.csv: the declared class list names 1 class; a classifier needs two or more\./,
    );
  });

  it('prepareData carries the declared classes through to the metadata the executor reads', async () => {
    const p = await prepareData(
      {
        name: 'mixed',
        source: csv('mixed.csv', { label: 'class', classes: ['no', 'yes'] }),
        preprocess: { continuous: 'minmax', impute: 'mean_mode' },
        split: { kind: 'stratified', ratios: { pool: 0.5, test: 0.5 }, seed: 2, fitOn: 'pool' },
      },
      { baseDir: FIXTURES },
    );
    expect(p.dataset.metadata.classes.map((c) => c.label)).toEqual(['no', 'yes']);
    const perClass = (rows: Int32Array) => [0, 1].map((c) => Array.from(rows).filter((r) => p.dataset.y[r] === c).length);
    expect([perClass(p.parts.pool), perClass(p.parts.test)]).toEqual([
      [2, 2],
      [1, 1],
    ]); // 3 rows per class, half rounded up to the pool
  });

  it('augc data describe with classes=…: an unknown label exits 1 with one line naming file and line', async () => {
    let err = '';
    vi.spyOn(process.stderr, 'write').mockImplementation((s) => {
      err += String(s);
      return true;
    });
    vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const code = await main(['data', 'describe', `csv:${join(FIXTURES, 'unknown-label.csv')},classes=yes|no`]);
    expect(code).toBe(1);
    expect(err).toBe(
      `augc: ${join(FIXTURES, 'unknown-label.csv')}:4: unknown label 'maybe' in the class column; the declared classes are yes, no.\n`,
    );
  });
});
