/**
 * 'same'-padded 2-D convolutions lowered to matrix products (im2col) for the native BLAS — the
 * forward pass and both gradients, as wasm kernels that read and write the wasm heap in place:
 *
 *   forward      y[B·OH·OW, O]   = cols(x)[B·OH·OW, k·k·C] · W[k·k·C, O]  (+ bias[O] on each row)
 *   filter grad  dW[k·k·C, O]    = cols(x)ᵀ · dy[B·OH·OW, O]
 *   bias grad    db[O]           = 1ᵀ · dy[B·OH·OW, O]
 *   input grad   dcols           = dy · Wᵀ, then col2im adds each column back onto dx
 *
 * The bias rides in the forward product (each output row starts as the bias, sgemm adds onto it)
 * and its gradient is one more product, with a row of ones: a broadcasting tf.add's gradient is a
 * transpose and a reduction over the batch and pixels, 16% of the reference CNN's step on wasm
 * (docs/performance.md), where the product with ones takes under a millisecond.
 *
 * A filter [k, k, C, O] flattened row-major is already the [k·k·C, O] matrix, and a row of
 * cols(x) lists the window in the same (ky, kx, c) order. The columns live in a scratch
 * Float32Array outside the wasm heap (so the heap never grows mid-kernel, which would detach the
 * views), filled for a chunk of rows at a time so that its size stays bounded for any batch.
 *
 * Why not XNNPACK: wasm's Conv2D runs the forward pass at ~30 GFLOP/s, but the wasm backend has no
 * filter-gradient kernel (conv-ops.ts builds it from forward convolutions with the batch as
 * channels), and sgemm reaches 70+ on these shapes (docs/performance.md). Used by conv-ops.ts when
 * the `nativeBlas` option is on and the binding loaded; results agree with the XNNPACK path within
 * float32 rounding (test/runtime/kernels/blas-conv.test.ts).
 */
