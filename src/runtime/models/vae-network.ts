/**
 * The VAE's networks for a stack of M models: a dense encoder/decoder for tables (and small images)
 * and a convolutional one for images. Both map inputs [M, batch, N] to a latent mean and log-variance
 * [M, batch, d], and latents [M, batch, d] to decoder logits [M, batch, N] (the likelihood turns
 * logits into means). Each model only ever touches its own slice of the parameters, so the M models
 * are independent even though they train in one step.
 */
import type * as tf from '@tensorflow/tfjs';
import type { Layers } from '../../plan/types.ts';
import type { ResolvedVae } from '../components.ts';
import type { ParamSpec, Params } from './param-store.ts';
import { buildDenseNetwork } from './dense-vae-network.ts';
import { buildConvNetwork } from './conv-vae-network.ts';

/** Encoder and decoder of a stack of VAEs. Call `encode` / `decodeLogits` inside tf.tidy. */
export interface VaeNetwork {
  /** every parameter (with leading dimension M), in initialisation order */
  specs: ParamSpec[];
  encode(params: Params, x: tf.Tensor3D): { mean: tf.Tensor3D; logVar: tf.Tensor3D };
  decodeLogits(params: Params, z: tf.Tensor3D): tf.Tensor3D;
}

/** Input shape facts the networks need. */
export interface NetworkShape {
  features: number;
  imageShape: [number, number, number] | null;
  modelCount: number;
}

function describe(layers: Layers): string {
  return layers.kind;
}

/** Build the networks the VAE config asks for. Throws a clear error for conv layers on a table. */
export function buildVaeNetwork(config: ResolvedVae, shape: NetworkShape): VaeNetwork {
  if (config.encoder.kind !== config.decoder.kind) {
    throw new Error(
      `VAE '${config.name}' mixes a ${describe(config.encoder)} encoder with a ${describe(config.decoder)} decoder; use the same kind for both.`,
    );
  }
  if (config.encoder.kind === 'conv' && config.decoder.kind === 'conv') {
    if (!shape.imageShape) {
      throw new Error(`VAE '${config.name}' has conv layers but its data is a table; use dense layers.`);
    }
    return buildConvNetwork(config.encoder, config.decoder, config, shape.imageShape, shape.modelCount);
  }
  if (config.encoder.kind === 'dense' && config.decoder.kind === 'dense') {
    return buildDenseNetwork(config.encoder.widths, config.decoder.widths, config, shape.features, shape.modelCount);
  }
  throw new Error(`VAE '${config.name}': unknown layer kind.`);
}
