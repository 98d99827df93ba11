/**
 * 2-D convolution, ×2 upsampling and max-pooling that train on every backend, fast on wasm.
 *
 * The wasm backend runs conv2d's forward pass through XNNPACK, but has no kernel for the filter
 * gradient (Conv2DBackpropFilter), and its conv3d (which has every gradient kernel) runs ~25×
 * slower than conv2d. So `conv2dSame` is conv2d with a custom gradient built from forward
 * convolutions wherever possible (see `filterGradient` and `inputGradient`). The decoder grows its maps by nearest-neighbour
 * upsampling followed by a convolution ("resize-convolution", which also avoids the checkerboard
 * artefacts of transposed convolutions; transposed convolutions have no gradient kernel on wasm).
 */
import * as tf from '@tensorflow/tfjs';
import {
  blasConv2dSame,
  blasConvAvailable,
  blasConvBiasGradient,
  blasConvFilterGradient,
  blasConvInputGradient,
} from '../kernels/blas-conv.ts';

/** TF's 'same' padding: output size ceil(in/stride), padding before = floor(total/2). */
function samePadding(size: number, kernel: number, stride: number): { out: number; before: number; after: number } {
  const out = Math.ceil(size / stride);
  const total = Math.max((out - 1) * stride + kernel - size, 0);
  const before = Math.floor(total / 2);
  return { out, before, after: total - before };
}

/** x [B, h, w, c] zero-padded as TF's 'same' convolution pads it. */
function padSame(x: tf.Tensor4D, kernel: number, stride: number): tf.Tensor4D {
  const ph = samePadding(x.shape[1], kernel, stride);
  const pw = samePadding(x.shape[2], kernel, stride);
  return tf.pad(x, [
    [0, 0],
    [ph.before, ph.after],
    [pw.before, pw.after],
    [0, 0],
  ]);
}

/**
 * Filter gradient of a 'same' convolution as a convolution itself: with the batch as channels,
 * dW[ki, kj, ci, co] = Σ_{b,i,j} x_pad[b, s·i + ki, s·j + kj, ci] · dy[b, i, j, co], i.e. a 'valid'
 * convolution of x_pad (as [cin, hp, wp, B]) with dy (as a [oh, ow, B, cout] filter dilated by s).
 * XNNPACK runs it ~10× faster than an im2col product built from strided slices.
 */
export function filterGradient(x: tf.Tensor4D, dy: tf.Tensor4D, kernel: number, stride: number): tf.Tensor4D {
  const cin = x.shape[3];
  const cout = dy.shape[3];
  const input = tf.transpose(padSame(x, kernel, stride), [3, 1, 2, 0]) as tf.Tensor4D;
  const filter = tf.transpose(dy, [1, 2, 0, 3]) as tf.Tensor4D;
  let out = tf.conv2d(input, filter, 1, 'valid', 'NHWC', stride); // [cin, ≥k, ≥k, cout]
  if (out.shape[1] !== kernel || out.shape[2] !== kernel) out = tf.slice(out, [0, 0, 0, 0], [cin, kernel, kernel, cout]);
  return tf.transpose(out, [1, 2, 0, 3]) as tf.Tensor4D;
}

/** Input gradient: for stride 1 and an odd kernel a 'same' convolution with the flipped filter
 * (fast on XNNPACK), otherwise Conv2DBackpropInput. */
function inputGradient(dy: tf.Tensor4D, w: tf.Tensor4D, xShape: [number, number, number, number], stride: number): tf.Tensor4D {
  const k = w.shape[0];
  if (stride === 1 && k % 2 === 1 && w.shape[1] === k) {
    const flipped = tf.transpose(tf.reverse(w, [0, 1]), [0, 1, 3, 2]) as tf.Tensor4D;
    return tf.conv2d(dy, flipped, 1, 'same');
  }
  return tf.conv2dTranspose(dy, w, xShape, stride, 'same');
}

/** dx and dW of a 'same' convolution from dy: on the native BLAS (im2col kernels) or from
 * XNNPACK's forward convolutions; dx is zeros for the network's data (see convOp). */
function inputAndFilterGradients(
  dy: tf.Tensor4D,
  x: tf.Tensor4D,
  w: tf.Tensor4D,
  stride: number,
  inputIsData: boolean,
  useBlas: boolean,
): [tf.Tensor4D, tf.Tensor4D] {
  const k = w.shape[0];
  const dx = inputIsData
    ? (tf.zeros(x.shape) as tf.Tensor4D)
    : useBlas
      ? blasConvInputGradient(dy, w, x.shape, stride)
      : inputGradient(dy, w, x.shape, stride);
  const dw = useBlas ? blasConvFilterGradient(x, dy, k, stride) : filterGradient(x, dy, k, stride);
  return [dx, dw];
}

type ConvOp = (x: tf.Tensor4D, filter: tf.Tensor4D) => tf.Tensor4D;
type BiasedConvOp = (x: tf.Tensor4D, filter: tf.Tensor4D, bias: tf.Tensor1D) => tf.Tensor4D;
const convOps = new Map<string, ConvOp | BiasedConvOp>();

