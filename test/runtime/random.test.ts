import { describe, expect, it } from 'vitest';
import { Random } from '../../src/runtime/random.ts';

describe('Random', () => {
  it('repeats its stream for the same seed and not for another', () => {
    const a = new Random(5);
    const b = new Random(5);
    const c = new Random(6);
    const sa = Array.from({ length: 8 }, () => a.uint32());
    expect(Array.from({ length: 8 }, () => b.uint32())).toEqual(sa);
    expect(Array.from({ length: 8 }, () => c.uint32())).not.toEqual(sa);
  });
  it('draws standard normals with mean ≈ 0 and variance ≈ 1', () => {
    const r = new Random(11);
    const xs = r.normals(200_000);
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    const variance = xs.reduce((s, x) => s + (x - mean) ** 2, 0) / xs.length;
    expect(Math.abs(mean)).toBeLessThan(0.01);
    expect(Math.abs(variance - 1)).toBeLessThan(0.01);
  });
  it('draws integers in range, each value about equally often', () => {
    const r = new Random(3);
    const counts = new Array(5).fill(0);
    for (let i = 0; i < 50_000; i++) counts[r.int(5)]++;
    for (const c of counts) expect(Math.abs(c - 10_000)).toBeLessThan(400);
  });
});
