/**
 * The optional native BLAS: `cblas_sgemm` of the system's BLAS (Debian's OpenBLAS) through the
 * `nblas` package's compiled binding (an optional dependency built by node-gyp at install time).
 *
 * Why: the wasm backend's matrix product peaks near 28 GFLOP/s (128-bit SIMD), OpenBLAS reaches
 * 75–95 on the same core with AVX-512 (docs/performance.md). sgemm takes Float32Arrays, so views
 * on the wasm heap go in and out without a copy (the heap must not grow during the call; nothing
 * allocates on it there).
 *
 * Traps handled here:
 * - OpenBLAS starts one thread per core unless told otherwise; augc computes on one thread per
 *   process or worker (parallelism comes from workers), so OPENBLAS_NUM_THREADS defaults to 1. It
 *   is read when the library loads, so it is set before the first load.
 * - nblas registers itself the old way (NODE_MODULE, not context-aware): a second load of the same
 *   file in another worker thread fails ("did not self-register"). A worker loads a private copy
 *   of the file instead, which runs the registration again.
 * - The binding may be absent (no compiler, no BLAS, install scripts not allowed) or link the
 *   netlib reference BLAS (correct but slower than wasm). Absent → null with the reason; the
 *   caller stays on the wasm path. Which library was linked is reported (`blasLibrary`).
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { isMainThread, threadId } from 'node:worker_threads';

/** CBLAS transpose codes */
export const NO_TRANS = 111;
export const TRANS = 112;

/** cblas_sgemm, row-major: C = alpha·op(A)·op(B) + beta·C with op(A) [m, k], op(B) [k, n]. */
export type Sgemm = (
  transA: number,
  transB: number,
  m: number,
  n: number,
  k: number,
  alpha: number,
  a: Float32Array,
  lda: number,
  b: Float32Array,
  ldb: number,
  beta: number,
  c: Float32Array,
  ldc: number,
) => void;

/** cblas_dgemm, row-major, the same arguments in double precision (the reference models' and the
 * label-fidelity oracle's logistic regression, fitted in Float64: evaluation/logistic-products.ts). */
export type Dgemm = (
  transA: number,
  transB: number,
  m: number,
  n: number,
  k: number,
  alpha: number,
  a: Float64Array,
  lda: number,
  b: Float64Array,
  ldb: number,
  beta: number,
  c: Float64Array,
  ldc: number,
) => void;

/** What loading the native BLAS gave: its sgemm (and dgemm, null if it failed its check), or why there is none. */
export type NativeBlasStatus =
  | { available: true; sgemm: Sgemm; dgemm: Dgemm | null; library: string }
  | { available: false; reason: string };

let status: NativeBlasStatus | undefined;

/** The BLAS shared library this process has mapped (openblas, mkl, blis or the netlib reference). */
export function blasLibrary(): string {
  try {
    const maps = fs.readFileSync('/proc/self/maps', 'utf8');
    const libraries = new Set(
      maps
        .split('\n')
        .filter((l) => /blas|mkl|blis/i.test(l))
        .map((l) => l.trim().split(/\s+/).pop() ?? ''),
    );
    const names = [...libraries].map((l) => path.basename(l));
    const known = names.find((n) => /openblas|mkl|blis/i.test(n));
    if (known) return known.replace(/\.so.*$/, '').replace(/^lib/, '');
    return names.length > 0 ? `${names[0].replace(/\.so.*$/, '').replace(/^lib/, '')} (netlib reference?)` : 'unknown';
  } catch {
    return 'unknown';
  }
}

function bindingPath(): string {
  const require = createRequire(import.meta.url);
  const root = path.dirname(require.resolve('nblas/package.json'));
  const file = path.join(root, 'build', 'Release', 'nblas.node');
  if (!fs.existsSync(file)) throw new Error('the nblas package is installed but its native part was not built');
  return file;
}

function load(): NativeBlasStatus {
  let file: string;
  try {
    file = bindingPath();
  } catch (error) {
    const message = (error as Error).message;
    return {
      available: false,
      reason: /Cannot find (module|package)/.test(message) ? 'the optional nblas package is not installed' : message,
    };
  }
  return loadBinding(file);
}

/**
 * Load a compiled nblas binding from `file` and check that its sgemm computes a known product;
 * never throws (a file that is not a loadable binding gives the reason). Exported for the tests of
 * the fallback; augc itself goes through `nativeBlas()`.
 */
export function loadBinding(file: string): NativeBlasStatus {
  process.env.OPENBLAS_NUM_THREADS ??= '1';
  const module = { exports: {} as Record<string, unknown> };
  let copy: string | null = null;
  try {
    if (!isMainThread) {
      copy = path.join(os.tmpdir(), `augc-nblas-${process.pid}-${threadId}.node`);
      fs.copyFileSync(file, copy);
    }
    process.dlopen(module, copy ?? file);
  } catch (error) {
    return { available: false, reason: `the nblas binding did not load: ${(error as Error).message.split('\n')[0]}` };
  } finally {
    // the mapped library stays valid after its file is removed
    if (copy) fs.rmSync(copy, { force: true });
  }
  const sgemm = module.exports.sgemm as Sgemm | undefined;
  if (typeof sgemm !== 'function') return { available: false, reason: 'the nblas binding has no sgemm' };
  // a 2×2 product proves the library computes (a mis-linked BLAS would fail here, not mid-training)
  const c = new Float32Array(4);
  sgemm(NO_TRANS, NO_TRANS, 2, 2, 2, 1, Float32Array.of(1, 2, 3, 4), 2, Float32Array.of(5, 6, 7, 8), 2, 0, c, 2);
  if (c.join() !== '19,22,43,50') return { available: false, reason: `the native sgemm computed ${c.join()} for a known product` };
  return { available: true, sgemm, dgemm: checkedDgemm(module.exports.dgemm), library: blasLibrary() };
}

/** The binding's dgemm when it computes a known product right, else null (the callers stay in JS). */
function checkedDgemm(dgemm: unknown): Dgemm | null {
  if (typeof dgemm !== 'function') return null;
  const c = new Float64Array(4);
  (dgemm as Dgemm)(NO_TRANS, TRANS, 2, 2, 2, 1, Float64Array.of(1, 2, 3, 4), 2, Float64Array.of(5, 7, 6, 8), 2, 0, c, 2);
  return c.join() === '19,22,43,50' ? (dgemm as Dgemm) : null;
}

/** Load the native BLAS once per thread (see the file comment); later calls return the same status. */
export function nativeBlas(): NativeBlasStatus {
  status ??= load();
  return status;
}

/** The native sgemm when it loaded, else null. */
export function nativeSgemm(): Sgemm | null {
  const s = nativeBlas();
  return s.available ? s.sgemm : null;
}

/** The native dgemm when it loaded, else null. */
export function nativeDgemm(): Dgemm | null {
  const s = nativeBlas();
  return s.available ? s.dgemm : null;
}
