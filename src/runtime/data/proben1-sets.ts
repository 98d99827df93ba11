/**
 * Finding PROBEN1 sets on the search path, with no list of names in the code: a set is any file
 * `proben1/FOLDER/STEMp.dt` (p = 1, 2, 3, the row permutation) below a folder of AUGC_DATA_PATH or
 * the user cache. The archive's layout is kept as Prechelt published it: most problems have a
 * folder of their own name (`cancer/cancer1.dt`), and the heart problem's variants share one folder
 * (`heart/heart1.dt`, `heart/heartc1.dt`, `heart/hearta1.dt`, `heart/heartac1.dt`). A set is named
 * by its file stem, so `heartc` finds `heart/heartc1.dt`.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Proben1Name } from '../../plan/proben1-names.ts';
import { cacheDir, dataPathDirs } from './resolve.ts';

export { splitProben1Name, type Proben1Name } from '../../plan/proben1-names.ts';

/** One set found on the search path. */
export interface Proben1SetFound {
  /** the stem, e.g. "cancer" or "heartc" */
  name: string;
  /** the folder holding its files, e.g. …/proben1/heart */
  dir: string;
  /** the permutations present, in order */
  permutations: (1 | 2 | 3)[];
}

/** The `proben1/` folders of the search path that exist, in search order. */
export function proben1Roots(env: NodeJS.ProcessEnv = process.env): string[] {
  return [...dataPathDirs(env), cacheDir(env)].map((d) => join(d, 'proben1')).filter(isDir);
}

function isDir(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function listDir(path: string): string[] {
  try {
    return readdirSync(path).sort();
  } catch {
    return [];
  }
}

/**
 * The file of a set and permutation: the first root holding `STEM/STEMp.dt`, else the first root
 * with `STEMp.dt` in any of its folders (the heart variants). Null when it is nowhere.
 */
export function findProben1File(name: Proben1Name, env: NodeJS.ProcessEnv = process.env): string | null {
  const file = `${name.stem}${name.permutation}.dt`;
  const roots = proben1Roots(env);
  for (const root of roots) {
    const direct = join(root, name.stem, file);
    if (existsSync(direct)) return direct;
  }
  for (const root of roots) {
    for (const folder of listDir(root)) {
      const path = join(root, folder, file);
      if (existsSync(path)) return path;
    }
  }
  return null;
}

/** Every set on the search path (the first root holding a stem wins), sorted by name. */
export function listProben1Sets(env: NodeJS.ProcessEnv = process.env): Proben1SetFound[] {
  const found = new Map<string, Proben1SetFound>();
  for (const root of proben1Roots(env)) {
    for (const folder of listDir(root)) {
      const dir = join(root, folder);
      for (const entry of listDir(dir)) {
        const match = /^([A-Za-z][A-Za-z0-9_-]*?)([123])\.dt$/.exec(entry);
        if (!match) continue;
        const stem = match[1];
        const set = found.get(stem) ?? { name: stem, dir, permutations: [] };
        if (set.dir !== dir) continue; // the same stem in a later folder or root is shadowed
        set.permutations.push(Number(match[2]) as 1 | 2 | 3);
        found.set(stem, set);
      }
    }
  }
  return [...found.values()].sort((a, b) => a.name.localeCompare(b.name));
}
