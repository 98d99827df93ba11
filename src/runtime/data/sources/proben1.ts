/**
 * PROBEN1 `.dt` files (Prechelt 1994): seven `key=value` header lines, then one example per line —
 * bool_in + real_in inputs (already scaled) and a one-hot class vector of bool_out outputs. The first
 * training_examples lines are the training part, then validation, then test.
 */
import { readFile } from 'node:fs/promises';
import { proben1File } from '../catalog.ts';
import { DataError, dataErrorAt } from '../errors.ts';
import { resolveDataFile } from '../resolve.ts';
import { buildMetadata, consecutivePartition, describeColumns } from '../schema.ts';
import type { ColumnType, DataSource, Dataset } from '../types.ts';
import type { SourceContext } from './context.ts';

const HEADER_KEYS = ['bool_in', 'real_in', 'bool_out', 'real_out', 'training_examples', 'validation_examples', 'test_examples'] as const;
type Header = Record<(typeof HEADER_KEYS)[number], number>;

/** Loads a PROBEN1 set through the catalog (AUGC_DATA_PATH, cache, download). */
export async function loadProben1(source: Extract<DataSource, { kind: 'proben1' }>, ctx: SourceContext): Promise<Dataset> {
  const path = await resolveDataFile(proben1File(source.name, source.permutation), ctx.resolve);
  return parseProben1(await readFile(path, 'utf8'), path, ctx.ref);
}

/** Parses the text of a `.dt` file; `file` names it in errors. */
export function parseProben1(text: string, file: string, ref: string): Dataset {
  const lines = text.split('\n');
  const header = parseHeader(lines, file);
  const inputs = header.bool_in + header.real_in;
  const outputs = header.bool_out + header.real_out;
  if (header.real_out !== 0 || header.bool_out < 2) {
    throw dataErrorAt(file, 3, `not a classification set (bool_out=${header.bool_out}, real_out=${header.real_out}); augc needs a one-hot class vector.`);
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
