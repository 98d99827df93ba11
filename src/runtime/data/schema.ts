/**
 * Builds a dataset's metadata (schema, ranges, class and part counts) from its typed arrays, so every
 * source fills `DatasetMetadata` the same way.
 */
import type { ColumnInfo, ColumnType, Dataset, DatasetMetadata } from './types.ts';

/** The parts a source's own partition can have. */
export type PartitionName = 'train' | 'validation' | 'test';
/** The partition parts in their row order. */
export const PARTITION_NAMES: PartitionName[] = ['train', 'validation', 'test'];

/** Column statistics over the non-missing (non-NaN) values of x (rows × features). */
export function describeColumns(
  x: Float32Array,
  rows: number,
  names: string[],
  types: ColumnType[],
  categories: (string[] | undefined)[] = [],
): ColumnInfo[] {
  const features = names.length;
  const min = new Float64Array(features).fill(Infinity);
  const max = new Float64Array(features).fill(-Infinity);
  const missing = new Int32Array(features);
  for (let i = 0; i < rows; i++) {
    const base = i * features;
    for (let j = 0; j < features; j++) {
      const v = x[base + j];
      if (Number.isNaN(v)) missing[j]++;
      else {
        if (v < min[j]) min[j] = v;
        if (v > max[j]) max[j] = v;
      }
    }
  }
  return names.map((name, j) => {
    const info: ColumnInfo = { name, type: types[j], missing: missing[j] };
    if (types[j] === 'categorical') info.categories = categories[j] ?? [];
    else if (min[j] <= max[j]) {
      // the values are Float32: 7 significant digits print 4.3, not 4.300000190734863
      info.min = Number(min[j].toPrecision(7));
      info.max = Number(max[j].toPrecision(7));
    }
    return info;
  });
}

/** N after the default preprocessing: one encoded column per continuous/binary column, one per
 * category of a categorical column. */
export function encodedWidth(columns: ColumnInfo[]): number {
  let n = 0;
  for (const c of columns) n += c.type === 'categorical' ? (c.categories?.length ?? 0) : 1;
  return n;
}

/** What a source knows after reading its file(s); buildMetadata derives the rest. */
export interface MetadataInput {
  ref: string;
  kind: 'tabular' | 'image';
  rows: number;
  columns: ColumnInfo[];
  classNames: string[];
  y: Int32Array;
  partition: Dataset['partition'];
  imageShape?: [number, number, number] | null;
  /** images: the known value range of the format instead of a scan */
  valueRange?: [number, number];
}

/** Counts classes overall and per part, and fills every field of `DatasetMetadata`. */
export function buildMetadata(input: MetadataInput): DatasetMetadata {
  const k = input.classNames.length;
  const counts = countClasses(input.y, null, k);
  const parts: DatasetMetadata['parts'] = {};
  const partClassCounts: DatasetMetadata['partClassCounts'] = {};
  for (const name of PARTITION_NAMES) {
    const rows = input.partition[name];
    if (!rows) continue;
    parts[name] = rows.length;
    partClassCounts[name] = countClasses(input.y, rows, k);
  }
  let valueRange = input.valueRange;
  if (!valueRange) {
    let lo = Infinity;
    let hi = -Infinity;
    for (const c of input.columns) {
      if (c.type === 'categorical') continue;
      if (c.min !== undefined && c.min < lo) lo = c.min;
      if (c.max !== undefined && c.max > hi) hi = c.max;
    }
    valueRange = lo <= hi ? [lo, hi] : [0, 0];
  }
  return {
    ref: input.ref,
    kind: input.kind,
    rows: input.rows,
    features: input.columns.length,
    encodedFeatures: encodedWidth(input.columns),
    imageShape: input.imageShape ?? null,
    classes: input.classNames.map((label, c) => ({ label, count: counts[c] })),
    parts,
    partClassCounts,
    columns: input.columns,
    valueRange,
  };
}

/** Per-class counts of y (restricted to `rows` when given). */
export function countClasses(y: Int32Array, rows: Int32Array | null, k: number): number[] {
  const counts = new Array<number>(k).fill(0);
  if (rows) for (let i = 0; i < rows.length; i++) counts[y[rows[i]]]++;
  else for (let i = 0; i < y.length; i++) counts[y[i]]++;
  return counts;
}

/** Consecutive row ranges [0, a), [a, a+b), … as the partition record. */
export function consecutivePartition(sizes: Partial<Record<PartitionName, number>>): Dataset['partition'] {
  const out: Dataset['partition'] = {};
  let start = 0;
  for (const name of PARTITION_NAMES) {
    const n = sizes[name];
    if (n === undefined) continue;
    const rows = new Int32Array(n);
    for (let i = 0; i < n; i++) rows[i] = start + i;
    out[name] = rows;
    start += n;
  }
  return out;
}
