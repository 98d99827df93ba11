import { describe, expect, it } from 'vitest';
import { StackedBatchSampler, gatherRows, perClassPools } from '../../../src/runtime/training/batch-sampler.ts';
import { betaAt } from '../../../src/runtime/models/elbo.ts';
import { Random } from '../../../src/runtime/random.ts';

describe('per-class pools and lock-step batches', () => {
  const y = Int32Array.from([0, 1, 2, 0, 1, 2, 0, 1, 2, 0]); // class 0 ×4, 1 ×3, 2 ×3

  it('gives each class its own rows plus round(mixIn · own rows) drawn from the other classes', () => {
    const pools = perClassPools(y, 3, 0.5, new Random(1), 'v');
    expect(pools.map((p) => p.length)).toEqual([4 + 2, 3 + 2, 3 + 2]); // 0.5·4 = 2, 0.5·3 = 1.5 → 2
    expect(perClassPools(y, 3, 0.99, new Random(1), 'v').map((p) => p.length)).toEqual([8, 6, 6]);
    pools.forEach((pool, c) => {
      const own = Array.from(pool).filter((r) => y[r] === c);
      expect(own.length).toBe(y.filter((v) => v === c).length);
      expect(pool.length - own.length).toBe(2); // the mixed-in rows are of other classes
      expect(new Set(pool).size).toBe(pool.length); // drawn without replacement
    });
    expect(perClassPools(y, 3, 0, new Random(1), 'v').map((p) => Array.from(p))).toEqual([
      [0, 3, 6, 9],
      [1, 4, 7],
      [2, 5, 8],
    ]);
  });

  it('walks every pool in shuffled passes, each model in its own pool, wrapping small pools', () => {
    const pools = [Int32Array.from([0, 3, 6, 9]), Int32Array.from([1, 4, 7])];
    const sampler = new StackedBatchSampler(pools, 2, new Random(3));
    const seen: number[][] = [[], []];
    for (let step = 0; step < 6; step++) {
      const batch = sampler.next();
      expect(batch.length).toBe(4);
      seen[0].push(batch[0], batch[1]);
      seen[1].push(batch[2], batch[3]);
    }
    // 12 draws from a pool of 4 = three full passes; 12 from a pool of 3 = four passes
    for (let pass = 0; pass < 3; pass++) expect(seen[0].slice(pass * 4, pass * 4 + 4).sort()).toEqual([0, 3, 6, 9]);
    for (let pass = 0; pass < 4; pass++) expect(seen[1].slice(pass * 3, pass * 3 + 3).sort()).toEqual([1, 4, 7]);
    const tiny = new StackedBatchSampler([Int32Array.from([5])], 3, new Random(1));
    expect(Array.from(tiny.next())).toEqual([5, 5, 5]);
  });

  it('copies rows by index', () => {
    const x = Float32Array.from([0, 1, 10, 11, 20, 21]);
    expect(Array.from(gatherRows(x, 2, Int32Array.from([2, 0, 2])))).toEqual([20, 21, 0, 1, 20, 21]);
  });

  it('ramps β linearly from 0 over the warm-up steps, then holds it', () => {
    expect([1, 5, 10, 11, 100].map((s) => betaAt(s, 2, 10))).toEqual([0.2, 1, 2, 2, 2]);
    expect(betaAt(1, 0.5, 0)).toBe(0.5);
  });
});
