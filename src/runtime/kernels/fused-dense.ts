/**
 * stackedDense as ONE kernel with a hand-written gradient (the `fusedDense` option).
 *
 * Forward: with one model (M = 1) and an activation the backend can fuse, a single _FusedMatMul
 * (product + bias + activation in one pass); otherwise BatchMatMul, Add and the activation run
 * back to back below the op level, so the engine sees one operation either way.
 * Backward (registered with tf.registerGradient, so TF.js asks only for the gradients it needs —
 * no dX for the first layer, whose input is data):
 *   dZ = dY ⊙ f'(Y)   from the saved output Y (relu/leaky_relu: step(Y); sigmoid: Y(1−Y); tanh: 1−Y²)
 *   dX = dZ·Wᵀ,  dW = Xᵀ·dZ,  db = Σ_batch dZ
 * The transposed products go through the wasm product wrappers (wasm-matmul.ts).
 */
import * as tf from '@tensorflow/tfjs';
import type { KernelFunc, NamedAttrMap, Tensor, TensorInfo } from '@tensorflow/tfjs';
import type { Activation } from './dense.ts';

/** kernel name in TF.js' registry */
export const STACKED_DENSE_KERNEL = 'AugcStackedDense';

/** the same slope as LEAKY_RELU_ALPHA in dense.ts (kept here so the modules do not import each other's values) */
const LEAKY_ALPHA = 0.01;

/** activations the backends' _FusedMatMul applies in the same pass (tanh is not among them on wasm) */
const FUSABLE: Partial<Record<Activation, string>> = {
  linear: 'linear',
  relu: 'relu',
  leaky_relu: 'leakyrelu',
  sigmoid: 'sigmoid',
};

const ACTIVATION_KERNEL: Record<Exclude<Activation, 'linear'>, string> = {
  relu: 'Relu',
  leaky_relu: 'LeakyRelu',
  sigmoid: 'Sigmoid',
  tanh: 'Tanh',
};

const REQUIRED_KERNELS = ['_FusedMatMul', 'BatchMatMul', 'Add', ...Object.values(ACTIVATION_KERNEL)];

/** backends for which the kernel is registered (true) or cannot be (false: a kernel is missing) */
const registered = new Map<string, boolean>();
let gradientRegistered = false;

interface WasmHeapBackend {
  makeOutput(shape: number[], dtype: 'float32'): TensorInfo;
  typedArrayFromHeap(info: TensorInfo): Float32Array;
}

/**
 * The wasm fused product accepts a rank-1 bias only, and checks the shape the data was stored
 * with (a reshape, even at the op level, shares the data and keeps that shape): copy the M = 1
 * bias [1, 1, out] into a fresh rank-1 buffer. Other backends broadcast the bias as it is.
 */
function rankOneBias(b: TensorInfo, backendName: string, backend: unknown): TensorInfo {
  if (backendName !== 'wasm') return b;
  const heap = backend as WasmHeapBackend;
  const bias = heap.makeOutput([b.shape[b.shape.length - 1]], 'float32');
  heap.typedArrayFromHeap(bias).set(heap.typedArrayFromHeap(b));
  return bias;
}

function kernelFor(backendName: string): KernelFunc {
  const run = (name: string, inputs: Record<string, TensorInfo>, attrs: NamedAttrMap, backend: unknown) =>
    tf.getKernel(name, backendName).kernelFunc({ inputs, backend: backend as never, attrs }) as TensorInfo;
  return ({ inputs, backend, attrs }) => {
    const { x, w, b } = inputs as { x: TensorInfo; w: TensorInfo; b: TensorInfo };
    const activation = (attrs as unknown as { activation: Activation }).activation;
    const temporaries: TensorInfo[] = [];
    try {
      const fused = FUSABLE[activation];
      if (w.shape[0] === 1 && fused !== undefined) {
        const bias = rankOneBias(b, backendName, backend);
        if (bias !== b) temporaries.push(bias);
        const noTranspose = { transposeA: false, transposeB: false };
        return run('_FusedMatMul', { a: x, b: w, bias }, { ...noTranspose, activation: fused, leakyreluAlpha: LEAKY_ALPHA }, backend);
      }
      const product = run('BatchMatMul', { a: x, b: w }, { transposeA: false, transposeB: false }, backend);
      temporaries.push(product);
      const z = run('Add', { a: product, b }, {}, backend);
      if (activation === 'linear') return z;
      temporaries.push(z);
      return run(ACTIVATION_KERNEL[activation], { x: z }, activation === 'leaky_relu' ? { alpha: LEAKY_ALPHA } : {}, backend);
    } finally {
      for (const t of temporaries) (backend as unknown as tf.KernelBackend).disposeData(t.dataId);
    }
  };
}

function activationGradient(dy: Tensor, y: Tensor, activation: Activation): Tensor {
  switch (activation) {
    case 'linear':
      return dy;
    case 'relu':
      return tf.mul(dy, tf.step(y));
    case 'leaky_relu':
      // y > 0 exactly where the pre-activation is > 0; step(y, α) is 1 there and α elsewhere
      return tf.mul(dy, tf.step(y, LEAKY_ALPHA));
    case 'sigmoid':
      return tf.mul(dy, tf.mul(y, tf.sub(1, y)));
    case 'tanh':
      return tf.mul(dy, tf.sub(1, tf.square(y)));
  }
}

function registerGradientOnce(): void {
  if (gradientRegistered) return;
  tf.registerGradient({
    kernelName: STACKED_DENSE_KERNEL,
    inputsToSave: ['x', 'w'],
    outputsToSave: [true],
    gradFunc: (dy, saved, attrs) => {
      const [x, w, y] = saved;
      const activation = (attrs as unknown as { activation: Activation }).activation;
      // computed once here (inside the backward pass' scope), shared by the three closures
      const dz = activationGradient(dy as Tensor, y, activation);
      return {
        x: () => tf.matMul(dz, w, false, true),
        w: () => tf.matMul(x, dz, true, false),
        b: () => tf.sum(dz, 1, true),
      };
    },
  });
  gradientRegistered = true;
}

/** Register the kernel for the active backend; false when that backend lacks a kernel it needs. */
export function fusedDenseAvailable(): boolean {
  const backendName = tf.getBackend();
  let ok = registered.get(backendName);
  if (ok === undefined) {
    ok = REQUIRED_KERNELS.every((name) => tf.getKernel(name, backendName) !== undefined);
    if (ok) {
      tf.registerKernel({ kernelName: STACKED_DENSE_KERNEL, backendName, kernelFunc: kernelFor(backendName) });
      registerGradientOnce();
    }
    registered.set(backendName, ok);
  }
  return ok;
}

/** y[m] = activation(x[m]·w[m] + b[m]) as one kernel; call only when fusedDenseAvailable(). */
export function fusedStackedDense(x: tf.Tensor3D, w: tf.Tensor3D, b: tf.Tensor3D, activation: Activation): tf.Tensor3D {
  return tf.engine().runKernel(STACKED_DENSE_KERNEL, { x, w, b }, { activation } as unknown as NamedAttrMap) as tf.Tensor3D;
}
