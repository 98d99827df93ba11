/**
 * The dataset-metadata contract: the cheap facts about a dataset that the data layer reads
 * (`augc data describe --json`) and the compiler's data-aware checks consume. It lives in the plan
 * package so that the compiler never imports the runtime to know what metadata looks like.
 */
import type { ColumnType } from './types.ts';

export interface ColumnInfo {
  name: string;
  type: ColumnType;
  /** over the non-missing values of the whole dataset (continuous and binary) */
  min?: number;
  max?: number;
  /** categorical: the category names in code order (code i ⇔ categories[i]) */
  categories?: string[];
  /** number of missing values */
  missing: number;
}

export interface ClassCount {
  label: string;
  count: number;
}

/** Cheap facts about a dataset: what `augc data describe --json` prints and the checker reads. */
export interface DatasetMetadata {
  /** the reference string: "proben1:thyroid", "mnist", "csv:/abs/path.csv" */
  ref: string;
  kind: 'tabular' | 'image';
  rows: number;
  /** raw features (columns before encoding; pixels for images) */
  features: number;
  /** input dimension N after preprocessing (one-hot expands categoricals); N of β_norm */
  encodedFeatures: number;
  /** [height, width, channels] for images */
  imageShape: [number, number, number] | null;
  classes: ClassCount[];
  /** the source's own partition, when it has one: part → row count */
  parts: Partial<Record<'train' | 'validation' | 'test', number>>;
  /** the source's own partition: part → count per class (same order as `classes`) */
  partClassCounts: Partial<Record<'train' | 'validation' | 'test', number[]>>;
  columns: ColumnInfo[];
  /** columns of the file declared `ignore`, in file order: read past, not features (absent: none) */
  ignoredColumns?: string[];
  /** min and max over all (non-missing, numeric) raw feature values */
  valueRange: [number, number];
  /** image folders: how many images were decoded to check them (all, or a bounded sample) */
  imagesDecoded?: number;
}

/**
 * Why the data layer refused a dataset, for the refusals the compiler reports with a code of its
 * own (the data layer's error carries it as `reason`, with the column or set as `subject`).
 */
export type DataProblem =
  /** `proben1("NAME")`: no such set on the search path (subject: the name) */
  | 'unknownProben1Set'
  /** a PROBEN1 set with real-valued outputs: regression, not classification */
  | 'regressionSet'
  /** `csv(...)` of a file that starts with a PROBEN1 header */
  | 'proben1AsCsv'
  /** the label column holds many distinct numbers (subject: the column) */
  | 'continuousLabel'
  /** no feature column is left besides the label (and partition) */
  | 'noFeatures'
  /** a declared column (`columns {}`, label, partition) the file does not have (subject: the name) */
  | 'unknownColumn'
  /** a column declared `ignore` that is the label or the partition column (subject: the column as declared) */
  | 'ignoredColumnInUse';
