/**
 * The data layer's contract: what a loaded dataset, its metadata, its preprocessing and its split
 * look like. The compiler reads `DatasetMetadata` for its data-aware checks; the runtime trains on
 * `EncodedParts`. Arrays are typed and row-major (row i, feature j at i * features + j).
 */
import type { ColumnType, DataSource, DeclaredColumnType, PartName, Preprocess, SplitNode } from '../../plan/types.ts';

export type { ColumnType, DataSource, DeclaredColumnType };
export type { ClassCount, ColumnInfo, DatasetMetadata } from '../../plan/dataset-metadata.ts';
import type { DatasetMetadata } from '../../plan/dataset-metadata.ts';

/** A dataset in memory. Categorical raw values are stored as their code (index into categories);
 * a missing value is NaN. */
export interface Dataset {
  metadata: DatasetMetadata;
  /** rows × features, raw values. For an image dataset holding `pixels`, this is produced from them
   * on first read (through `pixelLevels`) and kept — 4 bytes per value; code that can should read `pixels`. */
  x: Float32Array;
  /** image datasets: the 8-bit pixels, rows × features (h·w·c, channels last); the value of byte b
   * is `pixelLevels[b]`. The compact storage: 70,000 Fashion-MNIST images are 55 MB here, 220 MB as `x`. */
  pixels?: Uint8Array;
  /** with `pixels`: the [0,1] Float32 value of each byte 0 … 255 (256 entries); absent: byte / 255.
   * MNIST's table is k/255 rounded to 3 decimals, the values its package ships. */
  pixelLevels?: Float32Array;
  /** class code per row, 0 … classes.length − 1 */
  y: Int32Array;
  /** row indices of the source's own partition, when it has one */
  partition: Partial<Record<'train' | 'validation' | 'test', Int32Array>>;
}

/** One block of encoded columns: the VAE's mixed likelihood sums one term per group. */
export interface FeatureGroup {
  /** raw column index */
  column: number;
  kind: ColumnType;
  /** [start, end) in the encoded vector */
  start: number;
  end: number;
}

/** A fitted, reversible preprocessing. */
export interface Preprocessor {
  config: Preprocess;
  rawFeatures: number;
  encodedFeatures: number;
  groups: FeatureGroup[];
  /** raw rows (NaN = missing) → encoded rows (imputed, scaled, one-hot) */
  transform(x: Float32Array): Float32Array;
  /** encoded rows → raw rows: a real category per categorical column (argmax), binaries rounded,
   * continuous values clipped to the range seen when fitting */
  inverse(encoded: Float32Array): Float32Array;
  /** JSON form, so a fitted preprocessing can be cached and restored */
  toJSON(): unknown;
}

/** Row indices of each part of a split (indices into Dataset rows). */
export type SplitParts = Record<PartName, Int32Array>;

/** A prepared dataset: split, preprocessing fitted on `split.fitOn`, every row encoded. */
export interface PreparedData {
  dataset: Dataset;
  split: SplitNode;
  parts: SplitParts;
  preprocessor: Preprocessor;
  /** all rows encoded: rows × preprocessor.encodedFeatures. Images: the same array as
   * `dataset.x`, produced only when read; `toLabeledData` converts just the rows asked for. */
  encoded: Float32Array;
}

/** A CSV source with its optional declared class list (additive to the plan's DataSource: the
 * reference string `csv:PATH,classes=a|b|c` sets it; a plan may carry it as a `classes` field).
 * Declared classes fix the class codes (code i ⇔ classes[i]); a label outside them is an error. */
export type CsvSource = Extract<DataSource, { kind: 'csv' }> & {
  classes?: string[];
};
