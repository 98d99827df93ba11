/**
 * Make generated rows valid records in the encoded space: values clipped to [0,1] when the data
 * lives there (bernoulli likelihood, min–max scaled tables, images), each categorical group turned
 * into a one-hot vector at its largest entry, and binary columns rounded to 0 or 1 — so decoding
 * through the preprocessing's inverse gives real categories and values in range.
 */
import type { FeatureGroup } from '../data/types.ts';

/** What makes a generated row valid: the unit range (when the data lives there) and the column groups. */
export interface ValidityRules {
  clipUnit: boolean;
  groups: FeatureGroup[];
}

/** Whether every value lies in [0, 1]. */
export function withinUnitInterval(x: Float32Array): boolean {
  for (let i = 0; i < x.length; i++) if (!(x[i] >= 0 && x[i] <= 1)) return false;
  return true;
}

/** Apply the rules to rows × features in place; returns x. */
export function makeValidRecords(x: Float32Array, rows: number, features: number, rules: ValidityRules): Float32Array {
  if (rules.clipUnit) for (let i = 0; i < x.length; i++) x[i] = Math.min(1, Math.max(0, x[i]));
  for (const g of rules.groups) {
    if (g.kind === 'continuous') continue;
    for (let r = 0; r < rows; r++) {
      const base = r * features;
      if (g.kind === 'binary') {
        for (let j = g.start; j < g.end; j++) x[base + j] = x[base + j] >= 0.5 ? 1 : 0;
        continue;
      }
      let best = g.start;
      for (let j = g.start + 1; j < g.end; j++) if (x[base + j] > x[base + best]) best = j;
      for (let j = g.start; j < g.end; j++) x[base + j] = j === best ? 1 : 0;
    }
  }
  return x;
}
