/**
 * Generated tabular rows decode, through the data layer's inverse preprocessing, into valid raw
 * records: real categories, 0/1 binaries, continuous values within the fitted range.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../src/runtime/backend/init-backend.ts';
import { prepareData, toLabeledData, decodeRows } from '../../../src/runtime/data/index.ts';
import type { PreparedData } from '../../../src/runtime/data/types.ts';
import { trainVae } from '../../../src/runtime/training/train-vae.ts';
import { generate } from '../../../src/runtime/sampling/generate.ts';
import { Random } from '../../../src/runtime/random.ts';
import { vaeConfig } from '../models/fixtures.ts';

/** A small CSV: a continuous column, a text category (3 values), a 0/1 column, a class label. */
function writeCsv(): string {
  const rng = new Random(5);
  const colours = ['red', 'green', 'blue'];
  const lines = ['size,colour,flag,label'];
  for (let i = 0; i < 60; i++) {
    const c = i % 2;
    const size = (c === 0 ? 10 : 20) + rng.normal() * 2;
    const colour = colours[(c + (rng.uniform() < 0.2 ? 1 : 0)) % 3];
    const flag = rng.uniform() < (c === 0 ? 0.8 : 0.2) ? 1 : 0;
    lines.push(`${size.toFixed(2)},${colour},${flag},${c === 0 ? 'small' : 'large'}`);
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'augc-records-'));
  const file = path.join(dir, 'items.csv');
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

describe('decoded generated records', () => {
  let prepared: PreparedData;

  beforeAll(async () => {
    await initBackend();
    prepared = await prepareData({
      name: 'items',
      source: { kind: 'csv', path: writeCsv(), label: 'label', header: true, delimiter: ',', missing: [], columns: {} },
      preprocess: { continuous: 'minmax', impute: 'mean_mode' },
      split: { kind: 'stratified', ratios: { train: 0.7, test: 0.3 }, seed: 1, fitOn: 'train' },
    });
  });

  it('hold real categories, 0/1 binaries and in-range values for VAE and SMOTE samples', async () => {
    const train = toLabeledData(prepared, prepared.parts.train);
    expect(train.groups.map((g) => g.kind)).toEqual(['continuous', 'categorical', 'binary']);
    const vae = await trainVae(vaeConfig({ mode: 'per_class', likelihood: 'mixed' }), train, { seed: 1, checkpoints: [] });
    const samples = [
      await generate(vae, train, {
        seed: 1,
        recipe: { kind: 'extrapolate', k: 3, alpha: 1.5 },
        plusNoise: { alpha: 2 },
        count: { kind: 'fixed', perClass: 50 },
      }),
      await generate(vae, train, { seed: 2, recipe: { kind: 'prior', alpha: 3 }, plusNoise: null, count: { kind: 'fixed', perClass: 50 } }),
      await generate(null, train, { seed: 3, recipe: { kind: 'smote', k: 5 }, plusNoise: null, count: { kind: 'same' } }),
    ];
    vae.dispose();
    const [size, colour, flag] = prepared.dataset.metadata.columns;
    expect(colour.categories?.length).toBe(3);
    for (const g of samples) {
      const raw = decodeRows(prepared, g.x, g.rows);
      expect(raw.length).toBe(g.rows * 3);
      for (let r = 0; r < g.rows; r++) {
        expect(raw[r * 3]).toBeGreaterThanOrEqual(size.min as number);
        expect(raw[r * 3]).toBeLessThanOrEqual(size.max as number);
        expect([0, 1, 2]).toContain(raw[r * 3 + 1]);
        expect([0, 1]).toContain(raw[r * 3 + 2]);
      }
      // the generated encoded rows were valid already: re-encoding the decoded records gives them back
      const again = prepared.preprocessor.transform(raw);
      const width = train.features;
      for (let r = 0; r < g.rows; r++) {
        expect(g.x[r * width]).toBeGreaterThanOrEqual(0);
        expect(g.x[r * width]).toBeLessThanOrEqual(1);
        expect(Array.from(g.x.subarray(r * width + 1, (r + 1) * width))).toEqual(
          Array.from(again.subarray(r * width + 1, (r + 1) * width)),
        );
      }
    }
    expect(flag.type).toBe('binary');
  });
});
