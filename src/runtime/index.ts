/**
 * The runtime's components, with the signatures of components.ts, for the plan executor:
 * backend selection, VAE training/loading, generation, the GC filter, classifiers and metrics.
 */
import type { ComputeMetrics, FilterWithGc, Generate, LoadVae, TrainClassifier, TrainVae } from './components.ts';
import { trainVae as trainVaeImpl } from './training/train-vae.ts';
import { loadVae as loadVaeImpl } from './models/stacked-vae.ts';
import { generate as generateImpl } from './sampling/generate.ts';
import { filterWithGc as filterWithGcImpl } from './evaluation/gc-filter.ts';
import { trainClassifier as trainClassifierImpl } from './training/train-classifier.ts';
import { computeMetrics as computeMetricsImpl } from './evaluation/metrics.ts';

/** The component contract (types). */
export type * from './components.ts';
export { initBackend, currentBackend, type BackendInfo, type BackendName } from './backend/init-backend.ts';
export { argmaxRows } from './evaluation/metrics.ts';

/** Train a single or per-class VAE stack (training/train-vae.ts). */
export const trainVae: TrainVae = trainVaeImpl;
/** Rebuild a VAE from its cached Artifact (models/stacked-vae.ts). */
export const loadVae: LoadVae = loadVaeImpl;
/** New examples by a latent recipe or an input-space baseline (sampling/generate.ts). */
export const generate: Generate = generateImpl;
/** The generative-classifier filter (evaluation/gc-filter.ts). */
export const filterWithGc: FilterWithGc = filterWithGcImpl;
/** Train the downstream mlp / cnn / logistic classifier (training/train-classifier.ts). */
export const trainClassifier: TrainClassifier = trainClassifierImpl;
/** Weighted F1, macro F1, accuracy, per-class P/R/F1, confusion — scikit-learn's definitions, zero_division=0 (evaluation/metrics.ts). */
export const computeMetrics: ComputeMetrics = computeMetricsImpl;
