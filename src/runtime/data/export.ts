/**
 * Data out (issue 16 §4): generated or kept examples written in the formats augc reads back, by
 * `augc sample` and by `export` in a report block (execution/export-generated.ts).
 * - tables: CSV with the dataset's own column names and categorical values decoded to their
 *   category names, then one column each for the label (class name), arm, cell, repeat and GC
 *   score (and `kept`, 1 or 0, when asked), so `csv("generated.csv", label "label")` loads the same
 *   rows again;
 * - images: one PNG per example in a sub-folder per class (what `images("dir")` reads), plus an
 *   IDX image file and an IDX label file (what `idx(images …, labels …)` reads), and for an export
 *   an index.csv naming each PNG with its label and the provenance columns.
 * Rows are raw values as `decodeRows` gives them (NaN is written as an empty field). Files are
 * streamed, so an export of many examples never holds its text in memory.
 */
import { createWriteStream, mkdirSync } from 'node:fs';
import { once } from 'node:events';
import { dirname, join } from 'node:path';
import { PNG } from 'pngjs';
import { DataError } from './errors.ts';
import type { DatasetMetadata } from './types.ts';

/** Where each exported row came from; every field is written as its own column. */
export interface ExportProvenance {
  arm: string;
  /** the cell's id or its axis values, e.g. "shots=5" */
  cell: string;
  repeat: number;
  /** the generative classifier's score of each row (null: the arm has no filter) */
  gcScore: Float32Array | null;
  /** whether the arm trains on each row, 1 or 0 (its GC kept it; every row without a filter), written
   * as a last column `kept`; absent or null: no such column (every row written is kept, or the
   * question does not arise) */
  kept?: Int32Array | Uint8Array | null;
}

/** The provenance columns after the data columns; a data column of the same name gets `augc_`. */
export const PROVENANCE_COLUMNS = ['label', 'arm', 'cell', 'repeat', 'gc_score'] as const;

/** The header's extra columns: the label, then the provenance ones (and `kept` when given). */
function extraColumns(provenance: ExportProvenance | null): string[] {
  if (!provenance) return PROVENANCE_COLUMNS.slice(0, 1);
  return provenance.kept ? [...PROVENANCE_COLUMNS, 'kept'] : [...PROVENANCE_COLUMNS];
}

/** The provenance fields of row i: arm, cell, repeat, GC score (empty without a filter), kept. */
function provenanceFields(provenance: ExportProvenance, i: number): string[] {
  const score = provenance.gcScore ? String(Number(provenance.gcScore[i].toPrecision(7))) : '';
  const fields = [csvField(provenance.arm), csvField(provenance.cell), String(provenance.repeat), score];
  if (provenance.kept) fields.push(provenance.kept[i] ? '1' : '0');
  return fields;
}

/** A field as CSV writes it: quoted when it holds a comma, a quote or a line break. */
function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** A raw value as text: a category's name, a binary's text value, or the number (Float32 digits). */
function formatValue(value: number, categories: string[] | undefined): string {
  if (Number.isNaN(value)) return '';
  if (categories) return categories[Math.round(value)] ?? '';
  return String(Number(value.toPrecision(7)));
}

/** Writes lines to a file, waiting whenever the stream's buffer is full. */
async function writeLines(path: string, lines: Iterable<string>): Promise<void> {
  mkdirSync(dirname(path), { recursive: true });
  const out = createWriteStream(path);
  const failed = once(out, 'error').then(([err]) => {
    throw new DataError(`Cannot write '${path}': ${(err as Error).message}.`, path);
  });
  for (const line of lines) {
    if (!out.write(line)) await Promise.race([once(out, 'drain'), failed]);
  }
  out.end();
  await Promise.race([once(out, 'finish'), failed]);
}

/**
 * Writes tabular rows (rows × metadata.features raw values, class codes `y`) as CSV with the
 * column names of `metadata`, categorical values decoded, and the provenance columns (null: the
 * label column only, as `augc sample` writes it).
 */
export async function writeTableCsv(
  path: string,
  metadata: Pick<DatasetMetadata, 'features' | 'columns' | 'classes'>,
  x: Float32Array,
  y: Int32Array,
  provenance: ExportProvenance | null,
): Promise<void> {
  const features = metadata.features;
  const rows = y.length;
  if (x.length !== rows * features) throw new DataError(`writeTableCsv: ${x.length} values is not ${rows} rows of ${features} features.`);
  checkProvenance(provenance, rows, 'writeTableCsv');
  const names = metadata.columns.map((c) => c.name);
  const extra = extraColumns(provenance).map((c) => (names.includes(c) ? `augc_${c}` : c));
  const categories = metadata.columns.map((c) => c.categories);
  const classNames = metadata.classes.map((c) => c.label);
  function* lines(): Generator<string> {
    yield `${[...names, ...extra].map(csvField).join(',')}\n`;
    for (let i = 0; i < rows; i++) {
      const fields: string[] = [];
      for (let j = 0; j < features; j++) fields.push(csvField(formatValue(x[i * features + j], categories[j])));
      fields.push(csvField(classNames[y[i]] ?? String(y[i])));
      if (provenance) fields.push(...provenanceFields(provenance, i));
      yield `${fields.join(',')}\n`;
    }
  }
  await writeLines(path, lines());
}

