/**
 * Adam over a list of variables (Kingma & Ba, 2015), with PyTorch's defaults (β1 0.9, β2 0.999,
 * ε 1e-8) so figures compare with the PyTorch reference.
 *
 * This is the plain reference path: one update per variable. bench/ measures it; an optimised path
 * (one update over packed parameters) must give the same parameters within float tolerance.
 */
import * as tf from '@tensorflow/tfjs';

export interface AdamOptions {
  lr: number;
  beta1?: number;
  beta2?: number;
  epsilon?: number;
}

export class Adam {
  private readonly m: tf.Variable[];
  private readonly v: tf.Variable[];
  private t = 0;
  readonly lr: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;

  constructor(
    readonly variables: tf.Variable[],
    options: AdamOptions,
  ) {
    this.lr = options.lr;
    this.beta1 = options.beta1 ?? 0.9;
    this.beta2 = options.beta2 ?? 0.999;
    this.epsilon = options.epsilon ?? 1e-8;
    this.m = variables.map((p) => tf.variable(tf.zerosLike(p), false));
    this.v = variables.map((p) => tf.variable(tf.zerosLike(p), false));
  }

  /** Apply one update; `grads[i]` is the gradient of `variables[i]`. Does not dispose grads. */
  step(grads: tf.Tensor[]): void {
    this.t += 1;
    const { beta1, beta2, epsilon } = this;
    const correction1 = 1 - beta1 ** this.t;
    const correction2 = 1 - beta2 ** this.t;
    const stepSize = (this.lr * Math.sqrt(correction2)) / correction1;
    tf.tidy(() => {
      this.variables.forEach((p, i) => {
        const g = grads[i];
        const m = this.m[i].mul(beta1).add(g.mul(1 - beta1));
        const v = this.v[i].mul(beta2).add(g.square().mul(1 - beta2));
        this.m[i].assign(m);
        this.v[i].assign(v);
        // ε scaled as PyTorch applies it: lr·m̂/(√v̂ + ε) with the bias corrections folded in
        const denom = v.sqrt().add(epsilon * Math.sqrt(correction2));
        p.assign(p.sub(m.div(denom).mul(stepSize)));
      });
    });
  }

  dispose(): void {
    for (const t of [...this.m, ...this.v]) t.dispose();
  }
}
