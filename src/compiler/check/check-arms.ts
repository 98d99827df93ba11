/** Checks of `sweep` axes and `arm` declarations: recipes, combinations, counts, filters. */
import type * as A from '../ast/types.ts';
import { didYouMean } from '../../text/spelling.ts';
import { AXES, COUNT_WORDS, INLINE_GC, RECIPES } from '../language.ts';
import { argumentsOf, numberArg } from '../bind/arguments.ts';
import { checkArguments } from './arguments.ts';
import type { CheckContext } from './context.ts';
import { atomText, checkNumber, checkNumberAtom, checkSettingsOnce } from './values.ts';

/** The axis is known, `of` only on beta/latent axes, `per_class from PART` only on shots and not from the test part. */
export function checkSweepAxis(sweep: A.SweepStatement, ctx: CheckContext): void {
  const axis = sweep.axis.text;
  if (!(AXES as readonly string[]).includes(axis)) {
    ctx.accept('unknownOption', sweep.axis, ['axis', axis], {
      hint: didYouMean(axis, AXES) ?? `Axes are ${AXES.map((a) => `'${a}'`).join(', ')}.`,
    });
    return;
  }
  if (sweep.of.length > 0 && axis !== 'beta' && axis !== 'latent')
    ctx.accept('unknownOption', sweep.of[0], [`'of' target for axis '${axis}'`, sweep.of[0].text], {
      hint: "Only 'beta' and 'latent' axes name VAEs.",
    });
  if ((sweep.perClass || sweep.from) && axis !== 'shots')
    ctx.accept('unknownOption', (sweep.perClass ?? sweep.from)!, [`setting of axis '${axis}'`, (sweep.perClass ?? sweep.from)!.text], {
      hint: "'per_class from PART' belongs to the 'shots' axis.",
    });
  if (sweep.from && ctx.bound.hasPart(sweep.from.text) && sweep.from.text === ctx.bound.testPart) {
    ctx.accept('testPartForSelection', sweep.from, ['Drawing the shots', sweep.from.text], {
      hint: "Draw them from a training part such as 'pool' or 'train'.",
    });
  }
}

/** A `generated` axis needs an arm with `count generated`. */
export function checkGeneratedAxisUsed(sweep: A.SweepStatement, ctx: CheckContext): void {
  if (sweep.axis.text !== 'generated') return;
  const used = [...ctx.symbols.arms.values()].some((a) =>
    a.options.some((o) => o.kind === 'count' && o.value?.kind === 'name' && o.value.text === 'generated'),
  );
  if (!used) ctx.accept('unusedGeneratedAxis', sweep.axis, [], { hint: "Give an arm 'count generated'." });
}

/** Axis values have the axis's type and range (shots ≥ 1, β > 0, datasets named). */
export function checkSweepValues(sweep: A.SweepStatement, ctx: CheckContext): void {
  const list = sweep.values;
  if (!list) return;
  if (list.items.length === 0) {
    ctx.accept('outOfRange', list, [`The values of axis '${sweep.axis.text}'`, 'a non-empty list', '[]']);
    return;
  }
  const label = `A value of axis '${sweep.axis.text}'`;
  const seen = new Set<string>();
  for (const item of list.items) {
    const text = atomText(item);
    if (seen.has(text)) ctx.accept('duplicateName', item, [`value of axis '${sweep.axis.text}'`, text]);
    seen.add(text);
    switch (sweep.axis.text) {
      case 'shots':
      case 'generated':
      case 'latent':
        checkNumberAtom(ctx, item, label, { integer: true, min: 1 }, list);
        break;
      case 'beta':
        if (item.kind === 'norm') checkNumber(ctx, item.value, label, { min: 0, exclusiveMin: true });
        else checkNumberAtom(ctx, item, label, { min: 0, exclusiveMin: true }, list);
        break;
      case 'dataset':
        if (item.kind !== 'name') ctx.accept('wrongType', item, [label, 'a data name', atomText(item)]);
        break;
    }
  }
}

/** The smallest shots value of the shots axis, if there is one. */
export function smallestShots(ctx: CheckContext): { value: number; node: A.Node } | null {
  const items = ctx.symbols.axes.get('shots')?.values?.items ?? [];
  const numbers = items.filter((i): i is A.NumberLiteral => i.kind === 'number');
  if (numbers.length === 0) return null;
  const min = numbers.reduce((a, b) => (b.value < a.value ? b : a));
  return { value: min.value, node: min };
}

/** An arm name can be any string but the characters that structure task ids and cell keys. */
export function checkArmName(arm: A.ArmDeclaration, ctx: CheckContext): void {
  if (/[/,=\s]/.test(arm.name.text) || arm.name.text === '')
    ctx.accept('wrongType', arm.name, ['An arm name', "text without '/', ',', '=' or spaces", JSON.stringify(arm.name.text)]);
  else if (!ARM_NAME.test(arm.name.text)) {
    const suggestion = arm.name.text.replace(/[^\p{L}\p{N}_+\-.]+/gu, '_').replace(/^_+|_+$/g, '') || 'arm';
    ctx.accept('armNameCharacters', arm.name, [arm.name.text], { hint: `Did you mean '${suggestion}'?` });
  }
}

