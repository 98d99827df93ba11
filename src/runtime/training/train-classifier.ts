/**
 * Training of a downstream classifier (mlp, cnn, logistic) with a seeded loop — not tf.layers'
 * fit, whose shuffling draws from Math.random. Softmax cross-entropy, Adam, shuffled mini-batches
 * (the last partial batch included, except a single leftover row when batch norm needs ≥ 2).
 * With a validation part and `earlyStopping`: stop once the validation loss has not improved for
 * `patience` epochs and restore the weights of the best epoch; otherwise train the fixed epochs.
 */
import * as tf from '@tensorflow/tfjs';
import { Random } from '../random.ts';
import type { ClassifierNode } from '../../plan/types.ts';
import type { LabeledData, ProgressHooks, TrainedClassifier } from '../components.ts';
import { buildClassifierNetwork } from '../models/classifier-network.ts';
import type { ClassifierNetwork } from '../models/classifier-network.ts';
import { BATCH_NORM_MOMENTUM } from '../models/classifier-network.ts';
import { initParams, readParams, toTensors, toVariables } from '../models/param-store.ts';
import type { ParamArrays, Params } from '../models/param-store.ts';
import { DenseClassifier, classifierLoss } from '../models/dense-classifier.ts';
import { gatherRows } from './batch-sampler.ts';
import { createAdam, yieldToEventLoop } from './loop-helpers.ts';

function checkData(config: ClassifierNode, data: LabeledData, role: string): void {
  if (data.x.length !== data.rows * data.features) {
    throw new Error(`Classifier '${config.name}': ${role} data holds ${data.x.length} values, expected ${data.rows} × ${data.features}.`);
  }
  for (let i = 0; i < data.rows; i++) {
    if (data.y[i] < 0 || data.y[i] >= data.numClasses) {
      throw new Error(`Classifier '${config.name}': ${role} row ${i} has label ${data.y[i]}, outside the ${data.numClasses} classes.`);
    }
  }
}

function initialRunningStats(network: ClassifierNetwork): ParamArrays {
  const out: ParamArrays = {};
  for (const { name, width } of network.batchNorms) {
    out[`${name}.mean`] = { shape: [width], data: new Float32Array(width) };
    out[`${name}.variance`] = { shape: [width], data: new Float32Array(width).fill(1) };
  }
  return out;
}

/** rows per validation chunk: bounds memory for large image validation parts */
const VALIDATION_CHUNK = 1024;

/** Mean validation loss in inference mode, computed in chunks of rows. */
function validationLoss(network: ClassifierNetwork, params: Params, running: Params, data: LabeledData): number {
  let sum = 0;
  for (let start = 0; start < data.rows; start += VALIDATION_CHUNK) {
    const n = Math.min(VALIDATION_CHUNK, data.rows - start);
    sum += tf.tidy(() => {
      const x = tf.tensor2d(data.x.subarray(start * data.features, (start + n) * data.features), [n, data.features]);
      const { logits } = network.forward(params, running, x, null);
      return classifierLoss(logits, data.y.subarray(start, start + n)).dataSync()[0] * n;
    });
  }
  return sum / data.rows;
}

