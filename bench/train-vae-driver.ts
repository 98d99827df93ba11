/**
 * Drives augc's own VAE training (src/runtime trainVae, the code `augc run` calls) for the
 * benchmark: a dense bernoulli VAE of the case's shape on synthetic data in [0, 1], single or
 * per_class. Timing counts training steps only — from the first step's onStep callback to the
 * last's — so model construction and read-back are left out, as on the PyTorch side.
 */
import type { LabeledData, ResolvedVae } from '../src/runtime/components.ts';
import { trainVae } from '../src/runtime/index.ts';
import { Random } from '../src/runtime/random.ts';
import type { Timing } from './reference.ts';

export interface VaeShape {
  inputs: number;
  /** encoder widths; the decoder mirrors them */
  hidden: number[];
  latent: number;
  batch: number;
}

/** rows of synthetic training data per model (thyroid's training part has ~3600) */
export const ROWS_PER_MODEL = 1000;

export function vaeConfig(shape: VaeShape, mode: 'single' | 'per_class', steps: number): ResolvedVae {
  return {
    name: 'bench',
    mode,
    mixIn: 0,
    trainOn: 'train',
    latent: shape.latent,
    beta: { kind: 'value', value: 1 },
    betaValue: 1,
    betaWarmupSteps: 0,
    encoder: { kind: 'dense', widths: shape.hidden },
    decoder: { kind: 'dense', widths: [...shape.hidden].reverse() },
    activation: 'relu',
    likelihood: 'bernoulli',
    train: { steps, epochs: null, batch: shape.batch, lr: 1e-3, optimizer: 'adam' },
  };
}

/** `classes` classes of ROWS_PER_MODEL rows each, features uniform in [0, 1]. */
export function syntheticData(shape: VaeShape, classes: number, seed: number): LabeledData {
  const rng = new Random(seed);
  const rows = classes * ROWS_PER_MODEL;
  const x = new Float32Array(rows * shape.inputs);
  for (let i = 0; i < x.length; i++) x[i] = rng.uniform();
  const y = Int32Array.from({ length: rows }, (_, i) => Math.floor(i / ROWS_PER_MODEL));
  return { x, y, rows, features: shape.inputs, numClasses: classes, imageShape: null, groups: [] };
}

/**
 * Steps timed and their wall seconds within one trainVae call: from the first onStep report (step 1
 * when steps < 400; trainVae reports about 200 times a run) to the last step's.
 */
export async function timeTrainVae(config: ResolvedVae, data: LabeledData, seed: number): Promise<Timing & { steps: number }> {
  const steps = config.train.steps;
  let firstStep = 0;
  let first = 0;
  let last = 0;
  let firstCpu = process.cpuUsage();
  let lastCpu = firstCpu;
  const vae = await trainVae(config, data, {
    seed,
    checkpoints: [],
    onStep: (record) => {
      if (firstStep === 0) {
        firstStep = record.step;
        first = performance.now();
        firstCpu = process.cpuUsage();
      }
      if (record.step === steps) {
        last = performance.now();
        lastCpu = process.cpuUsage(firstCpu);
      }
    },
  });
  vae.dispose();
  if (firstStep === 0 || last === 0 || firstStep === steps) throw new Error(`bench: trainVae reported too few steps of ${steps}.`);
  return { steps: steps - firstStep, seconds: (last - first) / 1000, cpuSeconds: (lastCpu.user + lastCpu.system) / 1e6 };
}
