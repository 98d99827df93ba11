/**
 * The .aug abstract syntax tree: what the spec says, with a source range on every node, before
 * any defaults. Built from the CST by build.ts; recovered (partial) statements may lack parts,
 * so optional children are `null` rather than absent. Checks read this; lowering reads it after
 * the checks pass.
 */
import type { SourceRange } from '../diagnostics/diagnostic.ts';

export interface Node {
  range: SourceRange;
}

/** A name or keyword as written. */
export interface Word extends Node {
  text: string;
}

export interface NumberLiteral extends Node {
  kind: 'number';
  value: number;
  /** written without a decimal point or exponent */
  isInteger: boolean;
  text: string;
}

export interface StringLiteral extends Node {
  kind: 'string';
  value: string;
}

export interface NameAtom extends Node {
  kind: 'name';
  text: string;
}

/** `norm 1.0` inside a list (β_norm). */
export interface NormValue extends Node {
  kind: 'norm';
  value: NumberLiteral;
}

export type ListItem = NumberLiteral | StringLiteral | NameAtom | NormValue;

export interface ListValue extends Node {
  kind: 'list';
  items: ListItem[];
}

export interface MapValue extends Node {
  kind: 'map';
  entries: { key: Word; value: Word }[];
}

export type Atom = NumberLiteral | StringLiteral | NameAtom | ListValue | MapValue;

/** One call argument: a run of atoms, e.g. `alpha 1.0` or `noise sigma 0.1` or `"thyroid"`. */
export interface Argument extends Node {
  atoms: Atom[];
}

/** `name(args)` or `target.name(args)`. */
export interface Call extends Node {
  /** `shared` in `shared.noise(...)`; null for `noise(...)` */
  target: Word | null;
  callee: Word;
  args: Argument[];
}

export interface ExperimentHeader extends Node {
  name: Word | null;
  title: StringLiteral | null;
}

export interface ValueStatement extends Node {
  kind: 'seed' | 'repeats';
  keyword: Word;
  value: NumberLiteral | null;
}

export interface DataDeclaration extends Node {
  kind: 'data';
  name: Word;
  source: Call | null;
  scale: Word | null;
}

export interface SplitStatement extends Node {
  kind: 'split';
  dataset: Word;
  mode: Word | null; // partition | stratified
  ratios: { part: Word; value: NumberLiteral }[];
}

export type Layers =
  | (Node & { kind: 'dense'; widths: ListValue | null })
  | (Node & { kind: 'conv'; filters: ListValue | null; kernel: NumberLiteral | null; dense: ListValue | null });

export type VaeSetting =
  | (Node & { kind: 'mode'; keyword: Word; on: Word | null; mixIn: NumberLiteral | null; mixInKeyword: Word | null })
  | (Node & { kind: 'latent'; keyword: Word; value: NumberLiteral | null })
  | (Node & { kind: 'beta'; keyword: Word; norm: boolean; value: NumberLiteral | null; warmup: NumberLiteral | null })
  | (Node & { kind: 'encoder' | 'decoder'; keyword: Word; layers: Layers | null })
  | (Node & { kind: 'activation' | 'likelihood'; keyword: Word; value: Word | null })
  | (Node & { kind: 'train'; keyword: Word; options: { key: Word; value: NumberLiteral | null }[] });

export interface VaeDeclaration extends Node {
  kind: 'vae';
  name: Word;
  settings: VaeSetting[];
}

export type ClassifierSetting =
  | (Node & { kind: 'mlp'; keyword: Word; widths: ListValue | null })
  | (Node & { kind: 'cnn'; keyword: Word; filters: ListValue | null; dense: ListValue | null })
  | (Node & { kind: 'logistic' | 'batchnorm'; keyword: Word })
  | (Node & { kind: 'activation'; keyword: Word; value: Word | null })
  /** `perArm`: the `per_arm` word after the number (meaningful after `epochs` only) */
  | (Node & {
      kind: 'dropout' | 'weight_decay' | 'epochs' | 'batch' | 'lr';
      keyword: Word;
      value: NumberLiteral | null;
      perArm: Word | null;
    })
  /** `train steps N [batch B] [lr X]` (epochs too, as in a vae block) */
  | (Node & { kind: 'train'; keyword: Word; options: { key: Word; value: NumberLiteral | null }[] })
  /** `early_stop on PART [every K steps] [patience P] [monitor M]`, or `early_stop off` (part null, off set) */
  | (Node & {
      kind: 'early_stop';
      keyword: Word;
      part: Word | null;
      every: NumberLiteral | null;
      patience: NumberLiteral | null;
      /** `monitor loss|weighted_f1`: what the validation check compares (null: the default, loss) */
      monitor: Word | null;
      off: Word | null;
    });

