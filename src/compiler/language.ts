/**
 * The vocabulary of the language and every default, in one place: the checks validate against
 * it, lowering fills defaults from it, and docs/language.md documents it.
 */
import type { CallSchema } from './bind/arguments.ts';
import type { ClassifierNode, ExportedData, GcNode, MetricName, Preprocess, VaeNode } from '../plan/types.ts';

/** Data sources and their arguments. */
export const SOURCES: Record<string, CallSchema & { tabular: boolean }> = {
  proben1: {
    tabular: true,
    params: { name: { kind: 'string' }, permutation: { kind: 'number', integer: true, min: 1, max: 3 } },
    positional: ['name'],
    required: ['name'],
  },
  csv: {
    tabular: true,
    params: {
      path: { kind: 'string' },
      label: { kind: 'name' },
      header: { kind: 'name', values: ['true', 'false', 'auto'] },
      delimiter: { kind: 'string' },
      missing: { kind: 'strings' },
      columns: { kind: 'map' },
      classes: { kind: 'strings' },
      partition: { kind: 'name' },
      parts: { kind: 'map' },
    },
    positional: ['path'],
    required: ['path', 'label'],
  },
  // Parquet and ARFF: the csv source's column options; the label defaults to the last column
  parquet: {
    tabular: true,
    params: {
      path: { kind: 'string' },
      label: { kind: 'name' },
      columns: { kind: 'map' },
      classes: { kind: 'strings' },
      partition: { kind: 'name' },
      parts: { kind: 'map' },
    },
    positional: ['path'],
    required: ['path'],
  },
  arff: {
    tabular: true,
    params: {
      path: { kind: 'string' },
      label: { kind: 'name' },
      columns: { kind: 'map' },
      classes: { kind: 'strings' },
      partition: { kind: 'name' },
      parts: { kind: 'map' },
    },
    positional: ['path'],
    required: ['path'],
  },
  mnist: { tabular: false, params: {} },
  fashion_mnist: { tabular: false, params: {} },
  iris: { tabular: true, params: {} },
  idx: { tabular: false, params: { images: { kind: 'string' }, labels: { kind: 'string' } }, required: ['images', 'labels'] },
  images: { tabular: false, params: { dir: { kind: 'string' } }, positional: ['dir'], required: ['dir'] },
};

/** The types a `columns { NAME TYPE }` entry declares; 'ignore' leaves the column out (not a feature). */
export const COLUMN_TYPES = ['continuous', 'binary', 'categorical', 'ignore'] as const;
export const SCALES = ['minmax', 'standardize', 'none'] as const;
export const DEFAULT_PREPROCESS: Preprocess = { continuous: 'minmax', impute: 'mean_mode' };

const alpha = { kind: 'number', min: 0, exclusiveMin: true } as const;
const k = { kind: 'number', integer: true, min: 1 } as const;

/** Recipes: latent-space ones need a VAE (`shared.noise(...)`), input-space ones must not have one. */
export const RECIPES: Record<string, CallSchema & { needsVae: boolean; defaults: Record<string, number> }> = {
  prior: { needsVae: true, params: { alpha }, defaults: { alpha: 1 } },
  noise: { needsVae: true, params: { alpha }, defaults: { alpha: 1 } },
  interpolate: {
    needsVae: true,
    params: { k, alpha: { kind: 'number', min: 0, exclusiveMin: true, max: 1 } },
    defaults: { k: 3, alpha: 0.5 },
  },
  extrapolate: { needsVae: true, params: { k, alpha }, defaults: { k: 3, alpha: 0.5 } },
  smote: { needsVae: false, params: { k }, defaults: { k: 5 } },
  oversample: { needsVae: false, params: {}, defaults: {} },
  input_noise: { needsVae: false, params: { sigma: alpha }, defaults: { sigma: 0.05 } },
};

/** `filter gc(...)` arguments (the same settings as a `gc NAME { }` block). */
export const INLINE_GC: CallSchema = {
  params: {
    noise: { kind: 'keyed', sub: 'sigma', rule: { min: 0, exclusiveMin: true } },
    early_checkpoint: { kind: 'keyed', sub: 'step', rule: { integer: true, min: 1 } },
    keep: { kind: 'number', min: 0, max: 1, exclusiveMin: true, exclusiveMax: true },
    classifier: { kind: 'name' },
  },
  exclusive: ['noise', 'early_checkpoint'],
};

