/** Checks of `data` and `split` statements: sources, their arguments, scaling, split parts. */
import type * as A from '../ast/types.ts';
import { didYouMean } from '../../text/spelling.ts';
import { splitProben1Name } from '../../plan/proben1-names.ts';
import { COLUMN_TYPES, SCALES, SOURCES } from '../language.ts';
import type { ArgumentMap } from '../bind/arguments.ts';
import { hasPartitionColumn, isProben1Path, SOURCE_PARTITIONS } from '../bind/symbols.ts';
import { checkArguments } from './arguments.ts';
import type { CheckContext } from './context.ts';
import { checkNumber } from './values.ts';

/** The source exists and its arguments are known, present and well typed. */
export function checkDataSource(data: A.DataDeclaration, ctx: CheckContext): void {
  const source = data.source;
  if (!source) return;
  const schema = SOURCES[source.callee.text];
  if (!schema || source.target) {
    ctx.accept('unknownSource', source.callee, [source.target ? `${source.target.text}.${source.callee.text}` : source.callee.text], {
      hint: didYouMean(source.callee.text, Object.keys(SOURCES)),
    });
    return;
  }
  const args = checkArguments(ctx, source, schema, `source '${source.callee.text}'`);
  if (source.callee.text === 'proben1') checkProben1Name(args, ctx);
  const parts = args.get('parts')?.values[0];
  if (parts?.kind === 'map') {
    for (const entry of parts.entries) {
      if (!(PARTITION_PARTS as readonly string[]).includes(entry.value.text))
        ctx.accept('unknownOption', entry.value, ['part', entry.value.text], {
          hint: didYouMean(entry.value.text, PARTITION_PARTS) ?? "A partition's parts are 'train', 'validation' and 'test'.",
        });
    }
  }
  const columns = args.get('columns')?.values[0];
  if (columns?.kind === 'map') {
    for (const entry of columns.entries) {
      if (!(COLUMN_TYPES as readonly string[]).includes(entry.value.text))
        ctx.accept('unknownOption', entry.value, ['column type', entry.value.text], { hint: didYouMean(entry.value.text, COLUMN_TYPES) });
      else if (entry.value.text === 'ignore') checkIgnoredColumn(entry, args, ctx);
    }
  }
}

/**
 * `columns { arm ignore }` leaves the column out, so it cannot also be the label or the partition.
 * Only names written in the spec are compared here; a `#i` label or the default last column is
 * resolved against the file when its metadata is read (the same code, from the data layer).
 */
function checkIgnoredColumn(entry: A.MapValue['entries'][number], args: ArgumentMap, ctx: CheckContext): void {
  const column = entry.key.text;
  const written = (key: string) => {
    const atom = args.get(key)?.values[0];
    return atom?.kind === 'string' ? atom.value : atom?.kind === 'name' ? atom.text : null;
  };
  if (written('label') === column) {
    ctx.accept('ignoredColumnInUse', entry.value, [column, 'it is the label'], {
      hint: `An ignored column is read past, so it cannot hold the classes: name another label column, or declare '${column}' with another type.`,
    });
  } else if (written('partition') === column) {
    ctx.accept('ignoredColumnInUse', entry.value, [column, 'it is the partition column'], {
      hint: `An ignored column is read past, so it cannot give each row's part: declare '${column}' with another type, or drop 'partition'.`,
    });
  }
}

/** The parts a partition column may name (`parts { "1" train, "2" test }`). */
const PARTITION_PARTS = ['train', 'validation', 'test'] as const;

/**
 * `proben1("cancer")`, `proben1("cancer2")`, `proben1("heartc", permutation 3)` or a path: the
 * name's form only — which sets exist is known once the search path is read (AUG3015).
 */
function checkProben1Name(args: ArgumentMap, ctx: CheckContext): void {
  const name = args.get('name')?.values[0];
  if (name?.kind !== 'string' || isProben1Path(name.value)) return;
  const permutation = args.get('permutation')?.values[0];
  const given = permutation?.kind === 'number' ? permutation.value : undefined;
  if (splitProben1Name(name.value, given)) return;
  const digit = /[123]$/.exec(name.value)?.[0];
  if (digit && given !== undefined && splitProben1Name(name.value)) {
    ctx.accept('proben1PermutationConflict', permutation!, [name.value, digit, given], {
      hint: `Write proben1("${name.value.slice(0, -1)}", permutation ${given}) or proben1("${name.value}").`,
    });
  } else {
    ctx.accept('badProben1Name', name, [name.value], {
      hint: 'A set is named by its file stem, as in proben1("cancer") or proben1("heartc"); a trailing 1, 2 or 3 picks the permutation, and a path ending in .dt reads one file.',
    });
  }
}

/** `scale` is minmax, standardize or none. */
export function checkDataScale(data: A.DataDeclaration, ctx: CheckContext): void {
  if (data.scale && !(SCALES as readonly string[]).includes(data.scale.text))
    ctx.accept('unknownOption', data.scale, ['scale', data.scale.text], { hint: didYouMean(data.scale.text, SCALES) });
}

/** Stratified ratios are in (0, 1], distinct, and sum to 1. */
export function checkSplitRatios(split: A.SplitStatement, ctx: CheckContext): void {
  if (split.mode?.text !== 'stratified') return;
  const seen = new Set<string>();
  let sum = 0;
  for (const r of split.ratios) {
    if (seen.has(r.part.text)) ctx.accept('duplicateName', r.part, ['part', r.part.text]);
    seen.add(r.part.text);
    if (checkNumber(ctx, r.value, `The ratio of '${r.part.text}'`, { min: 0, max: 1, exclusiveMin: true })) sum += r.value.value;
    else sum = NaN;
  }
  if (r0(split.ratios.length) && Number.isFinite(sum) && Math.abs(sum - 1) > 1e-9)
    ctx.accept('ratiosDoNotSum', split.mode, [split.dataset.text, Number(sum.toFixed(6))]);
}

const r0 = (n: number) => n > 0;

/** `split X partition` only for sources with a partition of their own. */
export function checkSplitPartition(split: A.SplitStatement, ctx: CheckContext): void {
  if (split.mode?.text !== 'partition') return;
  const data = ctx.symbols.datasets.get(split.dataset.text);
  const source = data?.source?.callee.text;
  if (source && SOURCES[source] && !SOURCE_PARTITIONS[source] && !(data && hasPartitionColumn(data))) {
    ctx.accept('sourceWithoutPartition', split.mode, [source], {
      hint: `Split '${split.dataset.text}' with 'stratified { train 0.8, test 0.2 }'.`,
    });
  }
}
