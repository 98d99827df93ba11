/**
 * Any PROBEN1 set on the search path, read from the fixtures in test/fixtures/data/proben1 (made in
 * PROBEN1 format for these tests): tumour (4 binary + 3 real inputs, 2 classes, permutations 1 and
 * 2), heart/heart1.dt with its variant heart/heartc1.dt, beans (19 classes) and flow (regression).
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DataError, listProben1Sets, loadDataset, readMetadata } from '../../../src/runtime/data/index.ts';
import type { DataSource } from '../../../src/runtime/data/types.ts';

const DATA = join(import.meta.dirname, '../../fixtures/data');
const env = { AUGC_DATA_PATH: DATA, XDG_CACHE_HOME: '/nonexistent-augc-cache' };
const read = (source: DataSource) => readMetadata(source, { resolve: { env, download: false } });
const proben1 = (name: string, permutation: 1 | 2 | 3 = 1): DataSource => ({ kind: 'proben1', name, permutation });

async function refusal(source: DataSource): Promise<DataError> {
  const error = await read(source).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DataError);
  return error as DataError;
}

describe('PROBEN1 sets found on the search path', () => {
  it('lists every stem with its folder and permutations, the heart variants in heart/', () => {
    const sets = listProben1Sets(env);
    expect(sets.map((s) => [s.name, s.dir.slice(DATA.length + 1), s.permutations])).toEqual([
      ['beans', 'proben1/beans', [1]],
      ['flow', 'proben1/flow', [1]],
      ['heart', 'proben1/heart', [1]],
      ['heartc', 'proben1/heart', [1]],
      ['tumour', 'proben1/tumour', [1, 2]],
    ]);
  });

  it('tumour: partition and inputs from the header; 0/1 columns are binary, the others continuous', async () => {
    const m = await read(proben1('tumour'));
    expect([m.rows, m.features, m.encodedFeatures]).toEqual([12, 7, 7]);
    expect(m.parts).toEqual({ train: 6, validation: 3, test: 3 });
    expect(m.columns.map((c) => c.type)).toEqual(['binary', 'binary', 'binary', 'binary', 'continuous', 'continuous', 'continuous']);
    expect(m.classes).toEqual([
      { label: '0', count: 6 },
      { label: '1', count: 6 },
    ]);
    expect(m.partClassCounts.train).toEqual([3, 3]);
  });

  it('numbered variants: tumour2 = tumour permutation 2, heartc is heart/heartc1.dt', async () => {
    const two = await loadDataset(proben1('tumour2'), { resolve: { env } });
    const alsoTwo = await loadDataset(proben1('tumour', 2), { resolve: { env } });
    const one = await loadDataset(proben1('tumour'), { resolve: { env } });
    expect(Array.from(two.x)).toEqual(Array.from(alsoTwo.x));
    expect(Array.from(two.x)).not.toEqual(Array.from(one.x));
    const heartc = await loadDataset(proben1('heartc'), { resolve: { env } });
    const heart = await loadDataset(proben1('heart'), { resolve: { env } });
    expect(heartc.metadata.ref).toBe('proben1:heartc');
    expect(Array.from(heartc.x.subarray(0, 7))).not.toEqual(Array.from(heart.x.subarray(0, 7)));
  });

  it('beans: 19 classes, 3 rows each, one per class in every part', async () => {
    const m = await read(proben1('beans'));
    expect(m.classes).toHaveLength(19);
    expect(m.classes.every((c) => c.count === 3)).toBe(true);
    expect(m.partClassCounts.test).toEqual(Array(19).fill(1));
  });

  it('a file by path: proben1("…/beans1.dt") reads it without the search path', async () => {
    const m = await readMetadata(
      { kind: 'proben1', name: 'beans', permutation: 1, path: 'proben1/beans/beans1.dt' },
      { baseDir: DATA, resolve: { env: {}, download: false } },
    );
    expect([m.rows, m.classes.length]).toEqual([57, 19]);
    expect(m.ref).toBe(`proben1:${join(DATA, 'proben1/beans/beans1.dt')}`);
  });

  it('flow (real_out=1) is refused as regression, naming the file and header line', async () => {
    const e = await refusal(proben1('flow'));
    expect(e.reason).toBe('regressionSet');
    expect(e.message).toMatch(
      /proben1\/flow\/flow1\.dt:4: real_out=1: the set's outputs are real values, so it is a regression problem, not classification/,
    );
  });

  it('an unknown set lists what the search path holds and suggests the near name', async () => {
    const e = await refusal(proben1('tumor'));
    expect([e.reason, e.subject]).toEqual(['unknownProben1Set', 'tumor']);
    expect(e.message).toContain('the search path holds beans, flow, heart, heartc, tumour.');
    expect(e.message).toContain("Did you mean 'tumour'?");
    const third = await refusal(proben1('tumour', 3));
    expect(third.message).toContain("No PROBEN1 file 'tumour3.dt' for set 'tumour'");
  });

  it('csv: on a .dt file is refused with a hint to use proben1', async () => {
    const e = await refusal({
      kind: 'csv',
      path: join(DATA, 'proben1/tumour/tumour1.dt'),
      label: '',
      header: 'auto',
      delimiter: 'auto',
      missing: ['?'],
      columns: {},
    });
    expect(e.reason).toBe('proben1AsCsv');
    expect(e.message).toMatch(/tumour1\.dt:1: the file starts with a PROBEN1 header .*read it with proben1\("tumour1\.dt"\)/);
  });
});