import * as tf from '@tensorflow/tfjs';
import type { KernelFunc, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs';
import type { WasmHeapBackend } from './blas-matmul.ts';
import { NO_TRANS, TRANS, nativeSgemm, type Sgemm } from './native-blas.ts';
import { kernelOptionEnabled } from './options.ts';
import { COL2IM_SIMD_WASM_BASE64 } from './col2im-simd.wasm.ts';
import { simdExports } from './simd-module.ts';

export const CONV_FORWARD_KERNEL = 'AugcConv2dSame';
export const CONV_FILTER_GRAD_KERNEL = 'AugcConv2dSameFilterGrad';
export const CONV_INPUT_GRAD_KERNEL = 'AugcConv2dSameInputGrad';
export const CONV_BIAS_GRAD_KERNEL = 'AugcConv2dSameBiasGrad';

/** values of the column scratch at most (2^23 floats = 32 MB); a chunk is a whole number of images */
const SCRATCH_VALUES = 1 << 23;
let scratch = new Float32Array(0);

function columns(values: number): Float32Array {
  if (scratch.length < values) scratch = new Float32Array(values);
  return scratch;
}

let ones = new Float32Array(0);

/** a row of `count` ones (the bias gradient's left factor) */
function onesRow(count: number): Float32Array {
  if (ones.length < count) ones = new Float32Array(count).fill(1);
  return ones.subarray(0, count);
}

/** The geometry of a 'same' convolution of x [B, H, W, C] with a k×k filter to O maps. */
export interface Geometry {
  batch: number;
  height: number;
  width: number;
  channels: number;
  kernel: number;
  stride: number;
  outHeight: number;
  outWidth: number;
  /** TF's 'same' padding before the first row / column: floor(total / 2) */
  padTop: number;
  padLeft: number;
  /** k·k·C: the length of one window */
  window: number;
  /** images per chunk of columns */
  chunk: number;
}

export function geometry(xShape: number[], kernel: number, stride: number): Geometry {
  const [batch, height, width, channels] = xShape;
  const outHeight = Math.ceil(height / stride);
  const outWidth = Math.ceil(width / stride);
  const padTop = Math.floor(Math.max((outHeight - 1) * stride + kernel - height, 0) / 2);
  const padLeft = Math.floor(Math.max((outWidth - 1) * stride + kernel - width, 0) / 2);
  const window = kernel * kernel * channels;
  const chunk = Math.max(1, Math.min(batch, Math.floor(SCRATCH_VALUES / (outHeight * outWidth * window))));
  return { batch, height, width, channels, kernel, stride, outHeight, outWidth, padTop, padLeft, window, chunk };
}

/**
 * cols[(b', oy, ox), (ky, kx, c)] for images first … first + count − 1 (zeros outside x). For one
 * ky the window's columns kx lie side by side in x (stride 1 between them: c values each), so the
 * part inside the image is one contiguous copy of up to k·c values.
 */
function im2col(x: Float32Array, g: Geometry, first: number, count: number, cols: Float32Array): void {
  const { height, width, channels: c, kernel: k, stride: s, outHeight, outWidth, padTop, padLeft, window } = g;
  const span = k * c;
  let row = 0;
  for (let b = first; b < first + count; b++) {
    for (let oy = 0; oy < outHeight; oy++) {
      for (let ox = 0; ox < outWidth; ox++, row++) {
        const ix0 = ox * s - padLeft;
        // the window's columns inside the image: kx in [lo, hi)
        const lo = Math.max(0, -ix0);
        const hi = Math.min(k, width - ix0);
        for (let ky = 0, dst = row * window; ky < k; ky++, dst += span) {
          const iy = oy * s - padTop + ky;
          if (iy < 0 || iy >= height || hi <= lo) {
            cols.fill(0, dst, dst + span);
            continue;
          }
          if (lo > 0) cols.fill(0, dst, dst + lo * c);
          if (hi < k) cols.fill(0, dst + hi * c, dst + span);
          const src = ((b * height + iy) * width + ix0 + lo) * c;
          const length = (hi - lo) * c;
          // a typed-array copy pays off from a few dozen values on; short runs (digits) copy by hand
          if (length >= 24) cols.set(x.subarray(src, src + length), dst + lo * c);
          else for (let i = 0, to = dst + lo * c; i < length; i++) cols[to + i] = x[src + i];
        }
      }
    }
  }
}

/** dx[b, iy, ix, c] += dcols[(b', oy, ox), (ky, kx, c)]: the adjoint of im2col */
export function col2imAdd(dcols: Float32Array, g: Geometry, first: number, count: number, dx: Float32Array): void {
  const { height, width, channels: c, kernel: k, stride: s, outHeight, outWidth, padTop, padLeft, window } = g;
  let row = 0;
  for (let b = first; b < first + count; b++) {
    for (let oy = 0; oy < outHeight; oy++) {
      for (let ox = 0; ox < outWidth; ox++, row++) {
        let src = row * window;
        for (let ky = 0; ky < k; ky++) {
          const iy = oy * s - padTop + ky;
          for (let kx = 0; kx < k; kx++, src += c) {
            const ix = ox * s - padLeft + kx;
            if (iy < 0 || iy >= height || ix < 0 || ix >= width) continue;
            const dst = ((b * height + iy) * width + ix) * c;
            for (let i = 0; i < c; i++) dx[dst + i] += dcols[src + i];
          }
        }
      }
    }
  }
}

const pixels = (g: Geometry) => g.outHeight * g.outWidth;

/** fill `out` with copies of `row` (its length a multiple of row's), doubling the filled part each copy */
function repeatRow(row: Float32Array, out: Float32Array): void {
  out.set(row, 0);
  for (let filled = row.length; filled < out.length; filled *= 2) out.copyWithin(filled, 0, Math.min(filled, out.length - filled));
}

function forward(
  sgemm: Sgemm,
  heap: WasmHeapBackend,
  x: TensorInfo,
  filter: TensorInfo,
  bias: TensorInfo | undefined,
  stride: number,
): TensorInfo {
  const [k, , , outChannels] = filter.shape;
  const g = geometry(x.shape, k, stride);
  const out = heap.makeOutput([g.batch, g.outHeight, g.outWidth, outChannels], 'float32');
  const [hx, hw, hy] = [x, filter, out].map((t) => heap.typedArrayFromHeap(t));
  const hb = bias ? heap.typedArrayFromHeap(bias) : null;
  if (hb) repeatRow(hb, hy);
  for (let first = 0; first < g.batch; first += g.chunk) {
    const count = Math.min(g.chunk, g.batch - first);
    const rows = count * pixels(g);
    const cols = columns(rows * g.window);
    im2col(hx, g, first, count, cols);
    const y = hy.subarray(first * pixels(g) * outChannels, (first + count) * pixels(g) * outChannels);
    sgemm(NO_TRANS, NO_TRANS, rows, outChannels, g.window, 1, cols, g.window, hw, outChannels, hb ? 1 : 0, y, outChannels);
  }
  return out;
}

function biasGradient(sgemm: Sgemm, heap: WasmHeapBackend, dy: TensorInfo): TensorInfo {
  const outChannels = dy.shape[dy.shape.length - 1];
  const rows = dy.shape.slice(0, -1).reduce((p, d) => p * d, 1);
  const out = heap.makeOutput([outChannels], 'float32');
  const [hdy, hdb] = [dy, out].map((t) => heap.typedArrayFromHeap(t));
  sgemm(NO_TRANS, NO_TRANS, 1, outChannels, rows, 1, onesRow(rows), rows, hdy, outChannels, 0, hdb, outChannels);
  return out;
}

function filterGradient(sgemm: Sgemm, heap: WasmHeapBackend, x: TensorInfo, dy: TensorInfo, kernel: number, stride: number): TensorInfo {
  const outChannels = dy.shape[3];
  const g = geometry(x.shape, kernel, stride);
  const out = heap.makeOutput([kernel, kernel, g.channels, outChannels], 'float32');
  const [hx, hdy, hdw] = [x, dy, out].map((t) => heap.typedArrayFromHeap(t));
  for (let first = 0; first < g.batch; first += g.chunk) {
    const count = Math.min(g.chunk, g.batch - first);
    const rows = count * pixels(g);
    const cols = columns(rows * g.window);
    im2col(hx, g, first, count, cols);
    const dyChunk = hdy.subarray(first * pixels(g) * outChannels, (first + count) * pixels(g) * outChannels);
    // chunks after the first accumulate onto dW (beta 1)
    sgemm(TRANS, NO_TRANS, g.window, outChannels, rows, 1, cols, g.window, dyChunk, outChannels, first === 0 ? 0 : 1, hdw, outChannels);
  }
  return out;
}

/** col2im-simd.wat's loop; pointers are byte offsets into the wasm backend's memory */
type Col2imSimd = (
  dcols: number,
  dx: number,
  first: number,
  count: number,
  height: number,
  width: number,
  channels: number,
  kernel: number,
  stride: number,
  outHeight: number,
  outWidth: number,
  padTop: number,
  padLeft: number,
) => void;

/** the SIMD col2im for maps of `channels` channels (a multiple of 4) on the wasm backend's memory, or null */
export function col2imSimd(channels: number): Col2imSimd | null {
  if (channels % 4 !== 0) return null;
  return (simdExports(COL2IM_SIMD_WASM_BASE64)?.col2im as Col2imSimd | undefined) ?? null;
}

function inputGradient(
  sgemm: Sgemm,
  heap: WasmHeapBackend,
  dy: TensorInfo,
  filter: TensorInfo,
  xShape: number[],
  stride: number,
): TensorInfo {
  const [k, , , outChannels] = filter.shape;
  const g = geometry(xShape, k, stride);
  const simd = col2imSimd(g.channels);
  const out = heap.makeOutput(xShape, 'float32');
  // with the SIMD col2im the columns live on the heap too (allocated before any view is taken)
  const heapColumns = simd ? heap.makeOutput([g.chunk * pixels(g) * g.window], 'float32') : null;
  try {
    const [hdy, hw, hdx] = [dy, filter, out].map((t) => heap.typedArrayFromHeap(t));
    const scratchOnHeap = heapColumns ? heap.typedArrayFromHeap(heapColumns) : null;
    hdx.fill(0);
    for (let first = 0; first < g.batch; first += g.chunk) {
      const count = Math.min(g.chunk, g.batch - first);
      const rows = count * pixels(g);
      const dcols = scratchOnHeap ? scratchOnHeap.subarray(0, rows * g.window) : columns(rows * g.window);
      const dyChunk = hdy.subarray(first * pixels(g) * outChannels, (first + count) * pixels(g) * outChannels);
      sgemm(NO_TRANS, TRANS, rows, g.window, outChannels, 1, dyChunk, outChannels, hw, outChannels, 0, dcols, g.window);
      if (simd) {
        const { height, width, channels, kernel, outHeight, outWidth, padTop, padLeft } = g;
        simd(
          dcols.byteOffset,
          hdx.byteOffset,
          first,
          count,
          height,
          width,
          channels,
          kernel,
          g.stride,
          outHeight,
          outWidth,
          padTop,
          padLeft,
        );
      } else col2imAdd(dcols, g, first, count, hdx);
    }
  } finally {
    if (heapColumns) heap.disposeData(heapColumns.dataId);
  }
  return out;
}

function sgemmOrThrow(): Sgemm {
  const sgemm = nativeSgemm();
  if (!sgemm) throw new Error('augc: a native-BLAS convolution kernel ran without the native BLAS.');
  return sgemm;
}

const heapOf = (backend: unknown) => backend as WasmHeapBackend;
const attr = (attrs: NamedAttrMap | undefined, name: string) => attrs?.[name] as number;

const kernels: [string, KernelFunc][] = [
  [
    CONV_FORWARD_KERNEL,
    ({ inputs, backend, attrs }) =>
      forward(
        sgemmOrThrow(),
        heapOf(backend),
        inputs.x as TensorInfo,
        inputs.filter as TensorInfo,
        inputs.bias as TensorInfo | undefined,
        attr(attrs, 'stride'),
      ),
  ],
  [CONV_BIAS_GRAD_KERNEL, ({ inputs, backend }) => biasGradient(sgemmOrThrow(), heapOf(backend), inputs.dy as TensorInfo)],
  [
    CONV_FILTER_GRAD_KERNEL,
    ({ inputs, backend, attrs }) =>
      filterGradient(
        sgemmOrThrow(),
        heapOf(backend),
        inputs.x as TensorInfo,
        inputs.dy as TensorInfo,
        attr(attrs, 'kernel'),
        attr(attrs, 'stride'),
      ),
  ],
  [
    CONV_INPUT_GRAD_KERNEL,
    ({ inputs, backend, attrs }) =>
      inputGradient(
        sgemmOrThrow(),
        heapOf(backend),
        inputs.dy as TensorInfo,
        inputs.filter as TensorInfo,
        attrs?.xShape as number[],
        attr(attrs, 'stride'),
      ),
  ],
];

let registered = false;

/**
 * Whether conv-ops.ts should convolve through the native BLAS now: the active backend is wasm,
 * the `nativeBlas` option is on and the binding loaded. Registers the kernels on first use.
 */
export function blasConvAvailable(): boolean {
  if (!kernelOptionEnabled('nativeBlas') || tf.getBackend() !== 'wasm' || nativeSgemm() === null) return false;
  if (!registered) {
    for (const [kernelName, kernelFunc] of kernels) tf.registerKernel({ kernelName, backendName: 'wasm', kernelFunc });
    registered = true;
  }
  return true;
}

/** 'same' convolution of x [B, H, W, C] with filter [k, k, C, O], plus bias [O] if given: one engine op. */
export function blasConv2dSame(x: tf.Tensor4D, filter: tf.Tensor4D, stride: number, bias?: tf.Tensor1D): tf.Tensor4D {
  const inputs: tf.NamedTensorMap = bias ? { x, filter, bias } : { x, filter };
  return tf.engine().runKernel(CONV_FORWARD_KERNEL, inputs, { stride }) as tf.Tensor4D;
}

/** db [O] of that convolution's bias from dy [B, OH, OW, O]: the sum over every row. */
export function blasConvBiasGradient(dy: tf.Tensor4D): tf.Tensor1D {
  return tf.engine().runKernel(CONV_BIAS_GRAD_KERNEL, { dy }, {}) as tf.Tensor1D;
}

/** dW [k, k, C, O] of that convolution from x and dy [B, OH, OW, O]. */
export function blasConvFilterGradient(x: tf.Tensor4D, dy: tf.Tensor4D, kernel: number, stride: number): tf.Tensor4D {
  return tf.engine().runKernel(CONV_FILTER_GRAD_KERNEL, { x, dy }, { kernel, stride }) as tf.Tensor4D;
}

/** dx [B, H, W, C] of that convolution from dy and the filter. */
export function blasConvInputGradient(dy: tf.Tensor4D, filter: tf.Tensor4D, xShape: number[], stride: number): tf.Tensor4D {
  return tf.engine().runKernel(CONV_INPUT_GRAD_KERNEL, { dy, filter }, { xShape, stride }) as tf.Tensor4D;
}
