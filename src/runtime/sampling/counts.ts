/**
 * How many examples to generate per class: a fixed number, as many as the originals of the class
 * ("same"), or enough to top every class up to the largest one ("balance").
 */
import type { GenerateOptions } from '../components.ts';

/** Number of originals of each class. */
export function classCounts(y: Int32Array, numClasses: number): number[] {
  const counts = new Array<number>(numClasses).fill(0);
  for (const c of y) counts[c] += 1;
  return counts;
}

/** Generated examples per class for a count rule. */
export function generatedPerClass(count: GenerateOptions['count'], originals: number[]): number[] {
  switch (count.kind) {
    case 'fixed':
      return originals.map(() => count.perClass);
    case 'same':
      return originals.slice();
    case 'balance': {
      const largest = Math.max(0, ...originals);
      return originals.map((n) => largest - n);
    }
  }
}

/** Row indices of each class, in row order. */
export function rowsByClass(y: Int32Array, numClasses: number): Int32Array[] {
  const lists: number[][] = Array.from({ length: numClasses }, () => []);
  y.forEach((c, i) => {
    lists[c].push(i);
  });
  return lists.map((l) => Int32Array.from(l));
}
