/** Checks of `vae`, `classifier` and `gc` blocks: values, ranges, names, the single/per_class rules. */
import type * as A from '../ast/types.ts';
import { didYouMean } from '../../text/spelling.ts';
import { ACTIVATIONS, CLASSIFIER_ACTIVATIONS, EARLY_STOP_MONITORS, LIKELIHOODS } from '../language.ts';
import type { CheckContext } from './context.ts';
import { checkNumber, checkSettingsOnce, checkWidths } from './values.ts';
import { checkClassifierBudget } from './check-budgets.ts';

function checkLayers(ctx: CheckContext, layers: A.Layers | null, label: string): void {
  if (!layers) return;
  if (layers.kind === 'dense') checkWidths(ctx, layers.widths, `${label} widths`);
  else {
    checkWidths(ctx, layers.filters, `${label} conv filters`);
    checkNumber(ctx, layers.kernel, "'kernel'", { integer: true, min: 1, max: 15 });
    if (layers.dense) checkWidths(ctx, layers.dense, `${label} dense widths`);
  }
}

/** A vae block: parts, mix_in only per_class, ranges, layer widths, known likelihood/activation, steps xor epochs. */
export function checkVaeSettings(vae: A.VaeDeclaration, ctx: CheckContext): void {
  const where = `vae '${vae.name.text}'`;
  checkSettingsOnce(ctx, vae.settings, where);
  for (const s of vae.settings) {
    switch (s.kind) {
      case 'mode':
        if (s.on?.text === 'shots' && !ctx.symbols.axes.has('shots')) ctx.accept('shotsPartWithoutShotsAxis', s.on, [vae.name.text]);
        else if (s.on && ctx.bound.hasPart(s.on.text, ctx.symbols.axes.has('shots') ? ['shots'] : []) && s.on.text === ctx.bound.testPart) {
          ctx.accept('testPartForSelection', s.on, [`Training vae '${vae.name.text}'`, s.on.text], {
            hint: "Train it on 'pool', 'train' or 'shots'.",
          });
        }
        if (s.mixIn) {
          if (s.keyword.text === 'single') ctx.accept('mixInOnSingleVae', s.mixInKeyword ?? s.mixIn, [vae.name.text]);
          else checkNumber(ctx, s.mixIn, "'mix_in'", { min: 0, max: 1, exclusiveMax: true });
        }
        break;
      case 'latent':
        checkNumber(ctx, s.value, "'latent'", { integer: true, min: 1, max: 1024 });
        break;
      case 'beta':
        checkNumber(ctx, s.value, "'beta'", { min: 0, exclusiveMin: true });
        checkNumber(ctx, s.warmup, "'warmup'", { integer: true, min: 0 });
        break;
      case 'encoder':
      case 'decoder':
        checkLayers(ctx, s.layers, `'${s.kind}'`);
        break;
      case 'activation':
      case 'likelihood': {
        const allowed: readonly string[] = s.kind === 'activation' ? ACTIVATIONS : LIKELIHOODS;
        if (s.value && !allowed.includes(s.value.text))
          ctx.accept('unknownOption', s.value, [s.kind, s.value.text], { hint: didYouMean(s.value.text, allowed) });
        break;
      }
      case 'train': {
        checkSettingsOnce(
          ctx,
          s.options.map((o) => ({ kind: o.key.text, keyword: o.key })),
          `the training of ${where}`,
        );
        const has = (k: string) => s.options.find((o) => o.key.text === k);
        if (has('steps') && has('epochs')) ctx.accept('stepsAndEpochs', has('epochs')!.key, [vae.name.text]);
        for (const o of s.options) {
          const rule = o.key.text === 'lr' ? { min: 0, exclusiveMin: true, max: 10 } : { integer: true, min: 1 };
          checkNumber(ctx, o.value, `'${o.key.text}'`, rule);
        }
        break;
      }
    }
  }
}

