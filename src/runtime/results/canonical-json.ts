/**
 * Canonical JSON: object keys sorted, numbers in one fixed form, NaN/±Infinity as null, so that the
 * same data always gives the same bytes (results.json must be byte-identical across runs).
 */

/** Round to `digits` significant digits and print in the shortest form JSON allows. */
export function fixedNumber(value: number, digits = 10): number {
  if (!Number.isFinite(value)) return value;
  if (value === 0) return 0; // folds −0 into 0
  return Number(value.toPrecision(digits));
}

function encode(value: unknown, indent: number, depth: number): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'number') return Number.isFinite(value) ? JSON.stringify(fixedNumber(value)) : 'null';
  if (typeof value === 'string' || typeof value === 'boolean') return JSON.stringify(value);
  if (ArrayBuffer.isView(value)) return encode(Array.from(value as unknown as ArrayLike<number>), indent, depth);
  const pad = indent > 0 ? `\n${' '.repeat(indent * (depth + 1))}` : '';
  const close = indent > 0 ? `\n${' '.repeat(indent * depth)}` : '';
  const sep = indent > 0 ? ': ' : ':';
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    // arrays of plain numbers stay on one line: readable diffs of metric vectors and matrices rows
    if (value.every((v) => typeof v === 'number' || v === null))
      return `[${value.map((v) => encode(v, 0, 0)).join(indent > 0 ? ', ' : ',')}]`;
    return `[${pad}${value.map((v) => encode(v, indent, depth + 1)).join(`,${pad}`)}${close}]`;
  }
  if (typeof value === 'object') {
    const keys = Object.keys(value as object)
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .sort();
    if (keys.length === 0) return '{}';
    const parts = keys.map((k) => `${JSON.stringify(k)}${sep}${encode((value as Record<string, unknown>)[k], indent, depth + 1)}`);
    return `{${pad}${parts.join(`,${pad}`)}${close}}`;
  }
  throw new Error(`cannot serialise a ${typeof value} as JSON`);
}

/** Serialise with sorted keys and fixed number formatting; `indent` 0 gives one line. */
export function canonicalJson(value: unknown, indent = 2): string {
  return encode(value, indent, 0);
}