/** Train a classifier (see the file comment). Implements `TrainClassifier` of components.ts. */
export async function trainClassifier(
  config: ClassifierNode,
  train: LabeledData,
  validation: LabeledData | null,
  options: ProgressHooks & { seed: number },
): Promise<TrainedClassifier> {
  if (train.rows === 0) throw new Error(`Classifier '${config.name}' has no training examples.`);
  if (!(config.epochs >= 1) || !(config.batch >= 1)) {
    throw new Error(`Classifier '${config.name}' needs at least one epoch and a batch of at least 1 (epochs ${config.epochs}, batch ${config.batch}).`);
  }
  checkData(config, train, 'training');
  if (validation) {
    checkData(config, validation, 'validation');
    if (validation.features !== train.features || validation.numClasses !== train.numClasses) {
      throw new Error(
        `Classifier '${config.name}': the validation data has ${validation.features} features and ${validation.numClasses} classes, the training data ${train.features} and ${train.numClasses}.`,
      );
    }
  }
  const root = new Random(options.seed);
  const initRng = new Random(root.seed());
  const orderRng = new Random(root.seed());
  const dropoutRng = new Random(root.seed());
  const network = buildClassifierNetwork(config, train.features, train.numClasses, train.imageShape);
  const variables = toVariables(initParams(network.specs, initRng));
  const names = network.specs.map((s) => s.name);
  const varList = names.map((n) => variables[n]);
  const adam = createAdam(varList, config.lr);
  const running = toVariables(initialRunningStats(network));
  const earlyStopping = validation && validation.rows > 0 ? config.earlyStopping : null;
  let best: { loss: number; params: ParamArrays; running: ParamArrays } | null = null;
  let sinceBest = 0;
  let epochsRun = 0;
  const order = Int32Array.from({ length: train.rows }, (_, i) => i);

  try {
    for (let epoch = 1; epoch <= config.epochs; epoch++) {
      orderRng.shuffle(order);
      let lossSum = 0;
      let seen = 0;
      for (let start = 0; start < train.rows; start += config.batch) {
        const batchRows = order.subarray(start, Math.min(start + config.batch, train.rows));
        if (config.batchNorm && batchRows.length < 2 && train.rows > 1) continue;
        const xb = tf.tensor2d(gatherRows(train.x, train.features, batchRows), [batchRows.length, train.features]);
        const yb = Int32Array.from(batchRows, (r) => train.y[r]);
        let stats: Record<string, { mean: tf.Tensor; variance: tf.Tensor }> = {};
        const { value, grads } = tf.variableGrads(() => {
          const out = network.forward(variables, running, xb, dropoutRng.seed());
          stats = out.batchStats;
          for (const s of Object.values(stats)) {
            tf.keep(s.mean);
            tf.keep(s.variance);
          }
          return classifierLoss(out.logits, yb);
        }, varList);
        adam.step(names.map((n) => grads[variables[n].name]));
        tf.tidy(() => {
          for (const [name, s] of Object.entries(stats)) {
            const m = running[`${name}.mean`] as tf.Variable;
            const v = running[`${name}.variance`] as tf.Variable;
            m.assign(tf.add(tf.mul(m, 1 - BATCH_NORM_MOMENTUM), tf.mul(s.mean, BATCH_NORM_MOMENTUM)));
            v.assign(tf.add(tf.mul(v, 1 - BATCH_NORM_MOMENTUM), tf.mul(s.variance, BATCH_NORM_MOMENTUM)));
          }
        });
        lossSum += value.dataSync()[0] * batchRows.length;
        seen += batchRows.length;
        tf.dispose([value, xb, ...Object.values(grads), ...Object.values(stats).flatMap((s) => [s.mean, s.variance])]);
      }
      epochsRun = epoch;
      const trainLoss = seen > 0 ? lossSum / seen : NaN;
      if (!Number.isFinite(trainLoss) && seen > 0) {
        throw new Error(`Classifier '${config.name}' diverged in epoch ${epoch}: the training loss is ${trainLoss}. Lower the learning rate.`);
      }
      const valLoss = validation && validation.rows > 0 ? validationLoss(network, variables, running, validation) : null;
      options.onEpoch?.(epoch, config.epochs, trainLoss, valLoss);
      await yieldToEventLoop();
      if (earlyStopping && valLoss !== null) {
        if (best === null || valLoss < best.loss) {
          best = { loss: valLoss, params: readParams(variables), running: readParams(running) };
          sinceBest = 0;
        } else if (++sinceBest >= earlyStopping.patience) break;
      }
    }
    const finalParams = best ? best.params : readParams(variables);
    const finalRunning = best ? best.running : readParams(running);
    return new DenseClassifier(config, network, toTensors(finalParams), toTensors(finalRunning), epochsRun, train.features, train.numClasses);
  } finally {
    adam.dispose();
    tf.dispose([...Object.values(variables), ...Object.values(running)]);
  }
}
