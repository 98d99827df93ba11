/**
 * Symbol tables (the spec's one scope): datasets, splits, VAEs, classifiers, GCs, arms and sweep
 * axes by name, plus the split parts each dataset defines. Building them reports duplicates.
 */
import type * as A from '../ast/types.ts';
import { statementsOf } from '../ast/types.ts';
import { didYouMean } from '../../text/spelling.ts';
import type { CheckContext } from './context.ts';

export interface Symbols {
  datasets: Map<string, A.DataDeclaration>;
  splits: Map<string, A.SplitStatement>;
  vaes: Map<string, A.VaeDeclaration>;
  classifiers: Map<string, A.ClassifierDeclaration>;
  gcs: Map<string, A.GcDeclaration>;
  arms: Map<string, A.ArmDeclaration>;
  axes: Map<string, A.SweepStatement>;
}

/** Sources with a partition of their own, and its parts. */
export const SOURCE_PARTITIONS: Record<string, string[]> = {
  proben1: ['train', 'validation', 'test'],
  fashion_mnist: ['train', 'test'],
};

/** The split used when a dataset without a partition of its own has no `split` line. */
export const DEFAULT_STRATIFIED_RATIOS: Record<string, number> = { train: 0.8, test: 0.2 };

/** The symbol tables; duplicates keep the first declaration. */
export function collectSymbols(spec: A.SpecAst): { symbols: Symbols; duplicates: { kind: string; node: A.Word; first: A.Word }[] } {
  const duplicates: { kind: string; node: A.Word; first: A.Word }[] = [];
  function table<T>(kind: string, items: T[], nameOf: (t: T) => A.Word): Map<string, T> {
    const map = new Map<string, T>();
    for (const item of items) {
      const name = nameOf(item);
      if (!name.text) continue;
      const first = map.get(name.text);
      if (first) duplicates.push({ kind, node: name, first: nameOf(first) });
      else map.set(name.text, item);
    }
    return map;
  }
  const symbols: Symbols = {
    datasets: table('data', statementsOf(spec, 'data'), (d) => d.name),
    splits: table('split of', statementsOf(spec, 'split'), (s) => s.dataset),
    vaes: table('vae', statementsOf(spec, 'vae'), (v) => v.name),
    classifiers: table('classifier', statementsOf(spec, 'classifier'), (c) => c.name),
    gcs: table('gc', statementsOf(spec, 'gc'), (g) => g.name),
    arms: table('arm', statementsOf(spec, 'arm'), (a) => a.name),
    axes: new Map(),
  };
  for (const sweep of statementsOf(spec, 'sweep')) {
    const first = symbols.axes.get(sweep.axis.text);
    if (first) duplicates.push({ kind: 'axis', node: sweep.axis, first: first.axis });
    else symbols.axes.set(sweep.axis.text, sweep);
  }
  return { symbols, duplicates };
}

/** Answers derived from one (immutable) symbol table, computed once: checks ask them per statement,
 * and recomputing them each time made a spec of thousands of data lines quadratic. */
interface Derived {
  parts: Map<string, string[]>;
  inUse?: string[];
  common?: string[];
  /** part → the first dataset in use that lacks it (null: none does) */
  lacking: Map<string, string | null>;
}
const derived = new WeakMap<Symbols, Derived>();
function derivedOf(symbols: Symbols): Derived {
  let d = derived.get(symbols);
  if (!d) derived.set(symbols, (d = { parts: new Map(), lacking: new Map() }));
  return d;
}

/** The parts a dataset's split defines (explicit split, the source's partition, or the default). */
export function partsOf(symbols: Symbols, dataset: string): string[] {
  const cache = derivedOf(symbols).parts;
  let parts = cache.get(dataset);
  if (!parts) cache.set(dataset, (parts = computePartsOf(symbols, dataset)));
  return parts;
}

function computePartsOf(symbols: Symbols, dataset: string): string[] {
  const split = symbols.splits.get(dataset);
  if (split?.mode?.text === 'stratified') return split.ratios.map((r) => r.part.text);
  const data = symbols.datasets.get(dataset);
  if (data && hasPartitionColumn(data)) return SOURCE_PARTITIONS.proben1;
  return SOURCE_PARTITIONS[data?.source?.callee.text ?? ''] ?? Object.keys(DEFAULT_STRATIFIED_RATIOS);
}

/** A table source with `partition COLUMN`: the file keeps its own train/validation/test split. */
export function hasPartitionColumn(data: A.DataDeclaration): boolean {
  return data.source?.args.some((a) => a.atoms[0]?.kind === 'name' && a.atoms[0].text === 'partition' && a.atoms.length > 1) ?? false;
}

/** The datasets the experiment runs on: those of a `dataset` axis, else every declared one. */
export function datasetsInUse(symbols: Symbols): string[] {
  const d = derivedOf(symbols);
  return (d.inUse ??= computeDatasetsInUse(symbols));
}

function computeDatasetsInUse(symbols: Symbols): string[] {
  const axis = symbols.axes.get('dataset');
  if (axis?.values)
    return axis.values.items
      .flatMap((i) => (i.kind === 'name' || i.kind === 'string' ? [i.kind === 'name' ? i.text : i.value] : []))
      .filter((n) => symbols.datasets.has(n));
  return [...symbols.datasets.keys()];
}

/** Parts every dataset in use defines (a part named elsewhere must be in all of them). */
export function commonParts(symbols: Symbols): string[] {
  const d = derivedOf(symbols);
  if (d.common) return d.common;
  const names = datasetsInUse(symbols);
  d.common = names.length === 0 ? [] : partsOf(symbols, names[0]).filter((p) => lackingPart(symbols, p) === null);
  return d.common;
}

/** The first dataset in use whose split does not define `part`, or null. */
function lackingPart(symbols: Symbols, part: string): string | null {
  const cache = derivedOf(symbols).lacking;
  let lacking = cache.get(part);
  if (lacking === undefined) cache.set(part, (lacking = datasetsInUse(symbols).find((n) => !partsOf(symbols, n).includes(part)) ?? null));
  return lacking;
}

/** Report a reference to an undefined name (with did-you-mean); true when the name resolves. */
export function resolveName(
  ctx: CheckContext,
  kind: string,
  name: A.Word | null,
  table: Map<string, unknown> | string[],
  hintFor: (n: string, c: string[]) => string | undefined,
): boolean {
  if (!name) return false;
  const candidates = Array.isArray(table) ? table : [...table.keys()];
  if (candidates.includes(name.text)) return true;
  ctx.accept('undefinedName', name, [kind, name.text], { hint: hintFor(name.text, candidates) });
  return false;
}

/**
 * Report a part no split in use defines (AUG2012, naming the first dataset lacking it, with
 * did-you-mean); true when every dataset in use defines it. `extra` adds pseudo-parts (`shots`).
 */
export function resolvePart(ctx: CheckContext, part: A.Word | null, extra: string[] = []): boolean {
  if (!part) return false;
  if (extra.includes(part.text)) return true;
  const lacking = lackingPart(ctx.symbols, part.text);
  if (!lacking) return true;
  const hint =
    didYouMean(part.text, [...partsOf(ctx.symbols, lacking), ...extra]) ??
    `Its parts are ${partsOf(ctx.symbols, lacking)
      .map((p) => `'${p}'`)
      .join(', ')}.`;
  ctx.accept('undefinedPart', part, [lacking, part.text], { hint });
  return false;
}
