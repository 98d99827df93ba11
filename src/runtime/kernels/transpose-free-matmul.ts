/**
 * The wasm backend's matrix product with `transposeA` or `transposeB` set takes a slow path
 * (1–2 GFLOP/s against ~28 for the plain product; docs/performance.md). Every matMul gradient uses
 * such products (dA = dY·Bᵀ, dB = Aᵀ·dY), so the backward pass of a dense network ran 10–20× below
 * its forward pass.
 *
 * This module re-registers the wasm kernels BatchMatMul and _FusedMatMul with a wrapper that first
 * transposes the flagged operand with the backend's own Transpose kernel (fast, memory-bound) and
 * then runs the plain product. It works below the op level, so it speeds up every caller — our dense
 * kernels, tf.layers models, the gradients TF.js derives itself — and it computes the same values
 * (a transpose only moves numbers). Other backends are left alone: their transposed paths are fine.
 */
import * as tf from '@tensorflow/tfjs';
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import { getKernelOptions, onKernelOptionsChange } from './options.ts';

const PATCHED_BACKEND = 'wasm';
const PATCHED_KERNELS = ['BatchMatMul', '_FusedMatMul'];

/** original kernel configs while the patch is installed */
const originals = new Map<string, KernelConfig>();

interface MatMulAttrs {
  transposeA: boolean;
  transposeB: boolean;
}

function withoutTransposes(original: KernelFunc): KernelFunc {
  return (args) => {
    const { inputs, backend, attrs } = args;
    const { transposeA, transposeB } = attrs as unknown as MatMulAttrs;
    if (!transposeA && !transposeB) return original(args);
    const transpose = tf.getKernel('Transpose', PATCHED_BACKEND).kernelFunc;
    const temporaries: TensorInfo[] = [];
    const swapLastAxes = (x: TensorInfo): TensorInfo => {
      const rank = x.shape.length;
      const perm = Array.from({ length: rank }, (_, i) => i);
      perm[rank - 2] = rank - 1;
      perm[rank - 1] = rank - 2;
      const t = transpose({ inputs: { x }, backend, attrs: { perm } }) as TensorInfo;
      temporaries.push(t);
      return t;
    };
    const a = transposeA ? swapLastAxes(inputs.a as TensorInfo) : inputs.a;
    const b = transposeB ? swapLastAxes(inputs.b as TensorInfo) : inputs.b;
    try {
      return original({
        inputs: { ...inputs, a, b },
        backend,
        attrs: { ...attrs, transposeA: false, transposeB: false },
      });
    } finally {
      for (const t of temporaries) (backend as unknown as tf.KernelBackend).disposeData(t.dataId);
    }
  };
}

/** Whether the wrapper is registered now. */
export function transposeFreeInstalled(): boolean {
  return originals.size > 0;
}

/**
 * Register the wrappers (idempotent). Does nothing when the wasm backend's kernels are not
 * registered in this process (the wasm package was never imported).
 */
export function installTransposeFreeMatMul(): void {
  if (transposeFreeInstalled()) return;
  for (const name of PATCHED_KERNELS) {
    const config = tf.getKernel(name, PATCHED_BACKEND);
    if (config === undefined) continue;
    originals.set(name, config);
    tf.unregisterKernel(name, PATCHED_BACKEND);
    // keep setupFunc: if the backend initialises after this, the original setup must still run
    tf.registerKernel({ ...config, kernelFunc: withoutTransposes(config.kernelFunc) });
  }
}

/** Restore the wasm backend's own kernels (idempotent). */
export function uninstallTransposeFreeMatMul(): void {
  for (const [name, config] of originals) {
    tf.unregisterKernel(name, PATCHED_BACKEND);
    tf.registerKernel(config);
  }
  originals.clear();
}

/** Install or uninstall to match the `transposeFree` option; cheap enough to call per layer. */
export function syncTransposeFreeMatMul(): void {
  const wanted = getKernelOptions().transposeFree;
  if (wanted !== transposeFreeInstalled()) {
    if (wanted) installTransposeFreeMatMul();
    else uninstallTransposeFreeMatMul();
  }
}

onKernelOptionsChange(() => syncTransposeFreeMatMul());
