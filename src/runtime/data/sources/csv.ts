/**
 * Delimited text files (CSV, semicolon, tab, whitespace — the raw UCI files included): one row per
 * example, one column holding the class label, optionally one holding each row's part. The file is
 * streamed: the first 64 KB decide the delimiter and the header, then every record goes straight
 * into typed columns (column-builder.ts), so memory follows the parsed numbers and not the text —
 * a 200 MB numeric file loads in a few hundred MB (docs/datasets.md has the measurement).
 * Column types are declared or inferred: numbers only → continuous (binary when the values are
 * 0/1), text → categorical; a column declared `ignore` is read past and keeps nothing. Missing markers (e.g. `?`) and empty fields become NaN.
 */
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { DataError, dataErrorAt, describeFsError } from '../errors.ts';
import type { CsvSource, Dataset } from '../types.ts';
import { GrowingArray } from './column-builder.ts';
import { userPath, type SourceContext } from './context.ts';
import {
  detectDelimiter,
  detectHeader,
  emptyFileError,
  isNumeric,
  endsInsideQuotes,
  readRecords,
  splitRecord,
  WHITESPACE,
  type TextRecord,
} from './csv-read.ts';
import { columnRoles, finishTable, tableColumns, type StreamedTable, type TableOptions } from './table.ts';

/** How much of the file's start decides the delimiter and the header. */
const SAMPLE_BYTES = 64 * 1024;
/** The label may hold many more distinct values than a feature before it is declared continuous. */
const MAX_LABELS = 100_000;

/** Loads a delimited text file as a tabular dataset (with a partition when a column holds one). */
export async function loadCsv(source: CsvSource, ctx: SourceContext): Promise<Dataset> {
  const file = userPath(ctx, source.path);
  const sample = await readSample(file);
  const text = sample.charCodeAt(0) === 0xfeff ? sample.slice(1) : sample; // a UTF-8 byte-order mark
  if (text.trim().length === 0) throw emptyFileError(file);
  if (/^\s*bool_in\s*=\s*\d+\s*\n/.test(text)) throw proben1HeaderError(file);
  const missing = new Set(source.missing);
  // the sample ends inside a line: decide on its complete lines only
  const complete = text.length < SAMPLE_BYTES - 4 ? text : text.slice(0, Math.max(text.lastIndexOf('\n'), 0));
  const delimiter = source.delimiter === 'auto' ? detectDelimiter(complete) : source.delimiter;
  const head = readRecords(complete, delimiter, file).slice(0, 1001);
  if (head.length === 0) throw emptyFileError(file);
  // one line of text fields and nothing else is a header without data (issue 17), not one class
  if (
    head.length === 1 &&
    complete === text &&
    source.header !== false &&
    head[0].fields.every((f) => f.length > 0 && !missing.has(f) && !isNumeric(f))
  ) {
    throw noDataRows(file, head, true, missing);
  }
  const hasHeader = source.header === 'auto' ? detectHeader(head, missing) : source.header;
  const width = head[0].fields.length;
  const names = hasHeader ? head[0].fields : Array.from({ length: width }, (_, j) => `col${j + 1}`);
  const options = tableOptions(source, file);
  // label, partition and ignored columns resolved before the rows stream; an ignored column keeps nothing
  const columns = tableColumns(names, columnRoles(names, options, file), MAX_LABELS);
  const lines = new GrowingArray((n) => new Int32Array(n));
  let rows = 0;
  let skipHeader = hasHeader; // the first record streamed is the header row
  const add = (record: TextRecord): void => {
    if (skipHeader) {
      skipHeader = false;
      return;
    }
    if (record.fields.length !== width) {
      throw dataErrorAt(
        file,
        record.line,
        `${record.fields.length} field${record.fields.length === 1 ? '' : 's'}, expected ${width} like the first row (ragged rows).`,
      );
    }
    for (let j = 0; j < width; j++) {
      const s = record.fields[j];
      if (s === '' || missing.has(s)) columns[j].addMissing(record.line, s);
      else columns[j].add(s, record.line);
    }
    lines.push(record.line);
    rows++;
  };
  await streamRecords(file, delimiter, add);
  if (rows === 0) throw noDataRows(file, head, hasHeader, missing);
  const table: StreamedTable = { columns, lines: lines.values(), rows };
  return finishTable(table, options, file, ctx.ref);
}

