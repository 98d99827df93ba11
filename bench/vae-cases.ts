/**
 * The VAE cases: each a shape, a number of models, and variants that switch the optimisations on
 * one at a time (the before/after rows) up to the final configuration (the case's own row).
 */
import * as tf from '@tensorflow/tfjs';
import { ALL_OFF, ALL_ON, setKernelOptions, type KernelOptions } from '../src/runtime/kernels/options.ts';
import { measure, type MeasureOptions, type TimedRun } from './measure.ts';
import { PythonReference } from './reference.ts';
import { ROWS_PER_MODEL, syntheticData, timeTrainVae, vaeConfig, type VaeShape } from './train-vae-driver.ts';

export interface BenchRow {
  case: string;
  value: number | null;
  unit: string;
  reference: number | null;
  ratio: number | null;
  note?: string;
}

export const TABULAR: VaeShape = { inputs: 21, hidden: [64, 32], latent: 2, batch: 64 };
export const IMAGE: VaeShape = { inputs: 784, hidden: [512, 256], latent: 50, batch: 128 };

const PLAIN: KernelOptions = { ...ALL_OFF };
const ALL: KernelOptions = { ...ALL_ON };

/** every optimisation but the fused loss and the native BLAS (the default before they existed) */
const WITHOUT_FUSED_LOSS: KernelOptions = { ...ALL, fusedLoss: false, nativeBlas: false, poolGrad: false, simdAdam: false };
/** every optimisation but the native BLAS: the wasm products (the default before it existed) */
const WASM_PRODUCTS: KernelOptions = { ...ALL, nativeBlas: false, poolGrad: false, simdAdam: false };
/** every optimisation but the SIMD Adam (the default before it existed) */
const WITHOUT_SIMD_ADAM: KernelOptions = { ...ALL, simdAdam: false };

interface Variant {
  /** row suffix; '' is the case's own (final) row */
  suffix: string;
  options: KernelOptions;
  /** train the case's models as one per_class stack (true) or as separate single VAEs in turn */
  stacked: boolean;
  /** part of the before/after table only (skipped by --quick) */
  ablation: boolean;
}

export interface VaeCase {
  name: string;
  shape: VaeShape;
  models: number;
  unit: string;
  variants: Variant[];
}

/** plain, then each optimisation added in turn; the last is the case's own row */
const CUMULATIVE: Variant[] = [
  { suffix: '/plain', options: PLAIN, stacked: true, ablation: true },
  { suffix: '/+transposeFree', options: { ...PLAIN, transposeFree: true }, stacked: true, ablation: true },
  { suffix: '/+fusedDense', options: { ...PLAIN, transposeFree: true, fusedDense: true }, stacked: true, ablation: true },
  { suffix: '/+packedAdam', options: { ...PLAIN, transposeFree: true, fusedDense: true, packedAdam: true }, stacked: true, ablation: true },
  // the final row before the fused loss, kept in --quick runs so its before/after shows there too
  { suffix: '/+stackedMatMul+lightTape', options: WITHOUT_FUSED_LOSS, stacked: true, ablation: false },
  { suffix: '/+fusedLoss', options: WASM_PRODUCTS, stacked: true, ablation: false },
  { suffix: '/+nativeBlas', options: WITHOUT_SIMD_ADAM, stacked: true, ablation: false },
  { suffix: '', options: ALL, stacked: true, ablation: false },
];

const TRANSPOSE_FREE: KernelOptions = { ...PLAIN, transposeFree: true };
const STACKED_MATMUL: KernelOptions = { ...TRANSPOSE_FREE, stackedMatMul: true };