function checkProvenance(provenance: ExportProvenance | null, rows: number, caller: string): void {
  if (provenance?.gcScore && provenance.gcScore.length !== rows)
    throw new DataError(`${caller}: ${provenance.gcScore.length} GC scores for ${rows} rows.`);
  if (provenance?.kept && provenance.kept.length !== rows)
    throw new DataError(`${caller}: ${provenance.kept.length} kept flags for ${rows} rows.`);
}

/**
 * Writes the index of exported images: one line per image with its file (relative to the index's
 * folder, as `writeImages` returns them), its label and the provenance columns.
 */
export async function writeImageIndex(
  path: string,
  files: string[],
  y: Int32Array,
  classNames: string[],
  provenance: ExportProvenance,
): Promise<void> {
  if (files.length !== y.length) throw new DataError(`writeImageIndex: ${files.length} files for ${y.length} labels.`);
  checkProvenance(provenance, y.length, 'writeImageIndex');
  function* lines(): Generator<string> {
    yield `${['file', ...extraColumns(provenance)].join(',')}\n`;
    for (let i = 0; i < y.length; i++)
      yield `${[csvField(files[i]), csvField(classNames[y[i]] ?? String(y[i])), ...provenanceFields(provenance, i)].join(',')}\n`;
  }
  await writeLines(path, lines());
}

/** [0,1] pixel values → bytes (rounded, clipped), the inverse of byte / 255. */
export function unitToBytes(values: Float32Array): Uint8Array {
  const bytes = new Uint8Array(values.length);
  for (let i = 0; i < values.length; i++) bytes[i] = Math.max(0, Math.min(255, Math.round(values[i] * 255)));
  return bytes;
}

/** The IDX bytes of images (rows × h·w·c, magic 0x0803 for one channel, 0x0804 with channels) or labels (0x0801). */
export function idxFileBytes(dims: number[], data: Uint8Array): Buffer {
  const header = Buffer.alloc(4 + 4 * dims.length);
  header[2] = 0x08;
  header[3] = dims.length;
  dims.forEach((d, i) => {
    header.writeUInt32BE(d, 4 + 4 * i);
  });
  return Buffer.concat([header, data]);
}

/** One image as PNG bytes: gray (colour type 0) for one channel, RGB (type 2) for three. */
export function pngOf(pixels: Uint8Array, shape: [number, number, number]): Buffer {
  const [h, w, c] = shape;
  const png = new PNG({ width: w, height: h });
  for (let p = 0; p < h * w; p++) {
    for (let k = 0; k < 3; k++) png.data[p * 4 + k] = pixels[p * c + (c === 1 ? 0 : k)];
    png.data[p * 4 + 3] = 255;
  }
  return PNG.sync.write(png, { colorType: c === 1 ? 0 : 2 } as never);
}

/**
 * Writes images (rows × h·w·c values in [0,1]) and class codes `y` to `dir`: `png/CLASS/NNNNN.png`
 * (an images() folder), `images-idx3-ubyte` and `labels-idx1-ubyte`. Returns the paths written, and
 * each image's PNG file relative to `dir` (row order).
 */
export async function writeImages(
  dir: string,
  shape: [number, number, number],
  values: Float32Array,
  y: Int32Array,
  classNames: string[],
): Promise<{ pngDir: string; idxImages: string; idxLabels: string; files: string[] }> {
  const size = shape[0] * shape[1] * shape[2];
  if (values.length !== y.length * size)
    throw new DataError(`writeImages: ${values.length} values is not ${y.length} images of ${shape.join('×')}.`);
  const bytes = unitToBytes(values);
  const pngDir = join(dir, 'png');
  const { writeFile } = await import('node:fs/promises');
  mkdirSync(dir, { recursive: true });
  for (const name of new Set(Array.from(y, (c) => classNames[c]))) mkdirSync(join(pngDir, name), { recursive: true });
  const files: string[] = [];
  for (let i = 0; i < y.length; i++) {
    files.push(`png/${classNames[y[i]]}/${String(i).padStart(5, '0')}.png`);
    await writeFile(join(dir, files[i]), pngOf(bytes.subarray(i * size, (i + 1) * size), shape));
  }
  const idxImages = join(dir, 'images-idx3-ubyte');
  const idxLabels = join(dir, 'labels-idx1-ubyte');
  const dims = shape[2] === 1 ? [y.length, shape[0], shape[1]] : [y.length, ...shape];
  await writeFile(idxImages, idxFileBytes(dims, bytes));
  await writeFile(idxLabels, idxFileBytes([y.length], Uint8Array.from(y)));
  return { pngDir, idxImages, idxLabels, files };
}
