import { describe, expect, it } from 'vitest';
import { argmaxRows, computeMetrics } from '../../../src/runtime/evaluation/metrics.ts';

describe('computeMetrics (scikit-learn definitions, zero_division=0)', () => {
  // y_true 0 0 0 1 1 2 ; y_pred 0 0 1 1 0 0  — class 2 is never predicted
  const yTrue = Int32Array.from([0, 0, 0, 1, 1, 2]);
  const yPred = Int32Array.from([0, 0, 1, 1, 0, 0]);
  const m = computeMetrics(yTrue, yPred, 3);

  it('builds the confusion matrix confusion[true][predicted]', () => {
    expect(m.confusion).toEqual([
      [2, 1, 0],
      [1, 1, 0],
      [1, 0, 0],
    ]);
  });

  it('gives per-class precision, recall, F1 and support by hand', () => {
    // class 0: TP 2, predicted 4, support 3 → P 0.5, R 2/3, F1 4/7
    expect(m.perClass[0].precision).toBeCloseTo(0.5, 12);
    expect(m.perClass[0].recall).toBeCloseTo(2 / 3, 12);
    expect(m.perClass[0].f1).toBeCloseTo(4 / 7, 12);
    // class 1: TP 1, predicted 2, support 2 → P 0.5, R 0.5, F1 0.5
    expect(m.perClass[1]).toEqual({ precision: 0.5, recall: 0.5, f1: 0.5, support: 2 });
    // class 2: never predicted → precision 0 (zero_division=0), recall 0, F1 0
    expect(m.perClass[2]).toEqual({ precision: 0, recall: 0, f1: 0, support: 1 });
  });

  it('weights F1 by support, averages macro F1 and counts accuracy', () => {
    expect(m.weighted_f1).toBeCloseTo((3 * (4 / 7) + 2 * 0.5 + 0) / 6, 12); // 0.452380…
    expect(m.macro_f1).toBeCloseTo((4 / 7 + 0.5 + 0) / 3, 12);
    expect(m.accuracy).toBeCloseTo(3 / 6, 12);
  });

  it('leaves a class absent from both labels and predictions out of macro F1 (sklearn labels default)', () => {
    const r = computeMetrics(Int32Array.from([0, 1, 1]), Int32Array.from([0, 1, 0]), 3);
    // class 0: P 0.5 R 1 F1 2/3; class 1: P 1 R 0.5 F1 2/3; class 2 absent
    expect(r.macro_f1).toBeCloseTo(2 / 3, 12);
    expect(r.weighted_f1).toBeCloseTo(2 / 3, 12);
    expect(r.perClass[2]).toEqual({ precision: 0, recall: 0, f1: 0, support: 0 });
  });

  it('scores a perfect prediction 1 everywhere', () => {
    const r = computeMetrics(Int32Array.from([2, 0, 1]), Int32Array.from([2, 0, 1]), 3);
    expect([r.weighted_f1, r.macro_f1, r.accuracy]).toEqual([1, 1, 1]);
  });

  it('rejects mismatched lengths and labels outside the classes', () => {
    expect(() => computeMetrics(Int32Array.from([0]), Int32Array.from([0, 1]), 2)).toThrow('1 labels but 2 predictions');
    expect(() => computeMetrics(Int32Array.from([0, 3]), Int32Array.from([0, 1]), 2)).toThrow('Example 1 has label 3');
  });

  it('argmaxRows picks the most probable class per row', () => {
    const p = Float32Array.from([0.1, 0.7, 0.2, 0.5, 0.2, 0.3, 0.3, 0.3, 0.4]);
    expect(Array.from(argmaxRows(p, 3, 3))).toEqual([1, 0, 2]);
  });
});
