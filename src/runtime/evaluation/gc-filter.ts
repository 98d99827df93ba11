/**
 * The generative-classifier (GC) filter (METHOD.md §4): a binary classifier of real examples
 * (label 1) against "bad" negatives (label 0), one negative per original —
 *   noise(σ)               x + N(0, σ²I) for each original x (tables)
 *   early_checkpoint(t)    the reconstruction of x by the VAE's checkpoint at step t (images:
 *                          blurry, poor samples); per_class VAEs reconstruct x with x's class model
 * — trained with the GC's classifier settings for its whole step budget (`train steps N`, else
 * epochs × ceil(rows / batch) over originals + negatives; no validation part, so no early stopping),
 * then every generated example with P(real) < keep is dropped. Acceptance = kept / generated, per class.
 */
import type { FilterResult, FilterWithGc, Generated, LabeledData, TrainedVae } from '../components.ts';
import type { GcNode } from '../../plan/types.ts';
import { Random } from '../random.ts';
import { gatherRows } from '../training/batch-sampler.ts';
import { trainClassifier } from '../training/train-classifier.ts';
import { rowsByClass } from '../sampling/counts.ts';

/** Negatives for the GC, one per original row. */
export function gcNegatives(gc: GcNode, originals: LabeledData, vae: TrainedVae | null, rng: Random): Float32Array {
  const negatives = gc.negatives;
  if (negatives.kind === 'noise') {
    const out = new Float32Array(originals.x.length);
    for (let i = 0; i < out.length; i++) out[i] = originals.x[i] + negatives.sigma * rng.normal();
    return out;
  }
  if (!vae) throw new Error(`GC '${gc.name}' takes its negatives from a VAE checkpoint, but the arm has no VAE.`);
  const out = new Float32Array(originals.x.length);
  const N = originals.features;
  const groups =
    vae.config.mode === 'per_class'
      ? rowsByClass(originals.y, originals.numClasses)
      : [Int32Array.from({ length: originals.rows }, (_, i) => i)];
  groups.forEach((rows, model) => {
    if (rows.length === 0) return;
    const recon = vae.reconstructAt(negatives.step, gatherRows(originals.x, N, rows), rows.length, model);
    rows.forEach((r, j) => {
      out.set(recon.subarray(j * N, (j + 1) * N), r * N);
    });
  });
  return out;
}

/** Implements `FilterWithGc` of components.ts. */
export const filterWithGc: FilterWithGc = async (gc, originals, generated, vae, options) => {
  if (generated.x.length !== generated.rows * originals.features) {
    throw new Error(
      `GC '${gc.name}': generated data holds ${generated.x.length} values, expected ${generated.rows} × ${originals.features}.`,
    );
  }
  // nothing to score: skip training the GC
  if (generated.rows === 0) return acceptance(generated, new Float32Array(0), gc.keep, originals.numClasses);
  const rng = new Random(options.seed);
  const negatives = gcNegatives(gc, originals, vae, rng);
  const rows = originals.rows * 2;
  const x = new Float32Array(rows * originals.features);
  x.set(originals.x, 0);
  x.set(negatives, originals.x.length);
  const y = new Int32Array(rows);
  y.fill(1, 0, originals.rows);
  const train: LabeledData = { ...originals, x, y, rows, numClasses: 2 };
  // steps null: the budget rule of train-classifier.ts (the GC's `steps`, else its epochs over these rows)
  const classifier = await trainClassifier(gc.classifier, train, null, { seed: rng.seed(), steps: null });
  try {
    return acceptance(generated, classifier.predictProba(generated.x, generated.rows), gc.keep, originals.numClasses);
  } finally {
    classifier.dispose();
  }
};

/** Keep mask, scores and acceptance rates from P(real) scores (rows × 2, column 1 = real). */
export function acceptance(generated: Generated, scores: Float32Array, keep: number, numClasses: number): FilterResult {
  const kept = new Uint8Array(generated.rows);
  const score = new Float32Array(generated.rows);
  const made = new Array<number>(numClasses).fill(0);
  const accepted = new Array<number>(numClasses).fill(0);
  for (let i = 0; i < generated.rows; i++) {
    const c = generated.y[i];
    made[c] += 1;
    score[i] = scores[i * 2 + 1];
    if (score[i] >= keep) {
      kept[i] = 1;
      accepted[c] += 1;
    }
  }
  const total = accepted.reduce((a, b) => a + b, 0);
  return {
    keep: kept,
    score,
    acceptanceByClass: made.map((m, c) => (m === 0 ? NaN : accepted[c] / m)),
    acceptance: generated.rows === 0 ? NaN : total / generated.rows,
  };
}