export const ACTIVATIONS = ['relu', 'leaky_relu', 'tanh'] as const;
export const CLASSIFIER_ACTIVATIONS = ['relu', 'leaky_relu'] as const;
export const LIKELIHOODS = ['bernoulli', 'gaussian', 'categorical', 'mixed'] as const;
/** What an early-stopping check compares on the validation part: its loss (lower is better), or weighted F1 (higher). */
export const EARLY_STOP_MONITORS = ['loss', 'weighted_f1'] as const;
export const METRICS: readonly MetricName[] = ['weighted_f1', 'macro_f1', 'accuracy'];
export const AXES = ['shots', 'generated', 'beta', 'latent', 'dataset'] as const;
export const COUNT_WORDS = ['same', 'shots', 'balance', 'generated'] as const;
/** What `export` in a report block writes: every generated example, or those the arm trains on (kept by its GC filter). */
export const EXPORT_WORDS: readonly ExportedData[] = ['generated', 'kept'];

export const DEFAULTS = {
  seed: 0,
  repeats: 1,
  metrics: ['weighted_f1'] as MetricName[],
  trainOn: 'train',
  test: 'test',
  /** a sweep of shots draws from this part when `from` is not given and the split has it */
  shotsFrom: 'pool',
  reportPath: (experiment: string) => `reports/${experiment}.md`,
  vae: {
    mode: 'single' as VaeNode['mode'],
    mixIn: 0,
    latent: 2,
    beta: 1,
    betaWarmupSteps: 0,
    encoder: { kind: 'dense', widths: [64, 32] } as VaeNode['encoder'],
    convKernel: 3,
    activation: 'relu' as VaeNode['activation'],
    likelihood: 'bernoulli' as VaeNode['likelihood'],
    train: { steps: 1000, epochs: null, batch: 64, lr: 1e-3, optimizer: 'adam' } as VaeNode['train'],
  },
  classifier: {
    kind: 'mlp',
    hidden: [128],
    convFilters: [],
    activation: 'relu',
    batchNorm: false,
    dropout: 0,
    weightDecay: 0,
    // a step budget, not epochs: the same for every arm whatever the cell's size, and bounded in
    // cost on a large training part (50 epochs over MNIST's 60 000 rows would be 94 000 steps)
    steps: 1000,
    epochs: null,
    epochsPer: 'cell',
    batch: 32,
    lr: 1e-3,
    optimizer: 'adam',
    earlyStopping: null,
  } satisfies Omit<ClassifierNode, 'name'>,
  /**
   * `early_stop`: a validation check every 10 optimizer steps, stopping after 20 checks without a
   * lower validation loss, i.e. 200 steps without improvement (the same 200 steps as the minimum
   * budget below). Checks every 10 steps keep the cost of the checks small beside training (a
   * forward pass over the validation part) while a few-shot cell of 2 steps per epoch still gets a
   * check every 5 epochs; 200 steps of patience ride out the noise of a small validation part.
   */
  patience: 20,
  every: 10,
  /** the part a classifier stops on by default, when every dataset's split has it */
  validationPart: 'validation',
  /**
   * Fewer optimizer steps than this in some cell draws warning AUG3012. Adam moves each weight by
   * at most about lr per step, so at the default lr 1e-3 200 steps move a weight by at most ~0.2,
   * about the scale of its initialisation; a CNN given 50 steps on 20 MNIST images stayed at chance.
   */
  minClassifierSteps: 200,
  /** the GC's own classifier when the gc names none */
  gcClassifier: {
    kind: 'mlp',
    hidden: [64],
    convFilters: [],
    activation: 'relu',
    batchNorm: false,
    dropout: 0,
    weightDecay: 0,
    steps: null,
    epochs: 20,
    epochsPer: 'cell',
    batch: 32,
    lr: 1e-3,
    optimizer: 'adam',
    earlyStopping: null,
  } satisfies Omit<ClassifierNode, 'name'>,
  gc: { negatives: { kind: 'noise', sigma: 0.1 }, keep: 0.5 } satisfies Omit<GcNode, 'name' | 'classifier'>,
};
