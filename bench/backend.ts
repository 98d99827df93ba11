/**
 * TF.js backend for the benchmark: wasm with one thread (the threaded build does not start under
 * Node; PERFORMANCE.md), so it compares with PyTorch limited to one thread.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { setThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';

/** Select the one-thread wasm backend; returns its name and whether SIMD is on. */
export async function initBenchBackend(): Promise<{ name: string; simd: boolean }> {
  if (tf.getBackend() !== 'wasm') {
    const require = createRequire(import.meta.url);
    const packageDir = path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json'));
    setWasmPaths(`${packageDir}/dist/`);
    setThreadsCount(1);
    if (!(await tf.setBackend('wasm'))) throw new Error('bench: the TF.js wasm backend did not start.');
  }
  await tf.ready();
  return { name: tf.getBackend(), simd: tf.env().getBool('WASM_HAS_SIMD_SUPPORT') as boolean };
}
