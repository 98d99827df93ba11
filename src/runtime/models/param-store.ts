/**
 * Parameters of a stack of M independent models, each tensor with the model index as its leading
 * dimension (dense weights [M, in, out], biases [M, 1, out], conv filters [M, k, k, in, out]).
 * Initialisation follows PyTorch's default for Linear and Conv layers — U(−1/√fanIn, 1/√fanIn) for
 * weights and biases — so losses compare with the PyTorch reference; every draw comes from a seeded
 * `Random`, so the same seed gives the same weights.
 */
import * as tf from '@tensorflow/tfjs';
import type { Random } from '../random.ts';

/** Plain, serialisable parameter values: name → shape and data. */
export type ParamArrays = Record<string, { shape: number[]; data: Float32Array }>;

/** Named tensors with a leading model dimension (variables while training, constants afterwards). */
export type Params = Record<string, tf.Tensor>;

/** One parameter's shape and fan-in (the bound of its uniform initialisation is 1/√fanIn). */
export interface ParamSpec {
  name: string;
  shape: number[];
  fanIn: number;
  /** a constant start value instead of the uniform draw (batch-norm γ = 1, β = 0) */
  fill?: number;
}

/** Draw initial values for every spec, in order, from `rng`. */
export function initParams(specs: ParamSpec[], rng: Random): ParamArrays {
  const out: ParamArrays = {};
  for (const spec of specs) {
    const size = spec.shape.reduce((a, b) => a * b, 1);
    const bound = 1 / Math.sqrt(spec.fanIn);
    const data = new Float32Array(size);
    if (spec.fill !== undefined) data.fill(spec.fill);
    else for (let i = 0; i < size; i++) data[i] = (rng.uniform() * 2 - 1) * bound;
    out[spec.name] = { shape: spec.shape, data };
  }
  return out;
}

/** Trainable variables holding `arrays` (names are left to TF.js so two models never collide). */
export function toVariables(arrays: ParamArrays): Record<string, tf.Variable> {
  const out: Record<string, tf.Variable> = {};
  for (const [name, { shape, data }] of Object.entries(arrays)) {
    const initial = tf.tensor(data, shape);
    out[name] = tf.variable(initial, true);
    initial.dispose();
  }
  return out;
}

/** Constant tensors holding `arrays` (for inference). */
export function toTensors(arrays: ParamArrays): Params {
  const out: Params = {};
  for (const [name, { shape, data }] of Object.entries(arrays)) out[name] = tf.tensor(data, shape);
  return out;
}

/** Copy tensors out to plain arrays (synchronous read). */
export function readParams(params: Params): ParamArrays {
  const out: ParamArrays = {};
  for (const [name, t] of Object.entries(params)) out[name] = { shape: t.shape.slice(), data: t.dataSync() as Float32Array };
  return out;
}

/** Model m's slice of every parameter, keeping a leading dimension of 1. Call inside tf.tidy. */
export function sliceModel(params: Params, m: number): Params {
  const out: Params = {};
  for (const [name, t] of Object.entries(params)) {
    const begin = t.shape.map((_, i) => (i === 0 ? m : 0));
    const size = t.shape.map((s, i) => (i === 0 ? 1 : s));
    out[name] = tf.slice(t, begin, size);
  }
  return out;
}

/** Model m's slice of plain parameter arrays (leading dimension 1). */
export function sliceModelArrays(arrays: ParamArrays, m: number): ParamArrays {
  const out: ParamArrays = {};
  for (const [name, { shape, data }] of Object.entries(arrays)) {
    const per = data.length / shape[0];
    out[name] = { shape: [1, ...shape.slice(1)], data: data.slice(m * per, (m + 1) * per) };
  }
  return out;
}

/** Dispose every tensor of a parameter map. */
export function disposeParams(params: Params): void {
  for (const t of Object.values(params)) t.dispose();
}

/** Flatten parameter arrays into an Artifact's named arrays (`prefix/name`) and a JSON index of shapes. */
export function packArrays(prefix: string, arrays: ParamArrays, into: Record<string, Float32Array | Int32Array>): Record<string, number[]> {
  const shapes: Record<string, number[]> = {};
  for (const [name, { shape, data }] of Object.entries(arrays)) {
    into[`${prefix}/${name}`] = data;
    shapes[name] = shape;
  }
  return shapes;
}

/** Inverse of `packArrays`. Throws naming the missing array when the artifact is incomplete. */
export function unpackArrays(
  prefix: string,
  shapes: Record<string, number[]>,
  from: Record<string, Float32Array | Int32Array>,
): ParamArrays {
  const out: ParamArrays = {};
  for (const [name, shape] of Object.entries(shapes)) {
    const data = from[`${prefix}/${name}`];
    if (!(data instanceof Float32Array)) throw new Error(`VAE artifact is missing the array '${prefix}/${name}'.`);
    out[name] = { shape, data };
  }
  return out;
}
