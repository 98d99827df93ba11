/**
 * Reversible preprocessing, fitted on the rows of one part (the split's `fitOn`):
 * continuous columns min–max scaled (to [0,1], clipped) or standardised, binary columns mapped to
 * {0,1}, categorical columns one-hot encoded, missing values imputed by the fitting part's mean
 * (continuous) or most frequent value (binary, categorical). Image pixels are already in [0,1]
 * and pass through unchanged (clipped to [0,1] on the way back).
 *
 * The inverse turns any encoded row — a generated one included — into a valid raw record: the
 * argmax category of each categorical group, binaries rounded, continuous values clipped to the
 * range seen when fitting.
 */
import { DataError } from './errors.ts';
import type { Preprocess } from '../../plan/types.ts';
import type { ColumnInfo, Dataset, FeatureGroup, Preprocessor } from './types.ts';

type ColumnState =
  | { type: 'continuous'; lo: number; hi: number; mean: number; sd: number }
  | { type: 'binary'; lo: number; hi: number; impute: 0 | 1 }
  | { type: 'categorical'; k: number; impute: number };

interface PreprocessorState {
  format: 'augc-preprocessor/1';
  config: Preprocess;
  image: boolean;
  columns: ColumnState[];
}

/** Fits the preprocessing on `rows` of the dataset. */
export function fitPreprocessor(dataset: Dataset, rows: Int32Array, config: Preprocess): Preprocessor {
  const image = dataset.metadata.kind === 'image';
  const features = dataset.metadata.features;
  const columns = dataset.metadata.columns.map((info, j): ColumnState => {
    if (image) return { type: 'continuous', lo: 0, hi: 1, mean: 0, sd: 1 };
    return fitColumn(info, columnValues(dataset.x, rows, features, j));
  });
  return makePreprocessor({ format: 'augc-preprocessor/1', config, image, columns });
}

/** Rebuilds a fitted preprocessing from its `toJSON()` form. */
export function restorePreprocessor(json: unknown): Preprocessor {
  const state = json as PreprocessorState;
  if (state?.format !== 'augc-preprocessor/1' || !Array.isArray(state.columns)) {
    throw new DataError('Not a saved augc preprocessing (expected format augc-preprocessor/1).');
  }
  return makePreprocessor(state);
}

function columnValues(x: Float32Array, rows: Int32Array, features: number, j: number): number[] {
  const values: number[] = [];
  for (let i = 0; i < rows.length; i++) {
    const v = x[rows[i] * features + j];
    if (!Number.isNaN(v)) values.push(v);
  }
  return values;
}

function fitColumn(info: ColumnInfo, values: number[]): ColumnState {
  if (info.type === 'categorical') {
    const k = info.categories?.length ?? 0;
    return { type: 'categorical', k, impute: mostFrequent(values, 0) };
  }
  if (info.type === 'binary') {
    let lo = info.min ?? 0;
    let hi = info.max ?? 1;
    if (hi === lo) [lo, hi] = lo === 1 ? [0, 1] : [lo, lo + 1];
    const ones = values.filter((v) => v === hi).length;
    return { type: 'binary', lo, hi, impute: ones * 2 > values.length ? 1 : 0 };
  }
  if (values.length === 0) {
    const lo = info.min ?? 0;
    const hi = info.max ?? lo;
    return { type: 'continuous', lo, hi, mean: (lo + hi) / 2, sd: 1 };
  }
  let lo = Infinity;
  let hi = -Infinity;
  let sum = 0;
  for (const v of values) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
    sum += v;
  }
  const mean = sum / values.length;
  let squares = 0;
  for (const v of values) squares += (v - mean) ** 2;
  const sd = Math.sqrt(squares / values.length);
  return { type: 'continuous', lo, hi, mean, sd: sd > 0 ? sd : 1 };
}

/** The most frequent value (ties: the smallest), or `fallback` when there is none. */
function mostFrequent(values: number[], fallback: number): number {
  const counts = new Map<number, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  let best = fallback;
  let bestCount = 0;
  for (const [v, n] of counts) if (n > bestCount || (n === bestCount && v < best)) [best, bestCount] = [v, n];
  return best;
}

function makePreprocessor(state: PreprocessorState): Preprocessor {
  const { config, columns } = state;
  const groups: FeatureGroup[] = [];
  let width = 0;
  columns.forEach((c, column) => {
    const size = c.type === 'categorical' ? c.k : 1;
    groups.push({ column, kind: c.type, start: width, end: width + size });
    width += size;
  });
  const rawFeatures = columns.length;
  const encodedFeatures = width;
  const mode = state.image ? 'none' : config.continuous;

  function transform(x: Float32Array): Float32Array {
    const rows = checkedRows(x.length, rawFeatures, 'raw');
    const out = new Float32Array(rows * encodedFeatures);
    for (let i = 0; i < rows; i++) {
      const src = i * rawFeatures;
      const dst = i * encodedFeatures;
      for (let j = 0; j < rawFeatures; j++) {
        const c = columns[j];
        const at = dst + groups[j].start;
        let v = x[src + j];
        if (c.type === 'continuous') {
          if (Number.isNaN(v)) v = c.mean;
          out[at] = scale(v, c, mode);
        } else if (c.type === 'binary') {
          out[at] = Number.isNaN(v) ? c.impute : Math.min(1, Math.max(0, (v - c.lo) / (c.hi - c.lo)));
        } else {
          const code = Number.isNaN(v) ? c.impute : v;
          if (code >= 0 && code < c.k) out[at + code] = 1;
        }
      }
    }
    return out;
  }

  function inverse(encoded: Float32Array): Float32Array {
    const rows = checkedRows(encoded.length, encodedFeatures, 'encoded');
    const out = new Float32Array(rows * rawFeatures);
    for (let i = 0; i < rows; i++) {
      const src = i * encodedFeatures;
      const dst = i * rawFeatures;
      for (let j = 0; j < rawFeatures; j++) {
        const c = columns[j];
        const at = src + groups[j].start;
        if (c.type === 'continuous') {
          const v = unscale(encoded[at], c, mode);
          out[dst + j] = Number.isNaN(v) ? c.mean : Math.min(c.hi, Math.max(c.lo, v));
        } else if (c.type === 'binary') {
          out[dst + j] = encoded[at] >= 0.5 ? c.hi : c.lo;
        } else {
          let best = 0;
          for (let k = 1; k < c.k; k++) if (encoded[at + k] > encoded[at + best]) best = k;
          out[dst + j] = best;
        }
      }
    }
    return out;
  }

  return { config, rawFeatures, encodedFeatures, groups, transform, inverse, toJSON: () => structuredClone(state) };
}

function scale(v: number, c: Extract<ColumnState, { type: 'continuous' }>, mode: Preprocess['continuous']): number {
  if (mode === 'minmax') return c.hi > c.lo ? Math.min(1, Math.max(0, (v - c.lo) / (c.hi - c.lo))) : 0;
  if (mode === 'standardize') return (v - c.mean) / c.sd;
  return v;
}

function unscale(e: number, c: Extract<ColumnState, { type: 'continuous' }>, mode: Preprocess['continuous']): number {
  if (mode === 'minmax') return c.lo + e * (c.hi - c.lo);
  if (mode === 'standardize') return c.mean + e * c.sd;
  return e;
}

function checkedRows(length: number, width: number, what: string): number {
  if (width === 0 || length % width !== 0) {
    throw new DataError(`The ${what} array has ${length} values, not a whole number of rows of ${width}.`);
  }
  return length / width;
}
