/**
 * How a PROBEN1 set is named, shared by the compiler (lowering `proben1("cancer2")`) and the data
 * layer (finding the file): the file stem plus the permutation digit of Prechelt's archive
 * (`cancer1.dt` … `cancer3.dt`, `heartc1.dt`).
 */

/** A PROBEN1 set name split into its stem and permutation. */
export interface Proben1Name {
  /** the file stem without the permutation digit: "cancer", "heartc" */
  stem: string;
  permutation: 1 | 2 | 3;
}

/**
 * `cancer` → (cancer, 1); `cancer2` → (cancer, 2); `heartc3` → (heartc, 3). A trailing 1, 2 or 3
 * is the permutation (no PROBEN1 stem ends in a digit); `permutation` given separately must agree.
 * Null when the text is not a set name (letters, digits, `_` and `-`, starting with a letter).
 */
export function splitProben1Name(text: string, permutation?: number): Proben1Name | null {
  const match = /^([A-Za-z][A-Za-z0-9_-]*?)([123])?$/.exec(text);
  if (!match) return null;
  const digit = match[2] ? (Number(match[2]) as 1 | 2 | 3) : undefined;
  if (digit !== undefined && permutation !== undefined && permutation !== digit) return null;
  const p = digit ?? permutation ?? 1;
  if (p !== 1 && p !== 2 && p !== 3) return null;
  return { stem: match[1], permutation: p };
}
