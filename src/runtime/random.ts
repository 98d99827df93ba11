/**
 * Seeded random numbers for the runtime, on pure-rand's xoroshiro128+ (a small, fast, well-tested
 * generator). Every random draw in augc goes through a `Random` made from a plan seed; TF.js ops
 * that draw (dropout, randomNormal) take a seed from `rng.seed()`.
 */
import prand from 'pure-rand';

export class Random {
  private gen: prand.RandomGenerator;
  private spareNormal: number | null = null;

  constructor(seed: number) {
    this.gen = prand.xoroshiro128plus(seed >>> 0);
  }

  /** uniform 32-bit unsigned integer */
  uint32(): number {
    const [v, next] = this.gen.next();
    this.gen = next;
    return v >>> 0;
  }

  /** uniform in [0, 1) with 53 bits */
  uniform(): number {
    const hi = this.uint32() >>> 5; // 27 bits
    const lo = this.uint32() >>> 6; // 26 bits
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  /** uniform integer in [0, n) */
  int(n: number): number {
    return Math.floor(this.uniform() * n);
  }

  /** standard normal (Marsaglia polar method) */
  normal(): number {
    if (this.spareNormal !== null) {
      const s = this.spareNormal;
      this.spareNormal = null;
      return s;
    }
    let u = 0;
    let v = 0;
    let s = 0;
    do {
      u = this.uniform() * 2 - 1;
      v = this.uniform() * 2 - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const m = Math.sqrt((-2 * Math.log(s)) / s);
    this.spareNormal = v * m;
    return u * m;
  }

  /** a fresh seed for a sub-generator or a TF.js op */
  seed(): number {
    return this.uint32();
  }

  /** Fisher–Yates shuffle in place */
  shuffle<T>(items: T[] | Int32Array | Uint32Array): typeof items {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const t = items[i];
      items[i] = items[j];
      items[j] = t as never;
    }
    return items;
  }

  /** a Float32Array of n standard normals times scale */
  normals(n: number, scale = 1): Float32Array {
    const out = new Float32Array(n);
    for (let i = 0; i < n; i++) out[i] = this.normal() * scale;
    return out;
  }
}
