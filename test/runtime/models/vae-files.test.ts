/**
 * Trained VAEs saved as TensorFlow.js model files (src/runtime/models/vae-files.ts):
 * - read back by augc, a VAE encodes, decodes and reconstructs (checkpoints) bit-identically;
 * - `tf.loadLayersModel` loads the encoder and decoder, and they compute augc's own encoder means
 *   and decoder means (to float32 rounding: another kernel sums in another order);
 * - the artifact cache stores a VAE as such a folder, and a damaged file is detected, discarded
 *   and read as a miss.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../src/runtime/backend/init-backend.ts';
import type { LabeledData, ResolvedVae, TrainedVae } from '../../../src/runtime/components.ts';
import { ArtifactCache } from '../../../src/runtime/execution/artifact-cache.ts';
import { CorruptArtifactError } from '../../../src/runtime/execution/artifact-codec.ts';
import { loadVae } from '../../../src/runtime/models/stacked-vae.ts';
import { readVaeFiles, readVaeSidecar, SIDECAR_FILE, writeVaeFiles } from '../../../src/runtime/models/vae-files.ts';
import { Random } from '../../../src/runtime/random.ts';
import { trainVae } from '../../../src/runtime/training/train-vae.ts';
import { mixedTable, vaeConfig } from './fixtures.ts';

/** Folders under scratch/ (git-ignored) that live until the end of the file: a case's folder is read by several tests. */
const made: string[] = [];
const scratch = () => {
  made.push(mkdtempSync(join(process.cwd(), 'scratch', 'vae-files-')));
  return made[made.length - 1];
};
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

beforeAll(async () => {
  await initBackend();
});

const train = { steps: 30, epochs: null, batch: 8, lr: 0.01, optimizer: 'adam' as const };

/** 6×6 one-channel images (two classes): 6 → 3 → 2 on the way down, so the decoder crops 4 → 3. */
function oddImages(rows: number): LabeledData {
  const rng = new Random(5);
  const x = Float32Array.from({ length: rows * 36 }, (_, k) => {
    const [i, p] = [Math.floor(k / 36), k % 36];
    return Math.min(1, Math.max(0, ((i % 2 === 0 ? p % 6 < 3 : p < 18) ? 0.9 : 0.1) + 0.05 * rng.normal()));
  });
  return { x, y: Int32Array.from({ length: rows }, (_, i) => i % 2), rows, features: 36, numClasses: 2, imageShape: [6, 6, 1], groups: [] };
}

const bytesOf = (a: Float32Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);

/** A tfjs IOHandler over a model folder on disk (tfjs-node's file:// does this; it is optional here). */
function fromFolder(dir: string): tf.io.IOHandler {
  return {
    load: async () => {
      const model = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8'));
      const group = model.weightsManifest[0];
      const bin = readFileSync(join(dir, group.paths[0]));
      return {
        modelTopology: model.modelTopology,
        weightSpecs: group.weights,
        weightData: bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength),
        format: model.format,
      };
    },
  };
}

interface Case {
  name: string;
  config: ResolvedVae;
  data: LabeledData;
  checkpoints: number[];
}

const cases: Case[] = [
  {
    name: 'dense, single, mixed likelihood (softmax heads), leaky ReLU, a checkpoint',
    config: vaeConfig({ likelihood: 'mixed', activation: 'leaky_relu', encoder: { kind: 'dense', widths: [12, 6] }, train }),
    data: mixedTable(24, 3),
    checkpoints: [10],
  },
  {
    name: 'dense, per class, gaussian, tanh',
    config: vaeConfig({ mode: 'per_class', likelihood: 'gaussian', activation: 'tanh', latent: 3, train }),
    data: mixedTable(24, 4),
    checkpoints: [],
  },
  {
    name: 'conv, single, bernoulli, odd image size (cropping)',
    config: vaeConfig({
      latent: 2,
      encoder: { kind: 'conv', filters: [3, 4], kernel: 3, dense: [8] },
      decoder: { kind: 'conv', filters: [4, 3], kernel: 3, dense: [8] },
      train,
    }),
    data: oddImages(12),
    checkpoints: [],
  },
];

