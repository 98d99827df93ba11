/**
 * The downstream-classifier cases (issue 13): augc's own trainClassifier (what `augc run` calls)
 * against the same network in PyTorch (bench/reference/classifier_step.py), on synthetic rows.
 *
 *   clf-mlp  the PROBEN1 reference MLP: 128-256-512, leaky ReLU, batch norm, dropout 0.1, batch 32
 *            (thyroid's shape: 21 features, 3 classes)
 *   clf-cnn  the study's reference CNN (METHOD.md §6.3, the first specs/mnist-fewshot.aug): conv
 *            64-128-128-128 (3×3, each followed by a 2×2 max-pool and dropout 0.5), dense 128,
 *            dropout 0.5, batch 64, on 28×28 digits
 *   clf-cnn-spec  the CNN specs/mnist-fewshot.aug trains now: conv 32-64, dense 128, dropout 0.5,
 *            batch 32
 *   gc       the GC filter's classifier of that spec (mlp [64], batch 32) on originals plus as many
 *            negatives (shots 10: 100 + 100 rows of 784 pixels, 2 classes)
 *
 * Timing covers optimizer steps only: from the first progress report to the last, so network
 * set-up is left out as on the PyTorch side. Rows: `/wasm` (the wasm products and pool gradient,
 * Adam's large tensors by ops), `/+poolGrad` (convolutional cases), `/+nativeBlas` (the native BLAS
 * when it loads), `/+simdAdam` (the SIMD Adam added; cases with batch norm or dropout) and the
 * case's own row (every optimisation: the fused batch norm, dropout and cross-entropy added).
 */
import type { ClassifierNode } from '../src/plan/types.ts';
import type { LabeledData } from '../src/runtime/components.ts';
import { trainClassifier } from '../src/runtime/index.ts';
import { getKernelOptions, setKernelOptions, type KernelOptions } from '../src/runtime/kernels/options.ts';
import { nativeBlas } from '../src/runtime/kernels/native-blas.ts';
import { Random } from '../src/runtime/random.ts';
import { measure, type MeasureOptions, type TimedRun } from './measure.ts';
import { PythonReference } from './reference.ts';
import type { BenchRow } from './vae-cases.ts';

interface ClassifierCase {
  name: string;
  classifier: ClassifierNode;
  features: number;
  imageShape: [number, number, number] | null;
  classes: number;
  rows: number;
}

const base: Omit<ClassifierNode, 'name' | 'kind' | 'hidden' | 'convFilters' | 'activation' | 'batchNorm' | 'dropout' | 'batch'> = {
  steps: null,
  epochs: 1,
  epochsPer: 'cell',
  lr: 1e-3,
  optimizer: 'adam',
  earlyStopping: null,
};

export const CLASSIFIER_CASES: ClassifierCase[] = [
  {
    name: 'clf-mlp',
    classifier: {
      ...base,
      name: 'mlp_ref',
      kind: 'mlp',
      hidden: [128, 256, 512],
      convFilters: [],
      activation: 'leaky_relu',
      batchNorm: true,
      dropout: 0.1,
      batch: 32,
    },
    features: 21,
    imageShape: null,
    classes: 3,
    rows: 1600,
  },
  {
    name: 'clf-cnn',
    classifier: {
      ...base,
      name: 'cnn_ref',
      kind: 'cnn',
      hidden: [128],
      convFilters: [64, 128, 128, 128],
      activation: 'relu',
      batchNorm: false,
      dropout: 0.5,
      batch: 64,
    },
    features: 784,
    imageShape: [28, 28, 1],
    classes: 10,
    rows: 640,
  },
  {
    // the CNN specs/mnist-fewshot.aug trains in every arm (clf-cnn is the study's larger one)
    name: 'clf-cnn-spec',
    classifier: {
      ...base,
      name: 'cnn',
      kind: 'cnn',
      hidden: [128],
      convFilters: [32, 64],
      activation: 'relu',
      batchNorm: false,
      dropout: 0.5,
      batch: 32,
    },
    features: 784,
    imageShape: [28, 28, 1],
    classes: 10,
    rows: 640,
  },
  {
    name: 'gc',
    classifier: {
      ...base,
      name: 'gc_classifier',
      kind: 'mlp',
      hidden: [64],
      convFilters: [],
      activation: 'relu',
      batchNorm: false,
      dropout: 0,
      batch: 32,
    },
    features: 784,
    imageShape: null,
    classes: 2,
    rows: 200,
  },
];

