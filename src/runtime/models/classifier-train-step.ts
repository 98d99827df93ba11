/**
 * A classifier's train step for the one training loop (training/fit.ts): softmax cross-entropy of
 * the network in training mode (dropout, batch statistics), then the update of the batch-norm
 * running statistics outside the gradient; and the validation loss in inference mode.
 */
import * as tf from '@tensorflow/tfjs';
import type { Random } from '../random.ts';
import type { LabeledData } from '../components.ts';
import type { ClassifierNetwork } from './classifier-network.ts';
import { BATCH_NORM_MOMENTUM } from './classifier-network.ts';
import { classifierLoss } from './dense-classifier.ts';
import type { StepLosses, TrainableModel } from './trainable-model.ts';

/** One training batch: rows × features values and their labels. */
export interface ClassifierBatch {
  x: Float32Array;
  y: Int32Array;
  rows: number;
}

/** rows per validation chunk: bounds memory for large image validation parts */
const VALIDATION_CHUNK = 1024;

/** The classifier's loss and state updates (see the file comment). */
export class ClassifierTrainStep implements TrainableModel<ClassifierBatch> {
  readonly label: string;
  readonly divergenceHint = 'Lower the learning rate.';
  readonly trainable: tf.Variable[];
  readonly state: Record<string, tf.Variable>;
  /** this step's batch statistics per batch-norm layer, kept from `loss` for `afterStep` */
  private batchStats: Record<string, { mean: tf.Tensor; variance: tf.Tensor }> = {};

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
  ) {
    this.label = `Classifier '${name}'`;
    this.trainable = network.specs.map((s) => params[s.name]);
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
    return classifierLoss(out.logits, batch.y);
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

  /** Mean cross-entropy on the validation part in inference mode, in chunks of rows. */
  validationLoss(): number {
    const data = this.validation;
    if (!data || data.rows === 0) throw new Error(`${this.label} has no validation rows to compute a loss on.`);
    let sum = 0;
    for (let start = 0; start < data.rows; start += VALIDATION_CHUNK) {
      const n = Math.min(VALIDATION_CHUNK, data.rows - start);
      sum += tf.tidy(() => {
        const x = tf.tensor2d(data.x.subarray(start * data.features, (start + n) * data.features), [n, data.features]);
        const { logits } = this.network.forward(this.params, this.running, x, null);
        return classifierLoss(logits, data.y.subarray(start, start + n)).dataSync()[0] * n;
      });
    }
    return sum / data.rows;
  }
}
