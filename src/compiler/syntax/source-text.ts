/**
 * Reading a spec's bytes into text, with the bad-input cases as diagnostics: too large, binary,
 * not UTF-8, empty. A spec is a small hand-written file; anything else is refused early so the
 * parser never sees megabytes of noise.
 */
import { makeDiagnostic } from '../diagnostics/catalog.ts';
import { START_OF_FILE, type Diagnostic } from '../diagnostics/diagnostic.ts';

/** Specs above this size are refused. The largest example spec is about 3 KB; at this limit, 80
 * times that, any spec is checked in about a second (bench/spec-cost.ts times generated specs of
 * nine shapes at the limit). At 1 MB a valid spec of 25,000 arms took 4.4 s of CPU and 420 MB. */
export const MAX_SPEC_BYTES = 256 * 1024;

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
    return {
      text: null,
      diagnostics: [makeDiagnostic('fileTooLarge', file, START_OF_FILE, [megabytes(bytes.length), megabytes(MAX_SPEC_BYTES)])],
    };
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
    return {
      text: null,
      diagnostics: [makeDiagnostic('fileTooLarge', file, START_OF_FILE, [megabytes(text.length), megabytes(MAX_SPEC_BYTES)])],
    };
  }
  if (text.includes('\u0000')) return { text: null, diagnostics: [makeDiagnostic('binaryFile', file, START_OF_FILE)] };
  const withoutComments = text.replace(/\/\/[^\n]*/g, '').replace(/\/\*[\s\S]*?\*\//g, '');
  if (withoutComments.trim() === '') return { text: null, diagnostics: [makeDiagnostic('emptyFile', file, START_OF_FILE)] };
  return { text, diagnostics: [] };
}

/** Offset of the first byte of the first malformed UTF-8 sequence (RFC 3629 rules). */
export function firstInvalidUtf8Offset(bytes: Uint8Array): number {
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i];
    const length = b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    if (length === 0 || i + length > bytes.length) return i;
    for (let j = 1; j < length; j++) if ((bytes[i + j] & 0xc0) !== 0x80) return i;
    // overlong 3-byte forms, UTF-16 surrogates, and code points above U+10FFFF
    if (
      (b === 0xe0 && bytes[i + 1] < 0xa0) ||
      (b === 0xed && bytes[i + 1] > 0x9f) ||
      (b === 0xf0 && bytes[i + 1] < 0x90) ||
      (b === 0xf4 && bytes[i + 1] > 0x8f)
    )
      return i;
    i += length;
  }
  return bytes.length;
}
