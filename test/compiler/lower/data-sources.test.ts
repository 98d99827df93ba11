/** Lowering the data sources of issue 16 into the plan: PROBEN1 names and paths, the partition
 * column and its parts mapping, Parquet and ARFF; each plan validates against the schema. */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DataSource } from '../../../src/plan/types.ts';
import { onData } from '../diagnostic-cases.ts';
import { compile, PROJECT_ROOT } from '../helpers.ts';

const DATA = '../test/fixtures/data';
const abs = (p: string) => join(PROJECT_ROOT, 'test/fixtures/data', p);

async function sourceOf(source: string, split = ''): Promise<DataSource> {
  const { plan, diagnostics } = await compile(onData(source, split));
  expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return plan!.datasets[0].source;
}

describe('data sources in the plan', () => {
  it('PROBEN1: a name with its permutation digit, a separate permutation, a variant, a path', async () => {
    expect(await sourceOf('proben1("tumour2")')).toEqual({ kind: 'proben1', name: 'tumour', permutation: 2 });
    expect(await sourceOf('proben1("tumour", permutation 2)')).toEqual({ kind: 'proben1', name: 'tumour', permutation: 2 });
    expect(await sourceOf('proben1("heartc")')).toEqual({ kind: 'proben1', name: 'heartc', permutation: 1 });
    expect(await sourceOf(`proben1("${DATA}/proben1/tumour/tumour2.dt")`)).toEqual({
      kind: 'proben1',
      name: 'tumour',
      permutation: 2,
      path: abs('proben1/tumour/tumour2.dt'),
    });
  });

  it('a partition column and its mapping; the split is the file own partition', async () => {
    const { plan } = await compile(
      onData(`csv("${DATA}/csv/numbered-folds.csv", label "y", partition "fold", parts { "2" train, "1" test })`),
    );
    expect(plan!.datasets[0].source).toMatchObject({ kind: 'csv', partition: 'fold', parts: { train: '2', test: '1' } });
    expect(plan!.datasets[0].split).toEqual({ kind: 'partition', parts: ['train', 'test'], fitOn: 'train' });
  });

  it('Parquet and ARFF with their options', async () => {
    expect(await sourceOf(`parquet("${DATA}/tables/patients.parquet", label "outcome", partition "split")`)).toEqual({
      kind: 'parquet',
      path: abs('tables/patients.parquet'),
      label: 'outcome',
      columns: {},
      partition: 'split',
    });
    expect(
      await sourceOf(`arff("${DATA}/tables/patients.arff", partition "split", columns { age continuous }, classes ["well", "ill"])`),
    ).toEqual({
      kind: 'arff',
      path: abs('tables/patients.arff'),
      label: '',
      columns: { age: 'continuous' },
      classes: ['well', 'ill'],
      partition: 'split',
    });
  });

  it('a part name in parts that is not a part is refused with did-you-mean', async () => {
    const { diagnostics } = await compile(
      onData(`csv("${DATA}/csv/numbered-folds.csv", label "y", partition "fold", parts { "2" train, "1" tst })`),
    );
    const d = diagnostics.find((x) => x.message.includes("'tst'"));
    expect(d?.hint).toBe("Did you mean 'test'?");
  });
});
