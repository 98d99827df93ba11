/**
 * A trained VAE's networks as TensorFlow.js layers models, so that the saved files (vae-files.ts)
 * are ordinary `tf.loadLayersModel` models. augc trains its VAEs on its own stacked kernels
 * (vae-network.ts: M models in one tensor), not with tf.layers; this file builds the layers graph that
 * computes the same function for one of the M models, and says where each augc parameter goes in it:
 *
 *   encoder  x [N] (an encoded row; images as their h·w·c pixels, channels last)
 *            → conv: Reshape [h, w, c], per filter count Conv2D (stride 2, 'same') + activation, Flatten
 *            → Dense layers (the VAE's activation) → two linear heads `z_mean` [d] and `z_log_var` [d]
 *   decoder  z [d] → Dense layers
 *            → dense: one head per likelihood segment with its mean function (sigmoid for Bernoulli
 *              columns, identity for Gaussian ones, softmax over each categorical column's one-hot
 *              group), concatenated: `x_mean` [N], the decoder mean in the encoded space
 *            → conv: Dense to the smallest map, Reshape, per filter count UpSampling2D (nearest) +
 *              Cropping2D to the encoder's size + Conv2D (stride 1, 'same'), Flatten, `x_mean`
 *
 * Layer names are fixed (no tfjs counters), so the same VAE gives the same model.json bytes. Every
 * kernel starts at zero (no random draw: the trained weights replace them).
 */
import * as tf from '@tensorflow/tfjs';
import type { ResolvedVae } from '../components.ts';
import { LEAKY_RELU_ALPHA } from '../kernels/dense.ts';
import { halvings } from './conv-ops.ts';
import { likelihoodSegments, type LikelihoodSegment } from './likelihood.ts';
import type { VaeDataShape } from './stacked-vae.ts';

/** The two networks of a saved VAE. */
export type NetworkName = 'encoder' | 'decoder';

/**
 * Where one augc parameter (`enc.0.w`, `decConv.1.b` …) is in the layers models: in one network, as
 * the concatenation along the last axis of these layer weights (`z_mean/kernel` then
 * `z_log_var/kernel` make `enc.out.w`), each `columns` wide.
 */
export interface ParamPlace {
  network: NetworkName;
  weights: { name: string; columns: number }[];
}

/** The layers models of one VAE model and where every augc parameter goes in them. */
export interface VaeLayers {
  encoder: tf.LayersModel;
  decoder: tf.LayersModel;
  places: Record<string, ParamPlace>;
}

type Symbolic = tf.SymbolicTensor;
type Conv = { kind: 'conv'; filters: number[]; kernel: number; dense: number[] };

/** Builds the graph, recording each augc parameter's place as its layers are made. */
class GraphBuilder {
  readonly places: Record<string, ParamPlace> = {};

  constructor(
    private readonly network: NetworkName,
    private readonly activation: ResolvedVae['activation'],
  ) {}

  private place(param: string, weights: { name: string; columns: number }[]): void {
    this.places[`${param}.w`] = { network: this.network, weights: weights.map((w) => ({ name: `${w.name}/kernel`, columns: w.columns })) };
    this.places[`${param}.b`] = { network: this.network, weights: weights.map((w) => ({ name: `${w.name}/bias`, columns: w.columns })) };
  }

  /** The VAE's activation after a linear layer `name` (leaky ReLU is a layer of its own in tf.layers). */
  private activate(x: Symbolic, name: string, activation: ResolvedVae['activation'] | 'linear'): Symbolic {
    if (activation !== 'leaky_relu') return x;
    return tf.layers.leakyReLU({ alpha: LEAKY_RELU_ALPHA, name: `${name}_act` }).apply(x) as Symbolic;
  }

  private builtIn(activation: ResolvedVae['activation'] | 'linear'): 'relu' | 'tanh' | 'linear' {
    return activation === 'leaky_relu' ? 'linear' : activation;
  }

  /** Dense layer `name` for augc parameter `param`, activated unless `linear`. */
  dense(x: Symbolic, param: string, name: string, units: number, linear = false): Symbolic {
    const activation = linear ? 'linear' : this.activation;
    const layer = tf.layers.dense({ units, activation: this.builtIn(activation), kernelInitializer: 'zeros', name });
    this.place(param, [{ name, columns: units }]);
    return this.activate(layer.apply(x) as Symbolic, name, activation);
  }

  /** Linear heads of one augc parameter, one layer per head (each with its mean function). */
  heads(x: Symbolic, param: string, heads: { name: string; units: number; activation: 'linear' | 'sigmoid' | 'softmax' }[]): Symbolic[] {
    this.place(
      param,
      heads.map((h) => ({ name: h.name, columns: h.units })),
    );
    return heads.map(
      (h) => tf.layers.dense({ units: h.units, activation: h.activation, kernelInitializer: 'zeros', name: h.name }).apply(x) as Symbolic,
    );
  }

  /** 'same'-padded Conv2D `name` for augc parameter `param`. */
  conv(x: Symbolic, param: string, name: string, filters: number, kernel: number, stride: number, linear = false): Symbolic {
    const activation = linear ? 'linear' : this.activation;
    const layer = tf.layers.conv2d({
      filters,
      kernelSize: kernel,
      strides: stride,
      padding: 'same',
      activation: this.builtIn(activation),
      kernelInitializer: 'zeros',
      name,
    });
    this.place(param, [{ name, columns: filters }]);
    return this.activate(layer.apply(x) as Symbolic, name, activation);
  }
}

