/**
 * The VAE's loss: the negative evidence lower bound of each model of a stack,
 *   mean over the batch of −log p(x|z) + β·KL(q(z|x) ‖ N(0, I)),   z = μ + σ·ε,
 * summed over the M models (each model's gradient depends only on its own term), with β rising
 * linearly over the warm-up steps (annealing). `VaeTrainStep` is the VAE's train step for the one
 * training loop (training/fit.ts): its batches are rows of the data gathered into [M × batch, N].
 */
import * as tf from '@tensorflow/tfjs';
import type { Random } from '../random.ts';
import { fusedLossAvailable, fusedReparameterise, fusedVaeLoss } from '../kernels/fused-loss.ts';
import { klDivergence, reconstructionLoss } from './likelihood.ts';
import type { LikelihoodSegment } from './likelihood.ts';
import type { Params } from './param-store.ts';
import type { StepLosses, TrainableModel } from './trainable-model.ts';
import type { ResolvedVae } from '../components.ts';
import type { VaeNetwork } from './vae-network.ts';

/**
 * The β of each training step: the resolved value (a plain β, or β_norm = β·d/N resolved by the
 * compiler into `betaValue`), optionally rising linearly from 0 over the first `warmupSteps` steps
 * (annealing, a remedy for posterior collapse). Steps count from 1.
 */
export function betaAt(step: number, betaValue: number, warmupSteps: number): number {
  if (warmupSteps <= 0) return betaValue;
  return betaValue * Math.min(1, step / warmupSteps);
}

/** The loss to minimise and the reported terms [mean reconstruction, mean KL] (no gradient needed). */
export interface ElboLoss {
  total: tf.Scalar;
  terms: tf.Tensor1D;
}

/**
 * The negative ELBO of a stack of VAEs on x [M, B, N] with reparameterisation noise ε [M, B, d].
 * `fused` takes the loss and its gradient as a few kernels (kernels/fused-loss.ts; only for
 * segments without categorical terms). Call inside tf.tidy or tf.variableGrads.
 */
export function elbo(
  network: VaeNetwork,
  segments: LikelihoodSegment[],
  fused: boolean,
  params: Params,
  x: tf.Tensor3D,
  eps: tf.Tensor3D,
  beta: number,
): ElboLoss {
  const { mean, logVar } = network.encode(params, x);
  if (fused) {
    const loss = fusedVaeLoss(segments, network.decodeLogits(params, fusedReparameterise(mean, logVar, eps)), x, mean, logVar, beta);
    return { total: loss.total, terms: loss.terms as tf.Tensor1D };
  }
  const z = tf.add(mean, tf.mul(tf.exp(tf.mul(logVar, 0.5)), eps)) as tf.Tensor3D;
  const reconstruction = tf.mean(reconstructionLoss(segments, network.decodeLogits(params, z), x), 1);
  const kl = tf.mean(klDivergence(mean, logVar), 1);
  return {
    total: tf.sum(tf.add(reconstruction, tf.mul(kl, beta))) as tf.Scalar,
    terms: tf.stack([tf.mean(reconstruction), tf.mean(kl)]) as tf.Tensor1D,
  };
}

/** The VAE stack's train step: batches are `models × batch` gathered rows (row-major, N features). */
export class VaeTrainStep implements TrainableModel<Float32Array> {
  readonly label: string;
  readonly divergenceHint = 'Lower the learning rate or β, or check the data scaling.';
  readonly trainable: tf.Variable[];
  private readonly fused: boolean;
  private terms: tf.Tensor | null = null;

  /**
   * `variables` in the network's initialisation order; `noise` draws ε, M × batch × d values a step.
   */
  constructor(
    private readonly config: ResolvedVae,
    private readonly network: VaeNetwork,
    private readonly segments: LikelihoodSegment[],
    readonly state: Record<string, tf.Variable>,
    private readonly shape: { models: number; batch: number; features: number },
    private readonly noise: Random,
  ) {
    this.label = `VAE '${config.name}'`;
    this.trainable = network.specs.map((s) => state[s.name]);
    this.fused = fusedLossAvailable(segments, shape.models * shape.batch * shape.features);
  }

  /** β at this step (the warm-up schedule of the config). */
  betaAt(step: number): number {
    return betaAt(step, this.config.betaValue, this.config.betaWarmupSteps);
  }

  loss(rows: Float32Array, step: number): tf.Scalar {
    const { models: M, batch: B, features: N } = this.shape;
    const x = tf.tensor3d(rows, [M, B, N]);
    const eps = tf.tensor3d(this.noise.normals(M * B * this.config.latent), [M, B, this.config.latent]);
    const { total, terms } = elbo(this.network, this.segments, this.fused, this.state, x, eps, this.betaAt(step));
    this.terms = tf.keep(terms);
    return total;
  }

  afterStep(_loss: tf.Scalar, step: number): StepLosses {
    const terms = this.terms as tf.Tensor;
    this.terms = null;
    const [reconstruction, kl] = terms.dataSync();
    terms.dispose();
    return { total: reconstruction + this.betaAt(step) * kl, terms: { reconstruction, KL: kl } };
  }
}
