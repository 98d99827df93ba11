/**
 * Training of a VAE stack: M models (1 for `single`, one per class for `per_class`) in lock-step,
 * each on its own mini-batch every step, with Adam, the β schedule, a NaN/Inf guard and
 * checkpoints. Every random draw (initial weights, batches, ε of the reparameterisation) comes
 * from a `Random` seeded by the task seed, so the same seed gives the same weights on one backend.
 *
 * Loss of model m on its batch: mean over examples of −log p(x|z) + β·KL(q(z|x) ‖ N(0, I)); the
 * step minimises the sum over models (each model's gradient depends only on its own term).
 */
import * as tf from '@tensorflow/tfjs';
import { Random } from '../random.ts';
import type { LabeledData, LossRecord, TrainVaeOptions, TrainedVae } from '../components.ts';
import { initParams, readParams, toVariables } from '../models/param-store.ts';
import type { ParamArrays } from '../models/param-store.ts';
import { klDivergence, likelihoodSegments, reconstructionLoss } from '../models/likelihood.ts';
import { buildVaeNetwork } from '../models/vae-network.ts';
import { StackedVae, dataShapeOf } from '../models/stacked-vae.ts';
import type { ResolvedVaeConfig } from '../models/vae-config.ts';
import { fusedLossAvailable, fusedReparameterise, fusedVaeLoss } from '../kernels/fused-loss.ts';
import { StackedBatchSampler, gatherRows, perClassPools } from './batch-sampler.ts';
import { betaAt } from './beta-schedule.ts';
import { createAdam, yieldToEventLoop } from './loop-helpers.ts';

/** how many loss records a run keeps (and reports to onStep) at most, besides the last step */
const REPORTS_PER_RUN = 200;

function checkData(config: ResolvedVaeConfig, data: LabeledData): void {
  if (data.rows === 0) throw new Error(`VAE '${config.name}' has no training examples.`);
  if (!(config.train.steps >= 1) || !(config.train.batch >= 1)) {
    throw new Error(`VAE '${config.name}' needs at least one training step and a batch of at least 1 (steps ${config.train.steps}, batch ${config.train.batch}).`);
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

/** A NaN/Inf guard: the error names the VAE, the step and the term. */
export function checkFinite(name: string, step: number, terms: Record<string, number>): void {
  for (const [term, value] of Object.entries(terms)) {
    if (!Number.isFinite(value)) {
      throw new Error(`VAE '${name}' diverged at step ${step}: the ${term} loss is ${value}. Lower the learning rate or β, or check the data scaling.`);
    }
  }
}

/** Train a VAE (see the file comment). Implements `TrainVae` of components.ts. */
export async function trainVae(config: ResolvedVaeConfig, data: LabeledData, options: TrainVaeOptions): Promise<TrainedVae> {
  checkData(config, data);
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
  const d = config.latent;
  const steps = config.train.steps;
  const network = buildVaeNetwork(config, { features: N, imageShape: data.imageShape, modelCount: M });
  const segments = likelihoodSegments(config.likelihood, data.groups, N);
  const sampler = new StackedBatchSampler(pools, B, batchRng);
  // the loss and its gradient as a few kernels (kernels/fused-loss.ts) for small steps without categorical terms
  const fusedLoss = fusedLossAvailable(segments, M * B * N);

  const variables = toVariables(initParams(network.specs, initRng));
  const names = network.specs.map((s) => s.name);
  const varList = names.map((n) => variables[n]);
  const adam = createAdam(varList, config.train.lr);
  const checkpoints = new Map<number, ParamArrays>();
  const wanted = new Set(options.checkpoints.map((s) => Math.min(s, steps)));
  const history: LossRecord[] = [];
  const reportEvery = Math.max(1, Math.floor(steps / REPORTS_PER_RUN));

  try {
    for (let step = 1; step <= steps; step++) {
      const beta = betaAt(step, config.betaValue, config.betaWarmupSteps);
      const xBatch = tf.tensor3d(gatherRows(data.x, N, sampler.next()), [M, B, N]);
      const eps = tf.tensor3d(noiseRng.normals(M * B * d), [M, B, d]);
      let terms: tf.Tensor | null = null;
      const { value, grads } = tf.variableGrads(() => {
        const { mean, logVar } = network.encode(variables, xBatch);
        if (fusedLoss) {
          const loss = fusedVaeLoss(segments, network.decodeLogits(variables, fusedReparameterise(mean, logVar, eps)), xBatch, mean, logVar, beta);
          terms = tf.keep(loss.terms);
          return loss.total;
        }
        const z = tf.add(mean, tf.mul(tf.exp(tf.mul(logVar, 0.5)), eps)) as tf.Tensor3D;
        const reconstruction = tf.mean(reconstructionLoss(segments, network.decodeLogits(variables, z), xBatch), 1);
        const kl = tf.mean(klDivergence(mean, logVar), 1);
        terms = tf.keep(tf.stack([tf.mean(reconstruction), tf.mean(kl)]));
        return tf.sum(tf.add(reconstruction, tf.mul(kl, beta))) as tf.Scalar;
      }, varList);
      adam.step(names.map((n) => grads[variables[n].name]));
      const [reconstruction, kl] = (terms as unknown as tf.Tensor).dataSync();
      tf.dispose([value, xBatch, eps, terms as unknown as tf.Tensor, ...Object.values(grads)]);
      checkFinite(config.name, step, { reconstruction, KL: kl });
      if (wanted.has(step)) checkpoints.set(step, readParams(variables));
      if (step % reportEvery === 0 || step === steps) {
        const record: LossRecord = { step, reconstruction, kl, beta, total: reconstruction + beta * kl };
        history.push(record);
        options.onStep?.(record, steps);
        // let timers (progress redraws) and signal handlers run during long trainings
        await yieldToEventLoop();
      }
    }
    const final = readParams(variables);
    // a requested checkpoint beyond the last step (e.g. a smoke run's few steps) keeps the final weights
    for (const s of options.checkpoints) if (!checkpoints.has(s)) checkpoints.set(s, checkpoints.get(Math.min(s, steps)) ?? final);
    for (const s of [...checkpoints.keys()]) if (!options.checkpoints.includes(s)) checkpoints.delete(s);
    return new StackedVae(config, dataShapeOf(data), final, checkpoints, history);
  } finally {
    adam.dispose();
    tf.dispose(Object.values(variables));
  }
}
