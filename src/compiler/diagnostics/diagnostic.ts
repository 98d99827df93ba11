/**
 * Diagnostics: what every compiler stage reports instead of throwing. A diagnostic carries a
 * stable code from the catalog, one-sentence message, the source range and optional hint and
 * related locations ("'shared' is declared here.").
 */

/** A position in a source file: 1-based line and column, 0-based character offset. */
export interface SourcePosition {
  line: number;
  column: number;
  offset: number;
}

/** [start, end) in a source file. */
export interface SourceRange {
  start: SourcePosition;
  end: SourcePosition;
}

export type Severity = 'error' | 'warning';

export interface RelatedInformation {
  message: string;
  file: string;
  range: SourceRange;
}

export interface Diagnostic {
  /** stable code: AUG1xxx syntax, AUG2xxx semantic, AUG3xxx data-aware and plan */
  code: string;
  severity: Severity;
  /** one sentence, names in single quotes */
  message: string;
  file: string;
  range: SourceRange;
  /** a separate sentence such as "Did you mean 'latent'?" */
  hint?: string;
  related?: RelatedInformation[];
}

/** The range of the first character of a file (for file-level diagnostics). */
export const START_OF_FILE: SourceRange = {
  start: { line: 1, column: 1, offset: 0 },
  end: { line: 1, column: 1, offset: 0 },
};

/** True when any diagnostic is an error (warnings alone do not fail `augc check`). */
export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}

/** Sort by file, then position, then code, so output is stable whatever order checks ran in. */
export function sortDiagnostics(diagnostics: Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort(
    (a, b) => a.file.localeCompare(b.file) || a.range.start.offset - b.range.start.offset || a.code.localeCompare(b.code),
  );
}
