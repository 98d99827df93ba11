/** Whole-spec checks: seed, repeats, duplicates, required declarations, which classifier evaluates. */
import type * as A from '../ast/types.ts';
import { statementsOf } from '../ast/types.ts';
import type { CheckContext } from './context.ts';
import { checkNumber, checkSettingsOnce } from './values.ts';

/** No name declared twice (per kind), no axis swept twice. */
export function checkDuplicates(_spec: A.SpecAst, ctx: CheckContext): void {
  for (const d of ctx.bound.duplicates) {
    if (d.kind === 'axis') ctx.accept('duplicateAxis', d.node, [d.node.text], { related: [ctx.declaredHere(d.first)] });
    else ctx.accept('duplicateName', d.node, [d.kind, d.node.text], { related: [ctx.declaredHere(d.first)] });
  }
}

/** seed and repeats in range; single-use statements given once. */
export function checkSeedAndRepeats(spec: A.SpecAst, ctx: CheckContext): void {
  const values = [...statementsOf(spec, 'seed'), ...statementsOf(spec, 'repeats')];
  const single = [
    ...values,
    ...statementsOf(spec, 'train_on'),
    ...statementsOf(spec, 'test_on'),
    ...statementsOf(spec, 'classify_with'),
    ...statementsOf(spec, 'metric').map((m) => ({ kind: 'metric', keyword: { text: 'metric', range: m.range } })),
    ...statementsOf(spec, 'report').map((r) => ({ kind: 'report', keyword: { text: 'report', range: r.range } })),
  ];
  checkSettingsOnce(
    ctx,
    single.map((s) => ({ kind: s.kind, keyword: s.keyword })),
    'the experiment',
  );
  for (const s of values) {
    if (s.kind === 'seed') checkNumber(ctx, s.value, "'seed'", { integer: true, min: 0, max: 4294967295 });
    else checkNumber(ctx, s.value, "'repeats'", { integer: true, min: 1, max: 1000 });
  }
}

/** At least one dataset and one arm; several datasets need a dataset axis. */
export function checkRequiredDeclarations(spec: A.SpecAst, ctx: CheckContext): void {
  const at: A.Node = spec.header ?? { range: { start: { line: 1, column: 1, offset: 0 }, end: { line: 1, column: 1, offset: 0 } } };
  const where = spec.header?.name ?? at;
  if (ctx.symbols.datasets.size === 0)
    ctx.accept('missingDeclaration', where, ['data'], { hint: "Add a line such as 'data digits = mnist()'." });
  if (ctx.symbols.arms.size === 0) ctx.accept('missingDeclaration', where, ['arm'], { hint: "Add at least 'arm baseline'." });
  if (ctx.symbols.datasets.size > 1 && !ctx.symbols.axes.has('dataset'))
    ctx.accept('severalDatasetsWithoutAxis', where, [ctx.symbols.datasets.size]);
}

/** Several classifiers need `classify with` (binding resolves the name it gives). */
export function checkClassifierChoice(_spec: A.SpecAst, ctx: CheckContext): void {
  if (ctx.bound.downstream === 'ambiguous') {
    const second = [...ctx.symbols.classifiers.values()][1];
    ctx.accept('ambiguousClassifier', second.name, [], { hint: `Add 'classify with ${[...ctx.symbols.classifiers.keys()][0]}'.` });
  }
}

/** `train on` does not select the part the arms are scored on (binding resolves both parts, and the defaults). */
export function checkTrainAndTestParts(spec: A.SpecAst, ctx: CheckContext): void {
  for (const s of statementsOf(spec, 'train_on'))
    if (s.value && ctx.bound.hasPart(s.value.text) && s.value.text === ctx.bound.testPart)
      ctx.accept('testPartForSelection', s.value, ["'train on'", s.value.text]);
}

/** Warn about a VAE, gc or classifier nothing uses (a likely mistake: it would silently not run). */
export function checkUnusedDeclarations(spec: A.SpecAst, ctx: CheckContext): void {
  const arms = statementsOf(spec, 'arm');
  const figures = statementsOf(spec, 'report').flatMap((r) => r.items);
  const usedVaes = new Set([
    ...arms.flatMap((a) => (a.recipe?.target ? [a.recipe.target.text] : [])),
    ...figures.flatMap((f) =>
      f.kind !== 'table' && f.kind !== 'plot' && f.kind !== 'samples' && f.kind !== 'export' && f.target ? [f.target.text] : [],
    ),
  ]);
  const usedGcs = new Set(arms.flatMap((a) => a.options.flatMap((o) => (o.kind === 'filter' && o.name ? [o.name.text] : []))));
  const inlineClassifiers = arms.flatMap((a) =>
    a.options.flatMap((o) =>
      o.kind === 'filter' && o.call
        ? o.call.args.flatMap((arg) =>
            arg.atoms[0]?.kind === 'name' && arg.atoms[0].text === 'classifier' && arg.atoms[1]?.kind === 'name' ? [arg.atoms[1].text] : [],
          )
        : [],
    ),
  );
  const gcClassifiers = statementsOf(spec, 'gc').flatMap((g) =>
    g.settings.flatMap((s) => (s.kind === 'classifier' && s.name ? [s.name.text] : [])),
  );
  const downstream = ctx.bound.downstream;
  const usedClassifiers = new Set([
    ...inlineClassifiers,
    ...gcClassifiers,
    ...(downstream && downstream !== 'ambiguous' ? [downstream] : []),
  ]);
  for (const [name, vae] of ctx.symbols.vaes)
    if (!usedVaes.has(name))
      ctx.accept('unusedDeclaration', vae.name, ['VAE', name], {
        hint: `Use it in an arm ('arm x = ${name}.noise(alpha 1.0)') or a figure, or remove it.`,
      });
  for (const [name, gc] of ctx.symbols.gcs)
    if (!usedGcs.has(name))
      ctx.accept('unusedDeclaration', gc.name, ['gc', name], { hint: `Use it with 'filter ${name}' in an arm, or remove it.` });
  if (downstream !== 'ambiguous') {
    for (const [name, c] of ctx.symbols.classifiers)
      if (!usedClassifiers.has(name)) ctx.accept('unusedDeclaration', c.name, ['Classifier', name]);
  }
}
