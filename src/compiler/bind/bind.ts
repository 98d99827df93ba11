/**
 * The binding phase: after the AST is built and `--set` overrides applied, every name, dataset,
 * part, model, recipe and axis of the spec is resolved once into a BoundSpec. The checker and the
 * lowering both read it; neither resolves a reference itself. An unresolved reference is a
 * diagnostic here (AUG2001 names, AUG2012 parts, AUG2013 report axes, with did-you-mean).
 */
import type * as A from '../ast/types.ts';
import { statementsOf } from '../ast/types.ts';
import type { Diagnostic } from '../diagnostics/diagnostic.ts';
import { DEFAULTS } from '../language.ts';
import type { ArmNode, ClassifierNode, GcNode, VaeNode } from '../../plan/types.ts';
import { bindModels } from './bound-models.ts';
import { bindReferences, type Reference } from './references.ts';
import {
  collectSymbols,
  DEFAULT_STRATIFIED_RATIOS,
  hasPartitionColumn,
  SOURCE_PARTITIONS,
  type Duplicate,
  type Symbols,
} from './symbols.ts';

/** The models of a spec, resolved with every default explicit (before smoke clipping and per-cell resolution). */
export interface BoundModels {
  classifiers: Map<string, ClassifierNode>;
  /** the classifier that evaluates the arms (the built-in default when none is chosen) */
  classifier: ClassifierNode;
  /** declared GCs, then each arm's inline `filter gc(...)` */
  gcs: Map<string, GcNode>;
  /** VAEs before per-cell resolution (β_norm, epochs → steps) */
  vaes: Map<string, VaeNode>;
  arms: ArmNode[];
}

export interface BoundSpec {
  spec: A.SpecAst;
  /** declarations by name (the first of each name) */
  symbols: Symbols;
  /** later declarations of a name already declared */
  duplicates: Duplicate[];
  /** the datasets the experiment runs on: those of a `dataset` axis, else every declared one */
  datasetsInUse: string[];
  /** parts every dataset in use defines (a part named anywhere must be in all of them) */
  commonParts: string[];
  /** the parts a dataset's split defines (explicit split, the source's partition, or the default) */
  partsOf(dataset: string): string[];
  /** the first dataset in use whose split lacks `part`, or null */
  lackingPart(part: string): string | null;
  /** every dataset in use defines `part` (or it is one of `extra`, such as `shots`) */
  hasPart(part: string, extra?: readonly string[]): boolean;
  /** the part the classifier trains on without a shots axis (`train on`, else the default) */
  trainOn: string;
  /** the part the arms are scored on (`test on`, else the default) */
  testPart: string;
  /** the evaluating classifier's name: `classify with`, else the only one no GC uses, else the only one */
  downstream: string | null | 'ambiguous';
  /** its declaration (null: the built-in default) */
  evaluatingClassifier: A.ClassifierDeclaration | null;
  /** every reference in the spec, resolved or not, in source order per statement */
  references: Reference[];
  /** the models, resolved on first use (only a spec without errors is sure to resolve) */
  models(): BoundModels;
}

/** Bind a spec: its resolved model, and a diagnostic for each reference that does not resolve. */
export function bindSpec(spec: A.SpecAst): { bound: BoundSpec; diagnostics: Diagnostic[] } {
  const { symbols, duplicates } = collectSymbols(spec);
  const parts = new Map<string, string[]>();
  const partsOf = (dataset: string) => {
    let found = parts.get(dataset);
    if (!found) {
      found = computePartsOf(symbols, dataset);
      parts.set(dataset, found);
    }
    return found;
  };
  const datasetsInUse = computeDatasetsInUse(symbols);
  const lacking = new Map<string, string | null>();
  const lackingPart = (part: string) => {
    let first = lacking.get(part);
    if (first === undefined) {
      first = datasetsInUse.find((n) => !partsOf(n).includes(part)) ?? null;
      lacking.set(part, first);
    }
    return first;
  };
  const downstream = downstreamClassifier(spec, symbols.classifiers);
  let models: BoundModels | undefined;
  const bound: BoundSpec = {
    spec,
    symbols,
    duplicates,
    datasetsInUse,
    commonParts: datasetsInUse.length === 0 ? [] : partsOf(datasetsInUse[0]).filter((p) => lackingPart(p) === null),
    partsOf,
    lackingPart,
    hasPart: (part, extra = []) => extra.includes(part) || lackingPart(part) === null,
    trainOn: statementsOf(spec, 'train_on')[0]?.value?.text ?? DEFAULTS.trainOn,
    testPart: statementsOf(spec, 'test_on')[0]?.value?.text ?? DEFAULTS.test,
    downstream,
    evaluatingClassifier: downstream && downstream !== 'ambiguous' ? (symbols.classifiers.get(downstream) ?? null) : null,
    references: [],
    models: () => (models ??= bindModels(bound)),
  };
  const diagnostics = bindReferences(bound);
  return { bound, diagnostics };
}

function computePartsOf(symbols: Symbols, dataset: string): string[] {
  const split = symbols.splits.get(dataset);
  if (split?.mode?.text === 'stratified') return split.ratios.map((r) => r.part.text);
  const data = symbols.datasets.get(dataset);
  if (data && hasPartitionColumn(data)) return SOURCE_PARTITIONS.proben1;
  return SOURCE_PARTITIONS[data?.source?.callee.text ?? ''] ?? Object.keys(DEFAULT_STRATIFIED_RATIOS);
}

function computeDatasetsInUse(symbols: Symbols): string[] {
  const axis = symbols.axes.get('dataset');
  if (axis?.values)
    return axis.values.items
      .flatMap((i) => (i.kind === 'name' || i.kind === 'string' ? [i.kind === 'name' ? i.text : i.value] : []))
      .filter((n) => symbols.datasets.has(n));
  return [...symbols.datasets.keys()];
}

/** The classifier that evaluates the arms: `classify with`, else the only one not used by a gc, else the only one. */
function downstreamClassifier(spec: A.SpecAst, classifiers: Map<string, A.ClassifierDeclaration>): string | null | 'ambiguous' {
  const chosen = statementsOf(spec, 'classify_with')[0]?.value?.text;
  if (chosen) return chosen;
  if (classifiers.size === 0) return null;
  if (classifiers.size === 1) return [...classifiers.keys()][0];
  const usedByGc = new Set(
    statementsOf(spec, 'gc').flatMap((g) => g.settings.flatMap((s) => (s.kind === 'classifier' && s.name ? [s.name.text] : []))),
  );
  const free = [...classifiers.keys()].filter((c) => !usedByGc.has(c));
  return free.length === 1 ? free[0] : 'ambiguous';
}
