/** The handler of each task kind, keyed by kind (no if-chains on kind strings in the executor). */
import type { TaskKind } from '../../plan/types.ts';
import { evaluateHandler } from './handlers/evaluate.ts';
import { figureHandler } from './handlers/figure.ts';
import { filterGcHandler } from './handlers/filter-gc.ts';
import { generateHandler } from './handlers/generate.ts';
import { oracleHandler } from './handlers/oracle.ts';
import { prepareDataHandler } from './handlers/prepare-data.ts';
import { sampleShotsHandler } from './handlers/sample-shots.ts';
import { trainVaeHandler } from './handlers/train-vae.ts';
import type { TaskHandler } from './types.ts';

/** Every task kind of the plan and the module that runs it. */
export const handlers: { [K in TaskKind]: TaskHandler<K, unknown> } = {
  prepare_data: prepareDataHandler,
  sample_shots: sampleShotsHandler,
  train_vae: trainVaeHandler,
  generate: generateHandler,
  filter_gc: filterGcHandler,
  evaluate: evaluateHandler,
  figure: figureHandler,
  oracle: oracleHandler,
};