/** The mean function of a likelihood segment, as a tf.layers activation. */
function meanActivation(segment: LikelihoodSegment): 'linear' | 'sigmoid' | 'softmax' {
  return segment.kind === 'bernoulli' ? 'sigmoid' : segment.kind === 'categorical' ? 'softmax' : 'linear';
}

function buildEncoder(config: ResolvedVae, shape: VaeDataShape): { model: tf.LayersModel; places: Record<string, ParamPlace> } {
  const g = new GraphBuilder('encoder', config.activation);
  const input = tf.input({ shape: [shape.features], name: 'x' });
  let h: Symbolic = input;
  const layers = config.encoder;
  if (layers.kind === 'conv') {
    h = tf.layers.reshape({ targetShape: imageShapeOf(config, shape), name: 'x_image' }).apply(h) as Symbolic;
    layers.filters.forEach((f, i) => {
      h = g.conv(h, `encConv.${i}`, `enc_conv_${i}`, f, layers.kernel, 2);
    });
    h = tf.layers.flatten({ name: 'enc_flatten' }).apply(h) as Symbolic;
  }
  const widths = layers.kind === 'conv' ? layers.dense : layers.widths;
  widths.forEach((w, i) => {
    h = g.dense(h, `enc.${i}`, `enc_${i}`, w);
  });
  const d = config.latent;
  const outputs = g.heads(h, 'enc.out', [
    { name: 'z_mean', units: d, activation: 'linear' },
    { name: 'z_log_var', units: d, activation: 'linear' },
  ]);
  return { model: tf.model({ inputs: input, outputs, name: 'encoder' }), places: g.places };
}

function buildDecoder(config: ResolvedVae, shape: VaeDataShape): { model: tf.LayersModel; places: Record<string, ParamPlace> } {
  const g = new GraphBuilder('decoder', config.activation);
  const input = tf.input({ shape: [config.latent], name: 'z' });
  const segments = likelihoodSegments(config.likelihood, shape.groups, shape.features);
  let h: Symbolic = input;
  const layers = config.decoder;
  const widths = layers.kind === 'conv' ? layers.dense : layers.widths;
  widths.forEach((w, i) => {
    h = g.dense(h, `dec.${i}`, `dec_${i}`, w);
  });
  let output: Symbolic;
  if (layers.kind === 'conv' && layers.filters.length > 0) {
    output = convDecoderTail(g, h, layers, imageShapeOf(config, shape), segments);
  } else {
    const heads = segments.map((s, k) => ({
      name: segments.length === 1 ? 'x_mean' : `x_mean_${k}`,
      units: s.end - s.start,
      activation: meanActivation(s),
    }));
    const parts = g.heads(h, 'dec.out', heads);
    output = parts.length === 1 ? parts[0] : (tf.layers.concatenate({ axis: -1, name: 'x_mean' }).apply(parts) as Symbolic);
  }
  return { model: tf.model({ inputs: input, outputs: output, name: 'decoder' }), places: g.places };
}

/** Dense to the smallest map, then per level ×2 nearest upsampling (cropped) and a convolution. */
function convDecoderTail(
  g: GraphBuilder,
  x: Symbolic,
  layers: Conv,
  [height, width, channels]: [number, number, number],
  segments: LikelihoodSegment[],
): Symbolic {
  const L = layers.filters.length;
  const heights = halvings(height, L);
  const widths = halvings(width, L);
  const base = layers.filters[0];
  let h = g.dense(x, 'dec.out', 'dec_out', heights[L] * widths[L] * base);
  h = tf.layers.reshape({ targetShape: [heights[L], widths[L], base], name: 'dec_map' }).apply(h) as Symbolic;
  for (let i = 0; i < L; i++) {
    const level = L - 1 - i;
    const [rows, cols] = h.shape.slice(1, 3) as [number, number];
    h = tf.layers.upSampling2d({ size: [2, 2], interpolation: 'nearest', name: `dec_up_${i}` }).apply(h) as Symbolic;
    if (2 * rows !== heights[level] || 2 * cols !== widths[level]) {
      const cropping: [[number, number], [number, number]] = [
        [0, 2 * rows - heights[level]],
        [0, 2 * cols - widths[level]],
      ];
      h = tf.layers.cropping2D({ cropping, name: `dec_crop_${i}` }).apply(h) as Symbolic;
    }
    const last = i + 1 === L;
    h = g.conv(h, `decConv.${i}`, `dec_conv_${i}`, last ? channels : layers.filters[i + 1], layers.kernel, 1, last);
  }
  h = tf.layers.flatten({ name: 'dec_flatten' }).apply(h) as Symbolic;
  return tf.layers.activation({ activation: meanActivation(segments[0]), name: 'x_mean' }).apply(h) as Symbolic;
}

function imageShapeOf(config: ResolvedVae, shape: VaeDataShape): [number, number, number] {
  if (!shape.imageShape) throw new Error(`VAE '${config.name}' has conv layers but its data is a table.`);
  return shape.imageShape;
}

/** The layers models of one model of the VAE (weights all zero until the trained ones are set). */
export function buildVaeLayers(config: ResolvedVae, shape: VaeDataShape): VaeLayers {
  const encoder = buildEncoder(config, shape);
  const decoder = buildDecoder(config, shape);
  return { encoder: encoder.model, decoder: decoder.model, places: { ...encoder.places, ...decoder.places } };
}
