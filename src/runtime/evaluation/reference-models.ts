/**
 * The reference models of every report (METHOD.md §5, "a weak baseline makes every gain
 * meaningless"): on the same originals and the same test rows as a cell's baseline,
 *   majority   predicts the most frequent class of the originals for every test row (on ties, as
 *              in a balanced few-shot sample, the most frequent class of the part they come from)
 *   logistic   an L2-regularised logistic regression, λ chosen on the validation part when the
 *              split has one, else by cross-validation on the originals (never on the test part)
 * A baseline below logistic regression is undertrained; below the majority class it has learnt
 * nothing — unless the originals are a balanced few-shot sample and the test part is imbalanced,
 * where predicting the majority class scores high without being a usable classifier.
 */
import type { MetricName } from '../../plan/types.ts';
import { computeMetrics } from './metrics.ts';
import { chooseLambda, predictClasses, type LambdaChoice, type Rows } from './logistic-regression.ts';

/** What the reference models scored on a cell's test rows. */
export interface ReferenceScores {
  majority: Partial<Record<MetricName, number>>;
  /** the class majority predicts (the lowest index among equally frequent classes) */
  majorityClass: number;
  logistic: Partial<Record<MetricName, number>>;
  /** the chosen regulariser and where it was chosen */
  lambda: number;
  lambdaChosenOn: LambdaChoice;
}

/**
 * The most frequent label of `y`. Ties — every class of a balanced few-shot sample — go to the class
 * most frequent in `tieBreak` (the labels of the part the sample was drawn from: the data's majority
 * class, the one that scores ≈ 0.89 weighted F1 on thyroid), then to the lowest index.
 */
export function majorityClass(y: Int32Array, numClasses: number, tieBreak: Int32Array | null = null): number {
  const count = (labels: Int32Array) => {
    const n = new Array<number>(numClasses).fill(0);
    for (const c of labels) n[c] += 1;
    return n;
  };
  const counts = count(y);
  const second = tieBreak ? count(tieBreak) : counts.map(() => 0);
  let best = 0;
  for (let c = 1; c < numClasses; c++) if (counts[c] > counts[best] || (counts[c] === counts[best] && second[c] > second[best])) best = c;
  return best;
}

/** Train and score both reference models (see the file comment). */
export function scoreReferenceModels(
  train: Rows,
  validation: Rows | null,
  test: Rows,
  metrics: MetricName[],
  seed: number,
  tieBreak: Int32Array | null = null,
): ReferenceScores {
  const pick = (m: ReturnType<typeof computeMetrics>) =>
    Object.fromEntries(metrics.map((name) => [name, m[name]])) as Partial<Record<MetricName, number>>;
  const majority = majorityClass(train.y, train.numClasses, tieBreak);
  const majorityScores = computeMetrics(test.y, new Int32Array(test.rows).fill(majority), test.numClasses);
  const { model, choice } = chooseLambda(train, validation, seed);
  const logisticScores = computeMetrics(test.y, predictClasses(model, test.x, test.rows), test.numClasses);
  return {
    majority: pick(majorityScores),
    majorityClass: majority,
    logistic: pick(logisticScores),
    lambda: model.lambda,
    lambdaChosenOn: choice,
  };
}
