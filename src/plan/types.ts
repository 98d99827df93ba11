/**
 * The execution plan: the contract between the compiler (`augc plan`) and the runtime (`augc run`).
 *
 * `plan.schema.json` beside this file is the single source of truth for the JSON form; these types
 * mirror it one to one and `test/compiler/plan/` checks that every example plan validates. When you
 * change one, change the other and bump PLAN_SCHEMA_VERSION.
 *
 * Every default is explicit here: a runtime component never invents a setting. Every seed is a fixed
 * unsigned 32-bit integer derived from the experiment's base seed (see seeds.ts), so the same plan
 * always gives the same numbers on the same backend.
 */

export const PLAN_SCHEMA_VERSION = '1.3.0';

// ---------------------------------------------------------------- data

/** Where a dataset comes from. Paths are absolute after lowering (resolved against the spec's folder
 * or through AUGC_DATA_PATH for named collections). */
export type DataSource =
  | {
      kind: 'proben1';
      /** (since 1.2.0 any set) the file stem: 'thyroid', 'cancer', 'heartc' — found as
       * proben1/FOLDER/NAMEp.dt on the search path */
      name: string;
      permutation: 1 | 2 | 3;
      /** (since 1.2.0) a `.dt` file read by path, `proben1("data/cancer1.dt")`; name and permutation
       * then come from its file name */
      path?: string;
    }
  | {
      kind: 'csv';
      path: string;
      /** column holding the class label (name, or 0-based index as a string like "#15") */
      label: string;
      /** 'auto' = detect from the first line */
      header: boolean | 'auto';
      /** 'auto' = detect among , ; tab and whitespace */
      delimiter: string | 'auto';
      /** marker of a missing value, e.g. "?" */
      missing: string[];
      /** declared column types; undeclared columns are inferred; (since 1.3.0) 'ignore' leaves a column out */
      columns: Record<string, DeclaredColumnType>;
      /** (since 1.1.0) the declared class list, `classes ["yes", "no"]`: fixes the class codes
       * (code i ⇔ classes[i]); a label outside it is an error. Absent or null: the distinct labels,
       * sorted. Lowering writes it only when the spec declares one. */
      classes?: string[] | null;
      /** (since 1.2.0) the column holding each row's part, `partition "split"`: the file keeps its
       * own train/validation/test split */
      partition?: string | null;
      /** (since 1.2.0) part → the value of the partition column that means it (default: the part's
       * own name, any case) */
      parts?: Partial<Record<'train' | 'validation' | 'test', string>> | null;
    }
  | ({ kind: 'parquet' | 'arff' } & TableSourceOptions)
  | { kind: 'mnist' }
  | { kind: 'fashion_mnist' }
  | { kind: 'idx'; images: string; labels: string }
  | { kind: 'images'; dir: string }
  | { kind: 'iris' };

export type ColumnType = 'continuous' | 'binary' | 'categorical';
/** (since 1.3.0) A type declared for a column (`columns { arm ignore }`, `type.arm=ignore`): a
 * feature's type, or 'ignore': the column is read past, neither stored nor a feature (nor the label
 * or partition). */
export type DeclaredColumnType = ColumnType | 'ignore';

/** (since 1.2.0) A Parquet or ARFF file: the csv source's column options without the text ones
 * (header, delimiter, missing markers are the format's own; ARFF nominal attributes are categorical). */
export interface TableSourceOptions {
  path: string;
  /** column holding the class label: a name or "#i"; '' = the last column */
  label: string;
  columns: Record<string, DeclaredColumnType>;
  classes?: string[] | null;
  partition?: string | null;
  parts?: Partial<Record<'train' | 'validation' | 'test', string>> | null;
}

/** Reversible preprocessing, fitted on the split's fitting part only. */
export interface Preprocess {
  /** continuous columns: min–max to [0,1], or standardise to mean 0 / sd 1 */
  continuous: 'minmax' | 'standardize' | 'none';
  /** missing values: mean (continuous) / most frequent category (categorical) of the fitting part */
  impute: 'mean_mode';
}

export interface DatasetNode {
  /** the name in the spec: `data thyroid = proben1("thyroid")` */
  name: string;
  source: DataSource;
  preprocess: Preprocess;
  split: SplitNode;
}

export type PartName = string; // 'train' | 'validation' | 'test' | 'pool' | any name the split defines

export type SplitNode =
  /** the source's own partition (PROBEN1 train/validation/test; MNIST-style train/test) */
  | { kind: 'partition'; parts: PartName[]; fitOn: PartName }
  /** stratified ratios over all rows, seeded; fixed across repeats (the test set stays fixed) */
  | { kind: 'stratified'; ratios: Record<PartName, number>; seed: number; fitOn: PartName };

