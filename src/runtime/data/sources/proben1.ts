/**
 * PROBEN1 `.dt` files (Prechelt 1994): seven `key=value` header lines, then one example per line —
 * bool_in + real_in inputs (already scaled) and a one-hot class vector of bool_out outputs. The first
 * training_examples lines are the training part, then validation, then test.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { suggestSpelling } from '../../../text/spelling.ts';
import { proben1File, PROBEN1_DOWNLOADABLE } from '../catalog.ts';
import { DataError, dataErrorAt, describeFsError } from '../errors.ts';
import { findProben1File, listProben1Sets, proben1Roots, splitProben1Name } from '../proben1-sets.ts';
import { resolveDataFile } from '../resolve.ts';
import { buildMetadata, consecutivePartition, describeColumns } from '../schema.ts';
import type { ColumnType, DataSource, Dataset } from '../types.ts';
import { userPath, type SourceContext } from './context.ts';

const HEADER_KEYS = ['bool_in', 'real_in', 'bool_out', 'real_out', 'training_examples', 'validation_examples', 'test_examples'] as const;
/** The numbers of a `.dt` header. */
export type Proben1Header = Header;
type Header = Record<(typeof HEADER_KEYS)[number], number>;

type Proben1Source = Extract<DataSource, { kind: 'proben1' }>;

/** Loads a PROBEN1 `.dt` file: by path, else the set found on the search path (AUGC_DATA_PATH,
 * the cache), else a verified download (the sets of the catalog only). */
export async function loadProben1(source: Proben1Source, ctx: SourceContext): Promise<Dataset> {
  const path = await locateProben1(source, ctx);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new DataError(`Cannot read PROBEN1 file '${path}': ${describeFsError(err)}.`, path);
  }
  return parseProben1(text, path, ctx.ref);
}

/** The `.dt` file of a source; an unknown set is an error that lists the sets the search path holds. */
export async function locateProben1(source: Proben1Source, ctx: SourceContext): Promise<string> {
  if (source.path) return userPath(ctx, source.path);
  const env = ctx.resolve.env ?? process.env;
  // a plan may spell the permutation in the name ("cancer2") or apart; both must agree
  const name = splitProben1Name(source.name, source.permutation === 1 ? undefined : source.permutation);
  if (!name) {
    throw new DataError(
      `'${source.name}' with permutation ${source.permutation} is not a PROBEN1 set name; write a name such as 'cancer' or 'cancer2' (permutation 2).`,
    ).because('unknownProben1Set', source.name);
  }
  const found = findProben1File(name, env);
  if (found) return found;
  const file = proben1File(name.stem, name.permutation);
  if (file) return resolveDataFile(file, ctx.resolve);
  throw unknownSetError(source.name, `${name.stem}${name.permutation}.dt`, env);
}

function unknownSetError(name: string, file: string, env: NodeJS.ProcessEnv): DataError {
  const roots = proben1Roots(env);
  const sets = listProben1Sets(env).map((s) => s.name);
  const known = [...new Set([...sets, ...PROBEN1_DOWNLOADABLE])].sort();
  const near = suggestSpelling(name, known);
  const where = roots.length > 0 ? `in ${roots.join(', ')}` : 'because no folder of AUGC_DATA_PATH (nor the cache) has a proben1/ folder';
  const holds = sets.length > 0 ? `; the search path holds ${sets.join(', ')}` : '';
  const hint = near
    ? ` Did you mean '${near}'?`
    : ` Put the file at <folder>/proben1/${name.replace(/[123]$/, '')}/${file} with <folder> in AUGC_DATA_PATH, or name the file: proben1("path/to/${file}").`;
  const detail = `no file '${file}' ${where}${holds}`;
  return new DataError(`No PROBEN1 file '${file}' for set '${name}' ${where}${holds}.${hint}`, null).because(
    'unknownProben1Set',
    name,
    hint.trim(),
    detail,
  );
}

