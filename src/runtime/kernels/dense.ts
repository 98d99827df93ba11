/**
 * Dense layers for a stack of M independent models trained together (per-class VAEs, repeats):
 * weights [M, in, out], inputs [M, batch, in]. With M = 1 this is an ordinary dense layer.
 *
 * `stackedDense` takes the optimised path by default (options.ts, AUGC_KERNELS): one fused kernel
 * with a hand-written gradient (fused-dense.ts), and on wasm transposed products rerouted through
 * an explicit transpose, stacked products as M fast ones (wasm-matmul.ts), and tape copies
 * without ops (light-tape.ts). `plainStackedDense` is the reference path;
 * test/runtime/kernels/ checks that both compute the same values and gradients.
 */
import * as tf from '@tensorflow/tfjs';
import { fusedDenseAvailable, fusedStackedDense } from './fused-dense.ts';
import { getKernelOptions } from './options.ts';
import { syncLightTape } from './light-tape.ts';
import { syncWasmMatMul } from './wasm-matmul.ts';

export type Activation = 'linear' | 'relu' | 'leaky_relu' | 'sigmoid' | 'tanh';

/** negative slope of leaky_relu (PyTorch's and Keras' default) */
export const LEAKY_RELU_ALPHA = 0.01;

/** The activation function by name (the plain path's separate op). */
export function activate(x: tf.Tensor, activation: Activation): tf.Tensor {
  switch (activation) {
    case 'linear':
      return x;
    case 'relu':
      return tf.relu(x);
    case 'leaky_relu':
      return tf.leakyRelu(x, LEAKY_RELU_ALPHA);
    case 'sigmoid':
      return tf.sigmoid(x);
    case 'tanh':
      return tf.tanh(x);
  }
}

/**
 * y[m] = activation(x[m] · w[m] + b[m]) for each of the M stacked models:
 * x [M, batch, in], w [M, in, out], b [M, 1, out] → y [M, batch, out].
 */
export function stackedDense(x: tf.Tensor3D, w: tf.Tensor3D, b: tf.Tensor3D, activation: Activation): tf.Tensor3D {
  syncWasmMatMul();
  syncLightTape();
  const [models, inputs, units] = w.shape;
  const shapesMatch = x.shape[0] === models && x.shape[2] === inputs && b.shape[0] === models && b.shape[1] === 1 && b.shape[2] === units;
  if (shapesMatch && getKernelOptions().fusedDense && fusedDenseAvailable()) {
    return fusedStackedDense(x, w, b, activation);
  }
  return plainStackedDense(x, w, b, activation);
}

/** The reference path: matMul, add and the activation as three ops with TF.js' own gradients. */
export function plainStackedDense(x: tf.Tensor3D, w: tf.Tensor3D, b: tf.Tensor3D, activation: Activation): tf.Tensor3D {
  return tf.tidy(() => activate(tf.add(tf.matMul(x, w), b), activation) as tf.Tensor3D);
}
