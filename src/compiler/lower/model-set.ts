/**
 * The models of a spec lowered together — classifiers (and which one evaluates), GCs (declared
 * and inline), VAEs and arms — once for the spec and once per dataset that has `when dataset X
 * set …` statements, so tasks of that dataset's cells use its own settings.
 */
import type * as A from '../ast/types.ts';
import { downstreamClassifier } from '../check/check-experiment.ts';
import { commonParts, type Symbols } from '../check/symbols.ts';
import { START_OF_FILE } from '../diagnostics/diagnostic.ts';
import { DEFAULTS } from '../language.ts';
import type { ArmNode, ClassifierNode, GcNode, VaeNode } from '../../plan/types.ts';
import { inlineGcName, lowerArm } from './arms.ts';
import { lowerClassifier, lowerGc, lowerInlineGc, lowerVae } from './models.ts';

export interface ModelSet {
  classifiers: Map<string, ClassifierNode>;
  /** the classifier that evaluates the arms */
  classifier: ClassifierNode;
  gcs: Map<string, GcNode>;
  /** VAEs before per-cell resolution (β_norm, epochs → steps) */
  vaes: Map<string, VaeNode>;
  arms: ArmNode[];
}

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

/** Lower the models of a (checked) spec; `vaeTrainOn` is the default part VAEs train on. */
export function lowerModelSet(spec: A.SpecAst, symbols: Symbols, smoke: boolean, vaeTrainOn: string): ModelSet {
  const parts = commonParts(symbols);
  const classifiers = new Map(
    [...symbols.classifiers.values()].map((c) => [c.name.text, clipClassifier(lowerClassifier(c, parts), smoke)]),
  );
  const chosen = downstreamClassifier(spec, symbols.classifiers);
  let classifier = chosen && chosen !== 'ambiguous' ? classifiers.get(chosen) : undefined;
  if (!classifier) {
    classifier = clipClassifier(
      lowerClassifier(
        { kind: 'classifier', name: { text: 'default', range: spec.header?.range ?? START_OF_FILE }, settings: [], range: START_OF_FILE },
        parts,
      ),
      smoke,
    );
    classifiers.set(classifier.name, classifier);
  }
  const gcs = new Map([...symbols.gcs.values()].map((g) => [g.name.text, clipGc(lowerGc(g, classifiers), smoke)]));
  for (const arm of symbols.arms.values()) {
    const filter = arm.options.find((o) => o.kind === 'filter');
    if (filter?.kind === 'filter' && filter.call)
      gcs.set(inlineGcName(arm.name.text), clipGc(lowerInlineGc(filter.call, inlineGcName(arm.name.text), classifiers), smoke));
  }
  const vaes = new Map([...symbols.vaes.values()].map((v) => [v.name.text, lowerVae(v, vaeTrainOn)]));
  return { classifiers, classifier, gcs, vaes, arms: [...symbols.arms.values()].map(lowerArm) };
}
