/**
 * A classifier's train step for the one training loop (training/fit.ts): softmax cross-entropy of
 * the network in training mode (dropout, batch statistics), then the update of the batch-norm
 * running statistics outside the gradient; and the monitored validation quantity in inference mode:
 *   'loss'        the mean cross-entropy over the validation rows;
 *   'weighted_f1' 1 − weighted F1 of the predicted classes (lower is better, as for a loss).
 * Why the second: with balanced few-shot training and an imbalanced validation part (thyroid: 92%
 * one class), the mean validation loss is lowest after very few steps, while the classifier's F1
 * still rises for hundreds more. Measured on thyroid (mlp [64], lr 1e-2, a check every 25 steps,
 * patience 12, 3 repeats), weighted F1 on the test part at 10 / 20 / 50 / 100 shots per class:
 * 0.613 / 0.698 / 0.880 / 0.935 stopping on the loss, 0.731 / 0.822 / 0.882 / 0.949 on weighted F1.
 */
import * as tf from '@tensorflow/tfjs';
import type { Random } from '../random.ts';
import type { LabeledData } from '../components.ts';
import type { ClassifierNetwork } from './classifier-network.ts';
import { BATCH_NORM_MOMENTUM } from './classifier-network.ts';
import { classifierLoss } from './dense-classifier.ts';
import { fusedClassifierAvailable, fusedCrossEntropy } from '../kernels/fused-classifier.ts';
import { computeMetrics } from '../evaluation/metrics.ts';
import type { StepLosses, TrainableModel } from './trainable-model.ts';

/** One training batch: rows × features values and their labels. */
export interface ClassifierBatch {
  x: Float32Array;
  y: Int32Array;
  rows: number;
}

/** rows per validation chunk: bounds memory for large image validation parts */
const VALIDATION_CHUNK = 1024;

/** What early stopping watches on the validation part (see the file comment). */
export type ValidationMonitor = 'loss' | 'weighted_f1';

/** The classifier's loss and state updates (see the file comment). */
export class ClassifierTrainStep implements TrainableModel<ClassifierBatch> {
  readonly label: string;
  readonly divergenceHint = 'Lower the learning rate.';
  readonly trainable: tf.Variable[];
  readonly state: Record<string, tf.Variable>;
  /** this step's batch statistics per batch-norm layer, kept from `loss` for `afterStep` */
  private batchStats: Record<string, { mean: tf.Tensor; variance: tf.Tensor }> = {};
  /** the weight matrices and kernels `weightDecay` penalises (not biases, not batch norm) */
  private readonly weights: tf.Variable[];

  /**
   * `params` (by spec name) and `running` (`bn.i.mean` / `bn.i.variance`) are the variables it
   * trains and updates; `dropout` draws one seed per step; `validation` may be null.
   */
  constructor(
    name: string,
    private readonly network: ClassifierNetwork,
    private readonly params: Record<string, tf.Variable>,
    private readonly running: Record<string, tf.Variable>,
    private readonly dropout: Random,
    private readonly validation: LabeledData | null,
    private readonly monitor: ValidationMonitor = 'loss',
    private readonly weightDecay = 0,
  ) {
    this.label = `Classifier '${name}'`;
    this.trainable = network.specs.map((s) => params[s.name]);
    this.weights = network.specs.filter((s) => s.name.endsWith('.w')).map((s) => params[s.name]);
    this.state = { ...params, ...running };
  }

  loss(batch: ClassifierBatch, _step: number): tf.Scalar {
    const x = tf.tensor2d(batch.x, [batch.rows, batch.x.length / batch.rows]);
    const out = this.network.forward(this.params, this.running, x, this.dropout.seed());
    for (const s of Object.values(out.batchStats)) {
      tf.keep(s.mean);
      tf.keep(s.variance);
    }
    this.batchStats = out.batchStats;
    const crossEntropy = fusedClassifierAvailable() ? fusedCrossEntropy(out.logits, batch.y) : classifierLoss(out.logits, batch.y);
    if (this.weightDecay === 0) return crossEntropy;
    const squares = this.weights.map((w) => tf.sum(tf.square(w)));
    return tf.add(crossEntropy, tf.mul(this.weightDecay / 2, tf.addN(squares))) as tf.Scalar;
  }

  afterStep(loss: tf.Scalar): StepLosses {
    const stats = this.batchStats;
    this.batchStats = {};
    try {
      tf.tidy(() => {
        for (const [name, s] of Object.entries(stats)) {
          const m = this.running[`${name}.mean`];
          const v = this.running[`${name}.variance`];
          m.assign(tf.add(tf.mul(m, 1 - BATCH_NORM_MOMENTUM), tf.mul(s.mean, BATCH_NORM_MOMENTUM)));
          v.assign(tf.add(tf.mul(v, 1 - BATCH_NORM_MOMENTUM), tf.mul(s.variance, BATCH_NORM_MOMENTUM)));
        }
      });
    } finally {
      tf.dispose(Object.values(stats).flatMap((s) => [s.mean, s.variance]));
    }
    const training = loss.dataSync()[0];
    return { total: training, terms: { training } };
  }

  /** The monitored quantity on the validation part (lower is better; see the file comment). */
  validationLoss(): number {
    const data = this.validation;
    if (!data || data.rows === 0) throw new Error(`${this.label} has no validation rows to compute a loss on.`);
    const predicted = new Int32Array(data.rows);
    let sum = 0;
    for (let start = 0; start < data.rows; start += VALIDATION_CHUNK) {
      const n = Math.min(VALIDATION_CHUNK, data.rows - start);
      sum += tf.tidy(() => {
        const x = tf.tensor2d(data.x.subarray(start * data.features, (start + n) * data.features), [n, data.features]);
        const { logits } = this.network.forward(this.params, this.running, x, null);
        if (this.monitor === 'weighted_f1') {
          predicted.set(tf.argMax(logits, 1).dataSync() as Int32Array, start);
          return 0;
        }
        return classifierLoss(logits, data.y.subarray(start, start + n)).dataSync()[0] * n;
      });
    }
    if (this.monitor === 'weighted_f1') return 1 - computeMetrics(data.y, predicted, data.numClasses).weighted_f1;
    return sum / data.rows;
  }
}
