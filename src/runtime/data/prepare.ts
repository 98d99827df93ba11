/**
 * A dataset made ready for the runtime: loaded, split, preprocessing fitted on the split's `fitOn`
 * part, every row encoded; plus the views the executor hands to the models.
 */
import type { DatasetNode } from '../../plan/types.ts';
import type { LabeledData } from '../components.ts';
import { DataError } from './errors.ts';
import { loadDataset, type LoadOptions } from './load.ts';
import { levelsOf, pixelRowsToUnit } from './pixels.ts';
import { fitPreprocessor } from './preprocess.ts';
import { splitDataset } from './split.ts';
import type { PreparedData } from './types.ts';

/** Load, split, fit on `split.fitOn`, encode all rows. */
export async function prepareData(node: DatasetNode, options: LoadOptions = {}): Promise<PreparedData> {
  const dataset = await loadDataset(node.source, options);
  const parts = splitDataset(dataset, node.split);
  const fitRows = parts[node.split.fitOn];
  if (!fitRows) {
    throw new DataError(
      `Dataset '${node.name}': the preprocessing fits on part '${node.split.fitOn}', which the split does not define (parts: ${Object.keys(parts).join(', ')}).`,
    );
  }
  const preprocessor = fitPreprocessor(dataset, fitRows, node.preprocess);
  if (dataset.metadata.kind === 'image') {
    // images pass through unchanged: `encoded` is the raw array, made only if something reads it
    return {
      dataset,
      split: node.split,
      parts,
      preprocessor,
      get encoded() {
        return dataset.x;
      },
    };
  }
  return { dataset, split: node.split, parts, preprocessor, encoded: preprocessor.transform(dataset.x) };
}

/** The encoded examples and labels of `rows` (indices into the dataset), as the models take them.
 * Image bytes become Float32 here, for these rows only. */
export function toLabeledData(prepared: PreparedData, rows: Int32Array): LabeledData {
  const width = prepared.preprocessor.encodedFeatures;
  const x = new Float32Array(rows.length * width);
  const y = new Int32Array(rows.length);
  const meta = prepared.dataset.metadata;
  const total = meta.rows;
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    if (!(r >= 0 && r < total)) throw new DataError(`toLabeledData: row ${r} is outside the dataset's ${total} rows.`);
    y[i] = prepared.dataset.y[r];
  }
  const pixels = prepared.dataset.pixels;
  if (pixels && meta.kind === 'image' && width === meta.features) {
    pixelRowsToUnit(pixels, width, rows, x, levelsOf(prepared.dataset)); // just these rows become Float32
  } else {
    const encoded = prepared.encoded;
    for (let i = 0; i < rows.length; i++) x.set(encoded.subarray(rows[i] * width, (rows[i] + 1) * width), i * width);
  }
  return {
    x,
    y,
    rows: rows.length,
    features: width,
    numClasses: meta.classes.length,
    imageShape: meta.imageShape,
    groups: prepared.preprocessor.groups,
  };
}

/** Encoded rows (generated or real) back to raw values: real categories, clipped ranges. */
export function decodeRows(prepared: PreparedData, encoded: Float32Array, rows: number): Float32Array {
  const width = prepared.preprocessor.encodedFeatures;
  if (encoded.length !== rows * width) {
    throw new DataError(`decodeRows: ${encoded.length} values is not ${rows} rows of ${width} encoded features.`);
  }
  return prepared.preprocessor.inverse(encoded);
}
