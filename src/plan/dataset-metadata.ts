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
  /** min and max over all (non-missing, numeric) raw feature values */
  valueRange: [number, number];
}
