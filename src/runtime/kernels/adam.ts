/**
 * Adam over a list of variables (Kingma & Ba, 2015), with PyTorch's defaults (β1 0.9, β2 0.999,
 * ε 1e-8) so figures compare with the PyTorch reference.
 *
 * Two paths, chosen when the optimizer is constructed (option `packedAdam`, options.ts):
 * - plain (reference): one update per variable, about a dozen TF.js ops each — for a small model
 *   most of a training step is spent in these ops' fixed overhead;
 * - packed (default): the moments of all small parameters (≤ PACKED_MAX_SIZE values each: every
 *   tensor of a tabular VAE) live in two flat Float32Arrays and one loop updates them all; each
 *   variable then gets one new tensor. Same formula, evaluated in double precision and stored as
 *   float32, so it agrees with the plain path to float rounding. Large tensors (image-sized
 *   layers) keep the op path: there the ops' overhead is negligible and wasm's SIMD loops beat a
 *   JavaScript loop (measured on the image VAE's 1.1 M parameters: 16.5 ms by ops, 18.4 ms by the
 *   loop; on the tabular VAE's 4.5 k: 1.57 ms by ops, 0.14 ms by the loop).
 * - simd (option `simdAdam`, on the wasm backend): the large variables that would take the op
 *   path are updated by one SIMD loop on the backend's memory instead (adam-simd.ts): the same
 *   float32 operations in the same order, so the same bits, in one pass over the tensors instead
 *   of a dozen.
 */
import * as tf from '@tensorflow/tfjs';
import { type AdamSimdLoop, adamSimdLoop } from './adam-simd.ts';
import { syncLightTape } from './light-tape.ts';
import { getKernelOptions } from './options.ts';

/** variables above this many values are updated by TF.js ops even on the packed path */
export const PACKED_MAX_SIZE = 65_536;

export interface AdamOptions {
  lr: number;
  beta1?: number;
  beta2?: number;
  epsilon?: number;
}

/** the wasm backend's heap access (not exported with types by the package) */
interface WasmHeap {
  makeOutput(shape: number[], dtype: 'float32'): tf.TensorInfo;
  typedArrayFromHeap(info: tf.TensorInfo): Float32Array;
}

function wasmHeap(): WasmHeap | null {
  return tf.getBackend() === 'wasm' ? (tf.backend() as unknown as WasmHeap) : null;
}

function checkGradientSize(p: tf.Variable, g: tf.Tensor): void {
  if (g.size !== p.size) throw new Error(`Adam.step: a gradient has ${g.size} values for variable '${p.name}' of ${p.size}.`);
}

/** p takes the values of a tensor made for it, which is then released */
function assignNew(p: tf.Variable, updated: tf.Tensor): void {
  p.assign(updated);
  updated.dispose();
}

export class Adam {
  /** moments of the variables updated by ops (all on the plain path; large ones on the packed) */
  private readonly m: (tf.Variable | null)[];
  private readonly v: (tf.Variable | null)[];
  /** packed path: offset of each small variable in the flat moments, -1 for an op-updated one */
  private readonly offsets: number[];
  private readonly packedM: Float32Array;
  private readonly packedV: Float32Array;
  /** with `simdAdam` on wasm: the packed moments on the heap instead ([m…, v…]), and their SIMD loop */
  private readonly heapMoments: tf.Tensor | null = null;
  private readonly simdPacked: AdamSimdLoop | null = null;
  private t = 0;
  readonly lr: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  /** whether this optimizer runs the packed path */
  readonly packed: boolean;
  /** the SIMD update of the op-path variables, when option `simdAdam` is on and the backend is wasm */
  private readonly simd: AdamSimdLoop | null;

  constructor(
    readonly variables: tf.Variable[],
    options: AdamOptions,
  ) {
    this.lr = options.lr;
    this.beta1 = options.beta1 ?? 0.9;
    this.beta2 = options.beta2 ?? 0.999;
    this.epsilon = options.epsilon ?? 1e-8;
    this.packed = getKernelOptions().packedAdam;
    this.simd = getKernelOptions().simdAdam ? adamSimdLoop('adam') : null;
    syncLightTape();
    let size = 0;
    this.offsets = variables.map((p) => {
      if (!this.packed || p.size > PACKED_MAX_SIZE) return -1;
      size += p.size;
      return size - p.size;
    });
    this.simdPacked = size > 0 && getKernelOptions().simdAdam ? adamSimdLoop('packed') : null;
    if (this.simdPacked) this.heapMoments = tf.keep(tf.zeros([2 * size]));
    this.packedM = new Float32Array(this.simdPacked ? 0 : size);
    this.packedV = new Float32Array(this.simdPacked ? 0 : size);
    this.m = variables.map((p, i) => (this.offsets[i] < 0 ? tf.tidy(() => tf.variable(tf.zerosLike(p), false)) : null));
    this.v = variables.map((p, i) => (this.offsets[i] < 0 ? tf.tidy(() => tf.variable(tf.zerosLike(p), false)) : null));
  }

