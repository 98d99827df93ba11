import { describe, expect, it } from 'vitest';
import { didYouMean, suggestSpelling } from '../../src/text/spelling.ts';

describe('spelling suggestions (TypeScript thresholds)', () => {
  it('suggests close names and nothing for far ones', () => {
    expect(suggestSpelling('interpolat', ['interpolate', 'extrapolate', 'noise'])).toBe('interpolate');
    expect(suggestSpelling('bernouli', ['bernoulli', 'gaussian'])).toBe('bernoulli');
    expect(suggestSpelling('xyz', ['noise', 'prior'])).toBeUndefined();
    expect(suggestSpelling('gaus', ['bernoulli', 'gaussian'])).toBeUndefined(); // length differs by more than 34%
  });

  it('prefers a case-only difference and never suggests the name itself', () => {
    expect(suggestSpelling('Shared', ['shard', 'shared'])).toBe('shared');
    expect(suggestSpelling('noise', ['noise'])).toBeUndefined();
  });

  it('keeps the 40% distance bound: two edits pass for a 6-letter name, three do not', () => {
    expect(suggestSpelling('latnet', ['latent'])).toBe('latent'); // distance 2 ≤ floor(6 × 0.4)
    expect(suggestSpelling('kitten', ['sitting'])).toBeUndefined(); // distance 3 > 2
    expect(suggestSpelling('interpolte', ['interpolate'])).toBe('interpolate'); // one edit in ten letters
  });

  it('picks the closest of several and skips two-letter candidates', () => {
    expect(suggestSpelling('gausian', ['gaussian', 'gausssiann'])).toBe('gaussian');
    expect(suggestSpelling('lx', ['lr'])).toBeUndefined();
  });

  it('words the hint', () => {
    expect(didYouMean('shraed', ['shared', 'latent'])).toBe("Did you mean 'shared'?");
    expect(didYouMean('zzz', ['shared'])).toBeUndefined();
  });
});