export interface ClassifierDeclaration extends Node {
  kind: 'classifier';
  name: Word;
  settings: ClassifierSetting[];
}

export type GcSetting =
  | (Node & { kind: 'noise'; keyword: Word; sigma: NumberLiteral | null })
  | (Node & { kind: 'early_checkpoint'; keyword: Word; step: NumberLiteral | null })
  | (Node & { kind: 'classifier'; keyword: Word; name: Word | null })
  | (Node & { kind: 'keep'; keyword: Word; value: NumberLiteral | null });

export interface GcDeclaration extends Node {
  kind: 'gc';
  name: Word;
  settings: GcSetting[];
}

export interface SweepStatement extends Node {
  kind: 'sweep';
  axis: Word;
  of: Word[];
  values: ListValue | null;
  perClass: Word | null;
  from: Word | null;
  /** `cap`: shots per class capped at what the part holds for each class */
  cap: Word | null;
}

export type ArmOption =
  | (Node & { kind: 'count'; keyword: Word; value: NumberLiteral | NameAtom | null })
  | (Node & { kind: 'filter'; keyword: Word; call: Call | null; name: Word | null })
  | (Node & { kind: 'only_generated'; keyword: Word });

export interface ArmDeclaration extends Node {
  kind: 'arm';
  name: Word;
  recipe: Call | null;
  plus: Call | null;
  options: ArmOption[];
}

export interface MetricStatement extends Node {
  kind: 'metric';
  names: Word[];
}

export type ReportItem =
  | (Node & { kind: 'table'; metric: Word | null; rows: Word | null; cols: Word | null })
  | (Node & { kind: 'plot'; metric: Word | null; gain: boolean; over: Word | null })
  | (Node & { kind: 'latent' | 'samples' | 'interpolation' | 'reconstructions'; keyword: Word; target: Word | null })
  /** `export generated, kept`: what of the arms' generated examples the run writes beside the report */
  | (Node & { kind: 'export'; keyword: Word; what: Word[] });

export interface ReportDeclaration extends Node {
  kind: 'report';
  path: StringLiteral | null;
  template: StringLiteral | null;
  items: ReportItem[];
}

export interface PartStatement extends Node {
  kind: 'train_on' | 'test_on' | 'classify_with';
  keyword: Word;
  value: Word | null;
}

/** `when dataset glass set vae.pc.mix_in 0.0`: a setting for the cells of one dataset. */
export interface WhenStatement extends Node {
  kind: 'when';
  /** the axis (only `dataset`) and its value */
  axis: Word;
  value: Word | null;
  /** the dotted override path as written, e.g. `vae.pc.mix_in` */
  path: Word | null;
  setting: NumberLiteral | NameAtom | null;
}

export type Statement =
  | WhenStatement
  | ValueStatement
  | DataDeclaration
  | SplitStatement
  | VaeDeclaration
  | ClassifierDeclaration
  | GcDeclaration
  | SweepStatement
  | ArmDeclaration
  | MetricStatement
  | ReportDeclaration
  | PartStatement;

export type StatementKind = Statement['kind'];
/** The statement type of one kind (`ValueStatement & { kind: 'seed' }` for 'seed'). */
export type StatementOf<K extends StatementKind> = Statement & { kind: K };

/** A whole spec. */
export interface SpecAst {
  file: string;
  header: ExperimentHeader | null;
  statements: Statement[];
}

/** Statements of one kind, in source order. */
export function statementsOf<K extends StatementKind>(spec: SpecAst, kind: K): StatementOf<K>[] {
  return spec.statements.filter((s): s is StatementOf<K> => s.kind === kind);
}
