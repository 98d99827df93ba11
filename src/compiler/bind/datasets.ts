/**
 * What a `data` line and its `split` resolve to: the plan's DataSource (paths absolute), the split
 * with every default explicit, the preprocessing, and the rows of each part and class once the
 * metadata is read. Checks (shots vs. class sizes, budgets) and lowering read the same answers.
 */
import { basename, resolve } from 'node:path';
import type { DatasetMetadata } from '../../plan/dataset-metadata.ts';
import { splitProben1Name } from '../../plan/proben1-names.ts';
import { deriveSeed } from '../../plan/seeds.ts';
import type { DataSource, DeclaredColumnType, Preprocess, SplitNode } from '../../plan/types.ts';
import type * as A from '../ast/types.ts';
import { DEFAULT_PREPROCESS, SOURCES } from '../language.ts';
import { argumentsOf, numberArg, textArg, type ArgumentMap } from './arguments.ts';
import { DEFAULT_STRATIFIED_RATIOS, isProben1Path, SOURCE_PARTITIONS, type Symbols } from './symbols.ts';

/** A string or a list of strings as written (null: neither). */
function stringsOf(atom: A.Atom | undefined): string[] | null {
  if (atom?.kind === 'string') return [atom.value];
  if (atom?.kind === 'list') return atom.items.flatMap((i) => (i.kind === 'string' ? [i.value] : []));
  return null;
}

/** `columns { age continuous, … }` as column → type. */
function columnsOf(map: ArgumentMap): Record<string, DeclaredColumnType> {
  const atom = map.get('columns')?.values[0];
  const columns: Record<string, DeclaredColumnType> = {};
  if (atom?.kind === 'map') for (const e of atom.entries) columns[e.key.text] = e.value.text as DeclaredColumnType;
  return columns;
}

/** The plan's DataSource for a `data` declaration (null if the source is unknown). */
export function dataSourceOf(data: A.DataDeclaration, specDir: string): DataSource | null {
  const call = data.source;
  const schema = call && SOURCES[call.callee.text];
  if (!call || !schema) return null;
  const { map } = argumentsOf(call, schema);
  const path = (key: string) => resolve(specDir, textArg(map, key) ?? '');
  switch (call.callee.text) {
    case 'proben1': {
      const text = textArg(map, 'name') ?? '';
      if (isProben1Path(text)) {
        // a file by path: its name and permutation come from the file name (cancer2.dt)
        const named = splitProben1Name(basename(text).replace(/\.dt$/, ''));
        return { kind: 'proben1', name: named?.stem ?? 'file', permutation: named?.permutation ?? 1, path: path('name') };
      }
      const named = splitProben1Name(text, map.has('permutation') ? numberArg(map, 'permutation', 1) : undefined);
      return { kind: 'proben1', name: named?.stem ?? text, permutation: named?.permutation ?? 1 };
    }
    case 'csv': {
      const header = textArg(map, 'header');
      const classes = stringsOf(map.get('classes')?.values[0]);
      return {
        kind: 'csv',
        path: path('path'),
        label: textArg(map, 'label') ?? '',
        header: header === 'true' ? true : header === 'false' ? false : 'auto',
        delimiter: textArg(map, 'delimiter') ?? 'auto',
        missing: stringsOf(map.get('missing')?.values[0]) ?? ['?'],
        columns: columnsOf(map),
        // only when declared: an undeclared list stays absent, so plans without one are unchanged
        ...(classes ? { classes } : {}),
        ...partitionOf(map),
      };
    }
    case 'parquet':
    case 'arff': {
      const classes = stringsOf(map.get('classes')?.values[0]);
      return {
        kind: call.callee.text,
        path: path('path'),
        label: textArg(map, 'label') ?? '',
        columns: columnsOf(map),
        ...(classes ? { classes } : {}),
        ...partitionOf(map),
      };
    }
    case 'idx':
      return { kind: 'idx', images: path('images'), labels: path('labels') };
    case 'images':
      return { kind: 'images', dir: path('dir') };
    case 'mnist':
      return { kind: 'mnist' };
    case 'fashion_mnist':
      return { kind: 'fashion_mnist' };
    case 'iris':
      return { kind: 'iris' };
  }
  return null;
}