/** A classifier block: one architecture, ranges, early stopping on a defined, non-test part. */
export function checkClassifierSettings(classifier: A.ClassifierDeclaration, ctx: CheckContext): void {
  const where = `classifier '${classifier.name.text}'`;
  const architecture = classifier.settings.filter((s) => s.kind === 'mlp' || s.kind === 'cnn' || s.kind === 'logistic');
  // a `train` setting's options count as settings of their own: `batch 32` beside `train … batch 64` is set twice
  const flat = classifier.settings
    .filter((s) => !architecture.includes(s))
    .flatMap((s) => (s.kind === 'train' ? s.options.map((o) => ({ kind: o.key.text, keyword: o.key })) : [s]));
  checkSettingsOnce(ctx, [...architecture.map((s) => ({ kind: 'architecture', keyword: s.keyword })), ...flat], where);
  checkClassifierBudget(classifier, ctx);
  for (const s of classifier.settings) {
    switch (s.kind) {
      case 'mlp':
        checkWidths(ctx, s.widths, "'mlp' widths");
        break;
      case 'cnn':
        checkWidths(ctx, s.filters, "'cnn' filters");
        if (s.dense) checkWidths(ctx, s.dense, "'cnn' dense widths");
        break;
      case 'activation':
        if (s.value && !(CLASSIFIER_ACTIVATIONS as readonly string[]).includes(s.value.text))
          ctx.accept('unknownOption', s.value, ['activation', s.value.text], { hint: didYouMean(s.value.text, CLASSIFIER_ACTIVATIONS) });
        break;
      case 'dropout':
        checkNumber(ctx, s.value, "'dropout'", { min: 0, max: 1, exclusiveMax: true });
        break;
      case 'weight_decay':
        checkNumber(ctx, s.value, "'weight_decay'", { min: 0, max: 1 });
        break;
      case 'epochs':
      case 'batch':
        checkNumber(ctx, s.value, `'${s.kind}'`, { integer: true, min: 1 });
        break;
      case 'lr':
        checkNumber(ctx, s.value, "'lr'", { min: 0, exclusiveMin: true, max: 10 });
        break;
      case 'early_stop':
        if (s.part && ctx.bound.hasPart(s.part.text) && s.part.text === ctx.bound.testPart) {
          ctx.accept('testPartForSelection', s.part, [`Early stopping of ${where}`, s.part.text], {
            hint: "Stop on a validation part, e.g. 'early_stop on validation'.",
          });
        }
        checkNumber(ctx, s.patience, "'patience'", { integer: true, min: 1 });
        if (s.monitor && !(EARLY_STOP_MONITORS as readonly string[]).includes(s.monitor.text))
          ctx.accept('unknownOption', s.monitor, ['monitor', s.monitor.text], { hint: didYouMean(s.monitor.text, EARLY_STOP_MONITORS) });
        break;
    }
  }
}

/** A gc block: one negatives source, sigma/step/keep in range (binding resolves its classifier). */
export function checkGcSettings(gc: A.GcDeclaration, ctx: CheckContext): void {
  const negatives = gc.settings.filter((s) => s.kind === 'noise' || s.kind === 'early_checkpoint');
  checkSettingsOnce(
    ctx,
    [
      ...negatives.map((s) => ({ kind: 'negatives', keyword: s.keyword })),
      ...gc.settings.filter((s) => !(negatives as A.GcSetting[]).includes(s)),
    ],
    `gc '${gc.name.text}'`,
  );
  for (const s of gc.settings) {
    if (s.kind === 'noise') checkNumber(ctx, s.sigma, "'sigma'", { min: 0, exclusiveMin: true });
    if (s.kind === 'early_checkpoint') checkNumber(ctx, s.step, "'step'", { integer: true, min: 1 });
    if (s.kind === 'keep') checkNumber(ctx, s.value, "'keep'", { min: 0, max: 1, exclusiveMin: true, exclusiveMax: true });
  }
}
