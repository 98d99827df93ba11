import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../src/runtime/backend/init-backend.ts';
import { trainClassifier } from '../../../src/runtime/training/train-classifier.ts';
import { argmaxRows, computeMetrics } from '../../../src/runtime/evaluation/metrics.ts';
import { classifierConfig, mixedTable, tinyImages } from '../models/fixtures.ts';

beforeAll(async () => {
  await initBackend();
});

describe('trainClassifier', () => {
  const train = mixedTable(90, 1);
  const test = mixedTable(60, 9);

  it('learns a separable table with an mlp (batch norm, dropout) and predicts probabilities', async () => {
    const epochs: number[] = [];
    const clf = await trainClassifier(classifierConfig({ hidden: [16, 16], batchNorm: true, dropout: 0.1, activation: 'leaky_relu' }), train, null, {
      seed: 4,
      onEpoch: (e, total, loss, val) => {
        epochs.push(e);
        expect(total).toBe(20);
        expect(Number.isFinite(loss)).toBe(true);
        expect(val).toBeNull();
      },
    });
    expect(epochs).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(clf.epochsRun).toBe(20);
    const p = clf.predictProba(test.x, test.rows);
    expect(p.length).toBe(60 * 3);
    expect(p[0] + p[1] + p[2]).toBeCloseTo(1, 5);
    const m = computeMetrics(test.y, argmaxRows(p, test.rows, 3), 3);
    expect(m.accuracy).toBeGreaterThan(0.9);
    clf.dispose();
  });

  it('is deterministic for a seed (dropout and shuffling included)', async () => {
    const config = classifierConfig({ dropout: 0.3, epochs: 5 });
    const a = await trainClassifier(config, train, null, { seed: 8 });
    const b = await trainClassifier(config, train, null, { seed: 8 });
    const c = await trainClassifier(config, train, null, { seed: 9 });
    const pa = Array.from(a.predictProba(test.x, test.rows));
    expect(Array.from(b.predictProba(test.x, test.rows))).toEqual(pa);
    expect(Array.from(c.predictProba(test.x, test.rows))).not.toEqual(pa);
    [a, b, c].forEach((x) => x.dispose());
  });

  it('stops early on the validation loss and restores the best epoch', async () => {
    const validation = mixedTable(30, 5);
    // a tiny noisy training set and a large learning rate: the validation loss turns up quickly
    const noisy = mixedTable(12, 3);
    noisy.y = Int32Array.from(noisy.y, (c, i) => (i % 4 === 0 ? (c + 1) % 3 : c));
    const losses: number[] = [];
    const clf = await trainClassifier(
      classifierConfig({ hidden: [64], epochs: 200, lr: 0.05, earlyStopping: { part: 'validation', patience: 3, monitor: 'loss' } }),
      noisy,
      validation,
      { seed: 2, onEpoch: (_e, _t, _l, v) => losses.push(v as number) },
    );
    expect(clf.epochsRun).toBeLessThan(200);
    expect(clf.epochsRun).toBe(losses.length);
    const best = Math.min(...losses);
    const bestEpoch = losses.indexOf(best);
    expect(losses.length - 1 - bestEpoch).toBe(3); // patience epochs after the best one
    // restored weights give the best epoch's validation loss
    const p = clf.predictProba(validation.x, validation.rows);
    let loss = 0;
    for (let i = 0; i < validation.rows; i++) loss -= Math.log(p[i * 3 + validation.y[i]]);
    expect(loss / validation.rows).toBeCloseTo(best, 4);
    clf.dispose();
  });

  it('trains logistic regression and a small cnn on images', async () => {
    const logistic = await trainClassifier(classifierConfig({ kind: 'logistic', hidden: [] }), train, null, { seed: 1 });
    const acc = computeMetrics(test.y, argmaxRows(logistic.predictProba(test.x, test.rows), test.rows, 3), 3).accuracy;
    expect(acc).toBeGreaterThan(0.8);
    logistic.dispose();
    const images = tinyImages(40);
    const before = tf.memory().numTensors;
    const cnn = await trainClassifier(classifierConfig({ kind: 'cnn', convFilters: [4], hidden: [8], epochs: 10, batch: 8 }), images, null, { seed: 1 });
    const held = tinyImages(20, 7);
    const cnnAcc = computeMetrics(held.y, argmaxRows(cnn.predictProba(held.x, held.rows), held.rows, 2), 2).accuracy;
    expect(cnnAcc).toBe(1);
    cnn.dispose();
    expect(tf.memory().numTensors).toBe(before);
    await expect(trainClassifier(classifierConfig({ kind: 'cnn' }), train, null, { seed: 1 })).rejects.toThrow(
      "Classifier 'clf' is a cnn but its data is a table",
    );
  });

  it('keeps live tensors constant across epochs and leaves none behind', async () => {
    const before = tf.memory().numTensors;
    const counts: number[] = [];
    const config = classifierConfig({ batchNorm: true, dropout: 0.2, epochs: 4, earlyStopping: { part: 'v', patience: 10, monitor: 'loss' } });
    const clf = await trainClassifier(config, train, test, { seed: 3, onEpoch: () => counts.push(tf.memory().numTensors) });
    expect(counts.length).toBe(4);
    expect(new Set(counts).size).toBe(1);
    clf.predictProba(test.x, test.rows);
    clf.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
