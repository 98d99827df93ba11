/** The real runtime components and data layer, loaded on demand (TensorFlow.js starts only when a
 * run needs it; tests inject fakes instead). */
import type { Components, DataLayer } from './types.ts';

/** The components of src/runtime/index.ts. */
export async function realComponents(): Promise<Components> {
  const runtime = await import('../index.ts');
  return {
    initBackend: (preferred) => runtime.initBackend(preferred as Parameters<typeof runtime.initBackend>[0]),
    trainVae: runtime.trainVae,
    loadVae: runtime.loadVae,
    generate: runtime.generate,
    filterWithGc: runtime.filterWithGc,
    trainClassifier: runtime.trainClassifier,
    computeMetrics: runtime.computeMetrics,
  };
}

/** The data layer of src/runtime/data/index.ts. */
export async function realDataLayer(): Promise<DataLayer> {
  const data = await import('../data/index.ts');
  return { prepareData: data.prepareData, sampleShots: data.sampleShots, toLabeledData: data.toLabeledData, decodeRows: data.decodeRows };
}
