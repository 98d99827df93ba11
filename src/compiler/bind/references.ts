/**
 * Every reference of a spec resolved against its declarations: names of datasets, VAEs, GCs,
 * classifiers and arms (AUG2001), split parts (AUG2012, naming the first dataset in use that lacks
 * the part) and the axes a report groups by (AUG2013), each unresolved one with a did-you-mean.
 * A reference is bound where the language gives it a meaning: the VAE of a recipe that draws from
 * one, the `of` VAEs of a beta or latent axis, the values of a dataset axis, and so on; what is
 * wrong around it (an unknown recipe, `of` on a shots axis) is the checker's to say.
 */
import type * as A from '../ast/types.ts';
import { statementsOf } from '../ast/types.ts';
import { makeDiagnostic, type CatalogKey } from '../diagnostics/catalog.ts';
import type { Diagnostic } from '../diagnostics/diagnostic.ts';
import { AXES, INLINE_GC, RECIPES } from '../language.ts';
import { didYouMean } from '../../text/spelling.ts';
import { argumentsOf } from './arguments.ts';
import type { BoundSpec } from './bind.ts';

export type NameKind = 'data' | 'vae' | 'gc' | 'classifier' | 'arm';

/** One use of a name, a part or an axis, and what it resolves to. */
export interface Reference {
  kind: NameKind | 'part' | 'axis';
  /** the word as written */
  name: A.Word;
  resolved: boolean;
  /** the declared name it refers to (null for parts, and when unresolved) */
  declaration: A.Word | null;
}

/** Resolve every reference of the bound spec into `bound.references`; the diagnostics of those that do not resolve. */
export function bindReferences(bound: BoundSpec): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const { spec, symbols } = bound;
  const report = (key: CatalogKey, node: A.Node, args: (string | number)[], hint?: string) =>
    diagnostics.push(makeDiagnostic(key, spec.file, node.range, args, { hint }));
  const tables: Record<NameKind, Map<string, { name: A.Word }>> = {
    data: symbols.datasets,
    vae: symbols.vaes,
    gc: symbols.gcs,
    classifier: symbols.classifiers,
    arm: symbols.arms,
  };

  const name = (kind: NameKind, word: A.Word | null) => {
    if (!word) return;
    const declaration = tables[kind].get(word.text)?.name ?? null;
    bound.references.push({ kind, name: word, resolved: declaration !== null, declaration });
    if (!declaration) report('undefinedName', word, [kind, word.text], didYouMean(word.text, tables[kind].keys()));
  };
  const part = (word: A.Word | null, extra: readonly string[] = []) => {
    if (!word) return;
    const lacking = extra.includes(word.text) ? null : bound.lackingPart(word.text);
    bound.references.push({ kind: 'part', name: word, resolved: lacking === null, declaration: null });
    if (lacking === null) return;
    const parts = bound.partsOf(lacking);
    const hint = didYouMean(word.text, [...parts, ...extra]) ?? `Its parts are ${parts.map((p) => `'${p}'`).join(', ')}.`;
    report('undefinedPart', word, [lacking, word.text], hint);
  };
  const axis = (word: A.Word | null) => {
    if (!word) return;
    const declaration = symbols.axes.get(word.text)?.axis ?? null;
    bound.references.push({ kind: 'axis', name: word, resolved: declaration !== null, declaration });
    if (!declaration) report('axisNotSwept', word, [word.text], didYouMean(word.text, symbols.axes.keys()));
  };

  const shotsSwept = symbols.axes.has('shots');
  for (const statement of spec.statements) {
    try {
      bindStatement(statement);
    } catch (err) {
      report('checkCrashed', statement, ['binding', err instanceof Error ? err.message : String(err)]);
    }
  }
  bindDefaultParts();
  return diagnostics;

  function bindStatement(s: A.Statement): void {
    switch (s.kind) {
      case 'split':
        name('data', s.dataset);
        return;
      case 'when':
        if (s.axis.text === 'dataset') name('data', s.value);
        return;
      case 'train_on':
      case 'test_on':
        part(s.value);
        return;
      case 'classify_with':
        name('classifier', s.value);
        return;
      case 'vae':
        // `on shots` without a shots axis is its own error (AUG2026)
        for (const setting of s.settings)
          if (setting.kind === 'mode' && !(setting.on?.text === 'shots' && !shotsSwept)) part(setting.on, shotsSwept ? ['shots'] : []);
        return;
      case 'classifier':
        for (const setting of s.settings) if (setting.kind === 'early_stop') part(setting.part);
        return;
      case 'gc':
        for (const setting of s.settings) if (setting.kind === 'classifier') name('classifier', setting.name);
        return;
      case 'sweep':
        bindSweep(s);
        return;
      case 'arm':
        bindArm(s);
        return;
      case 'report':
        for (const item of s.items) {
          if (item.kind === 'table') axis(item.rows);
          else if (item.kind === 'plot') axis(item.over);
          else if (item.kind === 'samples') name('arm', item.target);
          else if (item.kind !== 'export') name('vae', item.target);
        }
        return;
    }
  }

  /** `of` VAEs (beta and latent axes), `from PART`, and the datasets a dataset axis names. */
  function bindSweep(sweep: A.SweepStatement): void {
    const known = (AXES as readonly string[]).includes(sweep.axis.text);
    if (known && (sweep.of.length === 0 || sweep.axis.text === 'beta' || sweep.axis.text === 'latent'))
      for (const vae of sweep.of) name('vae', vae);
    if (known) part(sweep.from);
    if (sweep.axis.text === 'dataset')
      for (const item of sweep.values?.items ?? []) if (item.kind === 'name') name('data', { text: item.text, range: item.range });
  }

  /** The recipe's VAE (recipes that draw from one), a declared gc, and an inline gc's classifier. */
  function bindArm(arm: A.ArmDeclaration): void {
    const recipe = arm.recipe;
    if (recipe?.target && RECIPES[recipe.callee.text]?.needsVae) name('vae', recipe.target);
    for (const option of arm.options) {
      if (option.kind !== 'filter') continue;
      name('gc', option.name);
      if (option.call && option.call.callee.text === 'gc' && !option.call.target) {
        const classifier = argumentsOf(option.call, INLINE_GC).map.get('classifier')?.values[0];
        if (classifier?.kind === 'name') name('classifier', { text: classifier.text, range: classifier.range });
      }
    }
  }

  /** The parts relied on without being named: training on `train` (unless shots are swept) and testing on `test`. */
  function bindDefaultParts(): void {
    if (symbols.datasets.size === 0) return;
    const where = spec.header?.name ?? spec.header;
    if (!where) return;
    const first = [...symbols.datasets.keys()][0];
    if (!statementsOf(spec, 'test_on').length && !bound.commonParts.includes('test'))
      report('undefinedPart', where, [first, 'test'], "Name the scored part with 'test on PART'.");
    if (!statementsOf(spec, 'train_on').length && !shotsSwept && !bound.commonParts.includes('train'))
      report('undefinedPart', where, [first, 'train'], "Name the training part with 'train on PART'.");
  }
}
