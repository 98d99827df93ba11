import { createHash } from 'node:crypto';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../src/runtime/backend/init-backend.ts';
import { setKernelOptions } from '../../../src/runtime/kernels/options.ts';
import { classifierStepBudget, trainClassifier } from '../../../src/runtime/training/train-classifier.ts';
import { argmaxRows, computeMetrics } from '../../../src/runtime/evaluation/metrics.ts';
import type { ClassifierProgress, LabeledData } from '../../../src/runtime/components.ts';
import { classifierConfig, mixedTable, tinyImages } from '../models/fixtures.ts';

beforeAll(async () => {
  await initBackend();
});

const sha256 = (a: Float32Array) =>
  createHash('sha256')
    .update(new Uint8Array(a.buffer, a.byteOffset, a.byteLength))
    .digest('hex');

describe('classifierStepBudget', () => {
  it('takes the plan budget, else train steps, else epochs × ceil(rows / batch)', () => {
    expect(classifierStepBudget(classifierConfig({ epochs: 5, batch: 16 }), 90)).toBe(30);
    expect(classifierStepBudget(classifierConfig({ epochs: 5, batch: 16 }), 96)).toBe(30);
    expect(classifierStepBudget(classifierConfig({ epochs: 5, batch: 16 }), 97)).toBe(35);
    expect(classifierStepBudget(classifierConfig({ steps: 400, epochs: null }), 90)).toBe(400);
    expect(classifierStepBudget(classifierConfig({ steps: 400, epochs: null }), 90, 250)).toBe(250);
    expect(classifierStepBudget(classifierConfig({ epochs: 5 }), 90, null)).toBe(30);
    expect(() => classifierStepBudget(classifierConfig({ steps: null, epochs: null }), 90)).toThrow(
      "Classifier 'clf' has neither a step budget nor epochs; give it 'train steps N' or 'epochs N'.",
    );
  });
});

