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

export type * from './components.ts';
export { initBackend, currentBackend, type BackendInfo, type BackendName } from './backend/init-backend.ts';
export { argmaxRows } from './evaluation/metrics.ts';

export const trainVae: TrainVae = trainVaeImpl;
export const loadVae: LoadVae = loadVaeImpl;
export const generate: Generate = generateImpl;
export const filterWithGc: FilterWithGc = filterWithGcImpl;
export const trainClassifier: TrainClassifier = trainClassifierImpl;
export const computeMetrics: ComputeMetrics = computeMetricsImpl;