// ---------------------------------------------------------------- models

export type BetaPolicy =
  | { kind: 'value'; value: number }
  /** β_norm = value · d / N, `resolved` filled in once d and N are known */
  | { kind: 'norm'; value: number; resolved: number };

export type Layers =
  | { kind: 'dense'; widths: number[] }
  /** conv stack for images: filters per 3×3 conv layer (stride 2), then dense widths */
  | { kind: 'conv'; filters: number[]; kernel: number; dense: number[] };

export type Likelihood = 'bernoulli' | 'gaussian' | 'categorical' | 'mixed';

export interface TrainSettings {
  /** exactly one of steps / epochs is set by the spec; lowering turns epochs into steps too */
  steps: number;
  epochs: number | null;
  batch: number;
  lr: number;
  optimizer: 'adam';
}

export interface VaeNode {
  name: string;
  mode: 'single' | 'per_class';
  /** per_class only: class c's training set gets round(mixIn · n_c) extra rows drawn from the other
   * classes (n_c = class c's own rows), i.e. the fraction is relative to the class's own set */
  mixIn: number;
  /** what it trains on: a split part, or 'shots' (the few-shot training examples of the cell) */
  trainOn: PartName | 'shots';
  latent: number;
  beta: BetaPolicy;
  /** β rises linearly from 0 over this many steps (0 = no warm-up) */
  betaWarmupSteps: number;
  encoder: Layers;
  decoder: Layers;
  activation: 'relu' | 'leaky_relu' | 'tanh';
  likelihood: Likelihood;
  train: TrainSettings;
}

export interface ClassifierNode {
  name: string;
  kind: 'mlp' | 'cnn' | 'logistic';
  /** mlp: hidden widths; cnn: dense widths after the conv stack; logistic: [] */
  hidden: number[];
  /** cnn only: filters per conv block */
  convFilters: number[];
  activation: 'relu' | 'leaky_relu';
  batchNorm: boolean;
  dropout: number;
  /**
   * (since 1.3.0) L2 penalty on the weights (not the biases, nor batch norm's scale and shift):
   * the loss gains weightDecay/2 · Σw², as in an L2-regularised logistic regression. 0 = none;
   * absent in older plans, meaning 0.
   */
  weightDecay?: number;
  /** (since 1.2.0) exactly one of steps / epochs is set by the spec: `train steps N` or `epochs N`.
   * The training budget in optimizer steps; with epochs, lowering resolves each evaluate task's
   * budget (EvaluateTask.steps) so that every arm of a cell gets the same number. */
  steps: number | null;
  epochs: number | null;
  /** (since 1.2.0) what an epoch budget counts: 'cell' (default) = epochs over the cell's originals,
   * the same step count for every arm; 'arm' (`epochs N per_arm`) = epochs over each arm's own rows,
   * so arms with more rows train longer: the old, confounded behaviour, opted into explicitly */
  epochsPer: 'cell' | 'arm';
  batch: number;
  lr: number;
  optimizer: 'adam';
  /** early stopping on a validation part (null = train the whole budget). The best weights (lowest
   * validation loss over the checks) are always restored. (since 1.2.0) `every`: optimizer steps
   * between validation checks; `patience`: checks without improvement before stopping. `monitor`:
   * the mean validation loss, or (since 1.2.0) the validation weighted F1, better under balanced
   * few-shot training with an imbalanced validation part (src/runtime/models/classifier-train-step.ts). */
  earlyStopping: { part: PartName; every: number; patience: number; monitor: 'loss' | 'weighted_f1' } | null;
}

export interface GcNode {
  name: string;
  negatives: { kind: 'noise'; sigma: number } | { kind: 'early_checkpoint'; step: number };
  classifier: ClassifierNode;
  /** generated examples with a GC score below this are dropped */
  keep: number;
}

// ---------------------------------------------------------------- sweep and arms

/** What an axis varies. */
export type AxisTarget =
  /** n examples per class drawn from a part; (since 1.2.0) `cap`: capped at each class's rows there */
  | { kind: 'shots'; from: PartName; cap?: boolean }
  | { kind: 'generated' } // number generated per class (used by arms with count { kind: 'axis' })
  | { kind: 'beta'; vaes: string[] } // overrides the β policy of these VAEs
  | { kind: 'latent'; vaes: string[] } // overrides latent d of these VAEs
  | { kind: 'dataset' }; // values are dataset names