export const VAE_CASES: VaeCase[] = [
  { name: 'vae-tabular', shape: TABULAR, models: 1, unit: 'steps/s', variants: CUMULATIVE },
  { name: 'vae-image', shape: IMAGE, models: 1, unit: 'steps/s', variants: CUMULATIVE },
  {
    name: 'vae-per-class',
    shape: TABULAR,
    models: 3,
    unit: 'model-steps/s',
    variants: [
      { suffix: '/plain-separate', options: PLAIN, stacked: false, ablation: true },
      { suffix: '/separate', options: ALL, stacked: false, ablation: true },
      { suffix: '/plain-stacked', options: PLAIN, stacked: true, ablation: true },
      { suffix: '/+transposeFree', options: TRANSPOSE_FREE, stacked: true, ablation: true },
      { suffix: '/+stackedMatMul', options: STACKED_MATMUL, stacked: true, ablation: true },
      { suffix: '/+fusedDense', options: { ...STACKED_MATMUL, fusedDense: true }, stacked: true, ablation: true },
      { suffix: '/+packedAdam', options: { ...STACKED_MATMUL, fusedDense: true, packedAdam: true }, stacked: true, ablation: true },
      { suffix: '/+lightTape', options: WITHOUT_FUSED_LOSS, stacked: true, ablation: false },
      { suffix: '/+fusedLoss', options: WASM_PRODUCTS, stacked: true, ablation: false },
      { suffix: '/+nativeBlas', options: WITHOUT_SIMD_ADAM, stacked: true, ablation: false },
      { suffix: '', options: ALL, stacked: true, ablation: false },
    ],
  },
  {
    // the per-digit VAEs of specs/mnist-fewshot.aug: ten image VAEs as one stack, batch 32
    name: 'vae-per-digit',
    shape: { ...IMAGE, batch: 32 },
    models: 10,
    unit: 'model-steps/s',
    variants: [
      { suffix: '/wasm', options: WASM_PRODUCTS, stacked: true, ablation: false },
      { suffix: '/+nativeBlas', options: WITHOUT_SIMD_ADAM, stacked: true, ablation: false },
      { suffix: '', options: ALL, stacked: true, ablation: false },
    ],
  },
];

function describe(variant: Variant, models: number): string {
  const on = Object.entries(variant.options)
    .filter(([, enabled]) => enabled)
    .map(([name]) => name);
  const training = models === 1 ? '' : variant.stacked ? `per_class stack of ${models}; ` : `${models} single VAEs one after another; `;
  return `${training}kernels: ${on.length === 0 ? 'plain' : on.join('+')}`;
}

/** Measure the case's variants against one PyTorch reference process (interleaved samples). */
export async function runVaeCase(
  vaeCase: VaeCase,
  measureOptions: MeasureOptions,
  includeAblation: boolean,
  emit: (row: BenchRow) => void,
): Promise<void> {
  const reference = await PythonReference.start('vae_step.py', { ...vaeCase.shape, models: vaeCase.models });
  try {
    for (const variant of vaeCase.variants) {
      if (variant.ablation && !includeAblation) continue;
      const previous = setKernelOptions(variant.options);
      try {
        const result = await measure(timedRun(vaeCase, variant.stacked), reference, measureOptions);
        // per-class figures count model-steps: every step advances each of the models
        const value = result.ours * vaeCase.models;
        const referenceValue = result.reference === null ? null : result.reference * vaeCase.models;
        emit({
          case: vaeCase.name + variant.suffix,
          value: round(value),
          unit: vaeCase.unit,
          reference: referenceValue === null ? null : round(referenceValue),
          ratio: result.ratio === null ? null : round(result.ratio, 3),
          note: describe(variant, vaeCase.models) + (reference === null ? '; no PyTorch reference (python3 with torch not found)' : ''),
        });
      } finally {
        setKernelOptions(previous);
      }
    }
  } finally {
    reference?.close();
  }
  if (tf.memory().numTensors > 1000) throw new Error(`bench: ${tf.memory().numTensors} tensors left after ${vaeCase.name}.`);
}

/** ours: trainVae on synthetic data; the stacked per_class VAE, or one single VAE per class in turn */
function timedRun(vaeCase: VaeCase, stacked: boolean): TimedRun {
  const data = syntheticData(vaeCase.shape, vaeCase.models, 1);
  if (vaeCase.models === 1 || stacked) {
    const mode = vaeCase.models === 1 ? 'single' : 'per_class';
    return (steps) => timeTrainVae(vaeConfig(vaeCase.shape, mode, steps), data, 1);
  }
  const perClass = Array.from({ length: vaeCase.models }, (_, c) => ({
    ...data,
    x: data.x.subarray(c * ROWS_PER_MODEL * data.features, (c + 1) * ROWS_PER_MODEL * data.features),
    y: new Int32Array(ROWS_PER_MODEL),
    rows: ROWS_PER_MODEL,
    numClasses: 1,
  }));
  return async (steps) => {
    let seconds = 0;
    let cpuSeconds = 0;
    let timed = 0;
    for (const classData of perClass) {
      const run = await timeTrainVae(vaeConfig(vaeCase.shape, 'single', steps), classData, 1);
      seconds += run.seconds;
      cpuSeconds += run.cpuSeconds;
      timed += run.steps;
    }
    // every model advanced timed/models steps: report steps of the whole set of models
    return { steps: timed / vaeCase.models, seconds, cpuSeconds };
  };
}

function round(value: number, digits = 1): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}
