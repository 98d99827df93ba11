import { beforeAll, describe, expect, it } from 'vitest';
import type { LabeledData, ResolvedVae } from '../../../src/runtime/components.ts';
import { initBackend, trainVae } from '../../../src/runtime/index.ts';
import { Random } from '../../../src/runtime/random.ts';
import { setKernelOptions } from '../../../src/runtime/kernels/options.ts';
import {
  ALL,
  PLAIN,
  initialWeights,
  maxRelativeDifference,
  tinyData,
  trainTinyVaes,
  withOptions,
  type TinyVaeSetup,
} from './kernel-fixtures.ts';
import { vaeConfig } from '../models/fixtures.ts';

const STEPS = 30;
const setup: TinyVaeSetup = { models: 3, inputs: 6, hidden: 8, latent: 2, batch: 5, activation: 'relu' };

describe('training with the optimised kernels', () => {
  beforeAll(async () => {
    await initBackend('wasm');
  });

  it('follows the plain path’s loss trajectory over 30 Adam steps (3 stacked models, fixed seed)', () => {
    const weights = [0, 1, 2].map((m) => initialWeights(setup, 100 + m));
    const { batches, noise } = tinyData(setup, STEPS, 7);
    const plain = withOptions(PLAIN, () => trainTinyVaes(setup, weights, batches, noise));
    const fast = withOptions(ALL, () => trainTinyVaes(setup, weights, batches, noise));
    expect(fast).toHaveLength(STEPS);
    for (let s = 0; s < STEPS; s++) expect(maxRelativeDifference(fast[s], plain[s])).toBeLessThan(1e-4);
    // the models learn: the mean loss of the last 5 steps is below that of the first 5
    const mean = (rows: number[][]) => rows.flat().reduce((a, b) => a + b, 0) / rows.flat().length;
    expect(mean(fast.slice(-5))).toBeLessThan(mean(fast.slice(0, 5)));
  });

  for (const [name, options] of [
    ['plain', PLAIN],
    ['optimised', ALL],
  ] as const) {
    it(`${name}: a stack of 3 models trains exactly as each model alone`, () => {
      const weights = [0, 1, 2].map((m) => initialWeights(setup, 200 + m));
      const { batches, noise } = tinyData(setup, STEPS, 8);
      const stacked = withOptions(options, () => trainTinyVaes(setup, weights, batches, noise));
      const single = { ...setup, models: 1 };
      for (let m = 0; m < 3; m++) {
        const alone = withOptions(options, () =>
          trainTinyVaes(
            single,
            [weights[m]],
            batches.map((b) => [b[m]]),
            noise.map((n) => [n[m]]),
          ),
        );
        const stackedModel = stacked.map((losses) => losses[m]);
        expect(
          maxRelativeDifference(
            stackedModel,
            alone.map((losses) => losses[0]),
          ),
        ).toBeLessThan(1e-4);
      }
    });
  }

  it("augc's trainVae (per_class, 2 models, 40 steps) records the same losses on both paths", async () => {
    const rng = new Random(5);
    const rows = 40;
    const data: LabeledData = {
      x: Float32Array.from({ length: rows * 6 }, () => rng.uniform()),
      y: Int32Array.from({ length: rows }, (_, i) => i % 2),
      rows,
      features: 6,
      numClasses: 2,
      imageShape: null,
      groups: [],
    };
    const config: ResolvedVae = vaeConfig({
      name: 'tiny',
      mode: 'per_class',
      encoder: { kind: 'dense', widths: [8] },
      decoder: { kind: 'dense', widths: [8] },
      train: { steps: 40, epochs: null, batch: 8, lr: 0.01, optimizer: 'adam' },
    });

    const run = async () => {
      const vae = await trainVae(config, data, { seed: 3, checkpoints: [] });
      const totals = vae.history.map((r) => r.total);
      vae.dispose();
      return totals;
    };
    const previous = setKernelOptions(PLAIN);
    let plain: number[];
    let fast: number[];
    try {
      plain = await run();
      setKernelOptions(ALL);
      fast = await run();
    } finally {
      setKernelOptions(previous);
    }
    expect(fast).toHaveLength(40);
    expect(maxRelativeDifference(fast, plain)).toBeLessThan(1e-4);
  });
});
