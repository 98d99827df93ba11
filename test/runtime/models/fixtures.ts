/**
 * Tiny synthetic data and configs for the runtime tests (no files, no downloads).
 */
import type { ClassifierNode } from '../../../src/plan/types.ts';
import type { LabeledData, ResolvedVae } from '../../../src/runtime/components.ts';
import type { FeatureGroup } from '../../../src/runtime/data/types.ts';
import { Random } from '../../../src/runtime/random.ts';

/**
 * A mixed table: 4 continuous columns in [0,1] (class-dependent means), one categorical column
 * with 3 categories (one-hot, mostly the class's own), one binary column: 8 encoded features.
 */
export function mixedTable(rows: number, seed = 1, numClasses = 3): LabeledData {
  const rng = new Random(seed);
  const features = 8;
  const x = new Float32Array(rows * features);
  const y = new Int32Array(rows);
  for (let i = 0; i < rows; i++) {
    const c = i % numClasses;
    y[i] = c;
    const base = i * features;
    for (let j = 0; j < 4; j++) x[base + j] = Math.min(1, Math.max(0, 0.2 + 0.3 * ((c + j) % numClasses) + 0.05 * rng.normal()));
    const category = rng.uniform() < 0.8 ? c % 3 : rng.int(3);
    x[base + 4 + category] = 1;
    x[base + 7] = rng.uniform() < (c === 0 ? 0.9 : 0.1) ? 1 : 0;
  }
  const groups: FeatureGroup[] = [
    { column: 0, kind: 'continuous', start: 0, end: 1 },
    { column: 1, kind: 'continuous', start: 1, end: 2 },
    { column: 2, kind: 'continuous', start: 2, end: 3 },
    { column: 3, kind: 'continuous', start: 3, end: 4 },
    { column: 4, kind: 'categorical', start: 4, end: 7 },
    { column: 5, kind: 'binary', start: 7, end: 8 },
  ];
  return { x, y, rows, features, numClasses, imageShape: null, groups };
}

/** Tiny 8×8 one-channel images: class 0 a bright left half, class 1 a bright top half (+ noise). */
export function tinyImages(rows: number, seed = 2): LabeledData {
  const rng = new Random(seed);
  const features = 64;
  const x = new Float32Array(rows * features);
  const y = new Int32Array(rows);
  for (let i = 0; i < rows; i++) {
    const c = i % 2;
    y[i] = c;
    for (let r = 0; r < 8; r++) {
      for (let col = 0; col < 8; col++) {
        const on = c === 0 ? col < 4 : r < 4;
        x[i * features + r * 8 + col] = Math.min(1, Math.max(0, (on ? 0.9 : 0.1) + 0.05 * rng.normal()));
      }
    }
  }
  return { x, y, rows, features, numClasses: 2, imageShape: [8, 8, 1], groups: [] };
}

/** A small dense VAE config (override any field). */
export function vaeConfig(overrides: Partial<ResolvedVae> = {}): ResolvedVae {
  return {
    name: 'vae',
    mode: 'single',
    mixIn: 0,
    trainOn: 'train',
    latent: 2,
    beta: { kind: 'value', value: 1 },
    betaValue: 1,
    betaWarmupSteps: 0,
    encoder: { kind: 'dense', widths: [16] },
    decoder: { kind: 'dense', widths: [16] },
    activation: 'relu',
    likelihood: 'bernoulli',
    train: { steps: 60, epochs: null, batch: 16, lr: 0.01, optimizer: 'adam' },
    ...overrides,
  };
}

/** A small mlp config (override any field). */
export function classifierConfig(overrides: Partial<ClassifierNode> = {}): ClassifierNode {
  return {
    name: 'clf',
    kind: 'mlp',
    hidden: [16],
    convFilters: [],
    activation: 'relu',
    batchNorm: false,
    dropout: 0,
    steps: null,
    epochs: 20,
    epochsPer: 'arm',
    batch: 16,
    lr: 0.01,
    optimizer: 'adam',
    earlyStopping: null,
    ...overrides,
  };
}
