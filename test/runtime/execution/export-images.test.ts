/**
 * `export` on image data (issue 16 §4): a tiny spec over a folder of 4×3 gray PNGs (written here)
 * runs through the real runtime and writes, per arm, cell and repeat, a PNG folder per class, IDX
 * image and label files and index.csv. They load back through augc's `images()` and `idx()` readers
 * with the generate task's decoded rows as bytes, and the kept-only export holds exactly the rows the
 * GC filter kept.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileSource } from '../../../src/compiler/index.ts';
import type { Plan } from '../../../src/plan/types.ts';
import { unitToBytes } from '../../../src/runtime/data/export.ts';
import { loadDataset, prepareData } from '../../../src/runtime/data/index.ts';
import { ArtifactCache } from '../../../src/runtime/execution/artifact-cache.ts';
import { realComponents, realDataLayer } from '../../../src/runtime/execution/real-modules.ts';
import { runExperiment, type RunExperimentResult } from '../../../src/runtime/execution/run-experiment.ts';
import type { RunManifest } from '../../../src/runtime/execution/task-runner.ts';
import { imageFolder } from '../../fixtures/data/make-fixtures.ts';

const spec = (exported: string) => `experiment export_images "export on images" {
  seed 3
  repeats 1
  data pics = images("imgs")
  split pics stratified { train 0.6, test 0.4 }
  vae pixels { single on train latent 2 encoder dense [6] likelihood bernoulli train steps 10 batch 4 lr 1e-2 }
  classifier net { mlp [4] train steps 5 batch 4 lr 1e-2 }
  arm baseline
  arm noise = pixels.noise(alpha 0.5) count 3
  arm checked = pixels.noise(alpha 1.0) count 4 filter gc(noise sigma 0.5, keep 0.533)
  metric weighted_f1
  report "out/pics.md" { table weighted_f1 ${exported} }
}
`;

let root: string;

async function run(text: string): Promise<RunExperimentResult & { plan: Plan }> {
  writeFileSync(join(root, 'pics.aug'), text);
  const compiled = await compileSource(text, join(root, 'pics.aug'));
  expect(compiled.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  const plan = compiled.plan as Plan;
  const outcome = await runExperiment({
    plan,
    components: await realComponents(),
    data: await realDataLayer(),
    augcVersion: 'test',
    cacheDir: join(root, '.augc'),
    backend: 'wasm',
  });
  return { ...outcome, plan };
}

async function stored(taskId: string) {
  const dir = join(root, '.augc', 'manifests');
  const manifest = JSON.parse(readFileSync(join(dir, readdirSync(dir)[0]), 'utf8')) as RunManifest;
  return (await new ArtifactCache(join(root, '.augc')).read(manifest.keys[taskId]))!;
}

describe('export in a report block (images)', () => {
  let both: RunExperimentResult & { plan: Plan };
  beforeAll(async () => {
    mkdirSync(join(process.cwd(), 'scratch'), { recursive: true });
    root = mkdtempSync(join(process.cwd(), 'scratch', 'export-images-'));
    writeFileSync(join(root, 'package.json'), '{}');
    imageFolder(join(root, 'imgs'), { cat: 10, dog: 10 });
    both = await run(spec('export generated, kept'));
  }, 120_000);
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('writes PNGs per class, IDX files and index.csv holding the generate task’s decoded rows', async () => {
    const dir = join(root, 'out', 'pics-data', 'checked', 'all', 'repeat-0');
    expect(readdirSync(dir).sort()).toEqual(['images-idx3-ubyte', 'index.csv', 'labels-idx1-ubyte', 'png']);
    const generated = await stored('gen:checked/-/r0');
    const y = generated.arrays.y as Int32Array;
    expect(y.length).toBe(8);
    const prepared = await prepareData(both.plan.datasets[0], { baseDir: root });
    const bytes = unitToBytes(prepared.preprocessor.inverse(generated.arrays.x as Float32Array));

    const idx = await loadDataset({ kind: 'idx', images: join(dir, 'images-idx3-ubyte'), labels: join(dir, 'labels-idx1-ubyte') });
    expect(idx.metadata.imageShape).toEqual([3, 4, 1]);
    expect(Array.from(idx.pixels!)).toEqual(Array.from(bytes));
    expect(Array.from(idx.y)).toEqual(Array.from(y));
    const folder = await loadDataset({ kind: 'images', dir: join(dir, 'png') });
    expect(folder.metadata.classes).toEqual([
      { label: 'cat', count: 4 },
      { label: 'dog', count: 4 },
    ]);
    expect(Array.from(folder.pixels!)).toEqual(Array.from(bytes));

    // index.csv: each file with its label, provenance, the GC's score and kept flag
    const filter = await stored('gc:checked/-/r0');
    const score = filter.arrays.score as Float32Array;
    const keep = filter.arrays.keep as Int32Array;
    const [head, ...lines] = readFileSync(join(dir, 'index.csv'), 'utf8').trimEnd().split('\n');
    expect(head).toBe('file,label,arm,cell,repeat,gc_score,kept');
    expect(lines).toEqual(
      Array.from(y, (c, i) => {
        const label = ['cat', 'dog'][c];
        return `png/${label}/${String(i).padStart(5, '0')}.png,${label},checked,-,0,${Number(score[i].toPrecision(7))},${keep[i]}`;
      }),
    );
  });

  it('results.json says png+idx with the folder, and an arm without a filter has every row kept', () => {
    const files = both.results.generatedData!.files;
    expect(files.map((f) => [f.arm, f.format, f.path, f.rows, f.filtered])).toEqual([
      ['noise', 'png+idx', 'pics-data/noise/all/repeat-0', 6, false],
      ['checked', 'png+idx', 'pics-data/checked/all/repeat-0', 8, true],
    ]);
    expect(files[0].kept).toBe(6);
    expect(files[1].kept).toBe(both.results.runs.find((r) => r.arm === 'checked')!.counts.kept);
    const index = readFileSync(join(root, 'out', 'pics-data', 'noise', 'all', 'repeat-0', 'index.csv'), 'utf8');
    expect(
      index
        .trimEnd()
        .split('\n')
        .slice(1)
        .every((line) => line.endsWith(',noise,-,0,,1')),
    ).toBe(true);
  });

  it('`export kept` writes only the images the GC kept, in their order', async () => {
    const keep = (await stored('gc:checked/-/r0')).arrays.keep as Int32Array;
    const generated = await stored('gen:checked/-/r0');
    await run(spec('export kept'));
    const dir = join(root, 'out', 'pics-data', 'checked', 'all', 'repeat-0');
    const idx = await loadDataset({ kind: 'idx', images: join(dir, 'images-idx3-ubyte'), labels: join(dir, 'labels-idx1-ubyte') });
    const y = generated.arrays.y as Int32Array;
    const keptRows = Array.from(y.keys()).filter((i) => keep[i] === 1);
    // the GC's scores here are all near 0.533: the threshold keeps some and drops others
    expect(keptRows.length).toBeGreaterThan(0);
    expect(keptRows.length).toBeLessThan(8);
    expect(Array.from(idx.y)).toEqual(keptRows.map((i) => y[i]));
    expect(readFileSync(join(dir, 'index.csv'), 'utf8').split('\n')[0]).toBe('file,label,arm,cell,repeat,gc_score');
  });
});
