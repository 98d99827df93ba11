/**
 * Arms resolved: the recipe (with its defaults), the VAE it draws from, the GC that filters it
 * (a declared one, or an inline `filter gc(...)` named after the arm), the count and the options.
 */
import type * as A from '../ast/types.ts';
import { RECIPES } from '../language.ts';
import type { ArmNode, Count, Recipe } from '../../plan/types.ts';
import { argumentsOf, numberArg } from './arguments.ts';

/** A recipe call → the plan's Recipe with its defaults (null: an unknown recipe). */
export function recipeOf(call: A.Call): Recipe | null {
  const schema = RECIPES[call.callee.text];
  if (!schema) return null;
  const { map } = argumentsOf(call, schema);
  const arg = (k: string) => numberArg(map, k, schema.defaults[k]);
  switch (call.callee.text) {
    case 'prior':
    case 'noise':
      return { kind: call.callee.text, alpha: arg('alpha') };
    case 'interpolate':
    case 'extrapolate':
      return { kind: call.callee.text, k: arg('k'), alpha: arg('alpha') };
    case 'smote':
      return { kind: 'smote', k: arg('k') };
    case 'oversample':
      return { kind: 'oversample' };
    case 'input_noise':
      return { kind: 'input_noise', sigma: arg('sigma') };
  }
  return null;
}

/** The name an inline `filter gc(...)` gets as a GcNode. */
export const inlineGcName = (arm: string) => `${arm}.gc`;

/** An arm → the plan's ArmNode: its recipe, VAE and filter resolved, defaults (count same) made explicit. */
export function armOf(arm: A.ArmDeclaration): ArmNode {
  if (!arm.recipe)
    return {
      name: arm.name.text,
      kind: 'baseline',
      vae: null,
      recipe: null,
      plusNoise: null,
      count: null,
      filter: null,
      onlyGenerated: false,
    };
  const countOption = arm.options.find((o) => o.kind === 'count');
  const countValue = countOption?.kind === 'count' ? countOption.value : null;
  let count: Count = { kind: 'same' };
  if (countValue?.kind === 'number') count = { kind: 'fixed', perClass: countValue.value };
  else if (countValue?.text === 'balance') count = { kind: 'balance' };
  else if (countValue?.text === 'generated') count = { kind: 'axis', axis: 'generated' };
  const filterOption = arm.options.find((o) => o.kind === 'filter');
  const filter =
    filterOption?.kind === 'filter' ? (filterOption.call ? inlineGcName(arm.name.text) : (filterOption.name?.text ?? null)) : null;
  const plusAlpha = arm.plus ? numberArg(argumentsOf(arm.plus, RECIPES.noise).map, 'alpha', RECIPES.noise.defaults.alpha) : null;
  const recipe = recipeOf(arm.recipe);
  return {
    name: arm.name.text,
    kind: 'augment',
    vae: recipe && RECIPES[recipe.kind].needsVae ? (arm.recipe.target?.text ?? null) : null,
    recipe,
    plusNoise: plusAlpha === null ? null : { alpha: plusAlpha },
    count,
    filter,
    onlyGenerated: arm.options.some((o) => o.kind === 'only_generated'),
  };
}