describe('trainClassifier', () => {
  const train = mixedTable(90, 1);
  const test = mixedTable(60, 9);

  it('learns a separable table with an mlp (batch norm, dropout) and reports progress per step', async () => {
    const seen: ClassifierProgress[] = [];
    const clf = await trainClassifier(
      classifierConfig({ hidden: [16, 16], batchNorm: true, dropout: 0.1, activation: 'leaky_relu' }),
      train,
      null,
      {
        seed: 4,
        onProgress: (p) => seen.push(p),
      },
    );
    // 20 epochs × ceil(90 / 16) = 120 steps, all reported (fewer than 200)
    expect(seen.map((p) => p.step)).toEqual(Array.from({ length: 120 }, (_, i) => i + 1));
    expect(seen.every((p) => p.steps === 120 && Number.isFinite(p.loss) && p.validationLoss === null)).toBe(true);
    expect([clf.stepBudget, clf.stepsTrained, clf.keptStep]).toEqual([120, 120, 120]);
    const p = clf.predictProba(test.x, test.rows);
    expect(p.length).toBe(60 * 3);
    expect(p[0] + p[1] + p[2]).toBeCloseTo(1, 5);
    expect(computeMetrics(test.y, argmaxRows(p, test.rows, 3), 3).accuracy).toBeGreaterThan(0.9);
    clf.dispose();
  });

  it('gives the numbers of the per-epoch loop it replaced when the budget is whole epochs', async () => {
    // recorded from the classifier's own epoch loop before the one training loop (seed 13)
    const held = mixedTable(20, 9);
    const cases: [string, ReturnType<typeof classifierConfig>, LabeledData, LabeledData, number[], string][] = [
      [
        'mlp, dropout',
        classifierConfig({ hidden: [16], dropout: 0.2, epochs: 5 }),
        mixedTable(90, 1),
        held,
        [0.5015444755554199, 0.21107925474643707, 0.2873762547969818],
        'c51fb20e29a75c3562879c25fad7a515618c9cc57301f84e944d22ada1f74a2e',
      ],
      [
        'mlp, batch norm',
        classifierConfig({ hidden: [8], batchNorm: true, epochs: 3 }),
        mixedTable(64, 2),
        held,
        [0.3547112047672272, 0.2924714982509613, 0.3528172969818115],
        'bd924da4bdf9d18d1772da5711558aaa91cb823f7bdd839bd7ed2174f819fafb',
      ],
      [
        'cnn',
        classifierConfig({ kind: 'cnn', convFilters: [2], hidden: [4], epochs: 2, batch: 8 }),
        tinyImages(20),
        tinyImages(6, 7),
        [0.3134938180446625, 0.6865062117576599, 0.3005684018135071],
        '1ea27ea03c69e89fe3ed02d35d7f9d0d55930716ad97853ca4284ff25cf8044e',
      ],
    ];
    // recorded on the wasm backend's own matrix products (see vae-bit-identity.test.ts) and TF.js'
    // batch-norm, dropout and cross-entropy ops (the fused kernels agree with them to rounding:
    // test/runtime/kernels/fused-classifier.test.ts)
    const previous = setKernelOptions({ nativeBlas: false, fusedNorm: false });
    try {
      for (const [name, config, data, scored, first, hash] of cases) {
        const clf = await trainClassifier(config, data, null, { seed: 13 });
        const p = clf.predictProba(scored.x, scored.rows);
        expect(Array.from(p.slice(0, 3)), name).toEqual(first);
        expect(sha256(p), name).toBe(hash);
        clf.dispose();
      }
    } finally {
      setKernelOptions(previous);
    }
  });

  it('trains every arm of a cell the same number of steps, whatever its row count', async () => {
    const config = classifierConfig({ epochs: 10, epochsPer: 'cell', batch: 8 });
    const baseline = mixedTable(24, 3);
    const augmented = mixedTable(72, 3); // the originals plus twice as many generated rows
    // lowering resolves the cell's budget from the baseline's rows: 10 × ceil(24 / 8) = 30
    const budget = classifierStepBudget(config, baseline.rows);
    const steps: Record<string, number[]> = { baseline: [], augmented: [] };
    for (const [arm, data] of [
      ['baseline', baseline],
      ['augmented', augmented],
    ] as const) {
      const clf = await trainClassifier(config, data, null, { seed: 5, steps: budget, onProgress: (p) => steps[arm].push(p.step) });
      expect([clf.stepBudget, clf.stepsTrained, clf.keptStep], arm).toEqual([30, 30, 30]);
      clf.dispose();
    }
    expect(steps.augmented).toEqual(steps.baseline);
    expect(steps.baseline.length).toBe(30);
    // `per_arm` (no plan budget): the arm with three times the rows trains three times the steps
    const perArm = await trainClassifier({ ...config, epochsPer: 'arm' }, augmented, null, { seed: 5, steps: null });
    expect(perArm.stepsTrained).toBe(90);
    perArm.dispose();
  });

  it('weight decay (L2 on the weights) shrinks the logits: less confident, still right on a separable table', async () => {
    const config = classifierConfig({ hidden: [16], steps: 300, epochs: null, lr: 0.02 });
    const meanTop = (p: Float32Array) => {
      let sum = 0;
      for (let r = 0; r < test.rows; r++) sum += Math.max(p[3 * r], p[3 * r + 1], p[3 * r + 2]);
      return sum / test.rows;
    };
    const scores = [];
    for (const weightDecay of [0, 0.01, 0.1]) {
      const clf = await trainClassifier({ ...config, weightDecay }, train, null, { seed: 6 });
      const p = clf.predictProba(test.x, test.rows);
      scores.push({ top: meanTop(p), accuracy: computeMetrics(test.y, argmaxRows(p, test.rows, 3), 3).accuracy });
      clf.dispose();
    }
    // the more decay, the smaller the weights and the flatter the softmax
    expect(scores[0].top).toBeGreaterThan(scores[1].top);
    expect(scores[1].top).toBeGreaterThan(scores[2].top + 0.05);
    for (const s of scores) expect(s.accuracy).toBeGreaterThan(0.9);
    // no decay is the classifier without the setting (plans before 1.3.0): the same predictions
    const plain = await trainClassifier(config, train, null, { seed: 6 });
    const zero = await trainClassifier({ ...config, weightDecay: 0 }, train, null, { seed: 6 });
    expect(Array.from(zero.predictProba(test.x, test.rows))).toEqual(Array.from(plain.predictProba(test.x, test.rows)));
    plain.dispose();
    zero.dispose();
  });

  it('is deterministic for a seed (dropout and shuffling included)', async () => {
    const config = classifierConfig({ dropout: 0.3, steps: 25, epochs: null });
    const a = await trainClassifier(config, train, null, { seed: 8 });
    const b = await trainClassifier(config, train, null, { seed: 8 });
    const c = await trainClassifier(config, train, null, { seed: 9 });
    const pa = Array.from(a.predictProba(test.x, test.rows));
    expect(Array.from(b.predictProba(test.x, test.rows))).toEqual(pa);
    expect(Array.from(c.predictProba(test.x, test.rows))).not.toEqual(pa);
    [a, b, c].forEach((x) => {
      x.dispose();
    });
  });

  it('stops early and keeps the weights of the best check: the same predictions as a model stopped there', async () => {
    // validation = the training rows with every label moved to the next class: as the classifier
    // learns the training labels, the validation loss can only rise, so the first check is the best
    const small = mixedTable(30, 3);
    const flipped = { ...small, y: Int32Array.from(small.y, (c) => (c + 1) % 3) };
    const config = classifierConfig({ hidden: [16], batchNorm: true, dropout: 0.1, batch: 8, lr: 0.02, steps: 200, epochs: null });
    const stopping = { ...config, earlyStopping: { part: 'validation', every: 4, patience: 3, monitor: 'loss' as const } };
    const checks: (number | null)[] = [];
    const stopped = await trainClassifier(stopping, small, flipped, { seed: 6, onProgress: (p) => checks.push(p.validationLoss) });
    expect([stopped.stepBudget, stopped.keptStep, stopped.stepsTrained]).toEqual([200, 4, 16]); // checks at 4, 8, 12, 16
    const losses = [...new Set(checks.filter((v): v is number => v !== null))];
    expect(losses.length).toBe(4);
    expect(losses[0]).toBeLessThan(Math.min(...losses.slice(1)));
    // a model given exactly the kept step's budget, with no early stopping, holds the same weights
    // (batch-norm running statistics included)
    const reference = await trainClassifier(config, small, null, { seed: 6, steps: 4 });
    expect(Array.from(stopped.predictProba(test.x, test.rows))).toEqual(Array.from(reference.predictProba(test.x, test.rows)));
    // and the kept weights are not the last trained ones
    const last = await trainClassifier(config, small, null, { seed: 6, steps: 16 });
    expect(Array.from(stopped.predictProba(test.x, test.rows))).not.toEqual(Array.from(last.predictProba(test.x, test.rows)));
    [stopped, reference, last].forEach((c) => {
      c.dispose();
    });
  });

  it('stops on the validation weighted F1 with monitor weighted_f1 and keeps the weights of its best check', async () => {
    const small = mixedTable(30, 3);
    const validation = mixedTable(45, 5);
    const config = classifierConfig({
      hidden: [16],
      lr: 0.02,
      steps: 200,
      epochs: null,
      earlyStopping: { part: 'validation', every: 5, patience: 4, monitor: 'weighted_f1' },
    });
    const checks = new Map<number, number>();
    const clf = await trainClassifier(config, small, validation, {
      seed: 7,
      onProgress: (p) => {
        if (p.step % 5 === 0 && p.validationLoss !== null) checks.set(p.step, p.validationLoss);
      },
    });
    const values = [...checks.values()];
    const best = Math.min(...values);
    // the first check reaching the best value is kept; training ran `patience` checks past it
    const keptStep = [...checks.keys()][values.indexOf(best)];
    expect(clf.keptStep).toBe(keptStep);
    expect(clf.stepsTrained).toBe(keptStep + 4 * 5);
    const f1 = computeMetrics(validation.y, argmaxRows(clf.predictProba(validation.x, validation.rows), validation.rows, 3), 3).weighted_f1;
    expect(1 - f1).toBeCloseTo(best, 12);
    expect(f1).toBeGreaterThan(0.8); // chance is about 0.33 on three balanced classes
    clf.dispose();
  });

  it('stops with an error naming the classifier and the step when the loss is not finite', async () => {
    const broken = mixedTable(20, 1);
    broken.x[5] = NaN;
    const before = tf.memory().numTensors;
    // a batch larger than the rows: every step sees the broken row. Logistic regression, because a
    // hidden relu layer would not carry the NaN on every backend: the wasm fused product with relu
    // (XNNPACK's clamp) turns NaN into 0, the native BLAS path and tf.relu keep it
    const config = classifierConfig({ kind: 'logistic', hidden: [], batch: 32 });
    await expect(trainClassifier(config, broken, null, { seed: 1 })).rejects.toThrow(
      /^Classifier 'clf' diverged at step 1: the training loss is NaN\. Lower the learning rate\.$/,
    );
    expect(tf.memory().numTensors).toBe(before);
  });

  it('trains logistic regression and a small cnn on images', async () => {
    const logistic = await trainClassifier(classifierConfig({ kind: 'logistic', hidden: [] }), train, null, { seed: 1 });
    const acc = computeMetrics(test.y, argmaxRows(logistic.predictProba(test.x, test.rows), test.rows, 3), 3).accuracy;
    expect(acc).toBeGreaterThan(0.8);
    logistic.dispose();
    const images = tinyImages(40);
    const before = tf.memory().numTensors;
    const cnn = await trainClassifier(
      classifierConfig({ kind: 'cnn', convFilters: [4], hidden: [8], epochs: 10, batch: 8 }),
      images,
      null,
      { seed: 1 },
    );
    const held = tinyImages(20, 7);
    const cnnAcc = computeMetrics(held.y, argmaxRows(cnn.predictProba(held.x, held.rows), held.rows, 2), 2).accuracy;
    expect(cnnAcc).toBe(1);
    cnn.dispose();
    expect(tf.memory().numTensors).toBe(before);
    await expect(trainClassifier(classifierConfig({ kind: 'cnn' }), train, null, { seed: 1 })).rejects.toThrow(
      "Classifier 'clf' is a cnn but its data is a table",
    );
  });

  it('keeps live tensors constant across steps and leaves none behind', async () => {
    const before = tf.memory().numTensors;
    const counts: number[] = [];
    const config = classifierConfig({
      batchNorm: true,
      dropout: 0.2,
      steps: 24,
      epochs: null,
      earlyStopping: { part: 'v', every: 6, patience: 10, monitor: 'loss' },
    });
    const clf = await trainClassifier(config, train, test, { seed: 3, onProgress: () => counts.push(tf.memory().numTensors) });
    expect(counts.length).toBe(24);
    expect(new Set(counts).size).toBe(1);
    clf.predictProba(test.x, test.rows);
    clf.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
