/**
 * Did-you-mean suggestions with TypeScript's thresholds (checker.ts `getSpellingSuggestion`):
 * a candidate is considered only if its length differs from the name's by at most 34% of the
 * name's length, and accepted only if its edit distance is at most 40% of the name's length
 * (and less than the name's length, so a one-letter name never "matches" everything).
 *
 * Shared by the compiler (unknown names in a spec) and the runtime (unknown columns, datasets), so
 * it imports nothing else of augc. The Levenshtein distance is fastest-levenshtein's (Myers'
 * bit-parallel algorithm): the same numbers as the dynamic-programming table it replaced, about
 * ten times faster on identifier-length names.
 */
import { distance } from 'fastest-levenshtein';

/** The closest candidate within the thresholds, or undefined. A case-only difference wins outright. */
export function suggestSpelling(name: string, candidates: Iterable<string>): string | undefined {
  const maxLengthDifference = Math.max(2, Math.floor(name.length * 0.34));
  let bestDistance = Math.floor(name.length * 0.4) + 1;
  let best: string | undefined;
  const lower = name.toLowerCase();
  for (const candidate of candidates) {
    if (candidate === name) continue;
    if (Math.abs(candidate.length - name.length) > maxLengthDifference) continue;
    if (candidate.toLowerCase() === lower) return candidate;
    // two-letter candidates ('lr', 'ks') are too short for a distance to mean anything
    if (candidate.length < 3) continue;
    const d = distance(lower, candidate.toLowerCase());
    if (d < bestDistance && d < name.length) {
      bestDistance = d;
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
