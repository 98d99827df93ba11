/**
 * IDX files (the MNIST family's format), plain or gzip'd: a 4-byte magic number — two zero bytes,
 * the element type (0x08 = unsigned byte) and the number of dimensions — then one big-endian uint32
 * per dimension, then the data. Images (3 or 4 dimensions) keep their bytes (value = byte / 255);
 * labels (1 dimension) become class codes.
 */
import { createReadStream } from 'node:fs';
import { open, readFile, stat } from 'node:fs/promises';
import { createGunzip, gunzipSync } from 'node:zlib';
import { DataError, dataErrorAtRecord, describeFsError } from '../errors.ts';

/** The dimensions of an IDX file and where its data starts. */
export interface IdxHeader {
  dims: number[];
  /** byte offset of the data */
  offset: number;
}

const UBYTE = 0x08;

function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** The whole file, decompressed when it is gzip'd (a truncated gzip is an error naming the file). */
export async function readIdxBytes(file: string): Promise<Uint8Array> {
  let raw: Uint8Array;
  try {
    raw = await readFile(file);
  } catch (err) {
    throw new DataError(`Cannot read IDX file '${file}': ${describeFsError(err)}.`, file);
  }
  if (!isGzip(raw)) return raw;
  try {
    return gunzipSync(raw);
  } catch (err) {
    throw new DataError(`${file}: the gzip data is damaged or truncated (${(err as Error).message}); download the file again.`, file);
  }
}

/** The first `n` bytes of the file as stored (not decompressed). */
async function readRawHead(file: string, n: number): Promise<Buffer> {
  try {
    const handle = await open(file, 'r');
    try {
      const { buffer, bytesRead } = await handle.read(Buffer.alloc(n), 0, n, 0);
      return buffer.subarray(0, bytesRead);
    } finally {
      await handle.close();
    }
  } catch (err) {
    throw new DataError(`Cannot read IDX file '${file}': ${describeFsError(err)}.`, file);
  }
}

/** The first `n` bytes of the (possibly gzip'd) file, decompressing only that much. */
export async function readIdxPrefix(file: string, n: number): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  let have = 0;
  const head = await readRawHead(file, n);
  if (!isGzip(head)) return head;
  const stream = createReadStream(file).pipe(createGunzip());
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      chunks.push(chunk);
      have += chunk.length;
      if (have >= n) break;
    }
  } catch (err) {
    if (have < n)
      throw new DataError(`${file}: the gzip data is damaged or truncated (${(err as Error).message}); download the file again.`, file);
  } finally {
    stream.destroy();
  }
  return Buffer.concat(chunks).subarray(0, n);
}

/** Parses and checks the header: magic number, element type, dimension count. */
export function parseIdxHeader(bytes: Uint8Array, file: string, expectDims: number[]): IdxHeader {
  if (bytes.length < 4 || bytes[0] !== 0 || bytes[1] !== 0 || bytes[2] !== UBYTE || !expectDims.includes(bytes[3])) {
    const magic = Array.from(bytes.subarray(0, 4), (b) => b.toString(16).padStart(2, '0')).join('');
    const want = expectDims.map((d) => `0x000008${d.toString(16).padStart(2, '0')}`).join(' or ');
    throw new DataError(
      `${file}: wrong IDX magic number 0x${magic || '(none)'}, expected ${want} (unsigned bytes, ${expectDims.join(' or ')} dimension${expectDims.length > 1 || expectDims[0] > 1 ? 's' : ''}).`,
      file,
      0,
    );
  }
  const count = bytes[3];
  if (bytes.length < 4 + 4 * count) throw new DataError(`${file}: the IDX header is cut short.`, file, 0);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const dims = Array.from({ length: count }, (_, i) => view.getUint32(4 + 4 * i, false));
  return { dims, offset: 4 + 4 * count };
}

/** Checks that the data holds all records the header announces; names the first missing record. */
export function checkIdxLength(bytes: Uint8Array, header: IdxHeader, file: string): void {
  const recordSize = header.dims.slice(1).reduce((p, d) => p * d, 1);
  const need = header.offset + header.dims[0] * recordSize;
  if (bytes.length < need) {
    const complete = Math.floor((bytes.length - header.offset) / recordSize);
    throw dataErrorAtRecord(
      file,
      complete,
      `the file is truncated: the header announces ${header.dims[0]} records, only ${complete} are complete.`,
    );
  }
}

