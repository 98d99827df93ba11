import { describe, expect, it } from 'vitest';
import { majorityClass, scoreReferenceModels } from '../../../src/runtime/evaluation/reference-models.ts';
import type { Rows } from '../../../src/runtime/evaluation/logistic-regression.ts';

/** 1-D rows: class 1 at x > 0. `labels` fixes the class of each row. */
function rows(labels: number[]): Rows {
  const x = Float32Array.from(labels, (c, i) => (c === 1 ? 1 + (i % 7) / 10 : -1 - (i % 5) / 10));
  return { x, y: Int32Array.from(labels), rows: labels.length, features: 1, numClasses: 2 };
}
const ninetyTen = (n: number) => Array.from({ length: n }, (_, i) => (i % 10 === 9 ? 1 : 0));

describe('reference models', () => {
  it('majority predicts the most frequent class (the lowest on ties)', () => {
    expect(majorityClass(Int32Array.from([2, 1, 2, 0]), 3)).toBe(2);
    expect(majorityClass(Int32Array.from([1, 0]), 2)).toBe(0);
  });

  it('breaks the ties of a balanced sample by the class proportions of the part it was drawn from', () => {
    const balanced = Int32Array.from([0, 0, 1, 1, 2, 2]);
    const pool = Int32Array.from([0, 1, 2, 2, 2, 1]);
    expect(majorityClass(balanced, 3, pool)).toBe(2);
    // a clear majority in the sample wins whatever the part says
    expect(majorityClass(Int32Array.from([0, 0, 0, 1]), 2, Int32Array.from([1, 1, 1]))).toBe(0);
  });

  it('on a 90/10 test set majority scores accuracy 0.9 and weighted F1 0.9·(2·0.9/1.9)', () => {
    const train = rows(ninetyTen(50));
    const test = rows(ninetyTen(100));
    const s = scoreReferenceModels(train, null, test, ['weighted_f1', 'accuracy', 'macro_f1'], 1);
    expect(s.majorityClass).toBe(0);
    expect(s.majority.accuracy).toBeCloseTo(0.9, 12);
    // class 0: precision 0.9, recall 1 → F1 = 1.8/1.9; class 1: F1 0, support 10%
    expect(s.majority.weighted_f1).toBeCloseTo(0.9 * (1.8 / 1.9), 12);
    expect(s.majority.macro_f1).toBeCloseTo(1.8 / 1.9 / 2, 12);
    // the classes are separable by the sign of x: logistic regression gets every row right
    expect(s.logistic.accuracy).toBe(1);
    expect(s.logistic.weighted_f1).toBe(1);
    expect(s.lambdaChosenOn).toBe('cross_validation');
  });
});