/** The CSV source's options as the table builder takes them. */
function tableOptions(source: CsvSource, file: string): TableOptions {
  return {
    label: source.label,
    columns: source.columns,
    classes: declaredClasses(source.classes, file),
    partition: source.partition ?? undefined,
    parts: source.parts ?? undefined,
  };
}

/** The first SAMPLE_BYTES of the file as text. */
async function readSample(file: string): Promise<string> {
  try {
    const handle = await open(file, 'r');
    try {
      const { buffer, bytesRead } = await handle.read(Buffer.alloc(SAMPLE_BYTES), 0, SAMPLE_BYTES, 0);
      return buffer.subarray(0, bytesRead).toString('utf8');
    } finally {
      await handle.close();
    }
  } catch (err) {
    throw new DataError(`Cannot read CSV file '${file}': ${describeFsError(err)}.`, file);
  }
}

/** Streams the records line by line: split on whitespace, or on the delimiter honouring quotes (a
 * quoted field may span lines). Blank lines are skipped; line numbers are the file's. */
async function streamRecords(file: string, delimiter: string, add: (record: TextRecord) => void): Promise<void> {
  const input = createReadStream(file, { highWaterMark: 1 << 20 });
  const whitespace = delimiter === WHITESPACE || delimiter === ' ';
  let line = 0;
  let pending: string | null = null; // a record whose quoted field continues on the next line
  let pendingLine = 0;
  try {
    for await (const raw of createInterface({ input, crlfDelay: Infinity })) {
      line++;
      const text = line === 1 && raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
      if (whitespace) {
        const trimmed = text.trim();
        if (trimmed.length > 0) add({ fields: trimmed.split(/\s+/), line });
        continue;
      }
      if (pending !== null) {
        pending += `\n${text}`;
        if (endsInsideQuotes(pending, delimiter)) continue;
      } else if (text.trim().length === 0) continue;
      else if (endsInsideQuotes(text, delimiter)) {
        [pending, pendingLine] = [text, line];
        continue;
      }
      const record = pending ?? text;
      add({ fields: splitRecord(record, delimiter), line: pending !== null ? pendingLine : line });
      pending = null;
    }
  } catch (err) {
    if (err instanceof DataError) throw err;
    throw new DataError(`Cannot read CSV file '${file}': ${describeFsError(err)}.`, file);
  }
  if (pending !== null) throw dataErrorAt(file, pendingLine, "a quoted field is never closed (no closing '\"').");
}

/** No data rows: a header alone says so (not "only one class"), else the file is empty. */
function noDataRows(file: string, head: TextRecord[], hasHeader: boolean, missing: Set<string>): DataError {
  const first = head[0].fields;
  const allText = first.every((f) => f.length > 0 && !missing.has(f) && !isNumeric(f));
  if (hasHeader && allText) {
    return new DataError(
      `${file}: the file holds only a header row (${first.slice(0, 8).join(', ')}${first.length > 8 ? ', …' : ''}) and no data rows.`,
      file,
      head[0].line,
    );
  }
  return emptyFileError(file);
}

/** The declared class list, checked: two or more distinct, non-empty names (undefined: none declared). */
function declaredClasses(classes: string[] | null | undefined, file: string): string[] | undefined {
  if (classes === undefined || classes === null) return undefined;
  const seen = new Set<string>();
  for (const c of classes) {
    if (c === '') throw new DataError(`${file}: the declared class list (${classes.join('|')}) has an empty class name.`, file);
    if (seen.has(c)) throw new DataError(`${file}: the declared class list names '${c}' twice.`, file);
    seen.add(c);
  }
  if (classes.length < 2)
    throw new DataError(`${file}: the declared class list names ${classes.length} class; a classifier needs two or more.`, file);
  return classes;
}

/** A `.dt` file read as CSV would be hundreds of one-field "classes": refuse it and name the reader. */
export function proben1HeaderError(file: string): DataError {
  return dataErrorAt(
    file,
    1,
    `the file starts with a PROBEN1 header ('bool_in=…'), so it is a PROBEN1 .dt file, not delimited text; read it with proben1("${file.replace(/^.*\//, '')}") in a spec (a path relative to the spec) or proben1:PATH on the command line.`,
  ).because('proben1AsCsv', file);
}
