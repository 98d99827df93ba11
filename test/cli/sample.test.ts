/**
 * `augc sample` end to end (issue 16, "Done when": sampled data round-trips): a tiny spec
 * (test/cli/fixtures/sample/patients.aug: mixed columns, a few VAE steps) runs through the real
 * runtime so the cache holds trained VAEs; `augc sample … -o out.csv` writes examples that load back
 * through augc's own `csv:` loader with the same rows, columns and labels as the VAE's decoded
 * draws; and each mistake gets its exit code and a message that lists the choices.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCommand } from '../../src/cli/commands/run.ts';
import type { Plan, TrainVaeTask } from '../../src/plan/types.ts';
import { loadDataset, parseDataRef, prepareData, toLabeledData } from '../../src/runtime/data/index.ts';
import { restorePreprocessor } from '../../src/runtime/data/preprocess.ts';
import type { Dataset } from '../../src/runtime/data/types.ts';
import { ArtifactCache } from '../../src/runtime/execution/artifact-cache.ts';
import type { RunManifest } from '../../src/runtime/execution/task-runner.ts';
import { loadVae } from '../../src/runtime/models/stacked-vae.ts';
import { readVaeSidecar } from '../../src/runtime/models/vae-files.ts';
import { generate } from '../../src/runtime/sampling/generate.ts';
import { augc } from './cli-harness.ts';

const SPEC = join(import.meta.dirname, 'fixtures/sample/patients.aug');
const work = mkdtempSync(join(process.cwd(), 'scratch', 'cli-sample-'));
const out = join(work, 'out');
const cache = join(work, 'cache');
const results = join(out, 'patients.results.json');
const quiet = { write: () => true, isTTY: false } as unknown as NodeJS.WriteStream;

beforeAll(async () => {
  const errors: string[] = [];
  const write = (c: string) => {
    errors.push(c);
    return true;
  };
  const stderr = { write, isTTY: false } as unknown as NodeJS.WriteStream;
  const code = await runCommand(SPEC, { quiet: true, out, cacheDir: cache, jobs: '1' }, { stdout: quiet, stderr });
  expect(code, errors.join('')).toBe(0);
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** The run's manifest and the train_vae task of `vae` in `cell` and `repeat`. */
function vaeTask(vae: string, cell: number | null, repeat: number): { manifest: RunManifest; task: TrainVaeTask } {
  const dir = join(cache, 'manifests');
  const manifest = JSON.parse(readFileSync(join(dir, readdirSync(dir)[0]), 'utf8')) as RunManifest;
  const task = (manifest.plan as Plan).tasks.find(
    (t): t is TrainVaeTask =>
      t.kind === 'train_vae' && t.vae.name === vae && t.repeat === repeat && (cell === null || t.cell.shots === cell),
  )!;
  return { manifest, task };
}

/** A sampled CSV loaded back as augc loads any `csv:` dataset (one class's rows need the class list declared). */
const loadBack = (path: string, classes = ''): Promise<Dataset> =>
  loadDataset(parseDataRef(`csv:${path},label=label${classes ? `,classes=${classes}` : ''}`));

