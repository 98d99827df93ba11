/**
 * `augc sample` on image data: a tiny spec on a folder of 4×3 gray PNGs (written here) runs through
 * the real runtime; `augc sample … -o DIR` writes a PNG folder per class and IDX files, which load
 * back through augc's `images()` and `idx()` readers with the VAE's decoded draws as their bytes.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCommand } from '../../src/cli/commands/run.ts';
import type { TrainVaeTask } from '../../src/plan/types.ts';
import { loadDataset, prepareData, toLabeledData } from '../../src/runtime/data/index.ts';
import { unitToBytes } from '../../src/runtime/data/export.ts';
import { ArtifactCache } from '../../src/runtime/execution/artifact-cache.ts';
import type { RunManifest } from '../../src/runtime/execution/task-runner.ts';
import { loadVae } from '../../src/runtime/models/stacked-vae.ts';
import { generate } from '../../src/runtime/sampling/generate.ts';
import { imageFolder } from '../fixtures/data/make-fixtures.ts';
import { augc } from './cli-harness.ts';
import { readdirSync, readFileSync } from 'node:fs';

const work = mkdtempSync(join(process.cwd(), 'scratch', 'cli-sample-images-'));
const cache = join(work, '.augc'); // the default: beside the spec
const SPEC = `experiment sample_images "augc sample on images" {
  seed 3
  repeats 1
  data pics = images("imgs")
  split pics stratified { train 0.6, test 0.4 }
  vae pixels {
    single on train
    latent 2
    encoder dense [6]
    likelihood bernoulli
    train steps 10 batch 4 lr 1e-2
  }
  classifier net {
    mlp [4]
    train steps 5 batch 4 lr 1e-2
  }
  sweep shots in [2] per_class from train
  arm baseline
  arm noise = pixels.noise(alpha 0.5)
  metric weighted_f1
  report "out/pics.md" { table weighted_f1 rows shots cols arm }
}
`;

beforeAll(async () => {
  imageFolder(join(work, 'imgs'), { cat: 10, dog: 10 });
  writeFileSync(join(work, 'pics.aug'), SPEC);
  const quiet = { write: () => true, isTTY: false } as unknown as NodeJS.WriteStream;
  const code = await runCommand(join(work, 'pics.aug'), { quiet: true, jobs: '1' }, { stdout: quiet, stderr: quiet });
  expect(code).toBe(0);
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('augc sample (images)', () => {
  it('writes PNGs per class and IDX files holding the decoded draws', async () => {
    const dir = join(work, 'drawn');
    const r = await augc('sample', join(work, 'out', 'pics.results.json'), '--vae', 'pixels', '--count', '3', '--seed', '9', '-o', dir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe(
      `augc: wrote ${join(dir).replace(`${process.cwd()}/`, '')} (6 examples, 3 per class, from VAE 'pixels' repeat 0 by noise(alpha 1), seed 9)\n`,
    );

    const manifests = join(cache, 'manifests');
    const manifest = JSON.parse(readFileSync(join(manifests, readdirSync(manifests)[0]), 'utf8')) as RunManifest;
    const task = manifest.plan.tasks.find((t): t is TrainVaeTask => t.kind === 'train_vae')!;
    const vae = loadVae((await new ArtifactCache(cache).read(manifest.keys[task.id]))!);
    const prepared = await prepareData(manifest.plan.datasets[0], { baseDir: manifest.baseDir });
    const drawn = await generate(vae, toLabeledData(prepared, prepared.parts.train), {
      seed: 9,
      recipe: { kind: 'noise', alpha: 1 },
      plusNoise: null,
      count: { kind: 'fixed', perClass: 3 },
    });
    vae.dispose();
    const bytes = unitToBytes(prepared.preprocessor.inverse(drawn.x));

    const idx = await loadDataset({ kind: 'idx', images: join(dir, 'images-idx3-ubyte'), labels: join(dir, 'labels-idx1-ubyte') });
    expect(idx.metadata.imageShape).toEqual([3, 4, 1]);
    expect(Array.from(idx.pixels!)).toEqual(Array.from(bytes));
    expect(Array.from(idx.y)).toEqual(Array.from(drawn.y));
    const folder = await loadDataset({ kind: 'images', dir: join(dir, 'png') });
    expect(folder.metadata.classes).toEqual([
      { label: 'cat', count: 3 },
      { label: 'dog', count: 3 },
    ]);
    expect(Array.from(folder.pixels!)).toEqual(Array.from(bytes));
  });

  it('refuses a .csv output for images', async () => {
    const r = await augc('sample', join(work, 'out', 'pics.results.json'), '--vae', 'pixels', '--count', '3', '-o', join(work, 'x.csv'));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/holds images: they are written as PNG and IDX files into a folder; pass -o DIR\.\n$/);
  });
});
