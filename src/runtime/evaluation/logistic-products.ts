/**
 * The two matrix products of the logistic regression's loss and gradient (logistic-regression.ts),
 * over all rows at once:
 *   logits      Z = X·W + b           (rows × K)
 *   gradient    G = Xᵀ·D              (features × K), D = softmax(Z) − onehot(y)
 * Full-batch L-BFGS spends nearly all its time here: the image oracle fits 5,000 × 784 pixels and
 * evaluates them about 400 times (three λ on the path, then the refit).
 *
 * Two implementations, both in Float64:
 *   native      cblas_dgemm of the system's BLAS (the optional nblas binding, kernels/native-blas.ts)
 *               on a Float64 copy of X made once per data set: dense, but blocked and vectorised.
 *   javascript  loops that skip zero inputs (images and one-hot columns are mostly zeros), in the
 *               order of augc's first implementation, so its results are bit-identical to it.
 * The two differ only in the rounding of a different summation order (about 1e-16 relative per
 * product); test/runtime/evaluation/logistic-products.test.ts bounds what that does to fitted
 * weights and predictions.
 *
 * Which one runs: native when this thread's backend computes its products with the native BLAS
 * (`wasm+openblas` in the cache keys, see backend/init-backend.ts' numericsId) and the `nativeBlas`
 * kernel option is on; javascript otherwise. So a cached result never mixes the two: the key names
 * the BLAS exactly when the native products made it.
 */
import { currentBackend } from '../backend/init-backend.ts';
import { NO_TRANS, TRANS, nativeDgemm, type Dgemm } from '../kernels/native-blas.ts';
import { kernelOptionEnabled } from '../kernels/options.ts';

/** Rows of a classification problem: x is rows × features, row-major (logistic-regression.ts' Rows). */
interface ProductRows {
  x: Float32Array;
  rows: number;
  features: number;
}

export type ProductsKind = 'native' | 'javascript';

export interface LogisticProducts {
  kind: ProductsKind;
  /** z ← X·w + b for every row; w is features × K row-major, z rows × K */
  logits(w: Float64Array, b: Float64Array, z: Float64Array): void;
  /** g ← Xᵀ·d; d is rows × K, g features × K (overwritten) */
  transposedTimes(d: Float64Array, g: Float64Array): void;
}

let forced: ProductsKind | null = null;

/**
 * Make every later fit of this thread use `kind` (null: back to the default). For bench/oracle.ts
 * and tests, which compare the two on one run: the cache keys do not see it, so a run under it must
 * not write to a cache that other runs read. Returns the previous setting.
 */
export function forceLogisticProducts(kind: ProductsKind | null): ProductsKind | null {
  const previous = forced;
  forced = kind;
  return previous;
}

/** The products the current thread should use (see the file comment). */
export function defaultProductsKind(): ProductsKind {
  if (forced) return forced;
  return kernelOptionEnabled('nativeBlas') && currentBackend()?.nativeBlas && nativeDgemm() ? 'native' : 'javascript';
}

/** The products of `data` with `numClasses` columns of weights; `kind` defaults to defaultProductsKind(). */
export function logisticProducts(data: ProductRows, numClasses: number, kind: ProductsKind = defaultProductsKind()): LogisticProducts {
  const dgemm = kind === 'native' ? nativeDgemm() : null;
  if (kind === 'native' && !dgemm) throw new Error('native logistic-regression products need the nblas binding, which did not load');
  return dgemm ? nativeProducts(data, numClasses, dgemm) : javascriptProducts(data, numClasses);
}

/** Float64 copies of inputs, one per Float32Array (a λ path fits the same rows several times). */
const float64Copies = new WeakMap<Float32Array, Float64Array>();

function nativeProducts(data: ProductRows, K: number, dgemm: Dgemm): LogisticProducts {
  const { rows: n, features: F } = data;
  let x = float64Copies.get(data.x);
  if (!x) {
    x = Float64Array.from(data.x.subarray(0, n * F));
    float64Copies.set(data.x, x);
  }
  const x64 = x;
  return {
    kind: 'native',
    logits(w, b, z) {
      for (let r = 0; r < n; r++) z.set(b.subarray(0, K), r * K);
      if (n > 0) dgemm(NO_TRANS, NO_TRANS, n, K, F, 1, x64, F, w, K, 1, z, K);
    },
    transposedTimes(d, g) {
      if (n === 0) g.fill(0);
      else dgemm(TRANS, NO_TRANS, F, K, n, 1, x64, F, d, K, 0, g, K);
    },
  };
}

function javascriptProducts(data: ProductRows, K: number): LogisticProducts {
  const { rows: n, features: F, x } = data;
  return {
    kind: 'javascript',
    logits(w, b, z) {
      for (let r = 0; r < n; r++) {
        const zr = r * K;
        for (let k = 0; k < K; k++) z[zr + k] = b[k];
        const base = r * F;
        for (let f = 0; f < F; f++) {
          const v = x[base + f];
          if (v === 0) continue; // images and one-hot columns are mostly zeros
          const wf = f * K;
          for (let k = 0; k < K; k++) z[zr + k] += v * w[wf + k];
        }
      }
    },
    transposedTimes(d, g) {
      g.fill(0);
      for (let r = 0; r < n; r++) {
        const base = r * F;
        const dr = r * K;
        for (let f = 0; f < F; f++) {
          const v = x[base + f];
          if (v === 0) continue;
          const gf = f * K;
          for (let k = 0; k < K; k++) g[gf + k] += v * d[dr + k];
        }
      }
    },
  };
}
