/**
 * Backend selection for TensorFlow.js. Order of preference:
 *   1. `@tensorflow/tfjs-node-gpu`  (native TensorFlow with CUDA) — when the user has installed it
 *   2. `@tensorflow/tfjs-node`      (native TensorFlow on the CPU) — when the user has installed it
 *   3. `@tensorflow/tfjs-backend-wasm` (XNNPACK + SIMD, one thread: the threaded build's workers are
 *      blob URLs, which do not start under Node)
 *   4. the plain JavaScript `cpu` backend
 * The native packages are optional: they are never in package.json (their install step downloads
 * libtensorflow), so they are loaded with a dynamic import whose failure only means "not installed".
 *
 * On wasm, large matrix products go to the native BLAS when the optional `nblas` binding loads
 * (kernels/native-blas.ts, the `nativeBlas` kernel option); when it does not, the process says so
 * in one line on stderr and stays on the wasm products. tfjs-node keeps its own products.
 */
import * as tf from '@tensorflow/tfjs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { isMainThread } from 'node:worker_threads';
import { nativeBlas } from '../kernels/native-blas.ts';
import {
  getKernelOptions,
  KERNEL_OPTION_NAMES,
  kernelOptionEnabled,
  type KernelOptions,
  onKernelOptionsChange,
} from '../kernels/options.ts';
import { syncPoolGrad } from '../kernels/pool-grad.ts';
import { syncWasmMatMul } from '../kernels/wasm-matmul.ts';

/** The backends `--backend` can ask for. */
export type BackendName = 'tensorflow' | 'wasm' | 'cpu';

/** What a run records about the backend that computed its numbers. */
export interface BackendInfo {
  /** the TF.js backend in use: 'tensorflow' (tfjs-node / tfjs-node-gpu), 'wasm' or 'cpu' */
  name: BackendName;
  /** the package that provides it, e.g. "@tensorflow/tfjs-backend-wasm" */
  provider: string;
  /** TF.js version (tfjs-core) */
  version: string;
  /** threads the backend computes with (1 for wasm under Node and for cpu; 0 = native default) */
  threads: number;
  /** wasm only: the native BLAS library that computes the matrix products (e.g. 'openblas'), or
   * null when the wasm backend computes them itself */
  nativeBlas: string | null;
}

/**
 * What computes the numbers, as one string for the artifact cache's keys and the queue's version
 * check: the backend's name, plus the native BLAS when one computes the products ('wasm+openblas'),
 * plus the kernel options that are off (kernels/options.ts: AUGC_KERNELS or setKernelOptions), e.g.
 * 'wasm (AUGC_KERNELS without fusedLoss, packedAdam)'. The native and the wasm products, and each
 * optimised kernel and the plain ops it replaces, agree only to float32 rounding, so their results
 * must never share a cache entry or be mixed within one run. With every option on (the default)
 * the id is the backend's alone, as before the options were part of it. `simdAdam` is left out:
 * it computes the op path's float32 operations in the same order, so its numbers are the same bits
 * (test/runtime/kernels/adam-simd.test.ts).
 */
export function numericsId(info: { name: string; nativeBlas?: string | null }, options: KernelOptions = getKernelOptions()): string {
  const base = info.nativeBlas && options.nativeBlas ? `${info.name}+${info.nativeBlas}` : info.name;
  const off = KERNEL_OPTION_NAMES.filter((name) => name !== 'nativeBlas' && name !== 'simdAdam' && !options[name]);
  return off.length ? `${base} (AUGC_KERNELS without ${off.join(', ')})` : base;
}

/** The backend a numerics id was computed on: 'wasm' for 'wasm+openblas (AUGC_KERNELS without …)'. */
export function backendOfNumerics(id: string): string {
  return /^[a-z]+/.exec(id)?.[0] ?? id;
}

let current: BackendInfo | null = null;
let pending: Promise<BackendInfo> | null = null;

/** The backend chosen by `initBackend`, or null before it has run. */
export function currentBackend(): BackendInfo | null {
  return current;
}

