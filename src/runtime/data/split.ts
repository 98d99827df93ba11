/**
 * Splits and few-shot samples, as row indices. A partition split takes the source's own parts; a
 * stratified split cuts every class by the same ratios (largest-remainder rounding, so the parts of
 * a class add up exactly), seeded and therefore the same on every run and every repeat.
 */
import type { SplitNode } from '../../plan/types.ts';
import { Random } from '../random.ts';
import { DataError } from './errors.ts';
import type { Dataset, SplitParts } from './types.ts';

/** The row indices of each part of `split` (each part sorted ascending). */
export function splitDataset(dataset: Dataset, split: SplitNode): SplitParts {
  if (split.kind === 'partition') {
    const own = Object.keys(dataset.partition);
    const parts: SplitParts = {};
    for (const name of split.parts) {
      const rows = dataset.partition[name as keyof Dataset['partition']];
      if (!rows) {
        const has = own.length > 0 ? `its parts are ${own.join(', ')}` : 'it has no partition of its own; use a stratified split';
        throw new DataError(`Dataset '${dataset.metadata.ref}' has no part '${name}'; ${has}.`);
      }
      parts[name] = rows;
    }
    return parts;
  }
  return stratifiedSplit(dataset.y, dataset.metadata.classes.length, split.ratios, split.seed);
}

/** Cuts every class by `ratios` (normalised to sum 1), shuffled by a Random seeded with `seed`. */
export function stratifiedSplit(y: Int32Array, numClasses: number, ratios: Record<string, number>, seed: number): SplitParts {
  const names = Object.keys(ratios);
  const total = names.reduce((s, n) => s + ratios[n], 0);
  if (names.length === 0 || !(total > 0) || names.some((n) => !(ratios[n] >= 0))) {
    throw new DataError(`A stratified split needs non-negative ratios with a positive sum; got ${JSON.stringify(ratios)}.`);
  }
  const rng = new Random(seed);
  const chosen: number[][] = names.map(() => []);
  for (const rows of rowsByClass(y, null, numClasses)) {
    rng.shuffle(rows);
    const sizes = apportion(
      rows.length,
      names.map((n) => ratios[n] / total),
    );
    let start = 0;
    sizes.forEach((size, p) => {
      for (let i = start; i < start + size; i++) chosen[p].push(rows[i]);
      start += size;
    });
  }
  const parts: SplitParts = {};
  names.forEach((n, p) => {
    parts[n] = Int32Array.from(chosen[p]).sort();
  });
  return parts;
}

/** Splits n into integer shares proportional to `weights` (largest remainder; ties to the first). */
function apportion(n: number, weights: number[]): number[] {
  const exact = weights.map((w) => w * n);
  const sizes = exact.map(Math.floor);
  let left = n - sizes.reduce((s, v) => s + v, 0);
  const order = exact.map((e, i) => ({ i, r: e - Math.floor(e) })).sort((a, b) => b.r - a.r || a.i - b.i);
  for (let k = 0; left > 0; k = (k + 1) % order.length, left--) sizes[order[k].i]++;
  return sizes;
}

/** Row indices grouped by class (restricted to `from` when given), in their original order. */
function rowsByClass(y: Int32Array, from: Int32Array | null, numClasses: number): Int32Array[] {
  const lists: number[][] = Array.from({ length: numClasses }, () => []);
  const n = from ? from.length : y.length;
  for (let i = 0; i < n; i++) {
    const row = from ? from[i] : i;
    lists[y[row]].push(row);
  }
  return lists.map((l) => Int32Array.from(l));
}

/**
 * Few-shot sample: exactly `perClass` rows of every class, drawn from `from` with a Random seeded by
 * `seed`; rows grouped by class in class order, ascending within a class. A class holding fewer than
 * `perClass` rows in `from` is an error that names it — unless `cap` (the spec's `sweep shots … cap`),
 * which takes all of that class's rows instead. The draw of a class that holds enough rows is the same
 * with or without `cap`.
 */
export function sampleShots(
  y: Int32Array,
  from: Int32Array,
  perClass: number,
  seed: number,
  classNames: string[],
  cap = false,
): Int32Array {
  if (!Number.isInteger(perClass) || perClass < 1)
    throw new DataError(`The number of shots per class must be a positive integer, not ${perClass}.`);
  const byClass = rowsByClass(y, from, classNames.length);
  byClass.forEach((rows, c) => {
    if (rows.length < perClass && !cap) {
      throw new DataError(
        `Class '${classNames[c]}' has ${rows.length} example${rows.length === 1 ? '' : 's'} in the part, fewer than the ${perClass} shots asked for.`,
      );
    }
  });
  const takes = byClass.map((rows) => Math.min(perClass, rows.length));
  const rng = new Random(seed);
  const out = new Int32Array(takes.reduce((a, b) => a + b, 0));
  let offset = 0;
  byClass.forEach((rows, c) => {
    // partial Fisher–Yates: the first takes[c] slots become a uniform sample without replacement
    for (let i = 0; i < takes[c]; i++) {
      const j = i + rng.int(rows.length - i);
      const t = rows[i];
      rows[i] = rows[j];
      rows[j] = t;
    }
    out.set(rows.subarray(0, takes[c]).sort(), offset);
    offset += takes[c];
  });
  return out;
}
