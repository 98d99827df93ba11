/** The cache key of the data sources of issue 16: Parquet, ARFF, a PROBEN1 file by path and a
 * PROBEN1 set outside the download catalog are keyed by their file's content, like CSV. */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DataSource, DatasetNode } from '../../../src/plan/types.ts';
import { dataFingerprint } from '../../../src/runtime/execution/data-fingerprint.ts';

const DATA = join(import.meta.dirname, '../../fixtures/data');
const node = (source: DataSource): DatasetNode => ({
  name: 'd',
  source,
  preprocess: { continuous: 'minmax', impute: 'mean_mode' },
  split: { kind: 'partition', parts: ['train', 'test'], fitOn: 'train' },
});

describe('data fingerprints of table and PROBEN1 sources', () => {
  it('Parquet, ARFF and a .dt file by path fingerprint their file', async () => {
    const sources: [DataSource, string][] = [
      [{ kind: 'parquet', path: 'tables/patients.parquet', label: 'outcome', columns: {} }, 'patients.parquet'],
      [{ kind: 'arff', path: 'tables/patients.arff', label: 'outcome', columns: {} }, 'patients.arff'],
      [{ kind: 'proben1', name: 'tumour', permutation: 1, path: 'proben1/tumour/tumour1.dt' }, 'tumour1.dt'],
    ];
    for (const [source, name] of sources) {
      const f = await dataFingerprint(node(source), DATA, {});
      expect(f.files).toHaveLength(1);
      expect(f.files[0].name).toBe(name);
      expect(f.files[0].size).toBeGreaterThan(0);
    }
  });

  it('a PROBEN1 set found on the search path is keyed by that file; one nowhere has no size', async () => {
    const found = await dataFingerprint(node({ kind: 'proben1', name: 'heartc', permutation: 1 }), DATA, { AUGC_DATA_PATH: DATA });
    expect(found.files.map((f) => [f.name, f.size])).toEqual([['heartc1.dt', expect.any(Number)]]);
    const missing = await dataFingerprint(node({ kind: 'proben1', name: 'heartc', permutation: 2 }), DATA, { AUGC_DATA_PATH: DATA });
    expect(missing.files).toEqual([{ name: 'heartc2.dt', size: null }]);
  });
});
