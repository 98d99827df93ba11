/**
 * The wasm backend's MaxPoolGrad as one JS loop on the wasm heap (the `poolGrad` option).
 *
 * Why: profiling the reference MNIST CNN's training step (bench/profile-ops.ts clf-cnn) put the
 * wasm MaxPoolGrad kernel at 12% of kernel time with the XNNPACK convolutions and 26% once the
 * convolutions ran on the native BLAS — ~100 ms per call on a 64×28×28×64 map, where one pass that
 * finds each window's maximum and adds dy there reads the input once (a few ms).
 *
 * Semantics as TF.js' reference (cpu) kernel: each output cell's gradient goes to the FIRST
 * maximum of its window in row-major window order (strict >), windows and padding from
 * backend_util.computePool2DInfo, so every filter size, stride and padding mode is covered.
 * Installed like the product wrappers (wasm-matmul.ts): the original kernel is kept and restored
 * when the option goes off.
 */
import * as tf from '@tensorflow/tfjs';
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import type { WasmHeapBackend } from './blas-matmul.ts';
import { kernelOptionEnabled, onKernelOptionsChange } from './options.ts';

const KERNEL = 'MaxPoolGrad';
const BACKEND = 'wasm';
let original: KernelConfig | null = null;

interface PoolAttrs {
  filterSize: number | [number, number];
  strides: number | [number, number];
  pad: 'valid' | 'same' | number;
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
}

/** dx of a max pool: dy of each output cell added at its window's first maximum in x */
function maxPoolGrad(x: Float32Array, dy: Float32Array, dx: Float32Array, info: tf.backend_util.Conv2DInfo): void {
  const { batchSize, inHeight, inWidth, inChannels: c, outHeight, outWidth, strideHeight, strideWidth, filterHeight, filterWidth } = info;
  const { top, left } = info.padInfo;
  const best = new Float32Array(c);
  const at = new Int32Array(c);
  // 2×2 windows whose four inputs all lie inside the image (every window of a 2×2, stride-2 pool
  // but the last row and column of an odd size): the four compared in registers, in the general
  // path's order, so the same first maximum is chosen
  const square2 = filterHeight === 2 && filterWidth === 2;
  const row = inWidth * c;
  dx.fill(0);
  let cell = 0;
  for (let b = 0; b < batchSize; b++) {
    for (let oy = 0; oy < outHeight; oy++) {
      for (let ox = 0; ox < outWidth; ox++, cell += c) {
        const iy0 = oy * strideHeight - top;
        const ix0 = ox * strideWidth - left;
        if (square2 && iy0 >= 0 && ix0 >= 0 && iy0 + 1 < inHeight && ix0 + 1 < inWidth) {
          const i00 = ((b * inHeight + iy0) * inWidth + ix0) * c;
          const i01 = i00 + c;
          const i10 = i00 + row;
          const i11 = i10 + c;
          for (let k = 0; k < c; k++) {
            // as the general path: a window of NaN or −∞ only passes no gradient on
            let at = -1;
            let best = Number.NEGATIVE_INFINITY;
            if (x[i00 + k] > best) {
              at = i00 + k;
              best = x[at];
            }
            if (x[i01 + k] > best) {
              at = i01 + k;
              best = x[at];
            }
            if (x[i10 + k] > best) {
              at = i10 + k;
              best = x[at];
            }
            if (x[i11 + k] > best) at = i11 + k;
            if (at >= 0) dx[at] += dy[cell + k];
          }
          continue;
        }
        best.fill(Number.NEGATIVE_INFINITY);
        at.fill(-1);
        for (let fy = 0; fy < filterHeight; fy++) {
          const iy = oy * strideHeight - top + fy;
          if (iy < 0 || iy >= inHeight) continue;
          for (let fx = 0; fx < filterWidth; fx++) {
            const ix = ox * strideWidth - left + fx;
            if (ix < 0 || ix >= inWidth) continue;
            const base = ((b * inHeight + iy) * inWidth + ix) * c;
            for (let k = 0; k < c; k++) {
              if (x[base + k] > best[k]) {
                best[k] = x[base + k];
                at[k] = base + k;
              }
            }
          }
        }
        for (let k = 0; k < c; k++) if (at[k] >= 0) dx[at[k]] += dy[cell + k];
      }
    }
  }
}

const kernelFunc: KernelFunc = ({ inputs, backend, attrs }) => {
  const input = inputs.input as TensorInfo;
  const dy = inputs.dy as TensorInfo;
  if (!kernelOptionEnabled('poolGrad') || input.dtype !== 'float32' || original === null) {
    return (original as KernelConfig).kernelFunc({ inputs, backend, attrs });
  }
  const { filterSize, strides, pad, dimRoundingMode } = attrs as unknown as PoolAttrs;
  const info = tf.backend_util.computePool2DInfo(
    input.shape as [number, number, number, number],
    filterSize,
    strides,
    1,
    pad,
    dimRoundingMode,
  );
  const heap = backend as unknown as WasmHeapBackend;
  const dx = heap.makeOutput(input.shape, 'float32');
  // views after makeOutput: growing the heap detaches views taken before
  maxPoolGrad(heap.typedArrayFromHeap(input), heap.typedArrayFromHeap(dy), heap.typedArrayFromHeap(dx), info);
  return dx;
};

/** Install or remove the wrapper to match the `poolGrad` option (idempotent). */
export function syncPoolGrad(): void {
  const wanted = kernelOptionEnabled('poolGrad');
  if (wanted && original === null) {
    const config = tf.getKernel(KERNEL, BACKEND);
    if (config === undefined) return;
    original = config;
    tf.unregisterKernel(KERNEL, BACKEND);
    tf.registerKernel({ ...config, kernelFunc });
  } else if (!wanted && original !== null) {
    tf.unregisterKernel(KERNEL, BACKEND);
    tf.registerKernel(original);
    original = null;
  }
}

onKernelOptionsChange(() => syncPoolGrad());