describe('augc sample', () => {
  it('a single VAE: the CSV loads back as a dataset with the decoded draws as rows, the columns and labels', async () => {
    const file = join(work, 'pooled.csv');
    const r = await augc('sample', results, '--vae', 'pooled', '--count', '6', '--seed', '5', '--cache-dir', cache, '-o', file, '--json');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const summary = JSON.parse(r.stdout);
    expect(summary).toMatchObject({ rows: 12, vae: 'pooled', task: 'vae:pooled/-/r0', cell: '-', repeat: 0, class: null, seed: 5 });
    expect(summary.recipe).toEqual({ kind: 'noise', alpha: 1 });
    expect(readdirSync(summary.entry).sort()).toEqual(['augc-vae.json', 'model-0']);

    // the same draws made here through the runtime: the VAE from the cache, its training rows, seed 5
    const { manifest, task } = vaeTask('pooled', null, 0);
    const store = new ArtifactCache(cache);
    const vae = loadVae((await store.read(manifest.keys[task.id]))!);
    const prepared = await prepareData(manifest.plan.datasets[0], { baseDir: manifest.baseDir });
    const originals = toLabeledData(prepared, prepared.parts.train);
    const drawn = await generate(vae, originals, {
      seed: 5,
      recipe: summary.recipe,
      plusNoise: null,
      count: { kind: 'fixed', perClass: 6 },
    });
    const raw = prepared.preprocessor.inverse(drawn.x);
    vae.dispose();

    const back = await loadBack(file);
    const meta = prepared.dataset.metadata;
    expect(back.metadata.columns.map((c) => [c.name, c.type])).toEqual(meta.columns.map((c) => [c.name, c.type]));
    expect(back.metadata.rows).toBe(12);
    expect(back.metadata.classes.map((c) => [c.label, c.count])).toEqual([
      ['ill', 6],
      ['well', 6],
    ]);
    const features = meta.features;
    for (let i = 0; i < 12; i++) {
      expect(back.metadata.classes[back.y[i]].label).toBe(meta.classes[drawn.y[i]].label);
      for (let j = 0; j < features; j++) {
        const [want, got] = [raw[i * features + j], back.x[i * features + j]];
        const categories = meta.columns[j].categories;
        if (categories) expect(back.metadata.columns[j].categories![got]).toBe(categories[want]);
        else expect(got).toBe(Math.fround(Number(want.toPrecision(7))));
      }
    }
    // the sidecar's preprocessing maps the decoder's output back to the same raw rows
    const sidecar = readVaeSidecar(store.vaePath(manifest.keys[task.id]));
    expect(Array.from(restorePreprocessor(sidecar.data!.preprocessing).inverse(drawn.x))).toEqual(Array.from(raw));

    // the same command writes the same bytes
    const again = join(work, 'pooled-again.csv');
    expect((await augc('sample', results, '--vae', 'pooled', '--count', '6', '--seed', '5', '--cache-dir', cache, '-o', again)).code).toBe(
      0,
    );
    expect(readFileSync(again, 'utf8')).toBe(readFileSync(file, 'utf8'));
  });

  it('a per-class VAE: --class picks its model, --cell and --repeat its VAE in the sweep; a cache folder works as the source', async () => {
    const file = join(work, 'well.csv');
    const args = ['--vae', 'per_patient_class', '--class', 'well', '--count', '5', '--cell', 'shots=3', '--experiment', 'sample_fixture'];
    const r = await augc('sample', cache, ...args, '--repeat', '1', '--recipe', 'prior', '--alpha', '0.5', '-o', file);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(
      /^augc: wrote .*well\.csv \(5 examples, class well, from VAE 'per_patient_class' cell shots=3 repeat 1 by prior\(alpha 0\.5\), seed \d+\)\n$/,
    );
    const back = await loadBack(file, 'ill|well');
    expect(back.metadata.rows).toBe(5);
    expect(back.metadata.classes).toEqual([
      { label: 'ill', count: 0 },
      { label: 'well', count: 5 },
    ]);
    // another repeat's VAE draws other rows
    const other = join(work, 'well-r0.csv');
    expect((await augc('sample', cache, ...args, '--repeat', '0', '--recipe', 'prior', '--alpha', '0.5', '-o', other)).code).toBe(0);
    expect(readFileSync(other, 'utf8').split('\n')[0]).toBe('age,sex,smoker,blood,dose,severity,label');
    expect(readFileSync(other, 'utf8')).not.toBe(readFileSync(file, 'utf8'));
  });

  it('without --cell, a sweep VAE samples the first cell and says which; interpolate draws from the cell shots', async () => {
    const file = join(work, 'ill.csv');
    const r = await augc(
      'sample',
      results,
      '--vae',
      'per_patient_class',
      '--class',
      'ill',
      '--count',
      '3',
      '--recipe',
      'interpolate',
      '--k',
      '1',
      '--cache-dir',
      cache,
      '-o',
      file,
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe(
      "augc: VAE 'per_patient_class' has one model per cell; sampling cell shots=2 (others: shots=3; pick with --cell).\n",
    );
    expect((await loadBack(file, 'ill|well')).metadata.classes).toEqual([
      { label: 'ill', count: 3 },
      { label: 'well', count: 0 },
    ]);
  });

  describe('mistakes: exit 2 for usage with the choices listed, 1 for work that is not there', () => {
    const sample = (...args: string[]) => augc('sample', results, '--cache-dir', cache, '-o', join(work, 'x.csv'), ...args);

    it('an unknown VAE name, with did-you-mean', async () => {
      const r = await sample('--vae', 'poold', '--count', '3');
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(
        /^augc: no VAE 'poold' in the runs of sample_fixture in .* \(VAEs: per_patient_class, pooled\)\. Did you mean 'pooled'\?\n$/,
      );
    });

    it('a per-class VAE without --class, and an unknown class', async () => {
      const r = await sample('--vae', 'per_patient_class', '--count', '3', '--cell', 'shots=2');
      expect(r.code).toBe(2);
      expect(r.stderr).toBe(
        "augc: VAE 'per_patient_class' is per-class (one model per class): pick the class to sample with --class (one of: ill, well).\n",
      );
      const unknown = await sample('--vae', 'per_patient_class', '--count', '3', '--cell', 'shots=2', '--class', 'Well');
      expect(unknown.code).toBe(2);
      expect(unknown.stderr).toMatch(/no class 'Well' in .* \(classes: ill, well\)\. Did you mean 'well'\?\n$/);
    });

    it('a bad count, cell, repeat or recipe', async () => {
      for (const count of ['0', '-3', '2.5', 'many']) {
        const r = await sample('--vae', 'pooled', '--count', count);
        expect(r.code).toBe(2);
        expect(r.stderr).toBe(`augc: --count expects a whole number from 1 to 10,000,000, got '${count}'.\n`);
      }
      const cell = await sample('--vae', 'per_patient_class', '--class', 'ill', '--count', '3', '--cell', 'shots=4');
      expect([cell.code, cell.stderr]).toEqual([
        2,
        "augc: VAE 'per_patient_class' has no cell shots=4 (cells: shots=2; shots=3); pick one with --cell, e.g. --cell shots=2.\n",
      ]);
      const repeat = await sample('--vae', 'pooled', '--count', '3', '--repeat', '7');
      expect([repeat.code, repeat.stderr]).toEqual([2, "augc: VAE 'pooled' has no repeat 7 (repeats: 0, 1); pick one with --repeat.\n"]);
      const prior = await sample('--vae', 'pooled', '--count', '3', '--recipe', 'prior');
      expect(prior.code).toBe(2);
      expect(prior.stderr).toContain("recipe 'prior' needs a per-class VAE");
      expect((await sample('--vae', 'pooled', '--count', '3', '--recipe', 'smote')).code).toBe(2);
      expect((await sample('--count', '3')).code).toBe(2); // --vae is required
    });

    it('a source that is not there or not a run, and a VAE no longer in the cache', async () => {
      const missing = await augc('sample', join(work, 'nope.results.json'), '--vae', 'pooled', '--count', '1', '-o', 'x.csv');
      expect([missing.code, missing.stderr]).toEqual([
        2,
        `augc: cannot read ${join(work, 'nope.results.json')}: no such file or folder.\n`,
      ]);
      const notCache = await augc('sample', out, '--vae', 'pooled', '--count', '1', '-o', 'x.csv');
      expect(notCache.code).toBe(2);
      expect(notCache.stderr).toContain('is not an artifact cache');
      const noDefaultCache = await augc('sample', results, '--vae', 'pooled', '--count', '1', '-o', 'x.csv');
      expect(noDefaultCache.code).toBe(2);
      expect(noDefaultCache.stderr).toContain('no artifact cache at');

      const { manifest, task } = vaeTask('pooled', null, 1);
      rmSync(join(cache, 'artifacts', `${manifest.keys[task.id]}.vae`), { recursive: true });
      const gone = await sample('--vae', 'pooled', '--count', '3', '--repeat', '1');
      expect(gone.code).toBe(1);
      expect(gone.stderr).toContain("VAE 'pooled' (sample_fixture) is not in the cache");
    });
  });
});
