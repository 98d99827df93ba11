/**
 * `--set path=value` overrides, applied to the AST before checking, so an override gets the same
 * checks as the spec's own text (`vae.shared.latent=0` is reported as out of range). Paths:
 *   seed, repeats
 *   vae.NAME.{latent, beta, mix_in, warmup, likelihood, activation, train.steps, train.epochs, train.batch, train.lr}
 *   classifier.NAME.{steps, epochs, batch, lr, dropout, weight_decay}   (steps and epochs replace each other)
 *   gc.NAME.{keep, sigma, step}
 *   sweep.AXIS                the axis' values, e.g. `sweep.shots=2,5,10` or `sweep.beta=[norm 1, 0.5]`
 *   arm.NAME.count            (only in `when dataset X set …` statements)
 */
import type * as A from './ast/types.ts';
import { statementsOf } from './ast/types.ts';
import { makeDiagnostic } from './diagnostics/catalog.ts';
import { START_OF_FILE, type Diagnostic, type SourceRange } from './diagnostics/diagnostic.ts';
import { didYouMean } from '../text/spelling.ts';

export interface Override {
  path: string;
  value: string;
}

const VAE_NUMBERS = ['latent', 'beta', 'mix_in', 'warmup', 'train.steps', 'train.epochs', 'train.batch', 'train.lr'];
const VAE_WORDS = ['likelihood', 'activation'];
const CLASSIFIER_NUMBERS = ['steps', 'epochs', 'batch', 'lr', 'dropout', 'weight_decay'];
const GC_NUMBERS = ['keep', 'sigma', 'step'];

function numberAt(text: string, at: A.Node): A.NumberLiteral | null {
  if (!/^-?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text.trim())) return null;
  return { kind: 'number', value: Number(text), isInteger: /^-?\d+$/.test(text.trim()), text: text.trim(), range: at.range };
}

/** Every path the spec accepts (`scoped`: the paths a `when` statement may set), for did-you-mean. */
export function knownPaths(spec: A.SpecAst, scoped = false): string[] {
  return [
    ...(scoped
      ? statementsOf(spec, 'arm')
          .filter((a) => a.recipe)
          .map((a) => `arm.${a.name.text}.count`)
      : ['seed', 'repeats']),
    ...statementsOf(spec, 'vae').flatMap((v) => [...VAE_NUMBERS, ...VAE_WORDS].map((s) => `vae.${v.name.text}.${s}`)),
    ...statementsOf(spec, 'classifier').flatMap((c) => CLASSIFIER_NUMBERS.map((s) => `classifier.${c.name.text}.${s}`)),
    ...statementsOf(spec, 'gc').flatMap((g) => GC_NUMBERS.map((s) => `gc.${g.name.text}.${s}`)),
    ...(scoped ? [] : statementsOf(spec, 'sweep').map((s) => `sweep.${s.axis.text}`)),
  ];
}

/** `2, 5, 10` or `[norm 1.0, 0.5]` or `card, glass` as list items placed at `range`; null if an item is empty. */
function listAt(text: string, range: SourceRange): A.ListValue | null {
  const inner = text.trim().replace(/^\[(.*)\]$/s, '$1');
  const items: A.ListItem[] = [];
  for (const raw of inner.split(',')) {
    const part = raw.trim();
    const norm = /^norm\s+(\S+)$/.exec(part);
    const number = numberAt(norm ? norm[1] : part, { range });
    if (norm && number) items.push({ kind: 'norm', value: number, range });
    else if (number) items.push(number);
    else if (/^[A-Za-z_][\w-]*$/.test(part)) items.push({ kind: 'name', text: part, range });
    else return null;
  }
  return { kind: 'list', items, range };
}

/**
 * Apply overrides in place; returns diagnostics for unknown paths and unusable values. `scope`
 * is given for the settings of a `when` statement: its paths, and the range that the nodes it
 * creates (and so any check of them) point at.
 */
