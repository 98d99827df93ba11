import { describe, expect, it } from 'vitest';
import { generate } from '../../../src/runtime/sampling/generate.ts';
import type { GenerateOptions } from '../../../src/runtime/components.ts';
import { mixedTable } from '../models/fixtures.ts';

const data = mixedTable(30);
const N = data.features;
const opts = (recipe: GenerateOptions['recipe'], count: GenerateOptions['count'] = { kind: 'same' }): GenerateOptions => ({
  seed: 3,
  recipe,
  plusNoise: null,
  count,
});

describe('input-space baselines', () => {
  it('oversample copies originals of the same class', async () => {
    const g = await generate(null, data, opts({ kind: 'oversample' }, { kind: 'fixed', perClass: 4 }));
    expect(g.rows).toBe(12);
    for (let r = 0; r < g.rows; r++) {
      const i = g.source[r];
      expect(Array.from(g.x.subarray(r * N, (r + 1) * N))).toEqual(Array.from(data.x.subarray(i * N, (i + 1) * N)));
      expect(g.y[r]).toBe(data.y[i]);
    }
  });

  it('smote puts continuous values on the segment to one of the k nearest same-class neighbours', async () => {
    const g = await generate(null, data, opts({ kind: 'smote', k: 3 }));
    expect(g.rows).toBe(30);
    for (let r = 0; r < g.rows; r++) {
      const i = g.source[r];
      const c = data.y[i];
      const sameClass = Array.from({ length: 30 }, (_, j) => j).filter((j) => j !== i && data.y[j] === c);
      const d2 = (a: number, b: number) => {
        let s = 0;
        for (let t = 0; t < N; t++) s += (data.x[a * N + t] - data.x[b * N + t]) ** 2;
        return s;
      };
      const nearest = sameClass.sort((a, b) => d2(i, a) - d2(i, b) || a - b).slice(0, 3);
      // some neighbour k and one u ∈ [0,1] explain every continuous feature of the row
      const explained = nearest.some((k) => {
        let u: number | null = null;
        for (let t = 0; t < 4; t++) {
          const xi = data.x[i * N + t];
          const span = data.x[k * N + t] - xi;
          const v = g.x[r * N + t];
          if (Math.abs(span) < 1e-6) {
            if (Math.abs(v - xi) > 1e-5) return false;
            continue;
          }
          const ut = (v - xi) / span;
          if (ut < -1e-5 || ut > 1 + 1e-5) return false;
          if (u !== null && Math.abs(ut - u) > 1e-3) return false;
          u = ut;
        }
        return true;
      });
      expect(explained).toBe(true);
      expect(Array.from(g.x.subarray(r * N + 4, r * N + 7)).sort()).toEqual([0, 0, 1]);
    }
  });

  it('input_noise adds N(0, σ²) and keeps rows valid (clipped to [0,1], one-hot, binary)', async () => {
    const g = await generate(null, data, opts({ kind: 'input_noise', sigma: 0.05 }, { kind: 'fixed', perClass: 200 }));
    let sq = 0;
    let n = 0;
    for (let r = 0; r < g.rows; r++) {
      const i = g.source[r];
      for (let t = 0; t < 4; t++) {
        const v = g.x[r * N + t];
        expect(v >= 0 && v <= 1).toBe(true);
        if (v > 0 && v < 1) {
          sq += (v - data.x[i * N + t]) ** 2;
          n++;
        }
      }
      expect(Array.from(g.x.subarray(r * N + 4, r * N + 7)).sort()).toEqual([0, 0, 1]);
      expect([0, 1]).toContain(g.x[r * N + 7]);
    }
    expect(Math.sqrt(sq / n)).toBeGreaterThan(0.045);
    expect(Math.sqrt(sq / n)).toBeLessThan(0.055);
  });

  it('latent recipes refuse to run without a VAE', async () => {
    await expect(generate(null, data, opts({ kind: 'noise', alpha: 1 }))).rejects.toThrow(
      "Recipe 'noise' samples in a VAE's latent space, but no VAE was given.",
    );
  });
});
