/**
 * Dense layers for a stack of M independent models trained together (per-class VAEs, repeats):
 * weights [M, in, out], inputs [M, batch, in]. With M = 1 this is an ordinary dense layer.
 *
 * This is the plain reference path. bench/ measures it; optimised paths (fused kernels, custom
 * gradients that avoid the wasm backend's slow transposed products) must compute the same values —
 * test/runtime/kernels/ holds the equivalence tests.
 */
import * as tf from '@tensorflow/tfjs';

export type Activation = 'linear' | 'relu' | 'leaky_relu' | 'sigmoid' | 'tanh';

/** negative slope of leaky_relu (PyTorch's and Keras' default) */
export const LEAKY_RELU_ALPHA = 0.01;

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

/** y[m] = activation(x[m] · w[m] + b[m]) for each of the M stacked models. */
export function stackedDense(x: tf.Tensor3D, w: tf.Tensor3D, b: tf.Tensor3D, activation: Activation): tf.Tensor3D {
  return tf.tidy(() => activate(tf.add(tf.matMul(x, w), b), activation) as tf.Tensor3D);
}