/** `partition COLUMN` and `parts { "1" train, "2" test }` (file value → part), when written. */
function partitionOf(map: ArgumentMap): { partition?: string; parts?: Partial<Record<'train' | 'validation' | 'test', string>> } {
  const partition = textArg(map, 'partition');
  if (!partition) return {};
  const partsAtom = map.get('parts')?.values[0];
  if (partsAtom?.kind !== 'map') return { partition };
  const parts: Partial<Record<'train' | 'validation' | 'test', string>> = {};
  for (const e of partsAtom.entries) parts[e.value.text as 'train'] = e.key.text;
  return { partition, parts };
}

/** The split of a dataset with every default explicit (the source's own partition when the metadata has one). */
export function splitOf(symbols: Symbols, dataset: string, baseSeed: number, metadata: DatasetMetadata | undefined): SplitNode {
  const split = symbols.splits.get(dataset);
  const source = symbols.datasets.get(dataset)?.source?.callee.text ?? '';
  const stratified = (ratios: Record<string, number>): SplitNode => ({
    kind: 'stratified',
    ratios,
    seed: deriveSeed(baseSeed, 'split', dataset),
    fitOn: Object.keys(ratios)[0],
  });
  if (split?.mode?.text === 'stratified') return stratified(Object.fromEntries(split.ratios.map((r) => [r.part.text, r.value.value])));
  const ownParts = metadata && Object.keys(metadata.parts).length > 0 ? Object.keys(metadata.parts) : SOURCE_PARTITIONS[source];
  if (ownParts) return { kind: 'partition', parts: ownParts, fitOn: ownParts.includes('train') ? 'train' : ownParts[0] };
  return stratified({ ...DEFAULT_STRATIFIED_RATIOS });
}

/** The preprocessing of a dataset (`scale`, else the default). */
export function preprocessOf(data: A.DataDeclaration): Preprocess {
  const scale = data.scale?.text as Preprocess['continuous'] | undefined;
  return { ...DEFAULT_PREPROCESS, ...(scale ? { continuous: scale } : {}) };
}

/**
 * Integer shares of n proportional to weights, by largest remainder (ties to the first) — the same
 * rounding as the data layer's stratified split (src/runtime/data/split.ts), so the compiler's
 * part sizes are exactly the runtime's.
 */
export function apportion(n: number, weights: number[]): number[] {
  const exact = weights.map((w) => w * n);
  const sizes = exact.map(Math.floor);
  let left = n - sizes.reduce((a, b) => a + b, 0);
  const order = exact.map((e, i) => ({ i, r: e - Math.floor(e) })).sort((a, b) => b.r - a.r || a.i - b.i);
  for (let k = 0; left > 0 && order.length > 0; k = (k + 1) % order.length, left--) sizes[order[k].i]++;
  return sizes;
}

/** Rows of each class in a part, in metadata class order. */
export function partClassCounts(split: SplitNode, part: string, metadata: DatasetMetadata): number[] {
  if (split.kind === 'partition') return metadata.partClassCounts[part as 'train'] ?? metadata.classes.map(() => 0);
  const names = Object.keys(split.ratios);
  const total = names.reduce((a, n) => a + split.ratios[n], 0);
  const index = names.indexOf(part);
  if (index < 0 || total <= 0) return metadata.classes.map(() => 0);
  return metadata.classes.map(
    (c) =>
      apportion(
        c.count,
        names.map((n) => split.ratios[n] / total),
      )[index],
  );
}

/** Rows of a part (for epochs → steps and the shots checks). */
export function partRows(split: SplitNode, part: string, metadata: DatasetMetadata): number {
  if (split.kind === 'partition') return metadata.parts[part as 'train'] ?? 0;
  return partClassCounts(split, part, metadata).reduce((a, b) => a + b, 0);
}
