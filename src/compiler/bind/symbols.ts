/**
 * Symbol tables (the spec's one scope): datasets, splits, VAEs, classifiers, GCs, arms and sweep
 * axes by name. The first declaration of a name wins; later ones are kept as duplicates, which
 * the checker reports.
 */
import type * as A from '../ast/types.ts';
import { statementsOf } from '../ast/types.ts';

export interface Symbols {
  datasets: Map<string, A.DataDeclaration>;
  splits: Map<string, A.SplitStatement>;
  vaes: Map<string, A.VaeDeclaration>;
  classifiers: Map<string, A.ClassifierDeclaration>;
  gcs: Map<string, A.GcDeclaration>;
  arms: Map<string, A.ArmDeclaration>;
  axes: Map<string, A.SweepStatement>;
}

/** A name declared again: `kind` is the declaration's keyword ('data', 'split of', 'vae', … or 'axis'). */
export interface Duplicate {
  kind: string;
  node: A.Word;
  first: A.Word;
}

/** Sources with a partition of their own, and its parts. */
export const SOURCE_PARTITIONS: Record<string, string[]> = {
  proben1: ['train', 'validation', 'test'],
  fashion_mnist: ['train', 'test'],
};

/** The split used when a dataset without a partition of its own has no `split` line. */
export const DEFAULT_STRATIFIED_RATIOS: Record<string, number> = { train: 0.8, test: 0.2 };

/** The symbol tables; duplicates keep the first declaration. */
export function collectSymbols(spec: A.SpecAst): { symbols: Symbols; duplicates: Duplicate[] } {
  const duplicates: Duplicate[] = [];
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

/** A table source with `partition COLUMN`: the file keeps its own train/validation/test split. */
export function hasPartitionColumn(data: A.DataDeclaration): boolean {
  return data.source?.args.some((a) => a.atoms[0]?.kind === 'name' && a.atoms[0].text === 'partition' && a.atoms.length > 1) ?? false;
}

/** A PROBEN1 path to a `.dt` file (written with a folder or the extension), not a set name. */
export function isProben1Path(text: string): boolean {
  return text.includes('/') || text.endsWith('.dt');
}
