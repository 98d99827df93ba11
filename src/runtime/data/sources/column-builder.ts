/**
 * Columns built while a file streams by, so that memory follows the parsed values, not the text:
 * each column keeps its numbers in a growing Float32Array and, while it has few distinct values, a
 * dictionary code per row in a growing Int32Array (from which a categorical column or the label is
 * coded once the whole file is seen). A continuous column of a million rows thus holds 4 MB, not a
 * million strings. The readers (CSV, ARFF, Parquet) feed cells; table.ts turns the columns into a
 * dataset.
 */
import { isNumeric } from './csv-read.ts';

/** A Float32Array or Int32Array that doubles its capacity when full. */
export class GrowingArray<T extends Float32Array | Int32Array> {
  private data: T;
  length = 0;

  constructor(
    private readonly make: (n: number) => T,
    capacity = 1024,
  ) {
    this.data = make(capacity);
  }

  push(value: number): void {
    if (this.length === this.data.length) {
      const bigger = this.make(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = value;
  }

  get(i: number): number {
    return this.data[i];
  }

  /** The values, trimmed to `length` (a view: no copy). */
  values(): T {
    return this.data.subarray(0, this.length) as T;
  }
}

/**
 * Past this many distinct values a column stops keeping dictionary codes: it can no longer be
 * categorical (a one-hot of 10,000 columns is not a feature anyone means), and a continuous column
 * of a big file would otherwise keep a string per row.
 */
export const MAX_CATEGORIES = 10_000;

export { isNumeric };

/**
 * The number a field holds, or NaN: the same answer as `isNumeric(s) ? Number(s) : NaN` for a
 * trimmed, non-empty field, about three times faster (most fields of a big file are plain numbers).
 * `Number` alone would also accept hex, octal and binary literals ("0x1f") and "Infinity".
 */
export function parseNumber(s: string): number {
  const v = Number(s);
  if (!Number.isFinite(v)) return NaN;
  const c1 = s.charCodeAt(1);
  // 'x' 'X' 'o' 'O' 'b' 'B' after a leading 0: a prefixed literal, not a decimal number
  if (c1 === 120 || c1 === 88 || c1 === 111 || c1 === 79 || c1 === 98 || c1 === 66) return NaN;
  return v;
}

/** One column of a table being read. */
export class ColumnBuilder {
  /** the number of each row (NaN: missing or text) */
  readonly numbers = new GrowingArray((n) => new Float32Array(n));
  /** the dictionary code of each row's text (−1: missing); null once the column has too many values */
  codes: GrowingArray<Int32Array> | null = new GrowingArray((n) => new Int32Array(n));
  /** distinct non-missing texts → code, in order of appearance */
  dictionary: Map<string, number> | null = new Map();
  numeric = 0;
  text = 0;
  missing = 0;
  /** the first text (non-number) cell and its line, for "text in a numeric column" */
  firstText: { value: string; line: number } | null = null;
  /** the first missing cell's line and text ('' or a marker such as '?'): an empty label is an error there */
  firstMissingLine: number | null = null;
  firstMissingText = '';
  /** the first three distinct numbers, and the line of the third (a declared binary column's error) */
  readonly firstNumbers: number[] = [];
  thirdNumberLine: number | null = null;
  /** a number with a fractional part was seen (a label that looks continuous) */
  fractional = false;

  constructor(
    readonly name: string,
    /** past this many distinct values the dictionary is dropped (the label keeps a larger one) */
    private readonly maxDistinct = MAX_CATEGORIES,
  ) {}

  /** Adds a cell: null is missing; text that is a number counts as a number. */
  add(value: string | number | null, line: number): void {
    if (value === null) {
      this.addMissing(line);
      return;
    }
    const text = typeof value === 'number' ? String(value) : value;
    const number = typeof value === 'number' ? value : parseNumber(value);
    if (Number.isNaN(number)) {
      this.text++;
      this.firstText ??= { value: text, line };
    } else {
      this.numeric++;
      if (!Number.isInteger(number)) this.fractional = true;
      if (this.firstNumbers.length < 3 && !this.firstNumbers.includes(number)) {
        this.firstNumbers.push(number);
        if (this.firstNumbers.length === 3) this.thirdNumberLine = line;
      }
    }
    this.numbers.push(number);
    if (this.dictionary && this.codes) {
      let code = this.dictionary.get(text);
      if (code === undefined) {
        code = this.dictionary.size;
        if (code >= this.maxDistinct) {
          this.dictionary = null;
          this.codes = null;
          return;
        }
        this.dictionary.set(text, code);
      }
      this.codes.push(code);
    }
  }

  /** A missing cell (empty field or a missing marker, given as `text`). */
  addMissing(line: number, text = ''): void {
    this.missing++;
    if (this.firstMissingLine === null) [this.firstMissingLine, this.firstMissingText] = [line, text];
    this.numbers.push(NaN);
    this.codes?.push(-1);
  }

  /** The distinct texts in code order (null when there were too many to keep). */
  distinct(): string[] | null {
    return this.dictionary ? [...this.dictionary.keys()] : null;
  }
}

/**
 * A column declared `ignore`: its cells are read past and nothing of them is kept (no numbers, no
 * dictionary), so an ignored text column of a big file costs no memory. It is never a feature.
 */
export class IgnoredColumn extends ColumnBuilder {
  override add(_value: string | number | null, _line: number): void {}

  override addMissing(_line: number, _text = ''): void {}
}

/** Distinct strings, numerically ordered when all are numbers, else in code-point order. */
export function sortedCategories(values: string[]): string[] {
  const distinct = [...new Set(values)];
  if (distinct.every(isNumeric)) return distinct.sort((a, b) => Number(a) - Number(b));
  return distinct.sort();
}
