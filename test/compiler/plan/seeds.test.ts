import { describe, expect, it } from 'vitest';
import { deriveSeed } from '../../../src/plan/seeds.ts';

describe('deriveSeed', () => {
  it('is a pure function of base seed and parts', () => {
    expect(deriveSeed(2023, 'vae', 'shared', 0)).toBe(deriveSeed(2023, 'vae', 'shared', 0));
  });
  it('differs for another repeat, another purpose or another base seed', () => {
    const a = deriveSeed(2023, 'eval', 'r0');
    expect(deriveSeed(2023, 'eval', 'r1')).not.toBe(a);
    expect(deriveSeed(2023, 'vae', 'r0')).not.toBe(a);
    expect(deriveSeed(2024, 'eval', 'r0')).not.toBe(a);
  });
  it('gives unsigned 32-bit integers', () => {
    for (let r = 0; r < 100; r++) {
      const s = deriveSeed(7, 'r', r);
      expect(Number.isInteger(s)).toBe(true);
      expect(s).toBeGreaterThanOrEqual(0);
      expect(s).toBeLessThan(2 ** 32);
    }
  });
});
