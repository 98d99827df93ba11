/**
 * Did-you-mean suggestions with TypeScript's thresholds (checker.ts `getSpellingSuggestion`):
 * a candidate is considered only if its length differs from the name's by at most 34% of the
 * name's length, and accepted only if its edit distance is at most 40% of the name's length
 * (and less than the name's length, so a one-letter name never "matches" everything).
 */

/** Levenshtein distance, abandoning early once it exceeds `max` (returns Infinity then). */
export function editDistance(a: string, b: string, max = Infinity): number {
  if (Math.abs(a.length - b.length) > max) return Infinity;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1);
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, substitution);
      rowMin = Math.min(rowMin, current[j]);
    }
    if (rowMin > max) return Infinity;
    previous = current;
  }
  return previous[b.length];
}

/** The closest candidate within the thresholds, or undefined. Case differences count as 0.1. */
export function suggestSpelling(name: string, candidates: Iterable<string>): string | undefined {
  const maxLengthDifference = Math.max(2, Math.floor(name.length * 0.34));
  let bestDistance = Math.floor(name.length * 0.4) + 1;
  let best: string | undefined;
  for (const candidate of candidates) {
    if (candidate === name) continue;
    if (Math.abs(candidate.length - name.length) > maxLengthDifference) continue;
    if (candidate.toLowerCase() === name.toLowerCase()) return candidate;
    if (candidate.length < 3 && candidate.toLowerCase() !== name.toLowerCase()) continue;
    const distance = editDistance(name.toLowerCase(), candidate.toLowerCase(), bestDistance - 1);
    if (distance < bestDistance && distance < name.length) {
      bestDistance = distance;
      best = candidate;
    }
  }
  return best;
}

/** "Did you mean 'x'?" or undefined. */
export function didYouMean(name: string, candidates: Iterable<string>): string | undefined {
  const suggestion = suggestSpelling(name, candidates);
  return suggestion === undefined ? undefined : `Did you mean '${suggestion}'?`;
}
