/**
 * stackedDense as ONE kernel with a hand-written gradient (the `fusedDense` option).
 *
 * Forward: with an activation the backend can fuse, one fused product per model (product + bias +
 * activation in one pass: _FusedMatMul for M = 1, views of the stack on wasm for M > 1);
 * otherwise BatchMatMul, Add and the activation run back to back below the op level, so the
 * engine sees one operation either way.
 * Backward (registered with tf.registerGradient): one more kernel, AugcStackedDenseGrad, computes
 *   dZ = dY ⊙ f'(Y)   from the saved output Y (relu/leaky_relu: step(Y); sigmoid: Y − Y²; tanh: 1 − Y²)
 *   dW = Xᵀ·dZ,  db = Σ_batch dZ,  and for a small layer dX = dZ·Wᵀ
 * below the op level; a large layer's dX is one op run only when TF.js asks for it (never for
 * the first layer, whose input is data). Against the plain path's ~10 ops per layer and step, 1–2.
 * The transposed products go through the wasm product wrappers (wasm-matmul.ts).
 */
import * as tf from '@tensorflow/tfjs';
import type { KernelFunc, NamedAttrMap, Tensor, TensorInfo } from '@tensorflow/tfjs';
import type { Activation } from './dense.ts';
import { kernelOptionEnabled } from './options.ts';
import { kernelGeneration, stackedFusedProduct } from './wasm-matmul.ts';

/** kernel name in TF.js' registry */
export const STACKED_DENSE_KERNEL = 'AugcStackedDense';
/** its gradient kernel: (dY, X, Y) → (dZ, dW, db) */
export const STACKED_DENSE_GRAD_KERNEL = 'AugcStackedDenseGrad';

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

const REQUIRED_KERNELS = [
  '_FusedMatMul',
  'Step',
  'Multiply',
  'Sub',
  'Square',
  'Sum',
  'Identity',
  'BatchMatMul',
  'Add',
  ...Object.values(ACTIVATION_KERNEL),
];

/** dX = dZ·Wᵀ is computed with dW and db when M·n·k·m (multiply-adds) is at most this */
const SMALL_DX_PRODUCT = 1 << 17;

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

type Run = (name: string, inputs: Record<string, TensorInfo>, attrs: NamedAttrMap, backend: unknown) => TensorInfo;

/** Calls a backend's kernels directly (no engine op); lookups cached until the registry changes. */
function kernelRunner(backendName: string): Run {
  const cache = new Map<string, KernelFunc>();
  let generation = kernelGeneration;
  return (name, inputs, attrs, backend) => {
    if (generation !== kernelGeneration) {
      cache.clear();
      generation = kernelGeneration;
    }
    let kernel = cache.get(name);
    if (kernel === undefined) {
      kernel = tf.getKernel(name, backendName).kernelFunc;
      cache.set(name, kernel);
    }
    return kernel({ inputs, backend: backend as never, attrs }) as TensorInfo;
  };
}

function kernelFor(backendName: string): KernelFunc {
  const run = kernelRunner(backendName);
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
      if (backendName === 'wasm' && fused !== undefined && kernelOptionEnabled('stackedMatMul')) {
        // M models: M fused products on views of the stack (no broadcast Add, no activation op)
        return stackedFusedProduct(x, w, b, fused, LEAKY_ALPHA, backend);
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

/** dZ = dY ⊙ f'(Y) at the kernel level; `keep` collects temporaries to dispose */
function activationGradientKernel(
  run: Run,
  dy: TensorInfo,
  y: TensorInfo,
  activation: Activation,
  backend: unknown,
  temporaries: TensorInfo[],
): TensorInfo {
  const temp = (t: TensorInfo) => {
    temporaries.push(t);
    return t;
  };
  switch (activation) {
    case 'linear':
      return run('Identity', { x: dy }, {}, backend);
    case 'relu':
    case 'leaky_relu': {
      // y > 0 exactly where the pre-activation is > 0; step(y, α) is 1 there and α elsewhere
      const slope = temp(run('Step', { x: y }, { alpha: activation === 'relu' ? 0 : LEAKY_ALPHA }, backend));
      return run('Multiply', { a: dy, b: slope }, {}, backend);
    }
    case 'sigmoid': {
      const y2 = temp(run('Square', { x: y }, {}, backend));
      const slope = temp(run('Sub', { a: y, b: y2 }, {}, backend));
      return run('Multiply', { a: dy, b: slope }, {}, backend);
    }
    case 'tanh': {
      // dY·(1 − Y²) = dY − dY·Y²
      const y2 = temp(run('Square', { x: y }, {}, backend));
      const dyY2 = temp(run('Multiply', { a: dy, b: y2 }, {}, backend));
      return run('Sub', { a: dy, b: dyY2 }, {}, backend);
    }
  }
}

function gradKernelFor(backendName: string): KernelFunc {
  const run = kernelRunner(backendName);
  return ({ inputs, backend, attrs }) => {
    const { dy, x, y, w } = inputs as { dy: TensorInfo; x: TensorInfo; y: TensorInfo; w?: TensorInfo };
    const activation = (attrs as unknown as { activation: Activation }).activation;
    const temporaries: TensorInfo[] = [];
    try {
      const dz = activationGradientKernel(run, dy, y, activation, backend, temporaries);
      const dw = run('BatchMatMul', { a: x, b: dz }, { transposeA: true, transposeB: false }, backend);
      const db = run('Sum', { x: dz }, { axis: [1], keepDims: true }, backend);
      if (w === undefined) return [dz, dw, db];
      return [dz, dw, db, run('BatchMatMul', { a: dz, b: w }, { transposeA: false, transposeB: true }, backend)];
    } finally {
      for (const t of temporaries) (backend as unknown as tf.KernelBackend).disposeData(t.dataId);
    }
  };
}

function registerGradientOnce(): void {
  if (gradientRegistered) return;
  tf.registerGradient({
    kernelName: STACKED_DENSE_KERNEL,
    inputsToSave: ['x', 'w'],
    outputsToSave: [true],
    gradFunc: (dy, saved, attrs) => {
      const [x, w, y] = saved;
      // one op for dZ, dW and db (inside the backward pass' scope, so disposed with it);
      // a small layer's dX comes from the same kernel (one op less; computing it for a first layer
      // costs less than the op); a large layer's dX only when asked for (never for a first layer)
      const [models, rows, inputs] = x.shape;
      const smallDx = models * rows * inputs * (w.shape[2] as number) <= SMALL_DX_PRODUCT;
      const grads = tf
        .engine()
        .runKernel(STACKED_DENSE_GRAD_KERNEL, smallDx ? { dy: dy as Tensor, x, y, w } : { dy: dy as Tensor, x, y }, attrs) as Tensor[];
      const [dz, dw, db, dx] = grads;
      return {
        x: () => (smallDx ? dx : tf.matMul(dz, w, false, true)),
        w: () => dw,
        b: () => db,
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
      tf.registerKernel({ kernelName: STACKED_DENSE_GRAD_KERNEL, backendName, kernelFunc: gradKernelFor(backendName) });
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