export type AxisValue = number | string | BetaPolicy;

export interface Axis {
  name: string;
  target: AxisTarget;
  values: AxisValue[];
  /** printable labels of the values, in order ("β_norm 1", "0.5", "thyroid") */
  labels: string[];
}

export type Recipe =
  | { kind: 'prior'; alpha: number }
  | { kind: 'noise'; alpha: number }
  | { kind: 'interpolate'; k: number; alpha: number }
  | { kind: 'extrapolate'; k: number; alpha: number }
  // baselines in input space, no VAE
  | { kind: 'smote'; k: number }
  | { kind: 'oversample' }
  | { kind: 'input_noise'; sigma: number };

export type Count =
  | { kind: 'fixed'; perClass: number }
  | { kind: 'same' } // as many as the originals of each class
  | { kind: 'balance' } // top every class up to the largest class
  | { kind: 'axis'; axis: string }; // the value of a `generated` axis

export interface ArmNode {
  name: string;
  kind: 'baseline' | 'augment';
  /** augment only (null for baseline and input-space recipes) */
  vae: string | null;
  recipe: Recipe | null;
  /** latent noise added after an interpolate/extrapolate step (null = none) */
  plusNoise: { alpha: number } | null;
  count: Count | null;
  filter: string | null; // name of a GcNode
  onlyGenerated: boolean;
}

// ---------------------------------------------------------------- report

export type MetricName = 'weighted_f1' | 'macro_f1' | 'accuracy';

export interface ReportNode {
  /** absolute path of the markdown report */
  path: string;
  /** absolute path of a handlebars template, or null for the built-in one */
  template: string | null;
  tables: { metric: MetricName; rows: string; cols: 'arm' }[];
  plots: { metric: MetricName; over: string; kind: 'metric' | 'gain' }[];
  figures: (
    | { kind: 'latent'; vae: string }
    | { kind: 'samples'; arm: string }
    | { kind: 'interpolation'; vae: string }
    | { kind: 'reconstructions'; vae: string }
  )[];
  /** (since 1.3.0, optional) `export generated, kept` in the report block: each augmenting arm's
   * generated examples per cell and repeat are written beside the report, in `<report name>-data/`.
   * `generated`: every generated example; `kept`: those the arm trains on (its GC filter's kept
   * ones; all of them without a filter); both: every generated example with a `kept` column.
   * Absent: nothing is written. */
  export?: ExportedData[];
}

/** What of the generated examples a report exports (ReportNode.export), in this order. */
export type ExportedData = 'generated' | 'kept';

// ---------------------------------------------------------------- tasks

/** The values of every axis for one cell of the grid, by axis name. */
export type Cell = Record<string, AxisValue>;

interface TaskBase {
  /** stable, readable id: e.g. "vae:shared/r0", "eval:baseline/shots=5/r2" */
  id: string;
  /** (since 1.3.0 complete) every task whose output this task reads, and only those: with the task's
   * other fields less id, repeat and cell, its inputs and so its cache key (task-inputs.ts) */
  deps: string[];
  seed: number;
  repeat: number;
  cell: Cell;
}

/** Load the dataset, split it, fit the preprocessing. One per dataset. */
export interface PrepareDataTask extends TaskBase {
  kind: 'prepare_data';
  dataset: string;
}

/** Draw n examples per class (stratified, seeded) from a part. One per (repeat, shots value, dataset). */
export interface SampleShotsTask extends TaskBase {
  kind: 'sample_shots';
  dataset: string;
  from: PartName;
  perClass: number;
  /** (since 1.2.0) `sweep shots … cap`: a class with fewer than perClass rows in the part gives all
   * of them (the cell is then not balanced); absent or false: such a class is an error */
  cap?: boolean;
}

/** Train one VAE (or one per class). `vae` is fully resolved for this cell (β number, latent). */
export interface TrainVaeTask extends TaskBase {
  kind: 'train_vae';
  dataset: string;
  vae: VaeNode & { betaValue: number };
  /** id of the sample_shots task when vae.trainOn is 'shots' */
  shots: string | null;
  /** steps at which to keep a checkpoint (for GC early_checkpoint negatives) */
  checkpoints: number[];
}

/** Make new examples from originals with a recipe. */
export interface GenerateTask extends TaskBase {
  kind: 'generate';
  dataset: string;
  arm: string;
  /** train_vae task id (null for input-space recipes) */
  vaeTask: string | null;
  recipe: Recipe;
  plusNoise: { alpha: number } | null;
  /** resolved count: per class number, or same / balance */
  count: { kind: 'fixed'; perClass: number } | { kind: 'same' } | { kind: 'balance' };
  /** the originals: a sample_shots task id, or a part */
  originals: { shots: string } | { part: PartName };
}

