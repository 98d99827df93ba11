/**
 * Fast paths for the wasm backend's matrix products, installed below the op level so that every
 * caller benefits — our dense kernels, tf.layers models, the gradients TF.js derives itself:
 *
 * - `transposeFree`: a product with `transposeA` or `transposeB` set takes a slow path on wasm
 *   (1–2 GFLOP/s against ~28 for the plain product; docs/performance.md), and every matMul
 *   gradient uses such products (dA = dY·Bᵀ, dB = Aᵀ·dY). The wrapper transposes the flagged
 *   operand with the backend's own Transpose kernel (memory-bound, fast) and runs the plain product;
 *   for A·Bᵀ with a large B it computes (B·Aᵀ)ᵀ instead, whichever moves fewer numbers.
 * - `stackedMatMul`: a batched product [M, n, k]·[M, k, m] with M > 1 (stacked models) also takes
 *   wasm's slow loop; only M = 1 reaches XNNPACK. The wrapper runs M XNNPACK products on views of
 *   the stacked operands (tensor ids registered on slices of their wasm memory, never copied) that
 *   write into slices of one output.
 *
 * Both compute the same values as the original kernels (a transpose moves numbers; a view is the
 * same numbers). Other backends are left alone: their transposed and batched paths are fine.
 */
import * as tf from '@tensorflow/tfjs';
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import { blasMatMul, type WasmHeapBackend } from './blas-matmul.ts';
import { nativeSgemm } from './native-blas.ts';
import { kernelOptionEnabled, onKernelOptionsChange } from './options.ts';

const PATCHED_BACKEND = 'wasm';
const PATCHED_KERNELS = ['BatchMatMul', '_FusedMatMul'];

/** changes whenever the wrappers are installed or removed (callers that cache kernels watch it) */
export let kernelGeneration = 0;

/** original kernel configs while the wrapper is installed */
const originals = new Map<string, KernelConfig>();

interface MatMulAttrs {
  transposeA: boolean;
  transposeB: boolean;
}

/** the parts of the wasm backend the views need (BackendWasm is not exported with types) */
interface WasmBackend {
  dataIdNextNumber: number;
  dataIdMap: { get(dataId: object): { memoryOffset: number } };
  makeOutput(shape: number[], dtype: 'float32'): TensorInfo;
  disposeData(dataId: object): boolean;
  wasm: {
    cwrap(name: string, returnType: null, argTypes: string[]): (...args: unknown[]) => void;
    tfjs: { registerTensor(id: number, size: number, offset: number): void; disposeData(id: number): void };
  };
}

let wasmBatchMatMul: ((...args: unknown[]) => void) | null = null;
let wasmFusedMatMul: ((...args: unknown[]) => void) | null = null;
let transpose: KernelFunc | null = null;

const shapeBytes = (shape: number[]) => new Uint8Array(new Int32Array(shape).buffer);

/** y[m] = a[m]·b[m] for rank-3 a [M, n, k], b [M, k, p] as M XNNPACK products on views. */
function stackedProduct(a: TensorInfo, b: TensorInfo, backend: WasmBackend): TensorInfo {
  const [models, rows, inner] = a.shape;
  const columns = b.shape[2];
  wasmBatchMatMul ??= backend.wasm.cwrap('BatchMatMul', null, [
    'number',
    'array',
    'number',
    'number',
    'array',
    'number',
    'number',
    'number',
    'number',
  ]);
  const out = backend.makeOutput([models, rows, columns], 'float32');
  const base = [a, b, out].map((t) => backend.dataIdMap.get(t.dataId).memoryOffset);
  const sizes = [rows * inner, inner * columns, rows * columns];
  const aShape = shapeBytes([1, rows, inner]);
  const bShape = shapeBytes([1, inner, columns]);
  for (let m = 0; m < models; m++) {
    const ids = sizes.map((size, i) => {
      const id = backend.dataIdNextNumber++;
      backend.wasm.tfjs.registerTensor(id, size, base[i] + m * size * 4);
      return id;
    });
    try {
      wasmBatchMatMul(ids[0], aShape, 3, ids[1], bShape, 3, false, false, ids[2]);
    } finally {
      // unregister the views only: the memory belongs to a, b and out
      for (const id of ids) backend.wasm.tfjs.disposeData(id);
    }
  }
  return out;
}

