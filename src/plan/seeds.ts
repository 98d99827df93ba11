/**
 * Seed derivation. Every random draw in a run is seeded by a number derived here from the
 * experiment's base seed and the names of what it is for, so that a seed never depends on the
 * order in which tasks are created or run.
 */

/** FNV-1a over the UTF-8 bytes of the parts, joined by "/", mixed with the base seed (32-bit). */
export function deriveSeed(base: number, ...parts: (string | number)[]): number {
  let h = 0x811c9dc5 ^ (base >>> 0);
  const text = parts.map(String).join('/');
  const bytes = new TextEncoder().encode(text);
  for (const b of bytes) {
    h ^= b;
    h = Math.imul(h, 0x01000193);
  }
  // final avalanche (murmur3 fmix32) so nearby inputs give unrelated seeds
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
