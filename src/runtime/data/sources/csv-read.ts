/**
 * Reading a delimited text file into records of strings with their line numbers: delimiter detection
 * (comma, semicolon, tab, or runs of whitespace as in the UCI thyroid and horse-colic files) and
 * header detection on the file's first 64 KB, and the quote-aware line splitter that both this and
 * the streaming reader (csv.ts) use for every record.
 */
import { DataError } from '../errors.ts';

/** One row of a text file: its fields and where it came from. */
export interface TextRecord {
  fields: string[];
  /** 1-based line in the file */
  line: number;
}

/** The delimiter value meaning "one or more spaces or tabs". */
export const WHITESPACE = 'whitespace';

/** The delimiter most lines agree on: , ; or tab when one occurs the same (non-zero) number of times
 * in the first lines, else whitespace when lines hold several words, else comma. */
export function detectDelimiter(text: string): string {
  const lines = text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.length > 0)
    .slice(0, 20);
  let best = '';
  let bestCount = 0;
  for (const d of [',', ';', '\t']) {
    const counts = lines.map((l) => l.split(d).length - 1);
    if (counts[0] > bestCount && counts.every((c) => c === counts[0])) [best, bestCount] = [d, counts[0]];
  }
  if (best) return best;
  if (lines.length > 0 && lines.every((l) => l.split(/\s+/).length > 1)) return WHITESPACE;
  return ',';
}

/** Splits text into records (quoted fields may span lines); `delimiter` is a character or WHITESPACE. */
export function readRecords(text: string, delimiter: string, _file: string): TextRecord[] {
  if (delimiter === WHITESPACE || delimiter === ' ') {
    const records: TextRecord[] = [];
    text.split('\n').forEach((raw, i) => {
      const line = raw.trim();
      if (line.length > 0) records.push({ fields: line.split(/\s+/), line: i + 1 });
    });
    return records;
  }
  const records: TextRecord[] = [];
  let pending: string | null = null; // a quoted field that continues on the next line
  let pendingLine = 0;
  text.split('\n').forEach((raw, i) => {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (pending !== null) {
      pending += `\n${line}`;
      if (endsInsideQuotes(pending, delimiter)) return;
    } else if (line.trim().length === 0) return;
    else if (endsInsideQuotes(line, delimiter)) {
      [pending, pendingLine] = [line, i + 1];
      return;
    }
    records.push({ fields: splitRecord(pending ?? line, delimiter), line: pending !== null ? pendingLine : i + 1 });
    pending = null;
  });
  // a field still open at the end: the sample may stop inside it; the streaming reader reports it
  return records;
}

/** A number in the usual decimal or exponent notation ("00202", "-1.5e3"), not "", "0x1f" or "Infinity". */
export function isNumeric(s: string): boolean {
  return /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(s);
}

/**
 * Whether the first record is a header: every field is text (not a number, not missing), and either
 * some column below it is numeric or none of its fields recurs in its column (a data row's category
 * usually recurs; a column name does not).
 */
export function detectHeader(records: TextRecord[], missing: Set<string>): boolean {
  if (records.length < 2) return false;
  const first = records[0].fields;
  if (!first.every((f) => f.length > 0 && !missing.has(f) && !isNumeric(f))) return false;
  const sample = records.slice(1, 1001);
  const someNumeric = first.some((_, j) =>
    sample.every((r) => r.fields[j] === undefined || missing.has(r.fields[j]) || r.fields[j] === '' || isNumeric(r.fields[j])),
  );
  if (someNumeric) return true;
  return first.every((name, j) => sample.every((r) => r.fields[j] !== name));
}

/** The empty-file error. */
export function emptyFileError(file: string): DataError {
  return new DataError(`${file}: the file is empty (no data rows).`, file, 1);
}

/**
 * Whether a record's text ends inside a quoted field (which then continues on the next line). A
 * quote opens a field only at its start (after the delimiter and blanks), as in splitRecord; a
 * quote inside an unquoted field is a character (`5'3"`, `12" pipe`), not an opening.
 */
export function endsInsideQuotes(text: string, delimiter: string): boolean {
  if (text.indexOf('"') < 0) return false;
  let quoted = false;
  let fieldStart = true;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') i++;
      else if (c === '"') quoted = false;
    } else if (text.startsWith(delimiter, i)) {
      fieldStart = true;
      i += delimiter.length - 1;
    } else if (c === '"' && fieldStart) quoted = true;
    else if (c !== ' ' && c !== '\t') fieldStart = false;
  }
  return quoted;
}

/**
 * Splits one record on `delimiter`, honouring "quoted fields" (with `""` for a quote inside and
 * delimiters or newlines kept); fields are trimmed. The fast path for the usual line without quotes
 * is a plain split: csv-parse's streaming parser reads 2–3 MB/s on the reference machine, this about
 * ten times that, which is what a 200 MB file needs.
 */
export function splitRecord(line: string, delimiter: string): string[] {
  if (line.indexOf('"') < 0) {
    const fields = line.split(delimiter);
    for (let j = 0; j < fields.length; j++) fields[j] = fields[j].trim();
    return fields;
  }
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field.trim() === '') {
      quoted = true;
      field = '';
    } else if (line.startsWith(delimiter, i)) {
      fields.push(field.trim());
      field = '';
      i += delimiter.length - 1;
    } else field += c;
  }
  fields.push(quoted ? field : field.trim());
  return fields;
}