/** `rows` synthetic rows of the case: features uniform in [0, 1], labels cycling through the classes */
export function syntheticRows(c: ClassifierCase): LabeledData {
  const rng = new Random(1);
  const x = new Float32Array(c.rows * c.features);
  for (let i = 0; i < x.length; i++) x[i] = rng.uniform();
  const y = Int32Array.from({ length: c.rows }, (_, i) => i % c.classes);
  return { x, y, rows: c.rows, features: c.features, numClasses: c.classes, imageShape: c.imageShape, groups: [] };
}

/** trainClassifier for `steps` optimizer steps, timed from its first progress report to its last */
function timedRun(c: ClassifierCase, data: LabeledData): TimedRun {
  return async (steps) => {
    let firstStep = -1;
    let lastStep = -1;
    let first = 0;
    let last = 0;
    let firstCpu = process.cpuUsage();
    let lastCpu = firstCpu;
    const classifier = await trainClassifier(c.classifier, data, null, {
      seed: 1,
      steps: steps + 1,
      onProgress: (progress) => {
        if (firstStep < 0) {
          firstStep = progress.step;
          first = performance.now();
          firstCpu = process.cpuUsage();
        }
        lastStep = progress.step;
        last = performance.now();
        lastCpu = process.cpuUsage(firstCpu);
      },
    });
    classifier.dispose();
    if (lastStep <= firstStep) throw new Error(`bench: trainClassifier reported too few steps of ${steps + 1} for ${c.name}.`);
    return { steps: lastStep - firstStep, seconds: (last - first) / 1000, cpuSeconds: (lastCpu.user + lastCpu.system) / 1e6 };
  };
}

function referenceConfig(c: ClassifierCase) {
  const k = c.classifier;
  return {
    kind: k.kind,
    features: c.features,
    image: c.imageShape,
    hidden: k.hidden,
    conv: k.convFilters,
    classes: c.classes,
    activation: k.activation,
    batch_norm: k.batchNorm,
    dropout: k.dropout,
    batch: k.batch,
    rows: c.rows,
  };
}

/** Measure one classifier case: the wasm products (before) and the default options (the case's row). */
export async function runClassifierCase(c: ClassifierCase, measureOptions: MeasureOptions, emit: (row: BenchRow) => void): Promise<void> {
  const data = syntheticRows(c);
  const blas = nativeBlas();
  const convolutional = c.classifier.convFilters.length > 0;
  // the fused batch norm / dropout / cross-entropy (fusedNorm) matter only to a net with either layer
  const normOrDropout = c.classifier.batchNorm || c.classifier.dropout > 0;
  const blasNote = blas.available ? `native BLAS (${blas.library})` : `native BLAS absent (${blas.reason})`;
  const variants: { suffix: string; options: Partial<KernelOptions>; note: string }[] = [
    {
      suffix: '/wasm',
      options: { nativeBlas: false, poolGrad: false, simdAdam: false, fusedNorm: false },
      note: 'kernels: all but nativeBlas, poolGrad, simdAdam and fusedNorm (the wasm products)',
    },
    ...(convolutional
      ? [
          {
            suffix: '/+poolGrad',
            options: { nativeBlas: false, poolGrad: true, simdAdam: false, fusedNorm: false },
            note: 'kernels: all but nativeBlas, simdAdam and fusedNorm (XNNPACK convolutions)',
          },
        ]
      : []),
    {
      suffix: '/+nativeBlas',
      options: { nativeBlas: true, poolGrad: true, simdAdam: false, fusedNorm: false },
      note: `kernels: all but simdAdam and fusedNorm, ${blasNote}`,
    },
    ...(normOrDropout
      ? [
          {
            suffix: '/+simdAdam',
            options: { nativeBlas: true, poolGrad: true, simdAdam: true, fusedNorm: false },
            note: `kernels: all but fusedNorm, ${blasNote}`,
          },
        ]
      : []),
    {
      suffix: '',
      options: { nativeBlas: true, poolGrad: true, simdAdam: true, fusedNorm: true },
      note: `kernels: all, ${blasNote}`,
    },
  ];
  const reference = await PythonReference.start('classifier_step.py', referenceConfig(c));
  const defaults = getKernelOptions();
  try {
    for (const variant of variants) {
      setKernelOptions({ ...defaults, ...variant.options });
      const result = await measure(timedRun(c, data), reference, measureOptions);
      emit({
        case: c.name + variant.suffix,
        value: Math.round(result.ours * 10) / 10,
        unit: 'steps/s',
        reference: result.reference === null ? null : Math.round(result.reference * 10) / 10,
        ratio: result.ratio === null ? null : Math.round(result.ratio * 1000) / 1000,
        note: variant.note + (reference === null ? '; no PyTorch reference (python3 with torch not found)' : ''),
      });
    }
  } finally {
    setKernelOptions(defaults);
    reference?.close();
  }
}
