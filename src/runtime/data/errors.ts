import type { DataProblem } from '../../plan/dataset-metadata.ts';

/**
 * The data layer's one error type: a problem with a user's data file, said in one sentence that names
 * the file and, where it applies, the line (text formats) or record (binary formats). The CLI prints
 * the message as is; nothing half-loaded is returned after one is thrown.
 */
export class DataError extends Error {
  /** why the data was refused, when the compiler reports that case with a code of its own */
  reason: DataProblem | null = null;
  /** the name the problem is about (a column, a PROBEN1 set), for the compiler to point at */
  subject: string | null = null;
  /** the fix in one sentence ("Did you mean 'age'?"), for the compiler's hint */
  hint: string | null = null;
  /** what was found, without the file prefix, for the compiler's message ("30 distinct numbers …") */
  detail: string | null = null;

  constructor(
    message: string,
    /** the file (or folder) at fault, when there is one */
    readonly file: string | null = null,
    /** 1-based line of a text file, or 0-based record of a binary file, when known */
    readonly line: number | null = null,
  ) {
    super(message);
    this.name = 'DataError';
  }

  /** Marks the error with its reason (and subject), so `augc check` can give it its own code. */
  because(reason: DataProblem, subject: string | null = null, hint: string | null = null, detail: string | null = null): this {
    this.reason = reason;
    this.subject = subject;
    this.hint = hint;
    this.detail = detail;
    return this;
  }
}

/** `file:line: message` — the usual compiler-style prefix. */
export function dataErrorAt(file: string, line: number, message: string): DataError {
  return new DataError(`${file}:${line}: ${message}`, file, line);
}

/** `file: record n: message` — for binary formats, where a record number replaces the line. */
export function dataErrorAtRecord(file: string, record: number, message: string): DataError {
  return new DataError(`${file}: record ${record}: ${message}`, file, record);
}

/** A file-system failure in words: "no such file", "permission denied", else the system's message. */
export function describeFsError(err: unknown): string {
  const code = (err as NodeJS.ErrnoException)?.code;
  if (code === 'ENOENT') return 'no such file or folder';
  if (code === 'EACCES') return 'permission denied';
  if (code === 'EISDIR') return 'it is a folder, not a file';
  if (code === 'ENOTDIR') return 'not a folder';
  return err instanceof Error ? err.message : String(err);
}
