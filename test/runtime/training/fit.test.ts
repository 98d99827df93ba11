import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../src/runtime/backend/init-backend.ts';
import { fit } from '../../../src/runtime/training/fit.ts';
import type { FitProgress } from '../../../src/runtime/training/fit.ts';
import type { StepLosses, TrainableModel } from '../../../src/runtime/models/trainable-model.ts';

beforeAll(async () => {
  await initBackend();
});

/**
 * A one-weight model: loss (w − target)² on every batch, Adam pulls w from 0 towards the target;
 * its validation loss is scripted (one value per check), so the best check is known in advance.
 */
class ScriptedModel implements TrainableModel<number> {
  readonly label = "Toy 'w'";
  readonly divergenceHint = 'Check the toy.';
  readonly w = tf.variable(tf.scalar(0));
  readonly trainable = [this.w];
  readonly state = { w: this.w };
  readonly batchesSeen: number[] = [];
  private checks = 0;

  constructor(
    private readonly validationScript: number[] = [],
    private readonly nanAtStep: number | null = null,
  ) {}

  loss(batch: number, step: number): tf.Scalar {
    this.batchesSeen.push(batch);
    const loss = tf.square(tf.sub(this.w, 1)) as tf.Scalar;
    return step === this.nanAtStep ? (tf.mul(loss, NaN) as tf.Scalar) : loss;
  }

  afterStep(loss: tf.Scalar): StepLosses {
    const training = loss.dataSync()[0];
    return { total: training, terms: { training } };
  }

  validationLoss(): number {
    return this.validationScript[this.checks++];
  }

  weight(): number {
    return this.w.dataSync()[0];
  }
}

/** w after every step, read in the progress hook (reportEvery 1) */
async function fitAndTrace(model: ScriptedModel, options: Partial<Parameters<typeof fit<number>>[1]> = {}) {
  const trace: number[] = [];
  const reports: FitProgress[] = [];
  let batch = 0;
  const result = await fit(model, {
    steps: 12,
    lr: 0.1,
    nextBatch: () => ++batch,
    reportEvery: 1,
    onProgress: (p) => {
      trace.push(model.weight());
      reports.push(p);
    },
    ...options,
  });
  return { result, trace, reports };
}

describe('fit', () => {
  it('trains the whole budget, one batch per step, and keeps the last step without early stopping', async () => {
    const model = new ScriptedModel();
    const { result, trace, reports } = await fitAndTrace(model);
    expect(result).toMatchObject({ stepsTrained: 12, keptStep: 12, stoppedEarly: false, validation: [] });
    expect(model.batchesSeen).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(reports.map((r) => r.step)).toEqual(model.batchesSeen);
    expect(reports.every((r) => r.steps === 12 && r.validationLoss === null)).toBe(true);
    // Adam's first step moves w by lr towards the target
    expect(trace[0]).toBeCloseTo(0.1, 6);
    expect(model.weight()).toBe(trace[11]);
    model.w.dispose();
  });

  it('reports every K steps and after the last one', async () => {
    const model = new ScriptedModel();
    const { reports } = await fitAndTrace(model, { steps: 10, reportEvery: 4 });
    expect(reports.map((r) => r.step)).toEqual([4, 8, 10]);
    model.w.dispose();
  });

  it('stops after `patience` checks without improvement and restores the weights of the best check', async () => {
    // checks every 2 steps: steps 2, 4, 6, 8, 10; the best is the third (step 6), patience 2 → stop at step 10
    const model = new ScriptedModel([5, 4, 3, 3.5, 3.2, 1]);
    const { result, trace, reports } = await fitAndTrace(model, { steps: 40, earlyStopping: { every: 2, patience: 2 } });
    expect(result.validation).toEqual([
      { step: 2, loss: 5 },
      { step: 4, loss: 4 },
      { step: 6, loss: 3 },
      { step: 8, loss: 3.5 },
      { step: 10, loss: 3.2 },
    ]);
    expect(result).toMatchObject({ stepsTrained: 10, keptStep: 6, stoppedEarly: true });
    expect(trace.length).toBe(10);
    expect(model.weight()).toBe(trace[5]); // the weights after step 6, not after step 10
    expect(model.weight()).not.toBe(trace[9]);
    expect(reports[9].validationLoss).toBe(3.2);
    model.w.dispose();
  });

  it('checks after the last step too, so the final weights can be the ones kept', async () => {
    const model = new ScriptedModel([3, 2, 1]);
    const { result, trace } = await fitAndTrace(model, { steps: 7, earlyStopping: { every: 3, patience: 5 } });
    expect(result.validation.map((v) => v.step)).toEqual([3, 6, 7]);
    expect(result).toMatchObject({ stepsTrained: 7, keptStep: 7, stoppedEarly: false });
    expect(model.weight()).toBe(trace[6]);
    model.w.dispose();
  });

  it('keeps checkpoints at the given steps; a step beyond the budget gets the last trained weights', async () => {
    const model = new ScriptedModel([1, 2, 3]);
    const { result, trace } = await fitAndTrace(model, { steps: 9, checkpoints: [2, 5, 100], earlyStopping: { every: 3, patience: 9 } });
    expect([...result.checkpoints.keys()]).toEqual([2, 5, 100]);
    expect(result.checkpoints.get(2)?.w.data[0]).toBe(trace[1]);
    expect(result.checkpoints.get(5)?.w.data[0]).toBe(trace[4]);
    expect(result.checkpoints.get(100)?.w.data[0]).toBe(trace[8]);
    // early stopping restored step 3's weights after the checkpoints were taken
    expect(result.keptStep).toBe(3);
    expect(model.weight()).toBe(trace[2]);
    model.w.dispose();
  });

  it('stops with an error naming the model, the step and the term when a loss is not finite, leaving no tensor', async () => {
    const model = new ScriptedModel([], 3);
    const before = tf.memory().numTensors;
    await expect(fitAndTrace(model)).rejects.toThrow("Toy 'w' diverged at step 3: the training loss is NaN. Check the toy.");
    expect(tf.memory().numTensors).toBe(before);
    model.w.dispose();
  });

  it('rejects a budget below one step and early stopping without a validation loss', async () => {
    const model = new ScriptedModel();
    await expect(fitAndTrace(model, { steps: 0 })).rejects.toThrow("Toy 'w' needs a budget of at least one training step (got 0).");
    await expect(fitAndTrace(model, { earlyStopping: { every: 0, patience: 1 } })).rejects.toThrow(
      'every ≥ 1 and patience ≥ 1 (every 0, patience 1)',
    );
    const noValidation: TrainableModel<number> = {
      label: model.label,
      divergenceHint: model.divergenceHint,
      trainable: model.trainable,
      state: model.state,
      loss: (batch, step) => model.loss(batch, step),
      afterStep: (loss) => model.afterStep(loss),
    };
    await expect(
      fit(noValidation, { steps: 3, lr: 0.1, nextBatch: () => 0, reportEvery: 1, earlyStopping: { every: 1, patience: 1 } }),
    ).rejects.toThrow("Toy 'w' has no validation loss to stop early on.");
    model.w.dispose();
  });
});