describe('VAE model files', () => {
  for (const c of cases) {
    describe(c.name, () => {
      let vae: TrainedVae;
      let dir: string;
      beforeAll(async () => {
        vae = await trainVae(c.config, c.data, { seed: 3, checkpoints: c.checkpoints });
        dir = join(scratch(), 'entry.vae');
        await writeVaeFiles(dir, vae.save(), { seconds: 1.5 });
      });

      it('reads back into a VAE that encodes, decodes and reconstructs bit-identically', () => {
        const stored = readVaeFiles(dir);
        expect(stored.meta).toEqual({ seconds: 1.5 });
        const back = loadVae(stored);
        const rows = 5;
        const x = c.data.x.subarray(0, rows * c.data.features);
        const z = Float32Array.from({ length: rows * c.config.latent }, (_, i) => Math.sin(i + 1));
        for (let m = 0; m < vae.modelCount; m++) {
          expect(bytesOf(back.decode(z, rows, m)).equals(bytesOf(vae.decode(z, rows, m)))).toBe(true);
          expect(bytesOf(back.encodeMean(x, rows, m)).equals(bytesOf(vae.encodeMean(x, rows, m)))).toBe(true);
          for (const step of c.checkpoints)
            expect(bytesOf(back.reconstructAt(step, x, rows, m)).equals(bytesOf(vae.reconstructAt(step, x, rows, m)))).toBe(true);
        }
        expect(back.history).toEqual(vae.history);
        expect(back.config).toEqual(vae.config);
        back.dispose();
      });

      it('tf.loadLayersModel loads the encoder and decoder, and they compute what augc computes', async () => {
        const sidecar = readVaeSidecar(dir);
        expect(sidecar.models.map((m) => m.dir)).toEqual(Array.from({ length: vae.modelCount }, (_, m) => `model-${m}`));
        const rows = 4;
        const x = c.data.x.subarray(0, rows * c.data.features);
        const z = Float32Array.from({ length: rows * c.config.latent }, (_, i) => Math.cos(i));
        for (const { dir: sub } of sidecar.models) {
          const m = Number(sub.slice('model-'.length));
          const encoder = await tf.loadLayersModel(fromFolder(join(dir, sub, 'encoder')));
          const decoder = await tf.loadLayersModel(fromFolder(join(dir, sub, 'decoder')));
          expect(encoder.outputNames).toEqual(['z_mean', 'z_log_var']);
          const [mean] = encoder.predict(tf.tensor2d(x, [rows, c.data.features])) as tf.Tensor[];
          const decoded = decoder.predict(tf.tensor2d(z, [rows, c.config.latent])) as tf.Tensor;
          const expectedMean = vae.encodeMean(x, rows, m);
          const expectedDecoded = vae.decode(z, rows, m);
          const gotMean = mean.dataSync();
          const gotDecoded = decoded.dataSync();
          expect(gotDecoded.length).toBe(expectedDecoded.length);
          for (let i = 0; i < expectedMean.length; i++) expect(gotMean[i]).toBeCloseTo(expectedMean[i], 5);
          for (let i = 0; i < expectedDecoded.length; i++) expect(gotDecoded[i]).toBeCloseTo(expectedDecoded[i], 5);
          tf.dispose([mean, decoded]);
          encoder.dispose();
          decoder.dispose();
        }
      });
    });
  }

  it('the sidecar says what other code needs: latent size, likelihood, layout, classes, checksums', async () => {
    const config = vaeConfig({ mode: 'per_class', likelihood: 'mixed', train });
    const data = mixedTable(24, 2);
    const vae = await trainVae(config, data, { seed: 1, checkpoints: [] });
    const dir = join(scratch(), 'k.vae');
    const layout = {
      dataset: 'toy',
      kind: 'tabular' as const,
      imageShape: null,
      columns: [],
      classes: ['a', 'b', 'c'],
      preprocessing: { format: 'augc-preprocessor/1' },
    };
    await writeVaeFiles(dir, { ...vae.save(), json: { ...(vae.save().json as object), data: layout } });
    const sidecar = readVaeSidecar(dir);
    expect(sidecar).toMatchObject({ name: 'vae', mode: 'per_class', latentSize: 2, likelihood: 'mixed', features: 8, imageShape: null });
    expect(sidecar.models).toEqual([
      { dir: 'model-0', class: 'a', classCode: 0 },
      { dir: 'model-1', class: 'b', classCode: 1 },
      { dir: 'model-2', class: 'c', classCode: 2 },
    ]);
    expect(sidecar.groups).toEqual(data.groups);
    expect(sidecar.data).toEqual(layout);
    expect(Object.keys(sidecar.files).sort()).toEqual(
      ['model-0', 'model-1', 'model-2'].flatMap((m) =>
        ['decoder', 'encoder'].flatMap((n) => [`${m}/${n}/model.json`, `${m}/${n}/weights.bin`]),
      ),
    );
    // the data layout comes back with the artifact
    expect((readVaeFiles(dir).json as { data: unknown }).data).toEqual(layout);
  });

  it('the same VAE gives the same model files, byte for byte', async () => {
    const vae = await trainVae(cases[0].config, cases[0].data, { seed: 3, checkpoints: [] });
    const [a, b] = [join(scratch(), 'a.vae'), join(scratch(), 'b.vae')];
    await writeVaeFiles(a, vae.save());
    await writeVaeFiles(b, vae.save());
    expect(readFileSync(join(a, SIDECAR_FILE))).toEqual(readFileSync(join(b, SIDECAR_FILE)));
    for (const file of ['model.json', 'weights.bin'])
      expect(readFileSync(join(a, 'model-0/decoder', file))).toEqual(readFileSync(join(b, 'model-0/decoder', file)));
  });

  it('the artifact cache stores a VAE as a model folder; a damaged weights file is discarded as a miss', async () => {
    const vae = await trainVae(cases[0].config, cases[0].data, { seed: 3, checkpoints: [10] });
    const root = scratch();
    const cache = new ArtifactCache(root);
    await cache.write('k1', vae.save(), { seconds: 2 });
    expect(readdirSync(cache.dir)).toEqual(['k1.vae']);
    expect(readdirSync(join(cache.dir, 'k1.vae')).sort()).toEqual(['augc-vae.json', 'checkpoints', 'model-0']);
    expect(await cache.has('k1')).toBe(true);
    const stored = await cache.read('k1');
    expect(stored?.meta).toEqual({ seconds: 2 });
    const z = Float32Array.from([0.5, -1, 2, 0.25]);
    expect(bytesOf(loadVae(stored!).decode(z, 2, 0)).equals(bytesOf(vae.decode(z, 2, 0)))).toBe(true);
    // a generated entry that is not a VAE stays one .art file
    await cache.write('k2', { json: { rows: 1 }, arrays: { x: new Float32Array(2) } }, { seconds: 0.25 });
    expect(readdirSync(cache.dir).sort()).toEqual(['k1.vae', 'k2.art']);
    // the facts stored with an entry, read without its data (reports' task times)
    expect(await cache.readMeta('k1')).toEqual({ seconds: 2 });
    expect(await cache.readMeta('k2')).toEqual({ seconds: 0.25 });
    expect(await cache.readMeta('absent')).toBeNull();

    const weights = join(cache.dir, 'k1.vae', 'checkpoints', 'step-10', 'model-0', 'encoder', 'weights.bin');
    const bytes = readFileSync(weights);
    bytes[3] ^= 0x40;
    writeFileSync(weights, bytes);
    expect(() => readVaeFiles(join(cache.dir, 'k1.vae'))).toThrow(CorruptArtifactError);
    expect(await cache.read('k1')).toBeNull();
    expect(cache.discarded).toEqual(['k1']);
    expect(await cache.has('k1')).toBe(false);
  });
});
