/**
 * Matrix products of the wasm backend computed by the native BLAS (the `nativeBlas` option):
 * BatchMatMul and _FusedMatMul (product + bias + activation) read their operands and write their
 * output in place on the wasm heap — `cblas_sgemm` takes the heap's Float32Array views, so nothing
 * is copied, and transposed operands are passed as CBLAS transpose flags (no transpose kernel).
 *
 * Each function returns null for a case it does not take (other dtypes, batch broadcasting other
 * than "same batch" or "one side unbatched", a bias that is not per-column, PReLU): the caller then
 * runs the backend's own kernel. Values agree with the wasm kernels within float32 rounding of a
 * different summation order (test/runtime/kernels/blas-matmul.test.ts).
 */
import type { TensorInfo } from '@tensorflow/tfjs';
import { NO_TRANS, TRANS, type Sgemm } from './native-blas.ts';

/** the parts of the wasm backend used here (BackendWasm is not exported with types) */
export interface WasmHeapBackend {
  makeOutput(shape: number[], dtype: 'float32'): TensorInfo;
  typedArrayFromHeap(info: TensorInfo): Float32Array;
  /** frees a buffer made by makeOutput that no tensor owns (a kernel's scratch) */
  disposeData(dataId: object): boolean;
}

const product = (dims: number[]) => dims.reduce((p, d) => p * d, 1);

/** activations applied after the product, as the wasm fused product names them */
const ACTIVATIONS = new Set(['linear', 'relu', 'leakyrelu', 'sigmoid', 'relu6', 'elu']);

interface Plan {
  outShape: number[];
  batch: number;
  /** values per batch entry of a and b (0: the operand is shared by every batch entry) */
  strideA: number;
  strideB: number;
  m: number;
  n: number;
  k: number;
}

/** Shapes of op(a)·op(b) with tfjs' batch semantics, restricted to equal or absent batches. */
function planProduct(a: TensorInfo, b: TensorInfo, transposeA: boolean, transposeB: boolean): Plan | null {
  if (a.dtype !== 'float32' || b.dtype !== 'float32' || a.shape.length < 2 || b.shape.length < 2) return null;
  const ra = a.shape.length;
  const rb = b.shape.length;
  const [aRows, aCols] = a.shape.slice(-2);
  const [bRows, bCols] = b.shape.slice(-2);
  const m = transposeA ? aCols : aRows;
  const k = transposeA ? aRows : aCols;
  const n = transposeB ? bRows : bCols;
  if ((transposeB ? bCols : bRows) !== k) return null;
  const batchA = a.shape.slice(0, -2);
  const batchB = b.shape.slice(0, -2);
  const sizeA = product(batchA);
  const sizeB = product(batchB);
  let batchShape: number[];
  if (sizeA === sizeB && (batchA.join() === batchB.join() || sizeA === 1)) batchShape = ra >= rb ? batchA : batchB;
  else if (sizeB === 1) batchShape = batchA;
  else if (sizeA === 1) batchShape = batchB;
  else return null;
  // tfjs keeps the higher rank's leading dims of size 1 too
  const rank = Math.max(ra, rb);
  const outBatch = batchShape.length === rank - 2 ? batchShape : [...new Array(rank - 2 - batchShape.length).fill(1), ...batchShape];
  const batch = Math.max(sizeA, sizeB);
  return {
    outShape: [...outBatch, m, n],
    batch,
    strideA: sizeA === 1 ? 0 : m * k,
    strideB: sizeB === 1 ? 0 : k * n,
    m,
    n,
    k,
  };
}

/** Apply an activation in place (the wasm fused product's set; alpha is the leaky slope). */
function activateInPlace(y: Float32Array, activation: string, alpha: number): void {
  switch (activation) {
    case 'linear':
      return;
    case 'relu':
      for (let i = 0; i < y.length; i++) if (y[i] < 0) y[i] = 0;
      return;
    case 'leakyrelu':
      for (let i = 0; i < y.length; i++) if (y[i] < 0) y[i] *= alpha;
      return;
    case 'relu6':
      for (let i = 0; i < y.length; i++) y[i] = y[i] < 0 ? 0 : Math.min(y[i], 6);
      return;
    case 'elu':
      for (let i = 0; i < y.length; i++) if (y[i] < 0) y[i] = Math.expm1(y[i]);
      return;
    case 'sigmoid':
      for (let i = 0; i < y.length; i++) y[i] = 1 / (1 + Math.exp(-y[i]));
      return;
  }
}

/**
 * op(a)·op(b) (+ bias, then activation) into a new wasm tensor via sgemm, or null when the case is
 * not taken (see the file comment). `bias` must hold n values (one per column) or batch·n values
 * (one row of n per batch entry).
 */
export function blasMatMul(
  sgemm: Sgemm,
  backend: WasmHeapBackend,
  a: TensorInfo,
  b: TensorInfo,
  transposeA: boolean,
  transposeB: boolean,
  bias: TensorInfo | null = null,
  activation = 'linear',
  leakyAlpha = 0.2,
): TensorInfo | null {
  const plan = planProduct(a, b, transposeA, transposeB);
  if (plan === null || !ACTIVATIONS.has(activation)) return null;
  const { batch, m, n, k } = plan;
  const biasSize = bias === null ? 0 : product(bias.shape);
  // per column only: a bias whose last axis is not the output's (e.g. [m, 1], per row) is left alone
  const perColumn = bias !== null && bias.shape.length > 0 && bias.shape[bias.shape.length - 1] === n;
  if (bias !== null && (bias.dtype !== 'float32' || !perColumn || (biasSize !== n && biasSize !== batch * n))) return null;
  const out = backend.makeOutput(plan.outShape, 'float32');
  // views only after makeOutput: growing the heap detaches views taken before
  const heapA = backend.typedArrayFromHeap(a);
  const heapB = backend.typedArrayFromHeap(b);
  const heapOut = backend.typedArrayFromHeap(out);
  const heapBias = bias === null ? null : backend.typedArrayFromHeap(bias);
  const lda = transposeA ? m : k;
  const ldb = transposeB ? k : n;
  for (let i = 0; i < batch; i++) {
    const c = heapOut.subarray(i * m * n, (i + 1) * m * n);
    if (heapBias !== null) {
      // the bias as C's starting value, then C = A·B + 1·C
      const row = biasSize === n ? heapBias : heapBias.subarray(i * n, (i + 1) * n);
      for (let r = 0; r < m; r++) c.set(row, r * n);
    }
    sgemm(
      transposeA ? TRANS : NO_TRANS,
      transposeB ? TRANS : NO_TRANS,
      m,
      n,
      k,
      1,
      heapA.subarray(i * plan.strideA, i * plan.strideA + m * k),
      lda,
      heapB.subarray(i * plan.strideB, i * plan.strideB + k * n),
      ldb,
      heapBias === null ? 0 : 1,
      c,
      n,
    );
  }
  activateInPlace(heapOut, activation, leakyAlpha);
  return out;
}