function lastAxesSwapped(rank: number): number[] {
  const perm = Array.from({ length: rank }, (_, i) => i);
  perm[rank - 2] = rank - 1;
  perm[rank - 1] = rank - 2;
  return perm;
}

const size = (shape: number[]) => shape.reduce((p, d) => p * d, 1);

/** for A·Bᵀ: is transposing A and the [n, p] product cheaper than transposing B (same batch dims)? */
function cheaperAsTransposedProduct(a: TensorInfo, b: TensorInfo): boolean {
  const rank = a.shape.length;
  if (rank !== b.shape.length || a.shape.slice(0, -2).some((d, i) => d !== b.shape[i])) return false;
  const out = size(a.shape.slice(0, -1)) * b.shape[rank - 2];
  return size(a.shape) + out < size(b.shape);
}

/** the wasm backend's codes of the activations its fused product applies (cc/fusable_activations.h) */
export const WASM_FUSED_ACTIVATION: Record<string, number> = { linear: 0, relu: 1, leakyrelu: 4, sigmoid: 5 };

/**
 * y[m] = activation(x[m]·w[m] + b[m]) for x [M, n, k], w [M, k, p], b [M, 1, p] on the wasm
 * backend as M fused XNNPACK products on views (bias and activation applied in the same pass).
 * `activation` is a key of WASM_FUSED_ACTIVATION.
 */
export function stackedFusedProduct(
  x: TensorInfo,
  w: TensorInfo,
  b: TensorInfo,
  activation: string,
  leakyAlpha: number,
  backend: unknown,
): TensorInfo {
  const sgemm = kernelOptionEnabled('nativeBlas') ? nativeSgemm() : null;
  const native = sgemm && blasMatMul(sgemm, backend as WasmHeapBackend, x, w, false, false, b, activation, leakyAlpha);
  if (native) return native;
  const wasmBackend = backend as WasmBackend;
  const [models, rows, inner] = x.shape;
  const columns = w.shape[2];
  wasmFusedMatMul ??= wasmBackend.wasm.cwrap('_FusedMatMul', null, [
    'number',
    'array',
    'number',
    'number',
    'array',
    'number',
    'number',
    'number',
    'number',
    'number',
    'number',
    'number',
    'number',
  ]);
  const out = wasmBackend.makeOutput([models, rows, columns], 'float32');
  const base = [x, w, b, out].map((t) => wasmBackend.dataIdMap.get(t.dataId).memoryOffset);
  const sizes = [rows * inner, inner * columns, columns, rows * columns];
  const xShape = shapeBytes([1, rows, inner]);
  const wShape = shapeBytes([1, inner, columns]);
  for (let m = 0; m < models; m++) {
    const ids = sizes.map((size, i) => {
      const id = wasmBackend.dataIdNextNumber++;
      wasmBackend.wasm.tfjs.registerTensor(id, size, base[i] + m * size * 4);
      return id;
    });
    try {
      wasmFusedMatMul(ids[0], xShape, 3, ids[1], wShape, 3, false, false, WASM_FUSED_ACTIVATION[activation], ids[2], 0, leakyAlpha, ids[3]);
    } finally {
      for (const id of ids) wasmBackend.wasm.tfjs.disposeData(id);
    }
  }
  return out;
}

