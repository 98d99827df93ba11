/**
 * results.json: what a run measured, one record per cell × repeat × arm. Its JSON Schema
 * (results.schema.json beside this file) is the source of truth; these types mirror it. The file
 * holds no timestamps or timings (those go to the run file), so two runs of the same spec on the
 * same backend write the same bytes.
 */
import type { ExportedData, MetricName, ReportNode } from '../../plan/types.ts';

/** 2.1.0 added `classNames`; `augc report` still reads 2.0.0 files (their classes are numbered). */
export const RESULTS_SCHEMA_VERSION = '2.1.0';

export interface RunRecord {
  /** the evaluate task's id */
  taskId: string;
  arm: string;
  dataset: string;
  /** axis name → printable label of the value of this cell */
  cell: Record<string, string>;
  repeat: number;
  /** the classifier's seed: shared by all arms of a cell and repeat (paired comparisons) */
  seed: number;
  metrics: Partial<Record<MetricName, number>>;
  perClassF1: number[];
  confusion: number[][];
  counts: { originals: number; generated: number; kept: number; train: number; test: number };
  /** GC acceptance rate (null without a filter) */
  acceptance: number | null;
  acceptanceByClass: (number | null)[] | null;
  /** (since 2.0.0, replaces classifierEpochs) the classifier's optimizer steps: the budget (equal
   * across the arms of a cell unless the spec says `per_arm`), the steps trained (fewer when early
   * stopping ended the training) and the step of the kept weights (the best validation check under
   * early stopping, else the last step) */
  classifierSteps: { budget: number; trained: number; kept: number };
  /** (since 2.0.0) the reference models of this cell and repeat, on the same originals and test
   * rows; on the baseline's record (the first arm's without a baseline), absent or null elsewhere */
  references?: ReferenceRecord | null;
  /** (since 2.0.0) quality of the generated examples of this arm; absent or null without any */
  quality?: GeneratedQuality | null;
}

/** What the reference models scored (src/runtime/evaluation/reference-models.ts). */
export interface ReferenceRecord {
  majority: Partial<Record<MetricName, number>>;
  majorityClass: number;
  logistic: Partial<Record<MetricName, number>>;
  logisticLambda: number;
  /** where λ was chosen: the validation part, cross-validation or a hold-out of the originals, or
   * the default 1/n when a class has a single original */
  lambdaChosenOn: 'validation' | 'cross_validation' | 'holdout' | 'default';
  /** the originals are a per-class (balanced) sample, not a part with the data's proportions */
  balancedSample: boolean;
}

/** Quality of an arm's generated examples (src/runtime/evaluation/generated-quality.ts). */
export interface GeneratedQuality {
  /** share of all generated rows whose inherited label the oracle predicts */
  labelFidelity: number | null;
  /** the same over the rows the GC kept (equal to labelFidelity without a filter) */
  labelFidelityKept: number | null;
  /** AUC of a logistic regression telling kept generated rows from real ones (0.5 = indistinguishable) */
  detectionAuc: number | null;
  /** mean over encoded columns of the two-sample KS statistic, kept generated vs real (tables only) */
  meanKs: number | null;
  /** the oracle's weighted F1 on its own held-out rows: a ceiling on how far fidelity can be trusted */
  oracleHeldOutF1: number;
  /** generated (and as many real) rows the detection AUC and KS compared, matched class by class */
  comparedRows: number;
}

/** (since 2.0.0) Is a cell's baseline strong? One per dataset and cell (see baseline-strength.ts). */
export interface BaselineCheck {
  dataset: string;
  cell: Record<string, string>;
  metric: MetricName;
  repeats: number;
  baseline: number;
  majority: number;
  logistic: number;
  /** the larger standard deviation over repeats of the baseline and of logistic regression (0 with one repeat) */
  spread: number;
  /** ok; below_logistic (a warning: gains over it are no finding); below_majority (a warning: the
   * originals keep the data's proportions); below_majority_balanced (context only: balanced few-shot
   * originals against an imbalanced test part) */
  verdict: 'ok' | 'below_logistic' | 'below_majority' | 'below_majority_balanced';
}

export interface FigureRecord {
  taskId: string;
  kind: 'latent' | 'samples' | 'interpolation' | 'reconstructions';
  /** the VAE or arm it shows */
  target: string;
  /** axis name → label of the cell it shows, for the axes that tell it apart from the other figures of
   * the same report line (a β or d sweep gives one figure per VAE); empty when the line has one figure */
  cell?: Record<string, string>;
  title: string;
  /** files written beside the report, relative to the results file's folder */
  files: string[];
  /** a markdown table for tabular data (no image) */
  table: string | null;
  caption: string;
}

export interface ResultsFile {
  resultsSchemaVersion: string;
  augcVersion: string;
  backend: { name: string; version: string };
  experiment: { name: string; title: string; seed: number; repeats: number };
  /** spec path relative to its project folder, and its SHA-256 */
  spec: { path: string; sha256: string };
  compilerVersion: string;
  smoke: boolean;
  overrides: { path: string; value: string }[];
  metrics: MetricName[];
  axes: { name: string; kind: string; labels: string[] }[];
  /** `variesWith` (optional within 2.0.0): the `beta`, `latent` and `generated` axes that change the arm — β or d of its VAE, its `count generated` */
  arms: { name: string; kind: 'baseline' | 'augment'; description: string; variesWith?: string[] }[];
  /** the arm every other is compared with (null when the spec has no baseline) */
  baseline: string | null;
  datasets: string[];
  /** (since 2.1.0) per dataset, its class names in class-code order (src/runtime/data/class-names.ts);
   * absent in 2.0.0 files, and a dataset is missing when its records came from an older cache */
  classNames?: Record<string, string[]>;
  report: {
    /** the markdown file, relative to the results file's folder */
    path: string;
    /** a handlebars template (absolute), or null for the built-in one */
    template: string | null;
    tables: ReportNode['tables'];
    plots: ReportNode['plots'];
  };
  runs: RunRecord[];
  figures: FigureRecord[];
  /** (since 2.0.0) per cell: the baseline against the reference models; absent in older files */
  baselineChecks?: BaselineCheck[];
  /** (since 2.1.0, optional) the files of `export` in the report block; absent when it exports nothing */
  generatedData?: GeneratedDataFiles;
}

/** What `export generated, kept` wrote (src/runtime/execution/export-generated.ts). */
export interface GeneratedDataFiles {
  /** what the report block asked for, in this order */
  exported: ExportedData[];
  /** the folder beside the report, relative to the results file's folder: `<report name>-data` */
  folder: string;
  /** one per augmenting arm, cell and repeat, in plan order */
  files: GeneratedDataFile[];
}

export interface GeneratedDataFile {
  /** the generate task whose examples these are */
  taskId: string;
  arm: string;
  dataset: string;
  /** axis name → printable label, as in `runs` */
  cell: Record<string, string>;
  repeat: number;
  /** `csv` for tables; `png+idx` for images: a folder of png/CLASS/NNNNN.png, images-idx3-ubyte,
   * labels-idx1-ubyte and index.csv */
  format: 'csv' | 'png+idx';
  /** the CSV file or the image folder, relative to the results file's folder */
  path: string;
  /** examples written, and how many of them the arm trains on (all but those its GC filter dropped) */
  rows: number;
  kept: number;
  /** the arm has a GC filter (its rows have a gc_score) */
  filtered: boolean;
}
