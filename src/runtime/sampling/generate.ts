/**
 * `generate`: new examples from originals with a recipe, dispatched by recipe kind — latent recipes
 * through a trained VAE, input-space baselines without one. Output is in the encoded space.
 */
import type { Generate, GenerateOptions, Generated, LabeledData, TrainedVae } from '../components.ts';
import type { Recipe } from '../../plan/types.ts';
import { generateLatent } from './latent-recipes.ts';
import type { LatentRecipe } from './latent-recipes.ts';
import { generateInInputSpace } from './input-recipes.ts';
import type { InputRecipe } from './input-recipes.ts';

type Sampler = (vae: TrainedVae | null, originals: LabeledData, options: GenerateOptions) => Generated;

function needsVae(recipe: LatentRecipe): Sampler {
  return (vae, originals, options) => {
    if (!vae) throw new Error(`Recipe '${recipe.kind}' samples in a VAE's latent space, but no VAE was given.`);
    return generateLatent(vae, recipe, originals, options);
  };
}

const SAMPLERS: { [K in Recipe['kind']]: (recipe: Extract<Recipe, { kind: K }>) => Sampler } = {
  prior: needsVae,
  noise: needsVae,
  interpolate: needsVae,
  extrapolate: needsVae,
  smote: (recipe: InputRecipe) => (_vae, originals, options) => generateInInputSpace(recipe, originals, options),
  oversample: (recipe: InputRecipe) => (_vae, originals, options) => generateInInputSpace(recipe, originals, options),
  input_noise: (recipe: InputRecipe) => (_vae, originals, options) => generateInInputSpace(recipe, originals, options),
};

/** Implements `Generate` of components.ts. */
export const generate: Generate = async (vae, originals, options) => {
  const make = SAMPLERS[options.recipe.kind] as (recipe: Recipe) => Sampler;
  if (!make) throw new Error(`Unknown recipe '${(options.recipe as { kind: string }).kind}'.`);
  return make(options.recipe)(vae, originals, options);
};
