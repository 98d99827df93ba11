/**
 * Finding a named dataset's file: the folders of AUGC_DATA_PATH (`:`-separated) first, then the
 * file's system folders (e.g. where a Debian package installs it), then the user cache
 * ($XDG_CACHE_HOME/augc or ~/.cache/augc), then a download from the catalog's canonical URL into the
 * cache — kept only when its SHA-256 matches the catalog. Set AUGC_OFFLINE=1 to never download.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { CatalogFile } from './catalog.ts';
import { DataError } from './errors.ts';

/** The folders of AUGC_DATA_PATH, in order (empty entries dropped). */
export function dataPathDirs(env: NodeJS.ProcessEnv = process.env): string[] {
  return (env.AUGC_DATA_PATH ?? '').split(':').filter((d) => d.length > 0);
}

/** The user cache folder: $XDG_CACHE_HOME/augc, else ~/.cache/augc. */
export function cacheDir(env: NodeJS.ProcessEnv = process.env): string {
  const xdg = env.XDG_CACHE_HOME;
  return join(xdg && xdg.length > 0 ? xdg : join(homedir(), '.cache'), 'augc');
}

/** Every place a file is looked for, in search order (without the download). */
export function candidatePaths(file: CatalogFile, env: NodeJS.ProcessEnv = process.env): string[] {
  const paths = dataPathDirs(env).map((d) => join(d, file.relPath));
  for (const dir of file.systemDirs ?? []) paths.push(join(dir, basename(file.relPath)));
  paths.push(join(cacheDir(env), file.relPath));
  return paths;
}

/** How resolveDataFile may look for a file. */
export interface ResolveOptions {
  env?: NodeJS.ProcessEnv;
  /** false: never download (readMetadata for a check, AUGC_OFFLINE=1) */
  download?: boolean;
  /** injectable for tests */
  fetchImpl?: typeof fetch;
}

/** The local path of a catalog file, downloading it into the cache when it is nowhere local. */
export async function resolveDataFile(file: CatalogFile, options: ResolveOptions = {}): Promise<string> {
  const env = options.env ?? process.env;
  const candidates = candidatePaths(file, env);
  const found = candidates.find((p) => existsSync(p));
  if (found) return found;
  const offline = options.download === false || env.AUGC_OFFLINE === '1';
  const target = join(cacheDir(env), file.relPath);
  const howTo =
    `Put the file in a folder listed in AUGC_DATA_PATH (as <folder>/${file.relPath}), ` +
    `or run 'augc data fetch' with network access, or download ${file.url} to ${target}.`;
  const looked = `Looked for '${file.relPath}' in: ${candidates.join(', ')}`;
  if (offline) throw new DataError(`Data file '${basename(file.relPath)}' not found. ${looked}; downloads are off. ${howTo}`, file.relPath);
  await downloadVerified(file, target, options.fetchImpl ?? fetch, `${looked}. ${howTo}`);
  return target;
}

/** SHA-256 in hex of a file's bytes — of the uncompressed bytes when the name ends in .gz. */
export function contentSha256(bytes: Uint8Array, name: string): string {
  let content = bytes;
  if (name.endsWith('.gz')) {
    try {
      content = gunzipSync(bytes);
    } catch {
      return `not gzip: ${createHash('sha256').update(bytes).digest('hex')}`;
    }
  }
  return createHash('sha256').update(content).digest('hex');
}

/** Downloads url to target (via a temporary file) only when the content hash matches. */
async function downloadVerified(file: CatalogFile, target: string, fetchImpl: typeof fetch, context: string): Promise<void> {
  let bytes: Uint8Array;
  try {
    const response = await fetchImpl(file.url, { signal: AbortSignal.timeout(120_000) });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    bytes = new Uint8Array(await response.arrayBuffer());
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new DataError(`Could not download '${file.url}' (${reason}). ${context}`, file.relPath);
  }
  const actual = contentSha256(bytes, file.relPath);
  if (actual !== file.sha256) {
    throw new DataError(
      `Downloaded '${file.url}' but its SHA-256 is ${actual}, not the catalog's ${file.sha256}; the file was not saved. ${context}`,
      file.relPath,
    );
  }
  await mkdir(dirname(target), { recursive: true });
  const partial = `${target}.part-${process.pid}`;
  await writeFile(partial, bytes);
  await rename(partial, target);
}