/** What an arm name may hold: letters, digits, '_', '+', '-' and '.'. Arm names head report columns
 * and rows and name figure files, so markup (`|`, `<`, `[`, backticks) has no place in them. */
const ARM_NAME = /^[\p{L}\p{N}_+\-.]+$/u;

/** The recipe exists, fits its VAE (prior needs per_class; input-space recipes take none), k < smallest shots, `+ noise` follows a step. */
export function checkArmRecipe(arm: A.ArmDeclaration, ctx: CheckContext): void {
  const recipe = arm.recipe;
  if (!recipe) return;
  const schema = RECIPES[recipe.callee.text];
  if (!schema) {
    ctx.accept('unknownRecipe', recipe.callee, [recipe.callee.text], { hint: didYouMean(recipe.callee.text, Object.keys(RECIPES)) });
    return;
  }
  const name = recipe.callee.text;
  if (schema.needsVae && !recipe.target)
    ctx.accept('recipeNeedsVae', recipe.callee, [name], { hint: `Write 'VAE.${name}(...)' with a declared VAE.` });
  if (!schema.needsVae && recipe.target) ctx.accept('recipeTakesNoVae', recipe.target, [name], { hint: `Write '${name}(...)'.` });
  if (recipe.target && schema.needsVae && ctx.symbols.vaes.has(recipe.target.text) && name === 'prior') {
    const vae = ctx.symbols.vaes.get(recipe.target.text)!;
    const mode = vae.settings.find((s) => s.kind === 'mode');
    if (!mode || mode.keyword.text === 'single')
      ctx.accept('priorFromSingleVae', recipe.callee, [vae.name.text], { related: [ctx.declaredHere(vae.name)] });
  }
  const args = checkArguments(ctx, recipe, schema, `recipe '${name}'`);
  const k = args.get('k');
  const shots = smallestShots(ctx);
  if (k && shots && numberArg(args, 'k', 0) >= shots.value)
    ctx.accept('kTooLarge', k.values[0] ?? k.key, [numberArg(args, 'k', 0), shots.value, 'the shots axis allows'], {
      related: [{ message: `The smallest shots value is ${shots.value}.`, file: ctx.spec.file, range: shots.node.range }],
    });
  if (arm.plus) {
    if (arm.plus.callee.text !== 'noise' || arm.plus.target)
      ctx.accept('unknownRecipe', arm.plus.callee, [arm.plus.callee.text], { hint: "Only '+ noise(alpha A)' combines with a recipe." });
    else {
      checkArguments(ctx, arm.plus, RECIPES.noise, "'+ noise'");
      if (name !== 'interpolate' && name !== 'extrapolate') ctx.accept('plusNoiseNeedsStep', arm.plus.callee, [name]);
    }
  }
}

/** count, filter and only_generated: known words, a generated axis for `count generated`, a gc's arguments. */
export function checkArmOptions(arm: A.ArmDeclaration, ctx: CheckContext): void {
  checkSettingsOnce(ctx, arm.options, `arm '${arm.name.text}'`);
  for (const option of arm.options) {
    if (option.kind === 'count' && option.value) {
      if (option.value.kind === 'number') checkNumber(ctx, option.value, "'count'", { integer: true, min: 1 });
      else if (!(COUNT_WORDS as readonly string[]).includes(option.value.text))
        ctx.accept('unknownOption', option.value, ['count', option.value.text], {
          hint: didYouMean(option.value.text, COUNT_WORDS) ?? "A count is a number, 'same', 'balance' or 'generated'.",
        });
      else if (option.value.text === 'generated' && !ctx.symbols.axes.has('generated'))
        ctx.accept('generatedCountWithoutAxis', option.value);
    }
    if (option.kind === 'filter') {
      if (option.call) {
        if (option.call.callee.text !== 'gc' || option.call.target) {
          ctx.accept('unknownOption', option.call.callee, ['filter', option.call.callee.text], {
            hint: "Write 'filter gc(noise sigma 0.1, keep 0.5)' or 'filter NAME' for a declared gc.",
          });
        } else checkArguments(ctx, option.call, INLINE_GC, 'gc');
      }
      const usesCheckpoint = option.call
        ? argumentsOf(option.call, INLINE_GC).map.has('early_checkpoint')
        : ctx.symbols.gcs.get(option.name?.text ?? '')?.settings.some((s) => s.kind === 'early_checkpoint');
      if (usesCheckpoint && !arm.recipe?.target) ctx.accept('checkpointNegativesNeedVae', option.keyword, [arm.name.text]);
    }
  }
}
