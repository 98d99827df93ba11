/**
 * The runtime's component contract: what the plan executor (src/runtime/execution) calls for each
 * task kind, and what each component returns. Components are implemented in
 *   models/      VAE (dense, conv; single and per-class), classifiers (mlp, cnn, logistic)
 *   training/    the one training loop fit() (batches, Adam, step budget, early stopping, checkpoints,
 *                NaN guard, progress) and the VAE and classifier trainers on it; models own their loss
 *   sampling/    latent recipes (prior, noise, interpolate, extrapolate, +noise), counts,
 *                input-space baselines (smote, oversample, input_noise)
 *   evaluation/  generative-classifier filter, metrics (weighted F1 …)
 * and re-exported with these exact signatures from src/runtime/index.ts.
 *
 * Every component takes its plan node as config, a seed, and typed arrays; returns a fixed record.
 * Nothing here holds a tf.Tensor across calls except a trained model, which has `dispose()`.
 */
import type { ClassifierNode, GcNode, MetricName, Recipe, VaeNode } from '../plan/types.ts';
import type { FeatureGroup } from './data/types.ts';

/** Examples with labels, row-major. */
export interface LabeledData {
  x: Float32Array;
  y: Int32Array;
  rows: number;
  features: number;
  numClasses: number;
  /** [h, w, c] for images (conv layers need it), null for tables */
  imageShape: [number, number, number] | null;
  /** encoded column groups (mixed / categorical likelihoods need them) */
  groups: FeatureGroup[];
}

/** Serialisable form of anything the cache stores: JSON plus named typed arrays. */
export interface Artifact {
  json: unknown;
  arrays: Record<string, Float32Array | Int32Array>;
}

export interface LossRecord {
  step: number;
  /** per-example means over the batch */
  reconstruction: number;
  kl: number;
  beta: number;
  total: number;
}

export interface ProgressHooks {
  /** called every few steps with the latest losses (VAE) */
  onStep?: (record: LossRecord, totalSteps: number) => void;
}

/** A classifier's progress every few optimizer steps: the step's loss and the latest validation loss. */
export interface ClassifierProgress {
  step: number;
  /** the step budget */
  steps: number;
  loss: number;
  /** the latest validation check's loss (null without early stopping, or before the first check) */
  validationLoss: number | null;
}

export interface TrainClassifierOptions {
  seed: number;
  /** the optimizer-step budget (EvaluateTask.steps); null or absent: the classifier's `steps`,
   * else its epochs × ceil(training rows / batch) */
  steps?: number | null;
  onProgress?: (progress: ClassifierProgress) => void;
}

export type ResolvedVae = VaeNode & { betaValue: number };

/** A trained VAE: one model (single) or one per class (per_class). */
export interface TrainedVae {
  config: ResolvedVae;
  /** per_class: models[c] belongs to class c; single: one model */
  modelCount: number;
  history: LossRecord[];
  /** latent means of x (rows × latent); `model` picks the per-class model (0 for single) */
  encodeMean(x: Float32Array, rows: number, model: number): Float32Array;
  /** decoder means (in [0,1] for bernoulli) of z (rows × latent) */
  decode(z: Float32Array, rows: number, model: number): Float32Array;
  /** reconstructions by the checkpoint saved at `step` (GC early_checkpoint negatives) */
  reconstructAt(step: number, x: Float32Array, rows: number, model: number): Float32Array;
  save(): Artifact;
  dispose(): void;
}

export interface TrainVaeOptions extends ProgressHooks {
  seed: number;
  /** steps at which weights are kept for reconstructAt */
  checkpoints: number[];
}

export type TrainVae = (config: ResolvedVae, data: LabeledData, options: TrainVaeOptions) => Promise<TrainedVae>;
export type LoadVae = (artifact: Artifact) => TrainedVae;

/** Generated examples and where each came from. */
export interface Generated {
  x: Float32Array;
  y: Int32Array;
  rows: number;
  /** index of the original example each row was derived from (-1 for prior samples) */
  source: Int32Array;
}

export interface GenerateOptions {
  seed: number;
  recipe: Recipe;
  plusNoise: { alpha: number } | null;
  count: { kind: 'fixed'; perClass: number } | { kind: 'same' } | { kind: 'balance' };
}

/** `vae` is null for input-space recipes (smote, oversample, input_noise). Output is in the
 * encoded space; the caller decodes through the preprocessor's inverse when it needs raw rows. */
export type Generate = (vae: TrainedVae | null, originals: LabeledData, options: GenerateOptions) => Promise<Generated>;

export interface FilterResult {
  /** 1 = kept */
  keep: Uint8Array;
  /** the GC's score of each generated row: its P(real), which `keep` compared with the GC's threshold */
  score: Float32Array;
  /** per class: accepted / generated (NaN when nothing was generated for the class) */
  acceptanceByClass: number[];
  acceptance: number;
}

export type FilterWithGc = (
  gc: GcNode,
  originals: LabeledData,
  generated: Generated,
  vae: TrainedVae | null,
  options: { seed: number },
) => Promise<FilterResult>;

export interface Metrics {
  weighted_f1: number;
  macro_f1: number;
  accuracy: number;
  perClass: { precision: number; recall: number; f1: number; support: number }[];
  /** confusion[true][predicted] */
  confusion: number[][];
}

export interface TrainedClassifier {
  config: ClassifierNode;
  /** class probabilities, rows × numClasses */
  predictProba(x: Float32Array, rows: number): Float32Array;
  /** the optimizer-step budget it was given */
  stepBudget: number;
  /** optimizer steps run: the budget, or fewer when early stopping ended the training */
  stepsTrained: number;
  /** the step of the weights it holds: the best validation check under early stopping, else the last step */
  keptStep: number;
  dispose(): void;
}

export type TrainClassifier = (
  config: ClassifierNode,
  train: LabeledData,
  validation: LabeledData | null,
  options: TrainClassifierOptions,
) => Promise<TrainedClassifier>;

/** scikit-learn's definitions; a class with no predictions has precision 0 (zero_division=0). */
export type ComputeMetrics = (yTrue: Int32Array, yPred: Int32Array, numClasses: number) => Metrics;

export type { MetricName };
