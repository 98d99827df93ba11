/**
 * An image folder: one sub-folder per class (the folder name is the class label, classes sorted by
 * name), PNG files inside, gray or colour, all the same size. Pixels become [0,1] Float32, RGB when
 * any image has colour (gray images are then repeated over the three channels), gray otherwise;
 * alpha is dropped. The metadata reads only the 26-byte PNG headers.
 */
import type { Dirent } from 'node:fs';
import { open, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { DataError, describeFsError } from '../errors.ts';
import { pixelDataset } from '../pixels.ts';
import { buildMetadata } from '../schema.ts';
import type { DataSource, Dataset, DatasetMetadata } from '../types.ts';
import { userPath, type SourceContext } from './context.ts';
import { pixelColumns } from './embedded.ts';

interface ImageEntry {
  file: string;
  label: number;
  width: number;
  height: number;
  color: boolean;
}

interface FolderScan {
  classNames: string[];
  entries: ImageEntry[];
  shape: [number, number, number];
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** Width, height and colour from a PNG's IHDR chunk (colour types 2, 3, 6 have colour). */
async function readPngHeader(file: string): Promise<{ width: number; height: number; color: boolean }> {
  const handle = await open(file, 'r');
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(26), 0, 26, 0);
    if (bytesRead < 26 || PNG_SIGNATURE.some((b, i) => buffer[i] !== b) || buffer.toString('latin1', 12, 16) !== 'IHDR') {
      throw new DataError(`${file}: not a PNG image (bad signature or header).`, file);
    }
    const colorType = buffer[25];
    return {
      width: buffer.readUInt32BE(16),
      height: buffer.readUInt32BE(20),
      color: colorType === 2 || colorType === 3 || colorType === 6,
    };
  } finally {
    await handle.close();
  }
}

/** Lists classes and images, and checks that every class has images and every image the same size. */
async function scanFolder(dir: string): Promise<FolderScan> {
  let items: Dirent[];
  try {
    items = await readdir(dir, { withFileTypes: true });
  } catch (err) {
    throw new DataError(`Cannot read image folder '${dir}': ${describeFsError(err)}.`, dir);
  }
  const classNames = items
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
  if (classNames.length < 2) {
    throw new DataError(
      `Image folder '${dir}' has ${classNames.length} class sub-folder${classNames.length === 1 ? '' : 's'}; it needs one sub-folder of PNG images per class, two or more.`,
      dir,
    );
  }
  const entries: ImageEntry[] = [];
  for (const [label, name] of classNames.entries()) {
    const folder = join(dir, name);
    const files = (await readdir(folder)).filter((f) => f.toLowerCase().endsWith('.png')).sort();
    if (files.length === 0) throw new DataError(`Class folder '${folder}' holds no .png images.`, folder);
    for (const f of files) {
      const file = join(folder, f);
      entries.push({ file, label, ...(await readPngHeader(file)) });
    }
  }
  const first = entries[0];
  for (const e of entries) {
    if (e.width !== first.width || e.height !== first.height) {
      throw new DataError(
        `${e.file}: image is ${e.width}×${e.height}, but ${first.file} is ${first.width}×${first.height}; all images must have the same size.`,
        e.file,
      );
    }
  }
  const channels = entries.some((e) => e.color) ? 3 : 1;
  return { classNames, entries, shape: [first.height, first.width, channels] };
}

function folderMetadata(ref: string, scan: FolderScan): DatasetMetadata {
  const y = Int32Array.from(scan.entries, (e) => e.label);
  const [h, w, c] = scan.shape;
  return buildMetadata({
    ref,
    kind: 'image',
    rows: y.length,
    columns: pixelColumns(h * w * c),
    classNames: scan.classNames,
    y,
    partition: {},
    imageShape: scan.shape,
    valueRange: [0, 1],
  });
}

type ImagesSource = Extract<DataSource, { kind: 'images' }>;

/**
 * Images decoded to check a folder's metadata: a corrupt PNG must fail `augc check` and
 * `augc data describe`, not only `run` (issue 17). Up to this many, spread evenly over the folder
 * (so every class is sampled); `verifyAll` decodes every one. Decoding a 28×28 PNG takes well under
 * a millisecond, so the check costs at most a few hundred milliseconds.
 */
export const IMAGES_DECODED_BY_DEFAULT = 1000;

/** Metadata from the folder listing and PNG headers, with images decoded to check them. */
export async function readImagesMetadata(source: ImagesSource, ctx: SourceContext): Promise<DatasetMetadata> {
  const scan = await scanFolder(userPath(ctx, source.dir));
  const n = scan.entries.length;
  const count = ctx.verifyAll ? n : Math.min(n, IMAGES_DECODED_BY_DEFAULT);
  for (let k = 0; k < count; k++) await decodePng(scan.entries[Math.floor((k * n) / count)].file);
  return { ...folderMetadata(ctx.ref, scan), imagesDecoded: count };
}

/** A PNG decoded, or an error naming the file. */
async function decodePng(file: string): Promise<PNG> {
  try {
    return PNG.sync.read(await readFile(file));
  } catch (err) {
    throw new DataError(`${file}: cannot decode the PNG (${(err as Error).message}); re-export the image or remove it.`, file);
  }
}

/** Decodes every image into one byte array (rows × h·w·c, channels last; value = byte / 255). */
export async function loadImages(source: ImagesSource, ctx: SourceContext): Promise<Dataset> {
  const scan = await scanFolder(userPath(ctx, source.dir));
  const [h, w, c] = scan.shape;
  const size = h * w * c;
  const pixels = new Uint8Array(scan.entries.length * size);
  for (const [i, e] of scan.entries.entries()) {
    const rgba = (await decodePng(e.file)).data;
    for (let p = 0; p < h * w; p++) {
      if (c === 1) pixels[i * size + p] = rgba[p * 4];
      else for (let k = 0; k < 3; k++) pixels[i * size + p * 3 + k] = rgba[p * 4 + k];
    }
  }
  return pixelDataset(
    folderMetadata(ctx.ref, scan),
    pixels,
    Int32Array.from(scan.entries, (e) => e.label),
    {},
  );
}
