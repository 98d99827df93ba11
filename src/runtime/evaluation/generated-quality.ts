/**
 * Quality of generated examples, measured apart from any downstream gain (METHOD.md §5):
 *   label fidelity  share of generated rows whose inherited label the oracle classifier predicts
 *   detection AUC   how well a logistic regression (on columns and their squares) tells real from
 *                   generated rows, on held-out rows
 *                   (0.5 = indistinguishable, 1 = every generated row is recognisable); the
 *                   "LogisticDetection" metric of SDMetrics, reported as the AUC itself
 *   mean KS         per encoded column, the two-sample Kolmogorov–Smirnov statistic between real and
 *                   generated values (0 = same distribution, 1 = disjoint), averaged (tables only)
 * Real and generated rows are compared class by class in equal numbers (`matchedSample`): otherwise
 * balanced generation against an imbalanced real part would be "detected" by its class mix alone.
 */
import { Random } from '../random.ts';
import { fitLogistic, predictLogistic } from './logistic-regression.ts';

/** Share of rows whose predicted class equals their inherited label; null for no rows. */
export function labelFidelity(inherited: Int32Array, predicted: Int32Array): number | null {
  if (inherited.length !== predicted.length)
    throw new Error(`label fidelity needs one prediction per row: ${inherited.length} labels, ${predicted.length} predictions`);
  if (inherited.length === 0) return null;
  let agree = 0;
  for (let i = 0; i < inherited.length; i++) if (inherited[i] === predicted[i]) agree += 1;
  return agree / inherited.length;
}

/** Two-sample Kolmogorov–Smirnov statistic sup |F_a − F_b| (ties handled by stepping past equal values). */
export function ksStatistic(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length === 0 || b.length === 0) throw new Error('the KS statistic needs values in both samples');
  const x = Float64Array.from(a).sort();
  const y = Float64Array.from(b).sort();
  let i = 0;
  let j = 0;
  let d = 0;
  while (i < x.length && j < y.length) {
    const v = Math.min(x[i], y[j]);
    while (i < x.length && x[i] === v) i++;
    while (j < y.length && y[j] === v) j++;
    d = Math.max(d, Math.abs(i / x.length - j / y.length));
  }
  return d;
}

/** Mean over the columns of the KS statistic between two row-major tables of `features` columns. */
export function meanKs(real: Float32Array, generated: Float32Array, features: number): number {
  const rRows = real.length / features;
  const gRows = generated.length / features;
  let sum = 0;
  for (let f = 0; f < features; f++) {
    const a = new Float64Array(rRows);
    const b = new Float64Array(gRows);
    for (let r = 0; r < rRows; r++) a[r] = real[r * features + f];
    for (let r = 0; r < gRows; r++) b[r] = generated[r * features + f];
    sum += ksStatistic(a, b);
  }
  return sum / features;
}

/** ROC AUC of scores for positives (label 1) against negatives (label 0): the Mann–Whitney U
 * statistic with average ranks for ties, so equal scores count one half. */
