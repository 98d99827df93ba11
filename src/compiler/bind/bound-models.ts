/**
 * The models of a bound spec: classifiers (and which one evaluates the arms), GCs (declared and
 * inline), VAEs and arms, as plan nodes with every default explicit. Resolved once per spec, and
 * once per dataset variant (`when dataset X set …`); lowering clips them for smoke runs.
 */
import type * as A from '../ast/types.ts';
import { START_OF_FILE } from '../diagnostics/diagnostic.ts';
import { armOf, inlineGcName } from './arms.ts';
import type { BoundModels, BoundSpec } from './bind.ts';
import { classifierOf, gcOf, inlineGcOf, vaeOf } from './models.ts';

/** The built-in classifier that evaluates the arms when the spec chooses none (named 'default'). */
export function defaultClassifierDeclaration(spec: A.SpecAst): A.ClassifierDeclaration {
  return { kind: 'classifier', name: { text: 'default', range: spec.header?.range ?? START_OF_FILE }, settings: [], range: START_OF_FILE };
}

/** Resolve the models of a bound spec (VAEs train on `shots` by default when shots are swept). */
export function bindModels(bound: BoundSpec): BoundModels {
  const { symbols, commonParts } = bound;
  const classifiers = new Map([...symbols.classifiers.values()].map((c) => [c.name.text, classifierOf(c, commonParts)]));
  const chosen = bound.downstream && bound.downstream !== 'ambiguous' ? classifiers.get(bound.downstream) : undefined;
  const classifier = chosen ?? classifierOf(defaultClassifierDeclaration(bound.spec), commonParts);
  if (!chosen) classifiers.set(classifier.name, classifier);
  const gcs = new Map([...symbols.gcs.values()].map((g) => [g.name.text, gcOf(g, classifiers)]));
  for (const arm of symbols.arms.values()) {
    const filter = arm.options.find((o) => o.kind === 'filter');
    if (filter?.kind === 'filter' && filter.call)
      gcs.set(inlineGcName(arm.name.text), inlineGcOf(filter.call, inlineGcName(arm.name.text), classifiers));
  }
  const vaeTrainOn = symbols.axes.has('shots') ? 'shots' : bound.trainOn;
  const vaes = new Map([...symbols.vaes.values()].map((v) => [v.name.text, vaeOf(v, vaeTrainOn)]));
  return { classifiers, classifier, gcs, vaes, arms: [...symbols.arms.values()].map(armOf) };
}
