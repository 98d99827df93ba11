/**
 * Data-aware checks (AUG3xxx), run once each dataset's metadata is read: shots per class vs. what
 * a part holds, k vs. the smallest class, bernoulli vs. data outside [0,1], conv layers vs. tables,
 * early checkpoints vs. training length. Registered in a list and guarded like the other checks.
 */
import type { DatasetMetadata } from '../../plan/dataset-metadata.ts';
import type * as A from '../ast/types.ts';
import { statementsOf } from '../ast/types.ts';
import { INLINE_GC, RECIPES, SOURCES } from '../language.ts';
import { argumentsOf, numberArg } from '../bind/arguments.ts';
import { partClassCounts, preprocessOf, splitOf } from '../bind/datasets.ts';
import { smallestShots } from './check-arms.ts';
import { checkClassifierStepsPerCell } from './check-budgets.ts';
import { checkClassSizes } from './check-class-sizes.ts';
import { checkDeclaredClassesHaveRows } from './check-csv-classes.ts';
import type { CheckContext } from './context.ts';

/** Each dataset in use with its metadata (those without were reported as AUG3001). */
function withMetadata(ctx: CheckContext): { name: string; meta: DatasetMetadata }[] {
  return ctx.bound.datasetsInUse.flatMap((name) => {
    const meta = ctx.metadata.get(name);
    return meta ? [{ name, meta }] : [];
  });
}

/** Every shots value fits the smallest class of the part the shots are drawn from. */
export function checkShotsFitParts(ctx: CheckContext): void {
  const sweep = ctx.symbols.axes.get('shots');
  if (!sweep?.values || sweep.cap) return; // `cap`: a class with fewer rows gives all it has
  const from = sweep.from?.text ?? (ctx.bound.commonParts.includes('pool') ? 'pool' : ctx.bound.trainOn);
  for (const { name, meta } of withMetadata(ctx)) {
    const counts = partClassCounts(splitOf(ctx.symbols, name, 0, meta), from, meta);
    const smallest = Math.min(...counts);
    const cls = meta.classes[counts.indexOf(smallest)]?.label ?? '?';
    const tooMany = sweep.values.items.find((i): i is A.NumberLiteral => i.kind === 'number' && i.value > smallest);
    if (tooMany)
      ctx.accept('tooManyShots', tooMany, [tooMany.value, from, name, cls, smallest], {
        hint: `Ask for at most ${smallest}, or end the sweep with 'cap' ('per_class from ${from} cap') so that a smaller class gives all its rows.`,
      });
  }
}

/** Without a shots axis: k is below the smallest class of the training part. */
export function checkNeighboursFitClasses(ctx: CheckContext): void {
  if (smallestShots(ctx)) return; // with a shots axis, check-arms compares k with the smallest shots value
  for (const arm of statementsOf(ctx.spec, 'arm')) {
    const schema = arm.recipe && RECIPES[arm.recipe.callee.text];
    if (!arm.recipe || !schema || !('k' in schema.params)) continue;
    const args = argumentsOf(arm.recipe, schema).map;
    const k = numberArg(args, 'k', schema.defaults.k);
    for (const { name, meta } of withMetadata(ctx)) {
      const counts = partClassCounts(splitOf(ctx.symbols, name, 0, meta), ctx.bound.trainOn, meta);
      const smallest = Math.min(...counts);
      if (k >= smallest)
        ctx.accept('kTooLarge', args.get('k')?.values[0] ?? arm.recipe.callee, [
          k,
          smallest,
          `class '${meta.classes[counts.indexOf(smallest)]?.label}' of '${name}' has in part '${ctx.bound.trainOn}'`,
        ]);
    }
  }
}

