/**
 * A trained downstream classifier: class probabilities by the network in inference mode (no
 * dropout, batch norm on running statistics), in chunks of rows.
 */
import * as tf from '@tensorflow/tfjs';
import type { ClassifierNode } from '../../compiler/plan/types.ts';
import type { TrainedClassifier } from '../components.ts';
import type { ClassifierNetwork } from './classifier-network.ts';
import { disposeParams } from './param-store.ts';
import type { Params } from './param-store.ts';

const CHUNK_ROWS = 2048;

/** Mean softmax cross-entropy of logits [rows, classes] against integer labels. Call inside tf.tidy. */
export function classifierLoss(logits: tf.Tensor2D, labels: Int32Array): tf.Scalar {
  const oneHot = tf.oneHot(tf.tensor1d(labels, 'int32'), logits.shape[1]);
  return tf.neg(tf.mean(tf.sum(tf.mul(oneHot, tf.logSoftmax(logits, 1)), 1))) as tf.Scalar;
}

/** A trained classifier holding its final (or best-epoch) weights as tensors until `dispose()`. */
export class DenseClassifier implements TrainedClassifier {
  constructor(
    readonly config: ClassifierNode,
    private readonly network: ClassifierNetwork,
    private readonly params: Params,
    private readonly running: Params,
    readonly epochsRun: number,
    private readonly features: number,
    private readonly numClasses: number,
  ) {}

  predictProba(x: Float32Array, rows: number): Float32Array {
    if (x.length !== rows * this.features) {
      throw new Error(`Classifier '${this.config.name}': expected ${rows} × ${this.features} values, got ${x.length}.`);
    }
    const out = new Float32Array(rows * this.numClasses);
    for (let start = 0; start < rows; start += CHUNK_ROWS) {
      const n = Math.min(CHUNK_ROWS, rows - start);
      const probabilities = tf.tidy(() => {
        const xs = tf.tensor2d(x.subarray(start * this.features, (start + n) * this.features), [n, this.features]);
        return tf.softmax(this.network.forward(this.params, this.running, xs, null).logits, 1).dataSync();
      });
      out.set(probabilities as Float32Array, start * this.numClasses);
    }
    return out;
  }

  dispose(): void {
    disposeParams(this.params);
    disposeParams(this.running);
  }
}
