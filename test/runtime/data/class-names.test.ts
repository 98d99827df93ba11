/**
 * The class names a report shows, per source (src/runtime/data/class-names.ts): labels as the data
 * writes them, PROBEN1's output-column indices as "class N".
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FASHION_MNIST_FILES } from '../../../src/runtime/data/catalog.ts';
import { classNamesOf, readMetadata } from '../../../src/runtime/data/index.ts';
import { candidatePaths } from '../../../src/runtime/data/resolve.ts';
import type { DataSource } from '../../../src/runtime/data/types.ts';

const DATA = join(import.meta.dirname, '../../fixtures/data');
const env = { AUGC_DATA_PATH: DATA, XDG_CACHE_HOME: '/nonexistent-augc-cache' };
const namesOf = async (source: DataSource, baseDir = DATA) =>
  classNamesOf(await readMetadata(source, { baseDir, resolve: { env, download: false } }));

describe('class names of each source', () => {
  it('CSV: the label values as written, in sorted order (spaces kept)', async () => {
    const source = { kind: 'csv', path: 'csv/trees.csv', label: 'tree', header: 'auto', delimiter: 'auto', missing: ['?'], columns: {} };
    expect(await namesOf(source as DataSource)).toEqual(['oak', 'pine', 'silver birch']);
  });

  it("ARFF: the nominal values in the header's order; Parquet: the values as written", async () => {
    const tables = join(DATA, 'tables');
    expect(await namesOf({ kind: 'arff', path: 'patients.arff', label: 'outcome', columns: {} } as DataSource, tables)).toEqual([
      'well',
      'ill',
    ]);
    expect(await namesOf({ kind: 'parquet', path: 'patients.parquet', label: 'outcome', columns: {} } as DataSource, tables)).toEqual([
      'ill',
      'well',
    ]);
  });

  it('PROBEN1: the output column index, said as "class N" (19 classes of beans included)', async () => {
    expect(await namesOf({ kind: 'proben1', name: 'tumour', permutation: 1 })).toEqual(['class 0', 'class 1']);
    const beans = await namesOf({ kind: 'proben1', name: 'beans', permutation: 1 });
    expect(beans).toHaveLength(19);
    expect(beans[18]).toBe('class 18');
  });

  it('"class N" only for PROBEN1: a CSV whose labels are numbers keeps them as written', () => {
    const classes = ['0', '1', '2'].map((label) => ({ label, count: 1 }));
    expect(classNamesOf({ ref: 'csv:grades.csv', classes })).toEqual(['0', '1', '2']);
    expect(classNamesOf({ ref: 'proben1:thyroid', classes })).toEqual(['class 0', 'class 1', 'class 2']);
  });

  it('MNIST: the digits', async () => {
    expect(await namesOf({ kind: 'mnist' } as DataSource)).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
  });

  const fashion = FASHION_MNIST_FILES.every((f) => candidatePaths(f).some((p) => existsSync(p)));
  it.skipIf(!fashion)('Fashion-MNIST: the garment names (needs the Debian package dataset-fashion-mnist)', async () => {
    expect(await namesOf({ kind: 'fashion_mnist' } as DataSource)).toEqual([
      'T-shirt/top',
      'Trouser',
      'Pullover',
      'Dress',
      'Coat',
      'Sandal',
      'Shirt',
      'Sneaker',
      'Bag',
      'Ankle boot',
    ]);
  });
});