  /** Apply one update; `grads[i]` is the gradient of `variables[i]`. Does not dispose grads. */
  step(grads: tf.Tensor[]): void {
    if (grads.length !== this.variables.length) {
      throw new Error(`Adam.step: ${grads.length} gradients for ${this.variables.length} variables.`);
    }
    this.t += 1;
    const correction1 = 1 - this.beta1 ** this.t;
    const correction2 = 1 - this.beta2 ** this.t;
    const stepSize = (this.lr * Math.sqrt(correction2)) / correction1;
    // ε scaled as PyTorch applies it: lr·m̂/(√v̂ + ε) with the bias corrections folded in
    const epsilonHat = this.epsilon * Math.sqrt(correction2);
    this.variables.forEach((p, i) => {
      if (this.offsets[i] >= 0) this.packedUpdate(p, grads[i], this.offsets[i], stepSize, epsilonHat);
      else if (this.simd !== null && grads[i].dtype === 'float32') this.simdUpdate(this.simd, i, grads[i], stepSize, epsilonHat);
      else this.opsUpdate(i, grads[i], stepSize, epsilonHat);
    });
  }

  /** the reference update: a dozen TF.js ops on one variable */
  private opsUpdate(i: number, g: tf.Tensor, stepSize: number, epsilonHat: number): void {
    const { beta1, beta2 } = this;
    const p = this.variables[i];
    const mVariable = this.m[i] as tf.Variable;
    const vVariable = this.v[i] as tf.Variable;
    tf.tidy(() => {
      const m = mVariable.mul(beta1).add(g.mul(1 - beta1));
      const v = vVariable.mul(beta2).add(g.square().mul(1 - beta2));
      mVariable.assign(m);
      vVariable.assign(v);
      const denom = v.sqrt().add(epsilonHat);
      p.assign(p.sub(m.div(denom).mul(stepSize)));
    });
  }

  /** opsUpdate's formula as one SIMD loop on the wasm heap: moments in place, the parameter into a
   * fresh buffer (a parameter's data may be shared by views such as reshapes) */
  private simdUpdate(update: AdamSimdLoop, i: number, g: tf.Tensor, stepSize: number, epsilonHat: number): void {
    const p = this.variables[i];
    checkGradientSize(p, g);
    const heap = wasmHeap() as WasmHeap;
    const at = (t: tf.TensorInfo) => heap.typedArrayFromHeap(t).byteOffset;
    this.runSimdLoop(update, heap, p, g, at(this.m[i] as tf.Variable), at(this.v[i] as tf.Variable), stepSize, epsilonHat);
  }

  /** One of adam-simd.wat's loops on p with the moments at byte offsets m and v; p takes a fresh buffer. */
  private runSimdLoop(
    loop: AdamSimdLoop,
    heap: WasmHeap,
    p: tf.Variable,
    g: tf.Tensor,
    m: number,
    v: number,
    stepSize: number,
    epsilonHat: number,
  ): void {
    const out = heap.makeOutput(p.shape, 'float32'); // before the views: an allocation may grow the memory
    const at = (t: tf.TensorInfo) => heap.typedArrayFromHeap(t).byteOffset;
    const { beta1, beta2 } = this;
    loop(at(g), m, v, at(p), at(out), p.size, beta1, 1 - beta1, beta2, 1 - beta2, epsilonHat, stepSize);
    assignNew(p, tf.engine().makeTensorFromTensorInfo(out));
  }

  /** the packed update: one loop over the variable's slice of the flat moments */
  private packedUpdate(p: tf.Variable, gradient: tf.Tensor, offset: number, stepSize: number, epsilonHat: number): void {
    checkGradientSize(p, gradient);
    const heap = wasmHeap();
    if (heap !== null && gradient.dtype === 'float32') {
      // zero-copy on wasm: read gradient and parameter in place, write the new values straight
      // into a fresh buffer of the backend (allocated first: an allocation may move the heap)
      if (this.simdPacked && this.heapMoments) {
        const moments = heap.typedArrayFromHeap(this.heapMoments).byteOffset;
        const size = this.heapMoments.size / 2;
        this.runSimdLoop(this.simdPacked, heap, p, gradient, moments + 4 * offset, moments + 4 * (size + offset), stepSize, epsilonHat);
        return;
      }
      const out = heap.makeOutput(p.shape, 'float32');
      this.update(
        heap.typedArrayFromHeap(gradient),
        heap.typedArrayFromHeap(p),
        heap.typedArrayFromHeap(out),
        offset,
        stepSize,
        epsilonHat,
      );
      assignNew(p, tf.engine().makeTensorFromTensorInfo(out));
      return;
    }
    // a new array: on some backends dataSync returns the tensor's own storage
    const next = new Float32Array(p.size);
    this.update(gradient.dataSync() as Float32Array, p.dataSync() as Float32Array, next, offset, stepSize, epsilonHat);
    assignNew(p, tf.tensor(next, p.shape, 'float32'));
  }

  /** next = current − stepSize·m/(√v + ε̂) with the moments at `offset` updated from g */
  private update(g: Float32Array, current: Float32Array, next: Float32Array, offset: number, stepSize: number, epsilonHat: number): void {
    const { beta1, beta2, packedM: m, packedV: v } = this;
    const keep1 = 1 - beta1;
    const keep2 = 1 - beta2;
    for (let j = 0; j < next.length; j++) {
      const k = offset + j;
      const gj = g[j];
      const mj = beta1 * m[k] + keep1 * gj;
      const vj = beta2 * v[k] + keep2 * gj * gj;
      m[k] = mj;
      v[k] = vj;
      next[j] = current[j] - (stepSize * mj) / (Math.sqrt(vj) + epsilonHat);
    }
  }

  dispose(): void {
    for (const t of [...this.m, ...this.v, this.heapMoments]) t?.dispose();
  }
}
