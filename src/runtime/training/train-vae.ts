/**
 * Training of a VAE stack: M models (1 for `single`, one per class for `per_class`) in lock-step,
 * each on its own mini-batch every step, by the one training loop (fit.ts) with the VAE's own loss
 * (models/elbo.ts: reconstruction by the likelihood + β·KL, β annealing). Every random draw
 * (initial weights, batches, ε of the reparameterisation, mix-in rows) comes from a `Random` seeded
 * by the task seed, so the same seed gives the same weights on one backend.
 */
import * as tf from '@tensorflow/tfjs';
import { Random } from '../random.ts';
import type { LabeledData, LossRecord, TrainVaeOptions, TrainedVae } from '../components.ts';
import { initParams, readParams, toVariables } from '../models/param-store.ts';
import { likelihoodSegments } from '../models/likelihood.ts';
import { buildVaeNetwork } from '../models/vae-network.ts';
import { StackedVae, dataShapeOf } from '../models/stacked-vae.ts';
import type { ResolvedVae } from '../components.ts';
import { VaeTrainStep } from '../models/elbo.ts';
import { StackedBatchSampler, gatherRows, perClassPools } from './batch-sampler.ts';
import { fit } from './fit.ts';

/** how many loss records a run keeps (and reports to onStep) at most, besides the last step */
const REPORTS_PER_RUN = 200;

function checkData(config: ResolvedVae, data: LabeledData): void {
  if (data.rows === 0) throw new Error(`VAE '${config.name}' has no training examples.`);
  if (!(config.train.steps >= 1) || !(config.train.batch >= 1)) {
    throw new Error(
      `VAE '${config.name}' needs at least one training step and a batch of at least 1 (steps ${config.train.steps}, batch ${config.train.batch}).`,
    );
  }
  if (data.x.length !== data.rows * data.features) {
    throw new Error(`VAE '${config.name}': training data holds ${data.x.length} values, expected ${data.rows} × ${data.features}.`);
  }
  if (config.likelihood === 'bernoulli') {
    for (let i = 0; i < data.x.length; i++) {
      const v = data.x[i];
      if (!(v >= 0 && v <= 1)) {
        const row = Math.floor(i / data.features);
        throw new Error(
          `VAE '${config.name}' uses the bernoulli likelihood, but row ${row}, feature ${i % data.features} is ${v} (outside [0,1]); use minmax scaling or the gaussian likelihood.`,
        );
      }
    }
  }
}

/** Train a VAE (see the file comment). Implements `TrainVae` of components.ts. */
export async function trainVae(config: ResolvedVae, data: LabeledData, options: TrainVaeOptions): Promise<TrainedVae> {
  checkData(config, data);
  // the order of these seeds is part of every cached VAE: do not reorder
  const root = new Random(options.seed);
  const initRng = new Random(root.seed());
  const batchRng = new Random(root.seed());
  const noiseRng = new Random(root.seed());
  const mixRng = new Random(root.seed());
  const pools =
    config.mode === 'per_class'
      ? perClassPools(data.y, data.numClasses, config.mixIn, mixRng, config.name)
      : [Int32Array.from({ length: data.rows }, (_, i) => i)];
  const M = pools.length;
  const B = config.train.batch;
  const N = data.features;
  const steps = config.train.steps;
  const network = buildVaeNetwork(config, { features: N, imageShape: data.imageShape, modelCount: M });
  const segments = likelihoodSegments(config.likelihood, data.groups, N);
  const sampler = new StackedBatchSampler(pools, B, batchRng);
  const variables = toVariables(initParams(network.specs, initRng));
  const model = new VaeTrainStep(config, network, segments, variables, { models: M, batch: B, features: N }, noiseRng);
  const history: LossRecord[] = [];
  try {
    const result = await fit(model, {
      steps,
      lr: config.train.lr,
      nextBatch: () => gatherRows(data.x, N, sampler.next()),
      checkpoints: options.checkpoints,
      reportEvery: Math.max(1, Math.floor(steps / REPORTS_PER_RUN)),
      onProgress: ({ step, losses }) => {
        const beta = model.betaAt(step);
        const record: LossRecord = { step, reconstruction: losses.terms.reconstruction, kl: losses.terms.KL, beta, total: losses.total };
        history.push(record);
        options.onStep?.(record, steps);
      },
    });
    return new StackedVae(config, dataShapeOf(data), readParams(variables), result.checkpoints, history);
  } finally {
    tf.dispose(Object.values(variables));
  }
}
