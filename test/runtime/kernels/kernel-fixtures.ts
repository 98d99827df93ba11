/**
 * Shared fixtures of the kernel equivalence tests: option switching, seeded tensors, and a tiny
 * stacked VAE training loop on the kernels (dense encoder/decoder, reparameterisation,
 * Bernoulli BCE + KL, Adam) whose loss trajectory the tests compare across paths.
 */
import * as tf from '@tensorflow/tfjs';
import { Adam } from '../../../src/runtime/kernels/adam.ts';
import { stackedDense, type Activation } from '../../../src/runtime/kernels/dense.ts';
import { ALL_OFF, ALL_ON, setKernelOptions, type KernelOptions } from '../../../src/runtime/kernels/options.ts';
import { Random } from '../../../src/runtime/random.ts';

export const PLAIN: KernelOptions = { ...ALL_OFF };
export const ALL: KernelOptions = { ...ALL_ON };

/** Run `fn` with `options` in force, then restore the previous options. */
export function withOptions<T>(options: KernelOptions, fn: () => T): T {
  const previous = setKernelOptions(options);
  try {
    return fn();
  } finally {
    setKernelOptions(previous);
  }
}

export function seededValues(n: number, seed: number, scale = 1): Float32Array {
  return new Random(seed).normals(n, scale);
}

/** Largest |a − b| relative to max(1, |b|) over two arrays of equal length. */
export function maxRelativeDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`lengths differ: ${a.length} vs ${b.length}`);
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]) / Math.max(1, Math.abs(b[i])));
  return worst;
}

export interface TinyVaeSetup {
  models: number;
  inputs: number;
  hidden: number;
  latent: number;
  batch: number;
  activation: Activation;
}

/** initial weights of one model (flat arrays per layer), so stacks and single models can share them */
export function initialWeights(setup: TinyVaeSetup, seed: number): Float32Array[] {
  const { inputs, hidden, latent } = setup;
  const sizes = [
    [inputs, hidden],
    [hidden, 2 * latent],
    [latent, hidden],
    [hidden, inputs],
  ];
  const rng = new Random(seed);
  return sizes.flatMap(([i, o]) => [rng.normals(i * o, Math.sqrt(2 / (i + o))), rng.normals(o, 0.1)]);
}

/**
 * Train a stack of `perModel.length` tiny VAEs for `steps` steps with Adam; model m starts from
 * perModel[m] and sees batches[step][m] and noise[step][m]. Returns the per-model loss per step.
 */
export function trainTinyVaes(
  setup: TinyVaeSetup,
  perModel: Float32Array[][],
  batches: Float32Array[][],
  noise: Float32Array[][],
): number[][] {
  const M = perModel.length;
  const { inputs, hidden, latent, batch, activation } = setup;
  const shapes = [
    [inputs, hidden],
    [hidden, 2 * latent],
    [latent, hidden],
    [hidden, inputs],
  ];
  const stack = (arrays: Float32Array[]) => {
    const out = new Float32Array(arrays.reduce((s, a) => s + a.length, 0));
    let at = 0;
    for (const a of arrays) {
      out.set(a, at);
      at += a.length;
    }
    return out;
  };
  const variables = shapes.flatMap(([i, o], l) => [
    tf.variable(tf.tensor3d(stack(perModel.map((w) => w[2 * l])), [M, i, o])),
    tf.variable(tf.tensor3d(stack(perModel.map((w) => w[2 * l + 1])), [M, 1, o])),
  ]);
  const adam = new Adam(variables, { lr: 0.01 });
  const losses: number[][] = [];
  try {
    batches.forEach((stepBatches, step) => {
      const x = tf.tensor3d(stack(stepBatches), [M, batch, inputs]);
      const eps = tf.tensor3d(stack(noise[step]), [M, batch, latent]);
      let perModelLoss: tf.Tensor | null = null;
      const { value, grads } = tf.variableGrads(() => {
        const [w1, b1, w2, b2, w3, b3, w4, b4] = variables as unknown as tf.Tensor3D[];
        const h = stackedDense(x, w1, b1, activation);
        const [mean, logVar] = tf.split(stackedDense(h, w2, b2, 'linear'), 2, 2) as tf.Tensor3D[];
        const z = tf.add(mean, tf.mul(tf.exp(tf.mul(logVar, 0.5)), eps)) as tf.Tensor3D;
        const logits = stackedDense(stackedDense(z, w3, b3, activation), w4, b4, 'linear');
        const bce = tf.sum(tf.sub(tf.softplus(logits), tf.mul(x, logits)), [1, 2]);
        const kl = tf.mul(tf.sum(tf.sub(tf.add(tf.square(mean), tf.exp(logVar)), tf.add(logVar, 1)), [1, 2]), 0.5);
        perModelLoss = tf.keep(tf.div(tf.add(bce, kl), batch));
        return tf.sum(perModelLoss as tf.Tensor) as tf.Scalar;
      }, variables);
      adam.step(variables.map((v) => grads[v.name]));
      losses.push(Array.from((perModelLoss as unknown as tf.Tensor).dataSync()));
      tf.dispose([x, eps, value, perModelLoss as unknown as tf.Tensor, ...Object.values(grads)]);
    });
  } finally {
    adam.dispose();
    tf.dispose(variables);
  }
  return losses;
}

/** Seeded batches [step][model] and noise [step][model] for trainTinyVaes. */
export function tinyData(setup: TinyVaeSetup, steps: number, seed: number): { batches: Float32Array[][]; noise: Float32Array[][] } {
  const rng = new Random(seed);
  const batches: Float32Array[][] = [];
  const noise: Float32Array[][] = [];
  for (let s = 0; s < steps; s++) {
    batches.push(
      Array.from({ length: setup.models }, () => Float32Array.from({ length: setup.batch * setup.inputs }, () => rng.uniform())),
    );
    noise.push(Array.from({ length: setup.models }, () => rng.normals(setup.batch * setup.latent)));
  }
  return { batches, noise };
}
