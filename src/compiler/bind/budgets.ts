/**
 * Classifier training budgets in optimizer steps. The comparison between arms is only fair when
 * every arm of a cell trains its classifier for the same number of steps: under an epoch budget an
 * arm with twice the rows (e.g. `count same`) would get twice the steps, and its "gain" would be the
 * extra training, not the generated data. So an epoch budget counts the cell's originals (the
 * baseline's training rows), and only `epochs N per_arm` keeps the old per-arm count.
 */
import type { ClassifierNode } from '../../plan/types.ts';

/** Steps in `epochs` passes over `rows` rows in batches of `batch` (a partial batch is a step). */
export function epochSteps(epochs: number, rows: number, batch: number): number {
  return epochs * Math.max(1, Math.ceil(rows / batch));
}

/**
 * The optimizer-step budget of one evaluate task (EvaluateTask.steps): `train steps N` as written;
 * `epochs E` (per cell) E × ceil(baselineRows / batch); null for `epochs E per_arm`, where the
 * runtime counts the arm's own rows.
 */
export function evaluateSteps(
  classifier: Pick<ClassifierNode, 'steps' | 'epochs' | 'epochsPer' | 'batch'>,
  baselineRows: number,
): number | null {
  if (classifier.steps !== null) return classifier.steps;
  if (classifier.epochsPer === 'arm' || classifier.epochs === null) return null;
  return epochSteps(classifier.epochs, baselineRows, classifier.batch);
}

/**
 * Rows of a cell's few-shot sample: n per class, or with `cap` min(n, the class's rows in the part
 * the shots are drawn from) — `classRows` gives those counts, one per class.
 */
export function shotRows(perClass: number, classRows: readonly number[], cap: boolean): number {
  return classRows.reduce((sum, rows) => sum + (cap ? Math.min(perClass, rows) : perClass), 0);
}
