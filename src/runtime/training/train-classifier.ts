/**
 * Training of a downstream classifier (mlp, cnn, logistic) or a GC's classifier by the one training
 * loop (fit.ts) — not tf.layers' fit, whose shuffling draws from Math.random. Softmax cross-entropy,
 * Adam, shuffled epochs of mini-batches (the last partial batch included, except a single leftover
 * row when batch norm needs ≥ 2), continued across epoch boundaries until the step budget is used.
 *
 * The budget is counted in optimizer steps, so that every arm of a cell trains the same number of
 * steps whatever its row count (METHOD.md §5, issue 11 §1): under an epoch budget an arm with twice
 * the rows would get twice the steps, and its "gain" would be extra training, not its data.
 * With a validation part and `earlyStopping`: a validation check every `every` steps (the mean loss,
 * or 1 − weighted F1 with `monitor weighted_f1`), stop after `patience` checks without improvement,
 * and keep the weights of the best check.
 */
import * as tf from '@tensorflow/tfjs';
import { Random } from '../random.ts';
import type { ClassifierNode } from '../../plan/types.ts';
import type { LabeledData, TrainClassifierOptions, TrainedClassifier } from '../components.ts';
import { buildClassifierNetwork } from '../models/classifier-network.ts';
import type { ClassifierNetwork } from '../models/classifier-network.ts';
import { initParams, readParams, toTensors, toVariables } from '../models/param-store.ts';
import type { ParamArrays } from '../models/param-store.ts';
import { DenseClassifier } from '../models/dense-classifier.ts';
import { ClassifierTrainStep } from '../models/classifier-train-step.ts';
import type { ClassifierBatch } from '../models/classifier-train-step.ts';
import { EpochBatches, gatherRows } from './batch-sampler.ts';
import { fit } from './fit.ts';

/** how many progress reports a training makes at most, besides the last step */
const REPORTS_PER_RUN = 200;

/**
 * The optimizer-step budget of a training: the plan's resolved budget (`EvaluateTask.steps`, equal
 * across the arms of a cell), else the classifier's `train steps N`, else epochs × ceil(rows /
 * batch) over this training set (`epochs E per_arm`, and a GC's classifier).
 */
export function classifierStepBudget(config: ClassifierNode, trainRows: number, steps?: number | null): number {
  if (steps !== undefined && steps !== null) return steps;
  if (config.steps !== null) return config.steps;
  if (config.epochs !== null) return config.epochs * Math.ceil(trainRows / config.batch);
  throw new Error(`Classifier '${config.name}' has neither a step budget nor epochs; give it 'train steps N' or 'epochs N'.`);
}

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

function checkInputs(config: ClassifierNode, train: LabeledData, validation: LabeledData | null, budget: number): void {
  if (train.rows === 0) throw new Error(`Classifier '${config.name}' has no training examples.`);
  if (!(Number.isInteger(budget) && budget >= 1) || !(config.batch >= 1)) {
    throw new Error(
      `Classifier '${config.name}' needs a budget of at least one step and a batch of at least 1 (steps ${budget}, batch ${config.batch}).`,
    );
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
}

function initialRunningStats(network: ClassifierNetwork): ParamArrays {
  const out: ParamArrays = {};
  for (const { name, width } of network.batchNorms) {
    out[`${name}.mean`] = { shape: [width], data: new Float32Array(width) };
    out[`${name}.variance`] = { shape: [width], data: new Float32Array(width).fill(1) };
  }
  return out;
}

/** Train a classifier (see the file comment). Implements `TrainClassifier` of components.ts. */
export async function trainClassifier(
  config: ClassifierNode,
  train: LabeledData,
  validation: LabeledData | null,
  options: TrainClassifierOptions,
): Promise<TrainedClassifier> {
  const budget = classifierStepBudget(config, train.rows, options.steps);
  checkInputs(config, train, validation, budget);
  // the order of these seeds is part of every cached evaluation: do not reorder
  const root = new Random(options.seed);
  const initRng = new Random(root.seed());
  const orderRng = new Random(root.seed());
  const dropoutRng = new Random(root.seed());
  const network = buildClassifierNetwork(config, train.features, train.numClasses, train.imageShape);
  const params = toVariables(initParams(network.specs, initRng));
  const running = toVariables(initialRunningStats(network));
  const hasValidation = validation !== null && validation.rows > 0;
  const stop = hasValidation ? config.earlyStopping : null;
  const model = new ClassifierTrainStep(
    config.name,
    network,
    params,
    running,
    dropoutRng,
    hasValidation ? validation : null,
    stop?.monitor ?? 'loss',
    config.weightDecay ?? 0,
  );
  const batches = new EpochBatches(train.rows, config.batch, orderRng, config.batchNorm);
  const nextBatch = (): ClassifierBatch => {
    const rows = batches.next();
    return { x: gatherRows(train.x, train.features, rows), y: Int32Array.from(rows, (r) => train.y[r]), rows: rows.length };
  };
  try {
    const result = await fit(model, {
      steps: budget,
      lr: config.lr,
      nextBatch,
      earlyStopping: stop ? { every: stop.every, patience: stop.patience } : null,
      reportEvery: Math.max(1, Math.floor(budget / REPORTS_PER_RUN)),
      onProgress: ({ step, steps, losses, validationLoss }) => options.onProgress?.({ step, steps, loss: losses.total, validationLoss }),
    });
    const training = { stepBudget: budget, stepsTrained: result.stepsTrained, keptStep: result.keptStep };
    return new DenseClassifier(
      config,
      network,
      toTensors(readParams(params)),
      toTensors(readParams(running)),
      training,
      train.features,
      train.numClasses,
    );
  } finally {
    tf.dispose([...Object.values(params), ...Object.values(running)]);
  }
}
