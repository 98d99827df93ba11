/**
 * Delimited text files (CSV, semicolon, tab, whitespace — the raw UCI files included): one row per
 * example, one column holding the class label. Column types are declared or inferred: numbers only
 * → continuous (binary when the values are 0/1), text → categorical. Missing markers (e.g. `?`) and
 * empty fields become NaN; the preprocessing imputes them.
 */
import { readFile } from 'node:fs/promises';
import { dataErrorAt, DataError, describeFsError } from '../errors.ts';
import { buildMetadata, describeColumns } from '../schema.ts';
import type { ColumnType, CsvSource, Dataset } from '../types.ts';
import { userPath, type SourceContext } from './context.ts';
import { checkRagged, detectDelimiter, detectHeader, emptyFileError, isNumeric, readRecords, type TextRecord } from './csv-read.ts';

/** Loads a delimited text file as a tabular dataset (no partition of its own). */
export async function loadCsv(source: CsvSource, ctx: SourceContext): Promise<Dataset> {
  const file = userPath(ctx, source.path);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new DataError(`Cannot read CSV file '${file}': ${describeFsError(err)}.`, file);
  }
  return parseCsv(text, source, file, ctx.ref);
}

/** Parses the text of a delimited file per `source` (header, delimiter, missing, label, types). */
export function parseCsv(content: string, source: CsvSource, file: string, ref: string): Dataset {
  const text = content.charCodeAt(0) === 0xfeff ? content.slice(1) : content; // a UTF-8 byte-order mark
  if (text.trim().length === 0) throw emptyFileError(file);
  if (/^\s*bool_in\s*=\s*\d+\s*\n/.test(text)) throw proben1HeaderError(file);
  const missing = new Set(source.missing);
  const delimiter = source.delimiter === 'auto' ? detectDelimiter(text) : source.delimiter;
  let records = readRecords(text, delimiter, file);
  const hasHeader = source.header === 'auto' ? detectHeader(records, missing) : source.header;
  const width = records[0].fields.length;
  const names = hasHeader ? records[0].fields : Array.from({ length: width }, (_, j) => `col${j + 1}`);
  if (hasHeader) records = records.slice(1);
  if (records.length === 0) throw emptyFileError(file);
  checkRagged(records, width, file);
  const label = labelIndex(source.label, names, hasHeader, file);
  const featureIndex = names.map((_, j) => j).filter((j) => j !== label);
  const { y, classNames } = readLabels(records, label, missing, file, declaredClasses(source.classes, file));
  const types = featureIndex.map((j) => columnType(records, j, names[j], declaredType(source.columns, names[j], j), missing, file));
  const rows = records.length;
  const features = featureIndex.length;
  const x = new Float32Array(rows * features);
  const categories: (string[] | undefined)[] = [];
  featureIndex.forEach((j, f) => {
    if (types[f] === 'continuous' || (types[f] === 'binary' && isNumericColumn(records, j, missing))) {
      const seen = new Set<number>();
      records.forEach((r, i) => {
        const s = r.fields[j];
        const v = isMissing(s, missing) ? NaN : Number(s);
        x[i * features + f] = v;
        if (types[f] === 'binary' && !Number.isNaN(v) && seen.add(v).size > 2) {
          throw dataErrorAt(file, r.line, `column '${names[j]}' is declared binary but holds a third value '${s}'.`);
        }
      });
      return;
    }
    const cats = sortedDistinct(records.map((r) => r.fields[j]).filter((s) => !isMissing(s, missing)));
    if (types[f] === 'binary' && cats.length > 2) {
      throw new DataError(`${file}: column '${names[j]}' is declared binary but holds ${cats.length} values (${cats.slice(0, 4).join(', ')}…).`, file);
    }
    const code = new Map(cats.map((c, k) => [c, k]));
    records.forEach((r, i) => {
      const s = r.fields[j];
      x[i * features + f] = isMissing(s, missing) ? NaN : (code.get(s) as number);
    });
    categories[f] = cats;
  });
  const columns = describeColumns(x, rows, featureIndex.map((j) => names[j]), types, categories);
  columns.forEach((c, f) => {
    if (c.type === 'binary' && categories[f]) c.categories = categories[f];
  });
  const metadata = buildMetadata({ ref, kind: 'tabular', rows, columns, classNames, y, partition: {} });
  return { metadata, x, y, partition: {} };
}

/** A `.dt` file read as CSV would be hundreds of one-field "classes": refuse it and name the reader. */
export function proben1HeaderError(file: string): DataError {
  return dataErrorAt(file, 1, `the file starts with a PROBEN1 header ('bool_in=…'), so it is a PROBEN1 .dt file, not delimited text; read it with proben1("${file.replace(/^.*\//, '')}") in a spec (a path relative to the spec) or proben1:PATH on the command line.`).because('proben1AsCsv', file);
}

