/**
 * 2-D convolution and ×2 upsampling that train on every backend. The wasm backend has no kernel for
 * the filter gradient of conv2d (Conv2DBackpropFilter) nor for the gradient of a transposed
 * convolution, but it has all of conv3d's: so a 2-D convolution here is a conv3d over a depth of 1
 * (activations [B, 1, h, w, c], filters [1, k, k, in, out]), and the decoder grows its maps by
 * nearest-neighbour upsampling followed by a convolution ("resize-convolution", which also avoids
 * the checkerboard artefacts of transposed convolutions).
 */
import * as tf from '@tensorflow/tfjs';

/** 'same'-padded convolution of x [B, 1, h, w, in] with filter [1, k, k, in, out] plus bias [out]. */
export function conv2dSame(x: tf.Tensor5D, filter: tf.Tensor5D, bias: tf.Tensor, stride: number): tf.Tensor5D {
  return tf.add(tf.conv3d(x, filter, [1, stride, stride], 'same'), bias) as tf.Tensor5D;
}

/** Nearest-neighbour ×2 upsampling of x [B, 1, h, w, c], cropped to [height, width]. */
export function upsample2x(x: tf.Tensor5D, height: number, width: number): tf.Tensor5D {
  const [b, , h, w, c] = x.shape;
  // resizeNearestNeighbor has a gradient kernel on every backend (tile's gradient stops at rank 5)
  const grown = tf.image.resizeNearestNeighbor(tf.reshape(x, [b, h, w, c]) as tf.Tensor4D, [2 * h, 2 * w]);
  const cropped = 2 * h === height && 2 * w === width ? grown : tf.slice(grown, [0, 0, 0, 0], [b, height, width, c]);
  return tf.reshape(cropped, [b, 1, height, width, c]) as tf.Tensor5D;
}

/** 2×2 max pooling (stride 2, 'same') of x [B, 1, h, w, c]. */
export function maxPool2x(x: tf.Tensor5D): tf.Tensor5D {
  const [b, , h, w, c] = x.shape;
  const pooled = tf.maxPool(tf.reshape(x, [b, h, w, c]) as tf.Tensor4D, 2, 2, 'same');
  return tf.reshape(pooled, [b, 1, pooled.shape[1], pooled.shape[2], c]) as tf.Tensor5D;
}

/** Spatial sizes after each of `layers` stride-2 'same' convolutions: [h0, h1, …, hL]. */
export function halvings(size: number, layers: number): number[] {
  const sizes = [size];
  for (let i = 0; i < layers; i++) sizes.push(Math.ceil(sizes[i] / 2));
  return sizes;
}
