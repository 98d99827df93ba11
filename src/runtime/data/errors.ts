/**
 * The data layer's one error type: a problem with a user's data file, said in one sentence that names
 * the file and, where it applies, the line (text formats) or record (binary formats). The CLI prints
 * the message as is; nothing half-loaded is returned after one is thrown.
 */
export class DataError extends Error {
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