function isMissing(s: string, missing: Set<string>): boolean {
  return s === '' || missing.has(s);
}

/** The label column: '' = the last, '#i' = 0-based index (negative from the end), else a header name. */
function labelIndex(label: string, names: string[], hasHeader: boolean, file: string): number {
  if (label === '') return names.length - 1;
  const hash = /^#(-?\d+)$/.exec(label);
  if (hash) {
    const i = Number(hash[1]);
    const index = i < 0 ? names.length + i : i;
    if (index < 0 || index >= names.length) throw new DataError(`${file}: label column ${label} is out of range (the file has ${names.length} columns).`, file);
    return index;
  }
  const index = names.indexOf(label);
  if (index < 0) {
    const known = hasHeader ? `its columns are ${names.join(', ')}` : 'it has no header row; name the label column by index, e.g. #0';
    throw new DataError(`${file}: no column '${label}' to use as the label; ${known}.`, file);
  }
  return index;
}

/** The declared class list, checked: two or more distinct, non-empty names (undefined: none declared). */
function declaredClasses(classes: string[] | undefined, file: string): string[] | undefined {
  if (classes === undefined) return undefined;
  const seen = new Set<string>();
  for (const c of classes) {
    if (c === '') throw new DataError(`${file}: the declared class list (${classes.join('|')}) has an empty class name.`, file);
    if (seen.has(c)) throw new DataError(`${file}: the declared class list names '${c}' twice.`, file);
    seen.add(c);
  }
  if (classes.length < 2) throw new DataError(`${file}: the declared class list names ${classes.length} class; a classifier needs two or more.`, file);
  return classes;
}

/** Class codes per row: in the declared order when classes are declared (a label outside them is an
 * error at its line), else the distinct labels sorted. */
function readLabels(records: TextRecord[], label: number, missing: Set<string>, file: string, declared?: string[]): { y: Int32Array; classNames: string[] } {
  for (const r of records) {
    if (isMissing(r.fields[label], missing)) throw dataErrorAt(file, r.line, `empty label ('${r.fields[label]}') in the class column.`);
  }
  if (declared) {
    const code = new Map(declared.map((c, k) => [c, k]));
    const y = new Int32Array(records.length);
    records.forEach((r, i) => {
      const k = code.get(r.fields[label]);
      if (k === undefined) throw dataErrorAt(file, r.line, `unknown label '${r.fields[label]}' in the class column; the declared classes are ${declared.join(', ')}.`);
      y[i] = k;
    });
    return { y, classNames: declared };
  }
  const classNames = sortedDistinct(records.map((r) => r.fields[label]));
  if (classNames.length < 2) throw new DataError(`${file}: the class column holds only one class ('${classNames[0]}'); a classifier needs two or more.`, file);
  const code = new Map(classNames.map((c, k) => [c, k]));
  return { y: Int32Array.from(records, (r) => code.get(r.fields[label]) as number), classNames };
}

function declaredType(columns: Record<string, ColumnType>, name: string, index: number): ColumnType | undefined {
  return columns[name] ?? columns[`#${index}`];
}

/** The declared type (checked: text in a declared numeric column is an error), else the inferred one. */
function columnType(records: TextRecord[], j: number, name: string, declared: ColumnType | undefined, missing: Set<string>, file: string): ColumnType {
  let numeric = 0;
  let text = 0;
  let firstText: TextRecord | null = null;
  const distinct = new Set<string>();
  for (const r of records) {
    const s = r.fields[j];
    if (isMissing(s, missing)) continue;
    if (isNumeric(s)) {
      numeric++;
      if (distinct.size <= 2) distinct.add(String(Number(s)));
    } else {
      text++;
      firstText ??= r;
    }
  }
  const textAt = (why: string) =>
    dataErrorAt(file, (firstText as TextRecord).line, `text '${(firstText as TextRecord).fields[j]}' in numeric column '${name}' (${why}); mark it missing or declare the column categorical.`);
  if (declared === 'continuous' && text > 0) throw textAt('declared continuous');
  if (declared) return declared;
  if (text === 0) return [...distinct].every((v) => v === '0' || v === '1') && numeric > 0 ? 'binary' : 'continuous';
  if (numeric > text) throw textAt(`${numeric} of its ${numeric + text} values are numbers`);
  return 'categorical';
}

function isNumericColumn(records: TextRecord[], j: number, missing: Set<string>): boolean {
  return records.every((r) => isMissing(r.fields[j], missing) || isNumeric(r.fields[j]));
}

/** Distinct strings, numerically ordered when all are numbers, else in code-point order. */
function sortedDistinct(values: string[]): string[] {
  const distinct = [...new Set(values)];
  if (distinct.every(isNumeric)) return distinct.sort((a, b) => Number(a) - Number(b));
  return distinct.sort();
}
