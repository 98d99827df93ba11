/**
 * The models of a spec as the plan holds them — classifiers (and which one evaluates), GCs
 * (declared and inline), VAEs and arms, as binding resolved them — once for the spec and once per
 * dataset that has `when dataset X set …` statements, so tasks of that dataset's cells use its
 * own settings. Smoke runs clip their training here.
 */
import type { BoundModels, BoundSpec } from '../bind/bind.ts';
import type { ClassifierNode, GcNode } from '../../plan/types.ts';

/** The bound models, with classifiers and GCs clipped in smoke runs. */
export type ModelSet = BoundModels;

/**
 * Smoke runs: the same grid and the same tasks, tiny work in each — one repeat, short VAE and
 * classifier training, few shots and few fixed generated examples per class, and every evaluate
 * task scoring a stratified sample of at most `testLimit` test rows.
 */
export const SMOKE = {
  repeats: 1,
  maxVaeSteps: 30,
  maxEpochs: 2,
  maxClassifierSteps: 20,
  maxCheckpointStep: 15,
  maxShots: 10,
  maxGenerated: 20,
  testLimit: 100,
};

function clipClassifier(c: ClassifierNode, smoke: boolean): ClassifierNode {
  if (!smoke) return c;
  return {
    ...c,
    epochs: c.epochs === null ? null : Math.min(c.epochs, SMOKE.maxEpochs),
    steps: c.steps === null ? null : Math.min(c.steps, SMOKE.maxClassifierSteps),
  };
}

function clipGc(gc: GcNode, smoke: boolean): GcNode {
  if (!smoke) return gc;
  const negatives =
    gc.negatives.kind === 'early_checkpoint'
      ? { kind: 'early_checkpoint' as const, step: Math.min(gc.negatives.step, SMOKE.maxCheckpointStep) }
      : gc.negatives;
  return { ...gc, negatives, classifier: clipClassifier(gc.classifier, true) };
}

/** The models of a bound (checked) spec as the plan holds them: clipped in smoke runs. */
export function lowerModelSet(bound: BoundSpec, smoke: boolean): ModelSet {
  const models = bound.models();
  const classifiers = new Map([...models.classifiers].map(([name, c]) => [name, clipClassifier(c, smoke)]));
  return {
    classifiers,
    classifier: classifiers.get(models.classifier.name) ?? clipClassifier(models.classifier, smoke),
    gcs: new Map([...models.gcs].map(([name, gc]) => [name, clipGc(gc, smoke)])),
    vaes: models.vaes,
    arms: models.arms,
  };
}
