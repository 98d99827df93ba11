/**
 * A trained downstream classifier: class probabilities by the network in inference mode (no
 * dropout, batch norm on running statistics), in chunks of rows.
 */
import * as tf from '@tensorflow/tfjs';
import type { ClassifierNode } from '../../plan/types.ts';
import type { TrainedClassifier } from '../components.ts';
import type { ClassifierNetwork } from './classifier-network.ts';
import { disposeParams } from './param-store.ts';
import type { Params } from './param-store.ts';

/** rows per prediction chunk at most (small networks) */
const CHUNK_ROWS = 2048;
/**
 * values of the widest activation of one chunk at most (2^22 floats = 16 MB). A chunk's
 * intermediates all live until the chunk ends, and the wasm heap never shrinks: 2048 MNIST rows
 * through a CNN with 64 filters grew it to 2.3 GB for good (measured), the peak of a smoke run.
 */
const CHUNK_VALUES = 1 << 22;

/**
 * Rows per prediction chunk: as many as keep the widest activation (a row's features × the first
 * convolution's filters, or the widest dense layer) under CHUNK_VALUES, between 1 and CHUNK_ROWS.
 */
export function predictionChunkRows(config: Pick<ClassifierNode, 'kind' | 'hidden' | 'convFilters'>, features: number): number {
  const firstFilters = config.kind === 'cnn' && config.convFilters.length > 0 ? config.convFilters[0] : 1;
  const widestPerRow = Math.max(features * firstFilters, ...config.hidden, 1);
  return Math.max(1, Math.min(CHUNK_ROWS, Math.floor(CHUNK_VALUES / widestPerRow)));
}

/** Mean softmax cross-entropy of logits [rows, classes] against integer labels. Call inside tf.tidy. */
export function classifierLoss(logits: tf.Tensor2D, labels: Int32Array): tf.Scalar {
  const oneHot = tf.oneHot(tf.tensor1d(labels, 'int32'), logits.shape[1]);
  return tf.neg(tf.mean(tf.sum(tf.mul(oneHot, tf.logSoftmax(logits, 1)), 1))) as tf.Scalar;
}

/** A trained classifier holding its kept weights (the last step's, or the best validation check's) as tensors until `dispose()`. */
export class DenseClassifier implements TrainedClassifier {
  readonly stepBudget: number;
  readonly stepsTrained: number;
  readonly keptStep: number;

  constructor(
    readonly config: ClassifierNode,
    private readonly network: ClassifierNetwork,
    private readonly params: Params,
    private readonly running: Params,
    training: { stepBudget: number; stepsTrained: number; keptStep: number },
    private readonly features: number,
    private readonly numClasses: number,
  ) {
    this.stepBudget = training.stepBudget;
    this.stepsTrained = training.stepsTrained;
    this.keptStep = training.keptStep;
  }

  predictProba(x: Float32Array, rows: number): Float32Array {
    if (x.length !== rows * this.features) {
      throw new Error(`Classifier '${this.config.name}': expected ${rows} × ${this.features} values, got ${x.length}.`);
    }
    const out = new Float32Array(rows * this.numClasses);
    const chunk = predictionChunkRows(this.config, this.features);
    for (let start = 0; start < rows; start += chunk) {
      const n = Math.min(chunk, rows - start);
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