/**
 * Streams an IDX image file's pixels (rows × h·w·c bytes) into `out` at `offset`, decompressing on
 * the fly, so no second whole-file copy is ever held: loading takes the pixels' own size and little
 * more. `header` is the file's (readIdxImageHeader); `out` must have room for its rows.
 */
export async function readIdxImagesInto(file: string, header: IdxImageHeader, out: Uint8Array, offset: number): Promise<void> {
  const recordSize = header.shape[0] * header.shape[1] * header.shape[2];
  const size = header.rows * recordSize;
  if (offset + size > out.length)
    throw new DataError(`${file}: ${header.rows} images do not fit the ${out.length - offset} bytes left for them.`, file);
  const start = header.offset;
  const head = await readRawHead(file, 2);
  const input = createReadStream(file, { highWaterMark: 1 << 20 });
  const stream = isGzip(head) ? input.pipe(createGunzip({ chunkSize: 1 << 20 })) : input;
  if (stream !== input) input.on('error', (err) => stream.destroy(err));
  let pos = 0; // bytes of the (decompressed) file seen so far
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      const from = Math.max(0, start - pos);
      const to = Math.min(chunk.length, start + size - pos);
      if (to > from) out.set(chunk.subarray(from, to), offset + pos + from - start);
      pos += chunk.length;
    }
  } catch (err) {
    if (stream === input) throw new DataError(`Cannot read IDX file '${file}': ${describeFsError(err)}.`, file);
    throw new DataError(`${file}: the gzip data is damaged or truncated (${(err as Error).message}); download the file again.`, file);
  }
  if (pos < start + size) {
    const complete = Math.max(0, Math.floor((pos - start) / recordSize));
    throw dataErrorAtRecord(
      file,
      complete,
      `the file is truncated: the header announces ${header.rows} records, only ${complete} are complete.`,
    );
  }
}

/**
 * Checks that an IDX image file holds every record its header announces, without keeping the
 * pixels: the size of a plain file, or the decompressed length of a gzip'd one (streamed and
 * counted). `augc data describe` and `augc check` call it, so a truncated file fails there and not
 * only in `run`.
 */
export async function checkIdxImageLength(file: string, header: IdxImageHeader): Promise<void> {
  const recordSize = header.shape[0] * header.shape[1] * header.shape[2];
  const need = header.offset + header.rows * recordSize;
  let have = 0;
  const head = await readRawHead(file, 2);
  if (!isGzip(head)) {
    try {
      have = (await stat(file)).size;
    } catch (err) {
      throw new DataError(`Cannot read IDX file '${file}': ${describeFsError(err)}.`, file);
    }
  } else {
    const stream = createReadStream(file, { highWaterMark: 1 << 20 }).pipe(createGunzip({ chunkSize: 1 << 20 }));
    try {
      for await (const chunk of stream as AsyncIterable<Buffer>) have += chunk.length;
    } catch (err) {
      throw new DataError(`${file}: the gzip data is damaged or truncated (${(err as Error).message}); download the file again.`, file);
    }
  }
  if (have < need) {
    const complete = Math.max(0, Math.floor((have - header.offset) / recordSize));
    throw dataErrorAtRecord(
      file,
      complete,
      `the file is truncated: the header announces ${header.rows} records, only ${complete} are complete.`,
    );
  }
}

/** An IDX image file's count, shape and where its pixels start. */
export interface IdxImageHeader {
  rows: number;
  shape: [number, number, number];
  /** byte offset of the pixels in the (decompressed) file */
  offset: number;
}

/** Just the shape and count of an IDX image file (decompresses only the header). */
export async function readIdxImageHeader(file: string): Promise<IdxImageHeader> {
  const header = parseIdxHeader(await readIdxPrefix(file, 20), file, [3, 4]);
  const [rows, h, w, c = 1] = header.dims;
  return { rows, shape: [h, w, c], offset: header.offset };
}

/** An IDX label file as class codes; a label ≥ numClasses (when given) is an unknown label. */
export async function readIdxLabels(file: string, numClasses?: number): Promise<Int32Array> {
  const bytes = await readIdxBytes(file);
  const header = parseIdxHeader(bytes, file, [1]);
  checkIdxLength(bytes, header, file);
  const y = Int32Array.from(bytes.subarray(header.offset, header.offset + header.dims[0]));
  if (numClasses !== undefined) {
    const bad = y.findIndex((v) => v >= numClasses);
    if (bad >= 0) throw dataErrorAtRecord(file, bad, `unknown label ${y[bad]}; the classes are 0 … ${numClasses - 1}.`);
  }
  return y;
}