async function tryNative(pkg: string): Promise<BackendInfo | null> {
  try {
    // a variable specifier keeps TypeScript and bundlers from requiring the optional package
    const specifier = pkg;
    await import(specifier);
  } catch {
    return null;
  }
  if (!(await tf.setBackend('tensorflow'))) return null;
  await tf.ready();
  return { name: 'tensorflow', provider: pkg, version: tf.version.tfjs, threads: 0, nativeBlas: null };
}

async function tryWasm(): Promise<BackendInfo | null> {
  try {
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    const require = createRequire(import.meta.url);
    const dist = path.join(path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist') + path.sep;
    wasm.setWasmPaths(dist);
    wasm.setThreadsCount(1);
    // the threaded build cannot start its workers under Node: force the single-threaded binary
    tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
    if (!(await tf.setBackend('wasm'))) return null;
    await tf.ready();
  } catch {
    return null;
  }
  return { name: 'wasm', provider: '@tensorflow/tfjs-backend-wasm', version: tf.version.tfjs, threads: 1, nativeBlas: startNativeBlas() };
}

let blasNoticeShown = false;

// `nativeBlas` switched after the backend started (setKernelOptions; a worker thread taking the
// coordinator's options): the BLAS starts or stops computing the products, and the backend's info,
// which numericsId reads, says so (in place: whoever holds it sees the change)
onKernelOptionsChange(() => {
  if (current?.name === 'wasm') current.nativeBlas = startNativeBlas();
});

/**
 * Load the native BLAS for the wasm products (when the `nativeBlas` kernel option is on) and
 * install the product wrappers; its library name, or null with one line on stderr saying why
 * (once per process; worker threads stay silent, their main thread has said it).
 */
function startNativeBlas(): string | null {
  syncPoolGrad();
  if (!kernelOptionEnabled('nativeBlas')) return null;
  const blas = nativeBlas();
  syncWasmMatMul();
  if (blas.available) return blas.library;
  if (isMainThread && !blasNoticeShown) {
    blasNoticeShown = true;
    process.stderr.write(`augc: no native BLAS (${blas.reason}); matrix products run on the wasm backend.\n`);
  }
  return null;
}

async function useCpu(): Promise<BackendInfo> {
  await tf.setBackend('cpu');
  await tf.ready();
  // the cpu backend's first tensor prints a banner advising tfjs-node; augc reports the backend in
  // use itself (and says how to get a faster one), so swallow it once
  const warn = console.warn;
  console.warn = () => undefined;
  try {
    tf.tidy(() => tf.scalar(0).dataSync());
  } finally {
    console.warn = warn;
  }
  return { name: 'cpu', provider: '@tensorflow/tfjs-backend-cpu', version: tf.version.tfjs, threads: 1, nativeBlas: null };
}

async function select(preferred: BackendName | undefined): Promise<BackendInfo> {
  if (preferred === 'cpu') return useCpu();
  if (preferred === 'wasm') {
    const wasm = await tryWasm();
    if (!wasm) throw new Error("The 'wasm' backend was requested but @tensorflow/tfjs-backend-wasm could not start.");
    return wasm;
  }
  if (preferred === 'tensorflow') {
    const native = (await tryNative('@tensorflow/tfjs-node-gpu')) ?? (await tryNative('@tensorflow/tfjs-node'));
    if (!native) {
      throw new Error(
        "The 'tensorflow' backend was requested but neither @tensorflow/tfjs-node-gpu nor @tensorflow/tfjs-node is installed. Install one (npm install @tensorflow/tfjs-node) or use --backend wasm.",
      );
    }
    return native;
  }
  return (
    (await tryNative('@tensorflow/tfjs-node-gpu')) ?? (await tryNative('@tensorflow/tfjs-node')) ?? (await tryWasm()) ?? (await useCpu())
  );
}

/**
 * Choose and start the TF.js backend (see the file comment for the order); `preferred` (the CLI's
 * `--backend`) forces one and fails with a clear message when it cannot start. Idempotent: a
 * second call with the same (or no) preference returns the first result; a different preference
 * switches the backend.
 */
export async function initBackend(preferred?: BackendName): Promise<BackendInfo> {
  if (pending && (preferred === undefined || current?.name === preferred)) return pending;
  pending = select(preferred).then((info) => {
    current = info;
    return info;
  });
  pending.catch(() => {
    pending = null;
  });
  return pending;
}