/** Train a GC on originals vs. negatives and drop generated examples it scores below `keep`. */
export interface FilterTask extends TaskBase {
  kind: 'filter_gc';
  dataset: string;
  gc: GcNode;
  generate: string;
  vaeTask: string | null;
  originals: { shots: string } | { part: PartName };
}

/** Train the downstream classifier and score it on the test part. One per (repeat, cell, arm). */
export interface EvaluateTask extends TaskBase {
  kind: 'evaluate';
  dataset: string;
  arm: string;
  classifier: ClassifierNode;
  originals: { shots: string } | { part: PartName };
  /** generate or filter_gc task id whose output is added (null for the baseline) */
  generated: string | null;
  onlyGenerated: boolean;
  test: PartName;
  metrics: MetricName[];
  /** (since 1.2.0) the classifier's optimizer-step budget for this evaluation, resolved by lowering
   * and equal across the arms of a cell and repeat: classifier.steps with `train steps N`; with
   * `epochs E` (per cell) E × ceil(baselineTrainRows / batch), baselineTrainRows being the cell's
   * originals (shots × classes, or the training part's size). null only for `epochs E per_arm`: the
   * runtime then computes E × ceil(thisArmTrainRows / batch). */
  steps: number | null;
  /** (since 1.1.0) score on at most about this many rows of the test part: a stratified sample
   * seeded by the task's seed (so every arm of a cell and repeat sees the same rows). Set by
   * `--smoke` only; absent or null: the whole test part. */
  testLimit?: number | null;
  /** (since 1.2.0) also train and score the reference models (majority class, L2 logistic
   * regression) on this task's originals and test rows; λ is chosen on `validation` when it names a
   * part, else by cross-validation on the originals. Set on one arm per cell (the baseline). */
  references?: { validation: PartName | null } | null;
  /** (since 1.2.0) measure the generated examples' quality: label fidelity against the `oracle`
   * task's classifier, detection AUC and per-column KS against real rows of the part `real`.
   * `generate` is the generate task (all generated rows, before any GC filter). */
  quality?: { oracle: string; generate: string; real: PartName } | null;
}

/** (since 1.2.0) Train the label-fidelity oracle on a whole part (the shots' pool, else the training
 * part): `network` (one hidden layer, tables) or `logistic` (images). One per dataset and repeat. */
export interface OracleTask extends TaskBase {
  kind: 'oracle';
  dataset: string;
  model: 'network' | 'logistic';
  part: PartName;
  /** the rows the oracle's weight decay is chosen on (null: a 20% hold-out of `part`) */
  validation: PartName | null;
  /** train on at most this many rows of `part` (a stratified sample); absent or null: the runtime's
   * default (5000). `--smoke` sets a small number. */
  maxRows?: number | null;
}

/** Produce the data behind a report figure (latent scatter, sample grid, …). Repeat 0, first cell. */
export interface FigureTask extends TaskBase {
  kind: 'figure';
  dataset: string;
  figure: ReportNode['figures'][number];
  vaeTask: string | null;
  /** the generate task whose examples a samples figure shows; (since 1.3.0) for a latent figure, set
   * by lowering to the first generate task (in plan order) that samples from the same VAE, or null */
  generateTask: string | null;
}

export type Task = PrepareDataTask | SampleShotsTask | TrainVaeTask | GenerateTask | FilterTask | EvaluateTask | FigureTask | OracleTask;
export type TaskKind = Task['kind'];

// ---------------------------------------------------------------- the plan

export interface Plan {
  schemaVersion: string;
  compiler: { name: 'augc'; version: string };
  spec: { path: string; sha256: string };
  /** `--set path=value` overrides and `--smoke`, recorded for provenance */
  overrides: { path: string; value: string }[];
  smoke: boolean;
  experiment: { name: string; title: string; seed: number; repeats: number };
  datasets: DatasetNode[];
  vaes: VaeNode[];
  classifiers: ClassifierNode[];
  gcs: GcNode[];
  /** the classifier every evaluate task uses */
  classifier: string;
  /** what the classifier trains on when no shots axis is swept */
  trainOn: PartName;
  /** the part scored */
  test: PartName;
  axes: Axis[];
  arms: ArmNode[];
  /** the first is the primary metric */
  metrics: MetricName[];
  report: ReportNode;
  /** topologically sorted: every dep appears before the task that needs it */
  tasks: Task[];
}
