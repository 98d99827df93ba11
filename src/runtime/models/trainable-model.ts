/**
 * What a model gives the one training loop (training/fit.ts), in the manner of Keras' `train_step`
 * and Lightning's `training_step`: its variables, the loss of one batch, and, where it has one, a
 * validation loss. The loop owns everything else: the batches, the optimizer, the step budget, early
 * stopping with best-weights restore, checkpoints, the NaN guard and progress. A VAE, a classifier
 * and a GC differ in their loss and their data, not in their loop.
 */
import type * as tf from '@tensorflow/tfjs';

/** The losses of one training step, read back as numbers after the optimizer step. */
export interface StepLosses {
  /** the loss the step minimised, as reported (progress, early-stopping logs) */
  total: number;
  /** named terms the NaN guard checks, in order: `{ reconstruction, KL }`, `{ training }` */
  terms: Record<string, number>;
}

/** A model the training loop can fit on batches of type `Batch`. */
export interface TrainableModel<Batch> {
  /** how messages name the model: `VAE 'vae'`, `Classifier 'mlp'` */
  readonly label: string;
  /** the hint sentence of the error when a loss is not finite */
  readonly divergenceHint: string;
  /** the variables the optimizer updates, in a fixed order (the initialisation order) */
  readonly trainable: tf.Variable[];
  /**
   * Every variable a checkpoint or the best-weights snapshot holds, by name: the trainable ones and
   * any state updated outside the gradient (batch-norm running statistics).
   */
  readonly state: Record<string, tf.Variable>;
  /**
   * The loss to minimise on this batch at this step (steps count from 1). Runs inside
   * tf.variableGrads, so tensors made here are released afterwards, except those the model
   * `tf.keep`s for `afterStep` (which must release them).
   */
  loss(batch: Batch, step: number): tf.Scalar;
  /**
   * After the optimizer step: update state outside the gradient, read the step's losses as numbers
   * and release what `loss` kept. `loss` is the value `loss()` returned (the loop disposes it).
   */
  afterStep(loss: tf.Scalar, step: number): StepLosses;
  /** the monitored quantity on the validation part with the current weights, in inference mode;
   * lower is better (a mean loss, or 1 − a score) */
  validationLoss?(): number;
}
