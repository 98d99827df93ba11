/**
 * Sampling in a VAE's latent space (METHOD.md §3), decoded with the decoder's mean:
 *   prior(α)          ẑ ~ N(0, α²I)                        per_class only; label = the model's class
 *   noise(α)          ẑ = μ(x_i) + ε, ε ~ N(0, α²I)
 *   interpolate(k, α) ẑ = μ(x_i) + α·(μ(x_k) − μ(x_i))
 *   extrapolate(k, α) ẑ = μ(x_i) − α·(μ(x_k) − μ(x_i))
 * x_k is drawn uniformly from the k nearest neighbours of x_i among the same class's latent means
 * (a class with a single original has no neighbour: ẑ = μ(x_i)). `plusNoise` adds N(0, α²I) after
 * the interpolation/extrapolation step. Sources x_i cycle through a seeded shuffle of the class's
 * originals, so each original is used evenly. Derived examples inherit x_i's label; with a
 * per_class VAE, x_i is encoded and decoded by its own class's model.
 */
import type { GenerateOptions, Generated, LabeledData, TrainedVae } from '../components.ts';
import type { Recipe } from '../../plan/types.ts';
import { Random } from '../random.ts';
import { gatherRows } from '../training/batch-sampler.ts';
import { classCounts, generatedPerClass, rowsByClass } from './counts.ts';
import { nearestNeighbours } from './neighbours.ts';
import { makeValidRecords, withinUnitInterval } from './valid-records.ts';

/** The recipes that sample in a VAE's latent space. */
export type LatentRecipe = Extract<Recipe, { kind: 'prior' | 'noise' | 'interpolate' | 'extrapolate' }>;

/** Latent codes for one class: `count` rows of ẑ and their sources (indices into originals). */
function latentCodes(
  recipe: LatentRecipe,
  plusNoise: GenerateOptions['plusNoise'],
  means: Float32Array,
  members: Int32Array,
  d: number,
  count: number,
  rng: Random,
): { z: Float32Array; source: Int32Array } {
  const z = new Float32Array(count * d);
  const source = new Int32Array(count).fill(-1);
  if (recipe.kind === 'prior') {
    for (let i = 0; i < z.length; i++) z[i] = recipe.alpha * rng.normal();
    return { z, source };
  }
  const local = Int32Array.from(members, (_, i) => i);
  const neighbours = recipe.kind === 'interpolate' || recipe.kind === 'extrapolate' ? nearestNeighbours(means, d, local, recipe.k) : null;
  const order = rng.shuffle(Int32Array.from(local)) as Int32Array;
  for (let j = 0; j < count; j++) {
    const i = order[j % order.length];
    source[j] = members[i];
    const out = j * d;
    if (recipe.kind === 'noise') {
      for (let t = 0; t < d; t++) z[out + t] = means[i * d + t] + recipe.alpha * rng.normal();
      continue;
    }
    const candidates = (neighbours as Int32Array[])[i];
    const k = candidates.length > 0 ? candidates[rng.int(candidates.length)] : i;
    const sign = recipe.kind === 'interpolate' ? 1 : -1;
    for (let t = 0; t < d; t++) {
      const mi = means[i * d + t];
      z[out + t] = mi + sign * recipe.alpha * (means[k * d + t] - mi);
    }
    if (plusNoise) for (let t = 0; t < d; t++) z[out + t] += plusNoise.alpha * rng.normal();
  }
  return { z, source };
}

/** Generate with a latent recipe (see the file comment). Output is in the encoded space. */
export function generateLatent(vae: TrainedVae, recipe: LatentRecipe, originals: LabeledData, options: GenerateOptions): Generated {
  const perClass = vae.config.mode === 'per_class';
  if (recipe.kind === 'prior' && !perClass) {
    throw new Error(`Recipe 'prior' needs a per_class VAE (its samples take the model's class); VAE '${vae.config.name}' is single.`);
  }
  if (perClass && vae.modelCount !== originals.numClasses) {
    throw new Error(`VAE '${vae.config.name}' has ${vae.modelCount} per-class models but the data has ${originals.numClasses} classes.`);
  }
  const rng = new Random(options.seed);
  const d = vae.config.latent;
  const N = originals.features;
  const members = rowsByClass(originals.y, originals.numClasses);
  const wanted = generatedPerClass(options.count, classCounts(originals.y, originals.numClasses));
  const rules = { clipUnit: vae.config.likelihood === 'bernoulli' || withinUnitInterval(originals.x), groups: originals.groups };
  const xs: Float32Array[] = [];
  const ys: number[] = [];
  const sources: Int32Array[] = [];
  for (let c = 0; c < originals.numClasses; c++) {
    // without originals only the prior can make examples of a class
    const count = members[c].length > 0 || recipe.kind === 'prior' ? wanted[c] : 0;
    if (count === 0) continue;
    const model = perClass ? c : 0;
    const means =
      recipe.kind === 'prior' ? new Float32Array(0) : vae.encodeMean(gatherRows(originals.x, N, members[c]), members[c].length, model);
    const { z, source } = latentCodes(recipe, options.plusNoise, means, members[c], d, count, rng);
    xs.push(makeValidRecords(vae.decode(z, count, model), count, N, rules));
    sources.push(source);
    for (let j = 0; j < count; j++) ys.push(c);
  }
  return concatGenerated(xs, ys, sources, N);
}

/** Join per-class blocks into one Generated record. */
export function concatGenerated(xs: Float32Array[], ys: number[], sources: Int32Array[], features: number): Generated {
  const rows = ys.length;
  const x = new Float32Array(rows * features);
  let at = 0;
  for (const block of xs) {
    x.set(block, at);
    at += block.length;
  }
  const source = new Int32Array(rows);
  at = 0;
  for (const block of sources) {
    source.set(block, at);
    at += block.length;
  }
  return { x, y: Int32Array.from(ys), rows, source };
}
