/**
 * Loading a dataset and reading its metadata: one loader per source kind, dispatched through a
 * registry. Metadata readers are cheap where the format allows (IDX and image folders read headers
 * and sizes, not pixels); the other kinds parse the file, which takes milliseconds at these sizes.
 */
import { resolve as resolvePath } from 'node:path';
import { DataError } from './errors.ts';
import { formatDataRef } from './refs.ts';
import type { ResolveOptions } from './resolve.ts';
import type { SourceContext } from './sources/context.ts';
import { loadArff } from './sources/arff.ts';
import { loadCsv } from './sources/csv.ts';
import { loadIris, loadMnist, readMnistMetadata } from './sources/embedded.ts';
import { loadFashionMnist, loadIdx, readFashionMnistMetadata, readIdxMetadata } from './sources/image-sets.ts';
import { loadImages, readImagesMetadata } from './sources/images.ts';
import { loadParquet } from './sources/parquet.ts';
import { loadProben1 } from './sources/proben1.ts';
import type { DataSource, Dataset, DatasetMetadata } from './types.ts';

/** Options of loadDataset / readMetadata. */
export interface LoadOptions {
  /** folder that relative paths resolve against (the spec's folder); default: the working folder */
  baseDir?: string;
  /** catalog resolution: downloads on/off, env, fetch (tests) */
  resolve?: ResolveOptions;
  /** metadata of an image folder: decode every image to check it (default: up to 1,000) */
  verifyAll?: boolean;
}

type Loader<K extends DataSource['kind']> = {
  load(source: Extract<DataSource, { kind: K }>, ctx: SourceContext): Promise<Dataset>;
  /** cheap metadata; when absent, the metadata of a full load */
  metadata?(source: Extract<DataSource, { kind: K }>, ctx: SourceContext): Promise<DatasetMetadata>;
};

type Registry = { [K in DataSource['kind']]: Loader<K> };

const LOADERS: Registry = {
  proben1: { load: loadProben1 },
  csv: { load: loadCsv },
  parquet: { load: loadParquet },
  arff: { load: loadArff },
  mnist: { load: loadMnist, metadata: readMnistMetadata },
  fashion_mnist: { load: loadFashionMnist, metadata: readFashionMnistMetadata },
  idx: { load: loadIdx, metadata: readIdxMetadata },
  images: { load: loadImages, metadata: readImagesMetadata },
  iris: { load: loadIris },
};

/** The reference recorded in the metadata names files by absolute path ("csv:/abs/path.csv"). */
function context(source: DataSource, options: LoadOptions): SourceContext {
  const baseDir = options.baseDir ?? process.cwd();
  const abs = (path: string) => resolvePath(baseDir, path);
  let absolute = source;
  if (source.kind === 'csv' || source.kind === 'parquet' || source.kind === 'arff') absolute = { ...source, path: abs(source.path) };
  else if (source.kind === 'proben1' && source.path) absolute = { ...source, path: abs(source.path) };
  else if (source.kind === 'idx') absolute = { ...source, images: abs(source.images), labels: abs(source.labels) };
  else if (source.kind === 'images') absolute = { ...source, dir: abs(source.dir) };
  return { baseDir, ref: formatDataRef(absolute), resolve: options.resolve ?? {}, verifyAll: options.verifyAll ?? false };
}

function loaderOf<K extends DataSource['kind']>(kind: K): Loader<K> {
  const loader = LOADERS[kind] as Loader<K> | undefined;
  if (!loader) throw new DataError(`Unknown data source kind '${kind}'; the kinds are ${Object.keys(LOADERS).join(', ')}.`);
  return loader;
}

/** Loads a dataset into typed arrays (raw values; categorical as codes; NaN = missing). */
export async function loadDataset(source: DataSource, options: LoadOptions = {}): Promise<Dataset> {
  return loaderOf(source.kind).load(source as never, context(source, options));
}

/** The dataset's metadata — every field of DatasetMetadata — as cheaply as the format allows. */
export async function readMetadata(source: DataSource, options: LoadOptions = {}): Promise<DatasetMetadata> {
  const loader = loaderOf(source.kind);
  const ctx = context(source, options);
  if (loader.metadata) return loader.metadata(source as never, ctx);
  return (await loader.load(source as never, ctx)).metadata;
}
