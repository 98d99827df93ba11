/**
 * Reading a spec's bytes into text, with the bad-input cases as diagnostics: too large, binary,
 * not UTF-8, empty. A spec is a small hand-written file; anything else is refused early so the
 * parser never sees megabytes of noise.
 */
import { makeDiagnostic } from '../diagnostics/catalog.ts';
import { START_OF_FILE, type Diagnostic } from '../diagnostics/diagnostic.ts';

/** Specs above this size are refused (the largest example spec is about 3 KB). */
export const MAX_SPEC_BYTES = 1024 * 1024;

export interface DecodedSource {
  text: string | null;
  diagnostics: Diagnostic[];
}

function megabytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${(bytes / 1024).toFixed(1)} KB`;
}

/** Decode a spec file's bytes; `text` is null when the bytes cannot be a spec. */
export function decodeSpecBytes(bytes: Uint8Array, file: string): DecodedSource {
  if (bytes.length > MAX_SPEC_BYTES) {
    return { text: null, diagnostics: [makeDiagnostic('fileTooLarge', file, START_OF_FILE, [megabytes(bytes.length), megabytes(MAX_SPEC_BYTES)])] };
  }
  if (bytes.includes(0)) return { text: null, diagnostics: [makeDiagnostic('binaryFile', file, START_OF_FILE)] };
  try {
    const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
    return checkText(text, file);
  } catch {
    return { text: null, diagnostics: [makeDiagnostic('notUtf8', file, START_OF_FILE, [firstInvalidUtf8Offset(bytes)])] };
  }
}

/** Text given directly (compileSource): only the emptiness and size checks apply. */
export function checkText(text: string, file: string): DecodedSource {
  if (text.length > MAX_SPEC_BYTES) {
    return { text: null, diagnostics: [makeDiagnostic('fileTooLarge', file, START_OF_FILE, [megabytes(text.length), megabytes(MAX_SPEC_BYTES)])] };
  }
  if (text.includes('\u0000')) return { text: null, diagnostics: [makeDiagnostic('binaryFile', file, START_OF_FILE)] };
  const withoutComments = text.replace(/\/\/[^\n]*/g, '').replace(/\/\*[\s\S]*?\*\//g, '');
  if (withoutComments.trim() === '') return { text: null, diagnostics: [makeDiagnostic('emptyFile', file, START_OF_FILE)] };
  return { text, diagnostics: [] };
}

/** Offset of the first byte that breaks UTF-8 (binary search over fatal decodes of prefixes). */
function firstInvalidUtf8Offset(bytes: Uint8Array): number {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const valid = (n: number) => {
    try {
      decoder.decode(bytes.subarray(0, n), { stream: true });
      return true;
    } catch {
      return false;
    }
  };
  let lo = 0;
  let hi = bytes.length;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (valid(mid)) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
