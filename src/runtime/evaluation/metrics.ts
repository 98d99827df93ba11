/**
 * Classification metrics with scikit-learn's definitions (sklearn.metrics, `zero_division=0`):
 *   precision_c = TP_c / (TP_c + FP_c), 0 when class c is never predicted
 *   recall_c    = TP_c / (TP_c + FN_c), 0 when class c never occurs
 *   f1_c        = 2·P·R / (P + R),      0 when P + R = 0
 *   weighted F1 = Σ_c support_c · f1_c / Σ_c support_c   (f1_score(average='weighted'))
 *   macro F1    = mean of f1_c over the classes that occur in y_true or y_pred (scikit-learn's
 *                 `labels` default: the union of the labels present)
 *   accuracy    = correct / rows
 * Per-class records cover every class 0 … numClasses−1 (absent classes get zeros).
 */
import type { Metrics } from '../components.ts';

/** Compute every metric (see the file comment). Implements `ComputeMetrics` of components.ts. */
export function computeMetrics(yTrue: Int32Array, yPred: Int32Array, numClasses: number): Metrics {
  if (yTrue.length !== yPred.length) {
    throw new Error(`Metrics need one prediction per example: ${yTrue.length} labels but ${yPred.length} predictions.`);
  }
  const confusion = Array.from({ length: numClasses }, () => new Array<number>(numClasses).fill(0));
  for (let i = 0; i < yTrue.length; i++) {
    const t = yTrue[i];
    const p = yPred[i];
    if (t < 0 || t >= numClasses || p < 0 || p >= numClasses) {
      throw new Error(`Example ${i} has label ${t} / prediction ${p}, outside the ${numClasses} classes.`);
    }
    confusion[t][p] += 1;
  }
  let correct = 0;
  let weighted = 0;
  let macroSum = 0;
  let present = 0;
  const perClass = confusion.map((row, c) => {
    const tp = row[c];
    const support = row.reduce((a, b) => a + b, 0);
    const predicted = confusion.reduce((a, r) => a + r[c], 0);
    const precision = predicted === 0 ? 0 : tp / predicted;
    const recall = support === 0 ? 0 : tp / support;
    const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
    correct += tp;
    weighted += support * f1;
    if (support > 0 || predicted > 0) {
      macroSum += f1;
      present += 1;
    }
    return { precision, recall, f1, support };
  });
  const rows = yTrue.length;
  return {
    weighted_f1: rows === 0 ? 0 : weighted / rows,
    macro_f1: present === 0 ? 0 : macroSum / present,
    accuracy: rows === 0 ? 0 : correct / rows,
    perClass,
    confusion,
  };
}

/** The predicted class of each row: argmax of rows × numClasses probabilities (first maximum wins). */
export function argmaxRows(probabilities: Float32Array | Float64Array, rows: number, numClasses: number): Int32Array {
  const out = new Int32Array(rows);
  for (let i = 0; i < rows; i++) {
    let best = 0;
    for (let c = 1; c < numClasses; c++) if (probabilities[i * numClasses + c] > probabilities[i * numClasses + best]) best = c;
    out[i] = best;
  }
  return out;
}
