/**
 * The benchmark's dense VAE, built directly on the kernels (stackedDense, Adam) with the method's
 * math: encoder → (μ, log σ²), reparameterised z = μ + exp(½ log σ²)·ε, mirrored decoder to
 * logits, Bernoulli reconstruction (binary cross-entropy on logits) + β·KL, summed over features and
 * averaged over the batch; Adam. M independent models are trained together as one stack.
 * bench/reference/vae_step.py is the same model in PyTorch.
 */
import * as tf from '@tensorflow/tfjs';
import { Adam } from '../src/runtime/kernels/adam.ts';
import { stackedDense } from '../src/runtime/kernels/dense.ts';
import { Random } from '../src/runtime/random.ts';

export interface VaeShape {
  inputs: number;
  /** encoder widths; the decoder mirrors them */
  hidden: number[];
  latent: number;
  batch: number;
}

interface Layer {
  w: tf.Variable;
  b: tf.Variable;
}

/** A stack of `models` VAEs of one shape, with an Adam optimizer over all their parameters. */
export class BenchVae {
  private readonly encoder: Layer[];
  private readonly decoder: Layer[];
  private readonly optimizer: Adam;
  private readonly rng: Random;
  private readonly x: tf.Tensor3D;

  constructor(
    readonly shape: VaeShape,
    readonly models: number,
    seed: number,
    readonly beta = 1,
  ) {
    this.rng = new Random(seed);
    const { inputs, hidden, latent, batch } = shape;
    const encoderWidths = [inputs, ...hidden];
    this.encoder = encoderWidths.slice(1).map((out, i) => this.layer(encoderWidths[i], out));
    this.encoder.push(this.layer(hidden[hidden.length - 1], 2 * latent)); // μ and log σ² in one product
    const decoderWidths = [latent, ...[...hidden].reverse(), inputs];
    this.decoder = decoderWidths.slice(1).map((out, i) => this.layer(decoderWidths[i], out));
    const variables = [...this.encoder, ...this.decoder].flatMap((l) => [l.w, l.b]);
    this.optimizer = new Adam(variables, { lr: 1e-3 });
    // one fixed batch of inputs in [0, 1]: data loading is not what the benchmark measures
    const values = new Float32Array(models * batch * inputs);
    for (let i = 0; i < values.length; i++) values[i] = this.rng.uniform();
    this.x = tf.tensor3d(values, [models, batch, inputs]);
  }

  private layer(inputs: number, outputs: number): Layer {
    const limit = Math.sqrt(6 / (inputs + outputs)); // Glorot uniform
    const w = new Float32Array(this.models * inputs * outputs);
    for (let i = 0; i < w.length; i++) w[i] = (this.rng.uniform() * 2 - 1) * limit;
    return {
      w: tf.variable(tf.tensor3d(w, [this.models, inputs, outputs])),
      b: tf.variable(tf.zeros([this.models, 1, outputs])),
    };
  }

  /** Sum over models of (reconstruction + β·KL), each a mean over the batch. */
  private loss(epsilon: tf.Tensor3D): tf.Scalar {
    const { latent, batch } = this.shape;
    let h: tf.Tensor3D = this.x;
    this.encoder.forEach((l, i) => {
      h = stackedDense(h, l.w as tf.Tensor3D, l.b as tf.Tensor3D, i === this.encoder.length - 1 ? 'linear' : 'relu');
    });
    const [mean, logVariance] = tf.split(h, [latent, latent], 2) as [tf.Tensor3D, tf.Tensor3D];
    let z: tf.Tensor3D = tf.add(mean, tf.mul(tf.exp(tf.mul(logVariance, 0.5)), epsilon));
    this.decoder.forEach((l, i) => {
      z = stackedDense(z, l.w as tf.Tensor3D, l.b as tf.Tensor3D, i === this.decoder.length - 1 ? 'linear' : 'relu');
    });
    const logits = z;
    // BCE on logits: softplus(l) − x·l, stable for large |l|
    const reconstruction = tf.sub(tf.sum(tf.softplus(logits)), tf.sum(tf.mul(this.x, logits)));
    // KL(N(μ, σ²) ‖ N(0, 1)) = −½ Σ (1 + log σ² − μ² − σ²)
    const klTerms = tf.sub(tf.add(tf.square(mean), tf.exp(logVariance)), tf.add(logVariance, 1));
    const kl = tf.mul(tf.sum(klTerms), 0.5);
    return tf.div(tf.add(reconstruction, tf.mul(kl, this.beta)), batch) as tf.Scalar;
  }

  /** One training step of every model in the stack; returns the loss when `read` is set. */
  step(read = false): number | null {
    const variables = this.optimizer.variables;
    const epsilon = tf.tensor3d(this.rng.normals(this.models * this.shape.batch * this.shape.latent), [
      this.models,
      this.shape.batch,
      this.shape.latent,
    ]);
    const { value, grads } = tf.variableGrads(() => this.loss(epsilon), variables);
    this.optimizer.step(variables.map((v) => grads[v.name]));
    const loss = read ? value.dataSync()[0] : null;
    tf.dispose([value, epsilon, ...Object.values(grads)]);
    return loss;
  }

  dispose(): void {
    this.optimizer.dispose();
    tf.dispose([this.x, ...this.optimizer.variables]);
  }
}
