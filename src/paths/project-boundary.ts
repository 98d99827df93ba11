/**
 * The project boundary: where augc may write without `--allow-outside`. One implementation for the
 * compiler's report-path check (AUG2014), `augc run`'s output folder and `augc report`'s target.
 *
 * The decision is made on real paths: a path is resolved through every symbolic link of its deepest
 * existing ancestor (`fs.realpathSync`), then the not-yet-existing tail is appended. Comparing the
 * written strings alone let `specs/outlink/evil.md` escape when `specs/outlink` links outside the
 * project. The project root is resolved the same way, so a project reached through a link is still
 * its own inside. This module imports nothing else of augc.
 */
import { existsSync, lstatSync, readlinkSync, realpathSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';

/** The spec's project folder: the nearest folder upward holding package.json or .git, else `dir`. */
export function findProjectRoot(dir: string): string {
  const start = resolve(dir);
  for (let d = start; ; d = dirname(d)) {
    if (existsSync(join(d, 'package.json')) || existsSync(join(d, '.git'))) return d;
    if (dirname(d) === d) return start;
  }
}

/** `path` with every link of its deepest existing ancestor resolved, and the rest appended. */
export function realPath(path: string): string {
  const absolute = resolve(path);
  const tail: string[] = [];
  for (let d = absolute; ; d = dirname(d)) {
    try {
      return join(realpathSync(d), ...tail.reverse());
    } catch {
      if (dirname(d) === d) return absolute;
      tail.push(d.slice(dirname(d).length).replace(/^[/\\]/, ''));
    }
  }
}

/** The first component of `path` (from the root down) that is a symbolic link, with its target. */
export function firstLink(path: string): { link: string; target: string } | null {
  const absolute = resolve(path);
  const parts = absolute.split(sep).filter(Boolean);
  let current = absolute.startsWith(sep) ? sep : '';
  for (const part of parts) {
    current = join(current, part);
    try {
      if (lstatSync(current).isSymbolicLink()) return { link: current, target: resolve(dirname(current), readlinkSync(current)) };
    } catch {
      return null; // the rest does not exist yet: no link below here
    }
  }
  return null;
}

/** Where a path really lands, for a refusal's message. */
export interface BoundaryVerdict {
  inside: boolean;
  /** the path with its links resolved */
  resolved: string;
  /** the link that takes it elsewhere, when one does */
  link: { link: string; target: string } | null;
}

/** Is `path` the project `root` or below it, once links on both sides are resolved? */
export function checkInside(path: string, root: string): BoundaryVerdict {
  const resolved = realPath(path);
  const rel = relative(realPath(root), resolved);
  const inside = rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
  return { inside, resolved, link: inside ? null : firstLink(path) };
}

/** True when `path` lies inside `root` (links resolved). */
export function isInside(path: string, root: string): boolean {
  return checkInside(path, root).inside;
}

/** The refusal's explanation of a link, e.g. " (specs/out is a link to /tmp/x)"; empty without one. */
export function describeLink(verdict: BoundaryVerdict, root: string): string {
  if (!verdict.link) return '';
  const shown = relative(root, verdict.link.link) || verdict.link.link;
  return ` ('${shown}' is a link to '${verdict.link.target}')`;
}