export function rocAuc(scores: ArrayLike<number>, labels: ArrayLike<number>): number {
  const n = scores.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((p, q) => scores[p] - scores[q]);
  const ranks = new Float64Array(n);
  for (let start = 0; start < n; ) {
    let end = start;
    while (end + 1 < n && scores[order[end + 1]] === scores[order[start]]) end++;
    const rank = (start + end) / 2 + 1;
    for (let k = start; k <= end; k++) ranks[order[k]] = rank;
    start = end + 1;
  }
  let positives = 0;
  let rankSum = 0;
  for (let i = 0; i < n; i++)
    if (labels[i] === 1) {
      positives += 1;
      rankSum += ranks[i];
    }
  const negatives = n - positives;
  if (positives === 0 || negatives === 0) throw new Error('the AUC needs both positive and negative rows');
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/** Folds of the detection classifier: each row is scored by the model fitted on the other folds. */
const DETECTION_FOLDS = 3;

/**
 * Detection AUC: a logistic regression (λ = 1/n, scikit-learn's default C = 1) on every column and
 * its square learns real (0) against generated (1); every row is scored by the model fitted on the
 * other two of three stratified folds, and the AUC is computed over all out-of-fold scores. Needs
 * ≥ 3 rows a side. The squares matter: a purely linear detector sees a shift of the mean but not a
 * change of spread (a VAE's samples crowding around the mean scored 0.50 on PROBEN1 diabetes while
 * their mean KS was 0.52).
 */
export function detectionAuc(real: Float32Array, generated: Float32Array, features: number, seed: number): number | null {
  const rRows = real.length / features;
  const gRows = generated.length / features;
  if (rRows < DETECTION_FOLDS || gRows < DETECTION_FOLDS) return null;
  const rows = rRows + gRows;
  const width = features * 2;
  const x = new Float32Array(rows * width);
  for (let r = 0; r < rows; r++) {
    const from = r < rRows ? real : generated;
    const base = (r < rRows ? r : r - rRows) * features;
    for (let f = 0; f < features; f++) {
      const v = from[base + f];
      x[r * width + f] = v;
      x[r * width + features + f] = v * v;
    }
  }
  const y = new Int32Array(rows).fill(1, rRows);
  const rng = new Random(seed);
  const fold = new Int32Array(rows);
  for (const [from, to] of [
    [0, rRows],
    [rRows, rows],
  ]) {
    const idx = Array.from({ length: to - from }, (_, i) => from + i);
    rng.shuffle(idx);
    for (let j = 0; j < idx.length; j++) fold[idx[j]] = j % DETECTION_FOLDS;
  }
  const scores = new Float64Array(rows);
  for (let f = 0; f < DETECTION_FOLDS; f++) {
    const fitRows: number[] = [];
    const scoreRows: number[] = [];
    for (let r = 0; r < rows; r++) (fold[r] === f ? scoreRows : fitRows).push(r);
    const fitX = gather(x, width, fitRows);
    const model = fitLogistic(
      { x: fitX, y: Int32Array.from(fitRows, (r) => y[r]), rows: fitRows.length, features: width, numClasses: 2 },
      1 / fitRows.length,
      { maxIterations: 200 },
    );
    const p = predictLogistic(model, gather(x, width, scoreRows), scoreRows.length);
    for (let j = 0; j < scoreRows.length; j++) scores[scoreRows[j]] = p[j * 2 + 1];
  }
  return rocAuc(scores, y);
}

/**
 * Equal numbers of real and generated rows per class: for class c, min(real_c, generated_c, cap_c)
 * of each, drawn without replacement (cap_c spreads `maxPerSide` over the classes in proportion to
 * the generated counts, to bound the detector's cost). Returns row indices into each source.
 */
export function matchedSample(
  realY: Int32Array,
  generatedY: Int32Array,
  numClasses: number,
  rng: Random,
  maxPerSide = 2000,
): { real: Int32Array; generated: Int32Array } {
  const byClass = (y: Int32Array) => {
    const out: number[][] = Array.from({ length: numClasses }, () => []);
    for (let i = 0; i < y.length; i++) out[y[i]].push(i);
    return out;
  };
  const realBy = byClass(realY);
  const genBy = byClass(generatedY);
  const scale = Math.min(1, maxPerSide / Math.max(1, generatedY.length));
  const real: number[] = [];
  const generated: number[] = [];
  for (let c = 0; c < numClasses; c++) {
    const n = Math.min(realBy[c].length, genBy[c].length, Math.max(1, Math.floor(genBy[c].length * scale)));
    if (genBy[c].length === 0) continue;
    rng.shuffle(realBy[c]);
    rng.shuffle(genBy[c]);
    real.push(...realBy[c].slice(0, n));
    generated.push(...genBy[c].slice(0, n));
  }
  return { real: Int32Array.from(real), generated: Int32Array.from(generated) };
}

/** Rows `indices` of a row-major table, in that order. */
export function gather(x: Float32Array, features: number, indices: ArrayLike<number>): Float32Array {
  const out = new Float32Array(indices.length * features);
  for (let j = 0; j < indices.length; j++) out.set(x.subarray(indices[j] * features, (indices[j] + 1) * features), j * features);
  return out;
}