/** Parses the text of a `.dt` file; `file` names it in errors. */
export function parseProben1(text: string, file: string, ref: string): Dataset {
  const lines = text.split('\n');
  const header = parseHeader(lines, file);
  const inputs = header.bool_in + header.real_in;
  const outputs = header.bool_out + header.real_out;
  if (header.real_out !== 0) {
    throw dataErrorAt(
      file,
      4,
      `real_out=${header.real_out}: the set's outputs are real values, so it is a regression problem, not classification; augc compares classifiers and needs a one-hot class vector (real_out=0, bool_out of 2 or more). Pick a classification set of PROBEN1.`,
    ).because('regressionSet', file, null, `its header says real_out=${header.real_out} (${file}:4), so its outputs are real values`);
  }
  if (header.bool_out < 2) {
    throw dataErrorAt(file, 3, `bool_out=${header.bool_out}: augc needs a one-hot class vector of 2 or more outputs.`);
  }
  const rows = header.training_examples + header.validation_examples + header.test_examples;
  const x = new Float32Array(rows * inputs);
  const y = new Int32Array(rows);
  let row = 0;
  for (let ln = HEADER_KEYS.length; ln < lines.length; ln++) {
    const line = lines[ln].trim();
    if (line.length === 0) continue;
    const lineNo = ln + 1;
    if (row >= rows) throw dataErrorAt(file, lineNo, `more examples than the header's ${rows}.`);
    const tokens = line.split(/\s+/);
    if (tokens.length !== inputs + outputs) {
      throw dataErrorAt(file, lineNo, `${tokens.length} values, expected ${inputs + outputs} (${inputs} inputs + ${outputs} outputs).`);
    }
    for (let j = 0; j < inputs; j++) {
      const v = Number(tokens[j]);
      if (!Number.isFinite(v)) throw dataErrorAt(file, lineNo, `value ${j + 1} '${tokens[j]}' is not a number.`);
      x[row * inputs + j] = v;
    }
    y[row] = classOf(tokens.slice(inputs), file, lineNo);
    row++;
  }
  if (row !== rows) throw new DataError(`${file}: ${row} examples, but the header announces ${rows}.`, file);
  const names = Array.from({ length: inputs }, (_, j) => `in${j + 1}`);
  const types = inferTypes(x, rows, inputs);
  const partition = consecutivePartition({
    train: header.training_examples,
    validation: header.validation_examples,
    test: header.test_examples,
  });
  const classNames = Array.from({ length: outputs }, (_, c) => String(c));
  const metadata = buildMetadata({ ref, kind: 'tabular', rows, columns: describeColumns(x, rows, names, types), classNames, y, partition });
  return { metadata, x, y, partition };
}

/** The seven header numbers of a `.dt` file, reading only its first bytes (`augc data list`). */
export function readProben1Header(file: string): Header {
  const fd = openSync(file, 'r');
  try {
    const buffer = Buffer.alloc(1024);
    const n = readSync(fd, buffer, 0, buffer.length, 0);
    return parseHeader(buffer.subarray(0, n).toString('utf8').split('\n'), file);
  } finally {
    closeSync(fd);
  }
}

function parseHeader(lines: string[], file: string): Header {
  const header = {} as Header;
  HEADER_KEYS.forEach((key, i) => {
    const match = /^\s*(\w+)\s*=\s*(\d+)\s*$/.exec(lines[i] ?? '');
    if (!match || match[1] !== key) {
      throw dataErrorAt(file, i + 1, `expected the PROBEN1 header line '${key}=N', found '${(lines[i] ?? '').trim()}'.`);
    }
    header[key] = Number(match[2]);
  });
  return header;
}

/** The class of a one-hot output vector: the position of its largest value (which must be 1). */
function classOf(tokens: string[], file: string, lineNo: number): number {
  let best = -1;
  let bestValue = -Infinity;
  let ties = 0;
  tokens.forEach((t, c) => {
    const v = Number(t);
    if (!Number.isFinite(v)) throw dataErrorAt(file, lineNo, `output ${c + 1} '${t}' is not a number.`);
    if (v > bestValue) [bestValue, best, ties] = [v, c, 0];
    else if (v === bestValue) ties++;
  });
  if (bestValue <= 0) throw dataErrorAt(file, lineNo, 'the class vector has no 1 (empty label).');
  if (ties > 0) throw dataErrorAt(file, lineNo, `the class vector '${tokens.join(' ')}' names ${ties + 1} classes (unknown label).`);
  return best;
}

/** A column whose values all lie in {0, 1} or in {−1, 1} is binary; any other is continuous. */
export function inferTypes(x: Float32Array, rows: number, features: number): ColumnType[] {
  const types: ColumnType[] = [];
  for (let j = 0; j < features; j++) {
    let zeroOne = true;
    let signs = true;
    for (let i = 0; i < rows && (zeroOne || signs); i++) {
      const v = x[i * features + j];
      if (Number.isNaN(v)) continue;
      if (v !== 0 && v !== 1) zeroOne = false;
      if (v !== -1 && v !== 1) signs = false;
    }
    types.push(zeroOne || signs ? 'binary' : 'continuous');
  }
  return types;
}