export function applyOverrides(
  spec: A.SpecAst,
  overrides: readonly Override[],
  scope?: { range: SourceRange; pathRange?: SourceRange },
): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const at: A.Node = scope ? { range: scope.range } : (spec.header ?? { range: START_OF_FILE });
  const here = (node: A.Node): A.Node => (scope ? { range: scope.range } : node);
  const fail = (o: Override, needs: string) =>
    diagnostics.push(makeDiagnostic('badOverrideValue', spec.file, at.range, [o.path, needs, o.value]));
  for (const o of overrides) {
    const paths = knownPaths(spec, scope !== undefined);
    if (!paths.includes(o.path)) {
      diagnostics.push(
        makeDiagnostic('unknownOverride', spec.file, scope?.pathRange ?? scope?.range ?? START_OF_FILE, [o.path], {
          hint: didYouMean(o.path, paths),
        }),
      );
      continue;
    }
    const [kind, name, ...rest] = o.path.split('.');
    const setting = rest.join('.');
    if (kind === 'arm') {
      const arm = statementsOf(spec, 'arm').find((a) => a.name.text === name)!;
      const place = here(arm.name).range;
      const value: A.NumberLiteral | A.NameAtom = numberAt(o.value, { range: place }) ?? {
        kind: 'name',
        text: o.value.trim(),
        range: place,
      };
      arm.options = [
        ...arm.options.filter((x) => x.kind !== 'count'),
        { kind: 'count', keyword: { text: 'count', range: place }, value, range: place },
      ];
      continue;
    }
    if (kind === 'sweep') {
      const sweep = statementsOf(spec, 'sweep').find((x) => x.axis.text === name)!;
      const values = listAt(o.value, here(sweep.axis).range);
      if (!values) fail(o, 'a comma list of numbers, names or `norm X` values');
      else sweep.values = values;
      continue;
    }
    if (kind === 'seed' || kind === 'repeats') {
      const existing = statementsOf(spec, kind)[0];
      const value = numberAt(o.value, existing ?? at);
      if (!value) fail(o, 'a number');
      else if (existing) existing.value = value;
      else spec.statements.push({ kind, keyword: { text: kind, range: at.range }, value, range: at.range });
      continue;
    }
    if (kind === 'vae') {
      const vae = statementsOf(spec, 'vae').find((v) => v.name.text === name)!;
      const place = here(vae.name).range;
      if (VAE_WORDS.includes(setting)) {
        const word = { text: o.value.trim(), range: place };
        const existing = vae.settings.find((s) => s.kind === setting);
        if (existing && (existing.kind === 'likelihood' || existing.kind === 'activation')) existing.value = word;
        else vae.settings.push({ kind: setting as 'likelihood', keyword: { text: setting, range: place }, value: word, range: place });
        continue;
      }
      const value = numberAt(o.value, { range: place });
      if (!value) {
        fail(o, 'a number');
        continue;
      }
      overrideVaeNumber(vae, setting, value, place);
      continue;
    }
    if (kind === 'classifier') {
      const classifier = statementsOf(spec, 'classifier').find((c) => c.name.text === name)!;
      const place = here(classifier.name).range;
      const value = numberAt(o.value, { range: place });
      if (!value) fail(o, 'a number');
      else overrideClassifierNumber(classifier, setting, value, place);
      continue;
    }
    const gc = statementsOf(spec, 'gc').find((g) => g.name.text === name)!;
    const place = here(gc.name).range;
    const value = numberAt(o.value, { range: place });
    if (!value) fail(o, 'a number');
    else if (setting === 'keep') {
      gc.settings = gc.settings.filter((s) => s.kind !== 'keep');
      gc.settings.push({ kind: 'keep', keyword: { text: 'keep', range: place }, value, range: place });
    } else {
      gc.settings = gc.settings.filter((s) => s.kind !== 'noise' && s.kind !== 'early_checkpoint');
      const keyword = { text: setting === 'sigma' ? 'noise' : 'early_checkpoint', range: place };
      gc.settings.push(
        setting === 'sigma'
          ? { kind: 'noise', keyword, sigma: value, range: place }
          : { kind: 'early_checkpoint', keyword, step: value, range: place },
      );
    }
  }
  return diagnostics;
}

function overrideVaeNumber(vae: A.VaeDeclaration, setting: string, value: A.NumberLiteral, range: SourceRange): void {
  const keyword = (text: string) => ({ text, range });
  const find = <K extends A.VaeSetting['kind']>(k: K) => vae.settings.find((s): s is A.VaeSetting & { kind: K } => s.kind === k);
  if (setting === 'latent') {
    const s = find('latent');
    if (s) s.value = value;
    else vae.settings.push({ kind: 'latent', keyword: keyword('latent'), value, range });
  } else if (setting === 'beta' || setting === 'warmup') {
    const s = find('beta');
    if (s && setting === 'beta') s.value = value;
    else if (s) s.warmup = value;
    else
      vae.settings.push({
        kind: 'beta',
        keyword: keyword('beta'),
        norm: false,
        value: setting === 'beta' ? value : null,
        warmup: setting === 'warmup' ? value : null,
        range,
      });
  } else if (setting === 'mix_in') {
    const s = find('mode');
    if (s) {
      s.mixIn = value;
      s.mixInKeyword = s.mixInKeyword ?? keyword('mix_in');
    } else vae.settings.push({ kind: 'mode', keyword: keyword('single'), on: null, mixIn: value, mixInKeyword: keyword('mix_in'), range });
  } else {
    const key = setting.slice('train.'.length);
    let s = find('train');
    if (!s) {
      s = { kind: 'train', keyword: keyword('train'), options: [], range };
      vae.settings.push(s);
    }
    // steps and epochs replace each other
    const replaced = key === 'steps' || key === 'epochs' ? ['steps', 'epochs'] : [key];
    s.options = [...s.options.filter((o) => !replaced.includes(o.key.text)), { key: keyword(key), value }];
  }
}

/**
 * A classifier's budget or optimiser setting. `steps` lives in a `train` setting, the others stand
 * alone (`epochs` keeps a `per_arm` it had); steps and epochs replace each other, and a number set in
 * `train` (batch, lr) is replaced too, so the override is the only value left.
 */
function overrideClassifierNumber(classifier: A.ClassifierDeclaration, setting: string, value: A.NumberLiteral, range: SourceRange): void {
  const keyword = (text: string) => ({ text, range });
  const replaced = setting === 'steps' || setting === 'epochs' ? ['steps', 'epochs'] : [setting];
  const oldEpochs = classifier.settings.find((s) => s.kind === 'epochs');
  const perArm = oldEpochs?.kind === 'epochs' ? oldEpochs.perArm : null;
  classifier.settings = classifier.settings.flatMap((s): A.ClassifierSetting[] => {
    if (replaced.includes(s.kind)) return [];
    if (s.kind !== 'train') return [s];
    const options = s.options.filter((o) => !replaced.includes(o.key.text));
    return options.length > 0 ? [{ ...s, options }] : [];
  });
  if (setting === 'steps')
    classifier.settings.push({ kind: 'train', keyword: keyword('train'), options: [{ key: keyword('steps'), value }], range });
  else
    classifier.settings.push({
      kind: setting as 'epochs',
      keyword: keyword(setting),
      value,
      perArm: setting === 'epochs' ? perArm : null,
      range,
    });
}
