/**
 * Convolutional VAE networks for images [h, w, c] (row-major HWC pixels):
 *   encoder: per filter count a 3×3 (kernel k) stride-2 convolution + activation, flatten,
 *            dense widths, linear head to 2d;
 *   decoder: dense widths, dense to the smallest map [h_L, w_L, f_1] + activation, then per filter
 *            count ×2 upsampling and a k×k convolution (to the next filter count; the last one to c
 *            channels, linear logits).
 * Convolutions run model by model (a loop over the M stacked models); dense parts run stacked.
 */
import * as tf from '@tensorflow/tfjs';
import { activate } from '../kernels/dense.ts';
import type { ParamSpec, Params } from './param-store.ts';
import type { ResolvedVae } from '../components.ts';
import type { VaeNetwork } from './vae-network.ts';
import { denseChainSpecs, runDenseChain } from './dense-vae-network.ts';
import { conv2dSame, halvings, upsample2x } from './conv-ops.ts';

type ConvLayers = { kind: 'conv'; filters: number[]; kernel: number; dense: number[] };

function convSpecs(name: string, k: number, inputs: number, outputs: number, modelCount: number): ParamSpec[] {
  const fanIn = k * k * inputs;
  return [
    { name: `${name}.w`, shape: [modelCount, k, k, inputs, outputs], fanIn },
    { name: `${name}.b`, shape: [modelCount, outputs], fanIn },
  ];
}

/** Model m's filter [k, k, in, out] and bias [out]. */
function convParams(params: Params, name: string, m: number): [tf.Tensor4D, tf.Tensor] {
  const w = params[`${name}.w`];
  const b = params[`${name}.b`];
  const [, kh, kw, inputs, outputsW] = w.shape as [number, number, number, number, number];
  const filter = tf.reshape(tf.slice(w, [m, 0, 0, 0, 0], [1, kh, kw, inputs, outputsW]), [kh, kw, inputs, outputsW]) as tf.Tensor4D;
  const outputs = b.shape[1] as number;
  const bias = tf.reshape(tf.slice(b, [m, 0], [1, outputs]), [outputs]);
  return [filter, bias];
}

/** The convolutional encoder/decoder pair for a stack of `modelCount` VAEs on images [h, w, c]. */
export function buildConvNetwork(
  encoder: ConvLayers,
  decoder: ConvLayers,
  config: ResolvedVae,
  [height, width, channels]: [number, number, number],
  modelCount: number,
): VaeNetwork {
  const d = config.latent;
  const act = config.activation;
  const encHeights = halvings(height, encoder.filters.length);
  const encWidths = halvings(width, encoder.filters.length);
  const encLast = encoder.filters[encoder.filters.length - 1] ?? channels;
  const flat = encHeights[encHeights.length - 1] * encWidths[encWidths.length - 1] * encLast;
  const decHeights = halvings(height, decoder.filters.length);
  const decWidths = halvings(width, decoder.filters.length);
  const L = decoder.filters.length;
  const baseChannels = decoder.filters[0] ?? channels;
  const baseSize = decHeights[L] * decWidths[L] * baseChannels;

  const specs: ParamSpec[] = [];
  encoder.filters.forEach((f, i) => {
    specs.push(...convSpecs(`encConv.${i}`, encoder.kernel, i === 0 ? channels : encoder.filters[i - 1], f, modelCount));
  });
  specs.push(...denseChainSpecs('enc', [flat, ...encoder.dense, 2 * d], modelCount));
  specs.push(...denseChainSpecs('dec', [d, ...decoder.dense, baseSize], modelCount));
  decoder.filters.forEach((f, i) => {
    const out = i + 1 < L ? decoder.filters[i + 1] : channels;
    specs.push(...convSpecs(`decConv.${i}`, decoder.kernel, f, out, modelCount));
  });

  return {
    specs,
    encode(params, x) {
      const [M, B] = x.shape;
      const perModel: tf.Tensor[] = [];
      for (let m = 0; m < M; m++) {
        let h = tf.reshape(tf.slice(x, [m, 0, 0], [1, B, x.shape[2]]), [B, height, width, channels]) as tf.Tensor4D;
        encoder.filters.forEach((_, i) => {
          const [filter, bias] = convParams(params, `encConv.${i}`, m);
          h = activate(conv2dSame(h, filter, bias, 2, i === 0), act) as tf.Tensor4D; // the first block's input is the data
        });
        perModel.push(tf.reshape(h, [B, flat]));
      }
      const features = tf.stack(perModel) as tf.Tensor3D;
      const head = runDenseChain(params, 'enc', encoder.dense.length + 1, features, act);
      const [mean, logVar] = tf.split(head, [d, d], 2) as [tf.Tensor3D, tf.Tensor3D];
      return { mean, logVar };
    },
    decodeLogits(params, z) {
      const [M, B] = z.shape;
      const base = runDenseChain(params, 'dec', decoder.dense.length + 1, z, act, L > 0 ? act : 'linear');
      if (L === 0) return base;
      const perModel: tf.Tensor[] = [];
      for (let m = 0; m < M; m++) {
        let h = tf.reshape(tf.slice(base, [m, 0, 0], [1, B, baseSize]), [B, decHeights[L], decWidths[L], baseChannels]) as tf.Tensor4D;
        for (let i = 0; i < L; i++) {
          const level = L - 1 - i;
          h = upsample2x(h, decHeights[level], decWidths[level]);
          const [filter, bias] = convParams(params, `decConv.${i}`, m);
          h = conv2dSame(h, filter, bias, 1);
          if (i + 1 < L) h = activate(h, act) as tf.Tensor4D;
        }
        perModel.push(tf.reshape(h, [B, height * width * channels]));
      }
      return tf.stack(perModel) as tf.Tensor3D;
    },
  };
}
