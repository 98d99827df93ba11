/**
 * Dense VAE networks on the stacked dense kernel: encoder N → widths… → 2d (mean and log-variance),
 * decoder d → widths… → N logits. Hidden layers use the VAE's activation; the heads are linear.
 */
import * as tf from '@tensorflow/tfjs';
import { stackedDense } from '../kernels/dense.ts';
import type { ParamSpec, Params } from './param-store.ts';
import type { ResolvedVae } from '../components.ts';
import type { VaeNetwork } from './vae-network.ts';

/** Parameter specs of a stacked dense layer `name` (weights [M, in, out], bias [M, 1, out]). */
export function denseSpecs(name: string, inputs: number, outputs: number, modelCount: number): ParamSpec[] {
  return [
    { name: `${name}.w`, shape: [modelCount, inputs, outputs], fanIn: inputs },
    { name: `${name}.b`, shape: [modelCount, 1, outputs], fanIn: inputs },
  ];
}

/** Specs of a chain of dense layers `prefix0 … prefix{n-1}` then `prefixOut`. */
export function denseChainSpecs(prefix: string, sizes: number[], modelCount: number): ParamSpec[] {
  const specs: ParamSpec[] = [];
  for (let i = 0; i + 1 < sizes.length; i++) {
    const name = i + 2 === sizes.length ? `${prefix}.out` : `${prefix}.${i}`;
    specs.push(...denseSpecs(name, sizes[i], sizes[i + 1], modelCount));
  }
  return specs;
}

/** Run the chain built by `denseChainSpecs`: hidden layers activated, the last one linear. */
export function runDenseChain(
  params: Params,
  prefix: string,
  layerCount: number,
  x: tf.Tensor3D,
  activation: ResolvedVae['activation'],
  lastActivation: 'linear' | ResolvedVae['activation'] = 'linear',
): tf.Tensor3D {
  let h = x;
  for (let i = 0; i < layerCount; i++) {
    const last = i + 1 === layerCount;
    const name = last ? `${prefix}.out` : `${prefix}.${i}`;
    h = stackedDense(h, params[`${name}.w`] as tf.Tensor3D, params[`${name}.b`] as tf.Tensor3D, last ? lastActivation : activation);
  }
  return h;
}

/** The dense encoder/decoder pair for a stack of `modelCount` VAEs on `features` inputs. */
export function buildDenseNetwork(
  encoderWidths: number[],
  decoderWidths: number[],
  config: ResolvedVae,
  features: number,
  modelCount: number,
): VaeNetwork {
  const d = config.latent;
  const encoderSizes = [features, ...encoderWidths, 2 * d];
  const decoderSizes = [d, ...decoderWidths, features];
  return {
    specs: [...denseChainSpecs('enc', encoderSizes, modelCount), ...denseChainSpecs('dec', decoderSizes, modelCount)],
    encode(params, x) {
      const h = runDenseChain(params, 'enc', encoderSizes.length - 1, x, config.activation);
      const [mean, logVar] = tf.split(h, [d, d], 2) as [tf.Tensor3D, tf.Tensor3D];
      return { mean, logVar };
    },
    decodeLogits(params, z) {
      return runDenseChain(params, 'dec', decoderSizes.length - 1, z, config.activation);
    },
  };
}