/**
 * The custom-gradient convolution of one stride (built once per stride and kind). With
 * `inputIsData` the input is the network's data, which no gradient flows to: its gradient — a
 * whole convolution of dy with the flipped filter — is not computed, and zeros stand in for it.
 * TF.js calls a gradient only for inputs on the path to the variables, so they are never read.
 */
function convOp(stride: number, inputIsData: boolean): ConvOp {
  const name = `${stride}/${inputIsData ? 'data' : 'hidden'}`;
  let op = convOps.get(name) as ConvOp | undefined;
  if (op) return op;
  const body = (x: tf.Tensor4D, w: tf.Tensor4D, save: tf.GradSaveFunc) => {
    save([x, w]);
    // with the native BLAS (kernels/blas-conv.ts): im2col products for the value and both gradients
    const native = () => blasConvAvailable() && w.shape[0] === w.shape[1];
    return {
      value: native() ? blasConv2dSame(x, w, stride) : tf.conv2d(x, w, stride, 'same'),
      gradFunc: (dy: tf.Tensor4D, saved: tf.Tensor[]) => {
        const [xSaved, wSaved] = saved as [tf.Tensor4D, tf.Tensor4D];
        return inputAndFilterGradients(dy, xSaved, wSaved, stride, inputIsData, native());
      },
    };
  };
  op = tf.customGrad(body as unknown as Parameters<typeof tf.customGrad>[0]) as unknown as ConvOp;
  convOps.set(name, op);
  return op;
}

/**
 * The convolution with its bias on the native BLAS only (blas-conv.ts): the bias is added inside
 * the product, and its gradient is a product with a row of ones instead of the broadcasting add's
 * transpose-and-sum. Called only when `blasConvAvailable()` holds for a square filter.
 */
function biasedBlasConvOp(stride: number, inputIsData: boolean): BiasedConvOp {
  const name = `${stride}/${inputIsData ? 'data' : 'hidden'}/bias`;
  let op = convOps.get(name) as BiasedConvOp | undefined;
  if (op) return op;
  const body = (x: tf.Tensor4D, w: tf.Tensor4D, b: tf.Tensor1D, save: tf.GradSaveFunc) => {
    save([x, w]);
    return {
      value: blasConv2dSame(x, w, stride, b),
      gradFunc: (dy: tf.Tensor4D, saved: tf.Tensor[]) => {
        const [xSaved, wSaved] = saved as [tf.Tensor4D, tf.Tensor4D];
        return [...inputAndFilterGradients(dy, xSaved, wSaved, stride, inputIsData, true), blasConvBiasGradient(dy)];
      },
    };
  };
  op = tf.customGrad(body as unknown as Parameters<typeof tf.customGrad>[0]) as unknown as BiasedConvOp;
  convOps.set(name, op);
  return op;
}

/** 'same'-padded convolution of x [B, h, w, in] with filter [k, k, in, out] (no bias). `inputIsData`:
 * x is the network's input, so its gradient is never needed (see convOp). */
export function conv2dSameNoBias(x: tf.Tensor4D, filter: tf.Tensor4D, stride: number, inputIsData = false): tf.Tensor4D {
  return convOp(stride, inputIsData)(x, filter);
}

/** 'same'-padded convolution of x [B, h, w, in] with filter [k, k, in, out] plus bias [out]. */
export function conv2dSame(x: tf.Tensor4D, filter: tf.Tensor4D, bias: tf.Tensor, stride: number, inputIsData = false): tf.Tensor4D {
  if (bias.rank === 1 && filter.shape[0] === filter.shape[1] && blasConvAvailable()) {
    return biasedBlasConvOp(stride, inputIsData)(x, filter, bias as tf.Tensor1D);
  }
  return tf.add(conv2dSameNoBias(x, filter, stride, inputIsData), bias) as tf.Tensor4D;
}

/** Nearest-neighbour ×2 upsampling of x [B, h, w, c], cropped to [height, width]. */
export function upsample2x(x: tf.Tensor4D, height: number, width: number): tf.Tensor4D {
  const [b, h, w, c] = x.shape;
  // resizeNearestNeighbor has a gradient kernel on every backend (tile's gradient stops at rank 5)
  const grown = tf.image.resizeNearestNeighbor(x, [2 * h, 2 * w]);
  return 2 * h === height && 2 * w === width ? grown : (tf.slice(grown, [0, 0, 0, 0], [b, height, width, c]) as tf.Tensor4D);
}

/** 2×2 max pooling (stride 2, 'same') of x [B, h, w, c]. */
export function maxPool2x(x: tf.Tensor4D): tf.Tensor4D {
  return tf.maxPool(x, 2, 2, 'same');
}

/** Spatial sizes after each of `layers` stride-2 'same' convolutions: [h0, h1, …, hL]. */
export function halvings(size: number, layers: number): number[] {
  const sizes = [size];
  for (let i = 0; i < layers; i++) sizes.push(Math.ceil(sizes[i] / 2));
  return sizes;
}
