/**
 * Diagnostic output for people (TypeScript style) and for editors and scripts (JSON).
 *
 *   specs/x.aug:7:12 - error AUG2001: Cannot find vae 'shraed'. Did you mean 'shared'?
 *
 *   7   arm noise = shraed.noise(alpha 1.0)
 *                  ~~~~~~
 */
import type { Diagnostic } from './diagnostic.ts';

export interface FormatOptions {
  /** source text per file name, for the excerpt; a file without source gets the header only */
  sources: Record<string, string>;
  color?: boolean;
}

const RED = '\u001b[91m';
const YELLOW = '\u001b[93m';
const CYAN = '\u001b[96m';
const GREY = '\u001b[90m';
const RESET = '\u001b[0m';

/** Human-readable diagnostics, each with the source line and a `~~~` underline. */
export function formatDiagnostics(diagnostics: readonly Diagnostic[], options: FormatOptions): string {
  const paint = (code: string, text: string) => (options.color ? `${code}${text}${RESET}` : text);
  const blocks = diagnostics.map((d) => {
    const where = `${d.file}:${d.range.start.line}:${d.range.start.column}`;
    const severity = d.severity === 'error' ? paint(RED, 'error') : paint(YELLOW, 'warning');
    const lines = [`${paint(CYAN, where)} - ${severity} ${paint(GREY, d.code)}: ${d.message}${d.hint ? ` ${d.hint}` : ''}`];
    const source = options.sources[d.file];
    if (source !== undefined) lines.push('', ...excerpt(source, d, paint));
    for (const related of d.related ?? []) {
      lines.push(`  ${paint(CYAN, `${related.file}:${related.range.start.line}:${related.range.start.column}`)}`);
      lines.push(`    ${related.message}`);
    }
    return lines.join('\n');
  });
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = diagnostics.length - errors;
  if (diagnostics.length > 0) blocks.push(`Found ${plural(errors, 'error')}${warnings ? ` and ${plural(warnings, 'warning')}` : ''}.`);
  return blocks.join('\n\n') + (blocks.length ? '\n' : '');
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** The line of the range's start with a gutter, and `~` under the span (clipped to that line). */
function excerpt(source: string, d: Diagnostic, paint: (c: string, t: string) => string): string[] {
  const lineStart = source.lastIndexOf('\n', Math.max(0, d.range.start.offset - 1)) + 1;
  let lineEnd = source.indexOf('\n', d.range.start.offset);
  if (lineEnd < 0) lineEnd = source.length;
  const text = source.slice(lineStart, lineEnd).replace(/\r$/, '').replace(/\t/g, ' ');
  const shown = text.length > 200 ? `${text.slice(0, 200)}…` : text;
  const gutter = String(d.range.start.line);
  const column = Math.min(d.range.start.column - 1, shown.length);
  const endOnLine = d.range.end.line === d.range.start.line ? d.range.end.column - 1 : shown.length;
  const width = Math.max(1, Math.min(endOnLine, shown.length) - column);
  const color = d.severity === 'error' ? RED : YELLOW;
  return [`${paint(GREY, gutter)} ${shown}`, `${' '.repeat(gutter.length)} ${' '.repeat(column)}${paint(color, '~'.repeat(width))}`];
}

/** JSON form for editors and scripts: one object per diagnostic, positions 1-based. */
export function diagnosticsToJson(diagnostics: readonly Diagnostic[]): object[] {
  return diagnostics.map((d) => ({
    file: d.file,
    code: d.code,
    severity: d.severity,
    message: d.message,
    ...(d.hint ? { hint: d.hint } : {}),
    line: d.range.start.line,
    column: d.range.start.column,
    endLine: d.range.end.line,
    endColumn: d.range.end.column,
    ...(d.related
      ? { related: d.related.map((r) => ({ message: r.message, file: r.file, line: r.range.start.line, column: r.range.start.column })) }
      : {}),
  }));
}