/** A bernoulli likelihood sees inputs in [0,1] after scaling. */
export function checkBernoulliRange(ctx: CheckContext): void {
  for (const vae of statementsOf(ctx.spec, 'vae')) {
    const likelihood = vae.settings.find((s) => s.kind === 'likelihood');
    if (likelihood?.kind === 'likelihood' && likelihood.value?.text !== 'bernoulli') continue;
    for (const { name, meta } of withMetadata(ctx)) {
      const data = ctx.symbols.datasets.get(name)!;
      const scale = preprocessOf(data).continuous;
      const hasContinuous = meta.columns.some((c) => c.type === 'continuous');
      const [lo, hi] = meta.valueRange;
      const outside = scale === 'standardize' ? hasContinuous : scale === 'none' ? lo < 0 || hi > 1 : false;
      if (!outside) continue;
      const at = likelihood?.kind === 'likelihood' && likelihood.value ? likelihood.value : vae.name;
      ctx.accept(
        'bernoulliOutsideUnitRange',
        at,
        [
          name,
          scale === 'standardize'
            ? "is standardized ('scale standardize') to mean 0 and sd 1"
            : `ranges over [${lo}, ${hi}] unscaled ('scale none')`,
        ],
        { hint: "Use 'likelihood gaussian' or 'mixed', or scale the data with 'scale minmax'." },
      );
    }
  }
}

/** Conv encoders/decoders and cnn classifiers only on image data. */
export function checkConvOnTabular(ctx: CheckContext): void {
  const tabular = ctx.bound.datasetsInUse.filter((name) => {
    const meta = ctx.metadata.get(name);
    if (meta) return meta.kind === 'tabular';
    return SOURCES[ctx.symbols.datasets.get(name)?.source?.callee.text ?? '']?.tabular ?? false;
  });
  if (tabular.length === 0) return;
  for (const vae of statementsOf(ctx.spec, 'vae')) {
    for (const s of vae.settings) {
      if ((s.kind === 'encoder' || s.kind === 'decoder') && s.layers?.kind === 'conv')
        ctx.accept('convOnTabular', s.layers, [`The ${s.kind} of vae '${vae.name.text}'`, tabular[0]]);
    }
  }
  for (const classifier of statementsOf(ctx.spec, 'classifier')) {
    for (const s of classifier.settings)
      if (s.kind === 'cnn') ctx.accept('convOnTabular', s.keyword, [`Classifier '${classifier.name.text}'`, tabular[0]]);
  }
}

/** A gc's early checkpoint comes before its VAE finishes training. */
export function checkCheckpointsBeforeEnd(ctx: CheckContext): void {
  for (const arm of statementsOf(ctx.spec, 'arm')) {
    const vae = arm.recipe?.target ? ctx.symbols.vaes.get(arm.recipe.target.text) : undefined;
    const filter = arm.options.find((o) => o.kind === 'filter');
    if (!vae || filter?.kind !== 'filter') continue;
    const train = vae.settings.find((s) => s.kind === 'train');
    const stepsOption = train?.kind === 'train' ? train.options.find((o) => o.key.text === 'steps')?.value : undefined;
    if (train?.kind === 'train' && train.options.some((o) => o.key.text === 'epochs')) continue;
    const steps = stepsOption?.value ?? 1000;
    let step: { value: number; at: A.Node; gc: string } | null = null;
    if (filter.call) {
      const args = argumentsOf(filter.call, INLINE_GC).map;
      const arg = args.get('early_checkpoint');
      if (arg) step = { value: numberArg(args, 'early_checkpoint', 0), at: arg.values[1] ?? arg.key, gc: `${arm.name.text}.gc` };
    } else if (filter.name) {
      const s = ctx.symbols.gcs.get(filter.name.text)?.settings.find((x) => x.kind === 'early_checkpoint');
      if (s?.kind === 'early_checkpoint' && s.step) step = { value: s.step.value, at: s.step, gc: filter.name.text };
    }
    if (step && step.value >= steps) ctx.accept('checkpointAfterTraining', step.at, [step.value, step.gc, vae.name.text, steps]);
  }
}

/** The data-aware checks, run after metadata is read. */
export const dataAwareChecks: ((ctx: CheckContext) => void)[] = [
  checkShotsFitParts,
  checkNeighboursFitClasses,
  checkBernoulliRange,
  checkConvOnTabular,
  checkCheckpointsBeforeEnd,
  checkDeclaredClassesHaveRows,
  checkClassifierStepsPerCell,
  checkClassSizes,
];
