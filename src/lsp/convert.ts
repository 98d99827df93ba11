/** Conversions between the compiler's positions (1-based line and column, offsets) and LSP's (0-based). */
import { fileURLToPath, pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
import { DiagnosticSeverity, type Diagnostic as LspDiagnostic, type Range } from 'vscode-languageserver/node';
import type { Diagnostic, SourceRange } from '../compiler/diagnostics/diagnostic.ts';

/** An LSP range from a compiler range (columns count UTF-16 code units in both). */
export function toLspRange(range: SourceRange): Range {
  return {
    start: { line: range.start.line - 1, character: range.start.column - 1 },
    end: { line: range.end.line - 1, character: range.end.column - 1 },
  };
}

/** The file path the compiler should see for a document URI (untitled documents live in the working folder). */
export function pathOfUri(uri: string): string {
  if (uri.startsWith('file:')) return fileURLToPath(uri);
  return resolve(process.cwd(), `${uri.replace(/^[a-z]+:/, '').replace(/[^A-Za-z0-9_.-]/g, '_') || 'untitled'}.aug`);
}

/**
 * The LSP form of a compiler diagnostic: the same code, range and severity; the message followed
 * by the hint as `augc check` prints it (editors show one message), and the hint also as `data`.
 */
export function toLspDiagnostic(d: Diagnostic, uri: string, path: string): LspDiagnostic {
  return {
    range: toLspRange(d.range),
    severity: d.severity === 'error' ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning,
    code: d.code,
    source: 'augc',
    message: d.hint ? `${d.message} ${d.hint}` : d.message,
    ...(d.hint ? { data: { hint: d.hint } } : {}),
    ...(d.related?.length
      ? {
          relatedInformation: d.related.map((r) => ({
            message: r.message,
            location: { uri: resolve(r.file) === path ? uri : pathToFileURL(resolve(r.file)).href, range: toLspRange(r.range) },
          })),
        }
      : {}),
  };
}
