/**
 * Adam over a list of variables (Kingma & Ba, 2015), with PyTorch's defaults (β1 0.9, β2 0.999,
 * ε 1e-8) so figures compare with the PyTorch reference.
 *
 * Two paths, chosen when the optimizer is constructed (option `packedAdam`, options.ts):
 * - plain (reference): one update per variable, about a dozen TF.js ops each — for a small model
 *   most of a training step is spent in these ops' fixed overhead;
 * - packed (default): the moments of all parameters live in two flat Float32Arrays and one loop
 *   updates every parameter; each variable then gets one new tensor. Same formula, evaluated in
 *   double precision and stored as float32, so it agrees with the plain path to float rounding.
 */
import * as tf from '@tensorflow/tfjs';
import { getKernelOptions } from './options.ts';

export interface AdamOptions {
  lr: number;
  beta1?: number;
  beta2?: number;
  epsilon?: number;
}

export class Adam {
  private readonly m: tf.Variable[] = [];
  private readonly v: tf.Variable[] = [];
  /** packed path: first and second moments of all parameters, in variable order */
  private readonly packedM: Float32Array | null = null;
  private readonly packedV: Float32Array | null = null;
  private t = 0;
  readonly lr: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  /** whether this optimizer runs the packed path */
  readonly packed: boolean;

  constructor(
    readonly variables: tf.Variable[],
    options: AdamOptions,
  ) {
    this.lr = options.lr;
    this.beta1 = options.beta1 ?? 0.9;
    this.beta2 = options.beta2 ?? 0.999;
    this.epsilon = options.epsilon ?? 1e-8;
    this.packed = getKernelOptions().packedAdam;
    if (this.packed) {
      const size = variables.reduce((sum, p) => sum + p.size, 0);
      this.packedM = new Float32Array(size);
      this.packedV = new Float32Array(size);
    } else {
      this.m = variables.map((p) => tf.variable(tf.zerosLike(p), false));
      this.v = variables.map((p) => tf.variable(tf.zerosLike(p), false));
    }
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
    if (this.packedM !== null && this.packedV !== null) this.packedStep(grads, stepSize, epsilonHat, this.packedM, this.packedV);
    else this.plainStep(grads, stepSize, epsilonHat);
  }

  private plainStep(grads: tf.Tensor[], stepSize: number, epsilonHat: number): void {
    const { beta1, beta2 } = this;
    tf.tidy(() => {
      this.variables.forEach((p, i) => {
        const g = grads[i];
        const m = this.m[i].mul(beta1).add(g.mul(1 - beta1));
        const v = this.v[i].mul(beta2).add(g.square().mul(1 - beta2));
        this.m[i].assign(m);
        this.v[i].assign(v);
        const denom = v.sqrt().add(epsilonHat);
        p.assign(p.sub(m.div(denom).mul(stepSize)));
      });
    });
  }

  private packedStep(grads: tf.Tensor[], stepSize: number, epsilonHat: number, m: Float32Array, v: Float32Array): void {
    const { beta1, beta2 } = this;
    const keep1 = 1 - beta1;
    const keep2 = 1 - beta2;
    let offset = 0;
    this.variables.forEach((p, i) => {
      const g = grads[i].dataSync() as Float32Array;
      if (g.length !== p.size) {
        throw new Error(`Adam.step: gradient ${i} has ${g.length} values for a variable of ${p.size}.`);
      }
      const current = p.dataSync() as Float32Array;
      // a new array: on some backends dataSync returns the tensor's own storage
      const next = new Float32Array(p.size);
      for (let j = 0; j < next.length; j++) {
        const k = offset + j;
        const gj = g[j];
        const mj = beta1 * m[k] + keep1 * gj;
        const vj = beta2 * v[k] + keep2 * gj * gj;
        m[k] = mj;
        v[k] = vj;
        next[j] = current[j] - (stepSize * mj) / (Math.sqrt(vj) + epsilonHat);
      }
      offset += p.size;
      const updated = tf.tensor(next, p.shape, 'float32');
      p.assign(updated);
      updated.dispose();
    });
  }

  dispose(): void {
    for (const t of [...this.m, ...this.v]) t.dispose();
  }
}
