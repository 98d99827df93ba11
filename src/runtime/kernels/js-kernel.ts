/**
 * A kernel written as one JavaScript loop over its operands, on any backend: on wasm the operands
 * and outputs are read and written in place on the heap; elsewhere the inputs are read back and
 * the outputs handed to the backend. The fused kernels (fused-loss.ts, fused-classifier.ts) are
 * built on it.
 */
import * as tf from '@tensorflow/tfjs';
import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs';

interface HeapBackend {
  makeOutput?(shape: number[], dtype: 'float32'): TensorInfo;
  typedArrayFromHeap?(info: TensorInfo): Float32Array;
  makeTensorInfo(shape: number[], dtype: 'float32', values?: Float32Array): TensorInfo;
  readSync(dataId: object): ArrayLike<number>;
}

/**
 * Make float32 outputs, then fill them in one call: on wasm the operands and outputs are views of
 * the heap taken after every allocation (an allocation may move the heap); elsewhere the outputs
 * are filled in JS arrays and handed to the backend.
 */
export function compute(
  backend: unknown,
  inputs: TensorInfo[],
  shapes: number[][],
  fill: (ins: ArrayLike<number>[], outs: Float32Array[]) => void,
): TensorInfo[] {
  const b = backend as HeapBackend;
  if (b.makeOutput !== undefined && b.typedArrayFromHeap !== undefined) {
    const outputs = shapes.map((s) => (b.makeOutput as NonNullable<HeapBackend['makeOutput']>)(s, 'float32'));
    const view = (t: TensorInfo) => (b.typedArrayFromHeap as NonNullable<HeapBackend['typedArrayFromHeap']>)(t);
    fill(inputs.map(view), outputs.map(view));
    return outputs;
  }
  const outs = shapes.map((s) => new Float32Array(s.reduce((a, n) => a * n, 1)));
  fill(
    inputs.map((t) => b.readSync(t.dataId)),
    outs,
  );
  return outs.map((values, i) => b.makeTensorInfo(shapes[i], 'float32', values));
}

/**
 * A function that registers `kernels` for the active backend the first time it is called on that
 * backend, and `registerGradients` (once: gradients are not per backend) with them.
 */
export function kernelRegistration(kernels: [string, KernelFunc][], registerGradients: () => void): () => void {
  const backends = new Set<string>();
  let gradients = false;
  return () => {
    const backendName = tf.getBackend();
    if (backends.has(backendName)) return;
    for (const [kernelName, kernelFunc] of kernels) tf.registerKernel({ kernelName, backendName, kernelFunc });
    if (!gradients) registerGradients();
    gradients = true;
    backends.add(backendName);
  };
}
