/**
 * Baselines in input space (no VAE), so a spec compares them with VAE arms in one table:
 *   smote(k)         x_i + u·(x_k − x_i), u ~ U(0,1), x_k drawn from the k nearest neighbours of x_i
 *                    of the same class (Chawla et al. 2002); a lone original is copied
 *   oversample       a copy of x_i (random oversampling)
 *   input_noise(σ)   x_i + N(0, σ²I)
 * Sources cycle through a seeded shuffle of each class's originals; labels are inherited. Rows are
 * made valid records (categorical groups one-hot, binaries 0/1, [0,1] kept when the data is there).
 */
import type { GenerateOptions, Generated, LabeledData } from '../components.ts';
import type { Recipe } from '../../plan/types.ts';
import { Random } from '../random.ts';
import { classCounts, generatedPerClass, rowsByClass } from './counts.ts';
import { nearestNeighbours } from './neighbours.ts';
import { makeValidRecords, withinUnitInterval } from './valid-records.ts';
import { concatGenerated } from './latent-recipes.ts';

/** The recipes that work in input space, without a VAE. */
export type InputRecipe = Extract<Recipe, { kind: 'smote' | 'oversample' | 'input_noise' }>;

/** Generate with an input-space recipe (see the file comment). */
export function generateInInputSpace(recipe: InputRecipe, originals: LabeledData, options: GenerateOptions): Generated {
  const rng = new Random(options.seed);
  const N = originals.features;
  const x = originals.x;
  const members = rowsByClass(originals.y, originals.numClasses);
  const wanted = generatedPerClass(options.count, classCounts(originals.y, originals.numClasses));
  const rules = { clipUnit: withinUnitInterval(x), groups: originals.groups };
  const xs: Float32Array[] = [];
  const ys: number[] = [];
  const sources: Int32Array[] = [];
  for (let c = 0; c < originals.numClasses; c++) {
    const rows = members[c];
    const count = rows.length > 0 ? wanted[c] : 0;
    if (count === 0) continue;
    const neighbours = recipe.kind === 'smote' ? nearestNeighbours(x, N, rows, recipe.k) : null;
    const order = rng.shuffle(Int32Array.from(rows, (_, i) => i)) as Int32Array;
    const block = new Float32Array(count * N);
    const source = new Int32Array(count);
    for (let j = 0; j < count; j++) {
      const local = order[j % order.length];
      const i = rows[local];
      source[j] = i;
      const out = j * N;
      if (recipe.kind === 'oversample') {
        block.set(x.subarray(i * N, (i + 1) * N), out);
      } else if (recipe.kind === 'input_noise') {
        for (let t = 0; t < N; t++) block[out + t] = x[i * N + t] + recipe.sigma * rng.normal();
      } else {
        const candidates = (neighbours as Int32Array[])[local];
        const k = candidates.length > 0 ? candidates[rng.int(candidates.length)] : i;
        const u = rng.uniform();
        for (let t = 0; t < N; t++) block[out + t] = x[i * N + t] + u * (x[k * N + t] - x[i * N + t]);
      }
    }
    xs.push(makeValidRecords(block, count, N, rules));
    sources.push(source);
    for (let j = 0; j < count; j++) ys.push(c);
  }
  return concatGenerated(xs, ys, sources, N);
}