function wrap(name: string, original: KernelFunc): KernelFunc {
  return (args) => {
    const { inputs, backend, attrs } = args;
    const { transposeA, transposeB } = attrs as unknown as MatMulAttrs;
    const sgemm = kernelOptionEnabled('nativeBlas') && !inputs.preluActivationWeights ? nativeSgemm() : null;
    if (sgemm) {
      const { activation, leakyreluAlpha } = attrs as unknown as { activation?: string; leakyreluAlpha?: number };
      const native = blasMatMul(
        sgemm,
        backend as unknown as WasmHeapBackend,
        inputs.a as TensorInfo,
        inputs.b as TensorInfo,
        transposeA,
        transposeB,
        (inputs.bias as TensorInfo | undefined) ?? null,
        activation ?? 'linear',
        leakyreluAlpha ?? 0.2,
      );
      if (native) return native;
    }
    const transposing = (transposeA || transposeB) && kernelOptionEnabled('transposeFree');
    const a0 = inputs.a as TensorInfo;
    const b0 = inputs.b as TensorInfo;
    const stacking =
      name === 'BatchMatMul' &&
      kernelOptionEnabled('stackedMatMul') &&
      a0.shape.length === 3 &&
      b0.shape.length === 3 &&
      a0.shape[0] > 1 &&
      a0.shape[0] === b0.shape[0] &&
      a0.dtype === 'float32' &&
      (transposing || (!transposeA && !transposeB));
    if (!transposing && !stacking) return original(args);
    const wasmBackend = backend as unknown as WasmBackend;
    transpose ??= tf.getKernel('Transpose', PATCHED_BACKEND).kernelFunc;
    const temporaries: TensorInfo[] = [];
    const swapLastAxes = (x: TensorInfo): TensorInfo => {
      const t = (transpose as KernelFunc)({ inputs: { x }, backend, attrs: { perm: lastAxesSwapped(x.shape.length) } }) as TensorInfo;
      temporaries.push(t);
      return t;
    };
    const product = (a: TensorInfo, b: TensorInfo): TensorInfo =>
      stacking
        ? stackedProduct(a, b, wasmBackend)
        : (original({ inputs: { ...inputs, a, b }, backend, attrs: { ...attrs, transposeA: false, transposeB: false } }) as TensorInfo);
    try {
      if (transposing && transposeB && !transposeA && cheaperAsTransposedProduct(a0, b0)) {
        // A·Bᵀ = (B·Aᵀ)ᵀ: transposes A and the product instead of a large B (dX = dZ·Wᵀ of a wide layer)
        const swapped = product(b0, swapLastAxes(a0));
        temporaries.push(swapped);
        return (transpose as KernelFunc)({
          inputs: { x: swapped },
          backend,
          attrs: { perm: lastAxesSwapped(swapped.shape.length) },
        }) as TensorInfo;
      }
      const a = transposeA && transposing ? swapLastAxes(a0) : a0;
      const b = transposeB && transposing ? swapLastAxes(b0) : b0;
      return product(a, b);
    } finally {
      for (const t of temporaries) wasmBackend.disposeData(t.dataId);
    }
  };
}

/** Whether the wrappers are registered now. */
export function wasmMatMulWrapped(): boolean {
  return originals.size > 0;
}

/**
 * Register the wrappers (idempotent). Does nothing when the wasm backend's kernels are not
 * registered in this process (the wasm package was never imported).
 */
export function installWasmMatMul(): void {
  if (wasmMatMulWrapped()) return;
  for (const name of PATCHED_KERNELS) {
    const config = tf.getKernel(name, PATCHED_BACKEND);
    if (config === undefined) continue;
    originals.set(name, config);
    tf.unregisterKernel(name, PATCHED_BACKEND);
    // keep setupFunc: if the backend initialises after this, the original setup must still run
    tf.registerKernel({ ...config, kernelFunc: wrap(name, config.kernelFunc) });
  }
  kernelGeneration++;
}

/** Restore the wasm backend's own kernels (idempotent). */
export function uninstallWasmMatMul(): void {
  for (const [name, config] of originals) {
    tf.unregisterKernel(name, PATCHED_BACKEND);
    tf.registerKernel(config);
  }
  originals.clear();
  kernelGeneration++;
}

/** Install or uninstall to match the options; cheap enough to call per layer. */
export function syncWasmMatMul(): void {
  const wanted =
    kernelOptionEnabled('transposeFree') ||
    kernelOptionEnabled('stackedMatMul') ||
    (kernelOptionEnabled('nativeBlas') && nativeSgemm() !== null);
  if (wanted !== wasmMatMulWrapped()) {
    if (wanted) installWasmMatMul();
    else uninstallWasmMatMul();
  }
}

onKernelOptionsChange(() => syncWasmMatMul());
