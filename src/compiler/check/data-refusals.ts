/**
 * Refusals of the data layer that have a code of their own: a PROBEN1 set not on the search path
 * (AUG3015), a regression set (AUG3016), a `.dt` file read as CSV (AUG3017), a continuous label
 * (AUG3018), no feature columns (AUG3019), a declared column the file lacks (AUG3020), and an ignored
 * column that the file's label or partition turns out to be (AUG2045, e.g. the default last column). The data
 * layer's error says what is wrong in the file (its `reason`, `subject` and `hint`); this module
 * points the diagnostic at the argument of the `data` line that the user has to change.
 */
import type * as A from '../ast/types.ts';
import { makeDiagnostic } from '../diagnostics/catalog.ts';
import type { Diagnostic } from '../diagnostics/diagnostic.ts';
import { SOURCES } from '../language.ts';
import type { DataProblem } from '../../plan/dataset-metadata.ts';
import { argumentsOf } from '../bind/arguments.ts';

interface Refusal {
  reason: DataProblem;
  subject: string | null;
  hint: string | null;
  /** what was found, without the data layer's file prefix */
  detail: string | null;
  message: string;
}

/** The refusal carried by a data-layer error (duck-typed: the compiler does not import the runtime). */
function refusalOf(error: unknown): Refusal | null {
  if (!(error instanceof Error) || !('reason' in error) || typeof error.reason !== 'string') return null;
  const e = error as Error & { reason: DataProblem; subject?: unknown; hint?: unknown; detail?: unknown };
  const text = (v: unknown) => (typeof v === 'string' ? v : null);
  return { reason: e.reason, subject: text(e.subject), hint: text(e.hint), detail: text(e.detail), message: e.message.replace(/\s+$/, '') };
}

/** The value atom of argument `key` of the data line's source call (null when not written). */
function argumentAtom(data: A.DataDeclaration, key: string): A.Atom | null {
  const call = data.source;
  const schema = call && SOURCES[call.callee.text];
  if (!call || !schema) return null;
  return argumentsOf(call, schema).map.get(key)?.values[0] ?? null;
}

/** That atom, else the dataset's name. */
function argumentNode(data: A.DataDeclaration, key: string): A.Node {
  return argumentAtom(data, key) ?? data.name;
}

/** Where a missing column is named in the spec: its `columns {}` entry, the label, or the partition. */
function columnNode(data: A.DataDeclaration, column: string | null): A.Node {
  const columns = argumentAtom(data, 'columns');
  if (columns?.kind === 'map') {
    const entry = columns.entries.find((e) => e.key.text === column);
    if (entry) return entry.key;
  }
  for (const key of ['label', 'partition']) {
    const atom = argumentAtom(data, key);
    if ((atom?.kind === 'name' && atom.text === column) || (atom?.kind === 'string' && atom.value === column)) return atom;
  }
  return data.name;
}

/** The `ignore` of the column's `columns {}` entry (where the spec says to leave it out), else the dataset's name. */
function ignoreNode(data: A.DataDeclaration, column: string | null): A.Node {
  const columns = argumentAtom(data, 'columns');
  const entry = columns?.kind === 'map' ? columns.entries.find((e) => e.key.text === column) : undefined;
  return entry?.value ?? data.name;
}

/** The file as the spec writes it (`"data/patients.csv"`), or the PROBEN1 set's name. */
function writtenPath(data: A.DataDeclaration): string | null {
  for (const key of ['path', 'name']) {
    const atom = argumentAtom(data, key);
    if (atom?.kind === 'string') return atom.value;
  }
  return null;
}

/** A diagnostic of its own for a coded refusal; null when the error is another problem (AUG3001). */
export function explainDataRefusal(data: A.DataDeclaration, error: unknown, file: string): Diagnostic | null {
  const refusal = refusalOf(error);
  if (!refusal) return null;
  const name = data.name.text;
  const hint = refusal.hint ?? undefined;
  const detail = refusal.detail ? `${refusal.detail}.` : /[.!?]$/.test(refusal.message) ? refusal.message : `${refusal.message}.`;
  const path = writtenPath(data);
  switch (refusal.reason) {
    case 'unknownProben1Set':
      return makeDiagnostic('unknownProben1Set', file, argumentNode(data, 'name').range, [refusal.subject ?? name, detail], { hint });
    case 'regressionSet':
      return makeDiagnostic('regressionSet', file, argumentNode(data, 'name').range, [path ?? name, detail], {
        hint: hint ?? 'augc compares classifiers; choose a PROBEN1 set whose outputs are a one-hot class vector.',
      });
    case 'proben1AsCsv':
      return makeDiagnostic('proben1AsCsv', file, argumentNode(data, 'path').range, [path ?? name], {
        hint: hint ?? `Read it with proben1("${path ?? 'path/to/file.dt'}"), which keeps its partition.`,
      });
    case 'continuousLabel':
      return makeDiagnostic('continuousLabel', file, argumentNode(data, 'label').range, [refusal.subject ?? '', path ?? name, detail], {
        hint,
      });
    case 'noFeatures':
      return makeDiagnostic('noFeatures', file, data.name.range, [path ?? name, detail], { hint });
    case 'ignoredColumnInUse':
      return makeDiagnostic(
        'ignoredColumnInUse',
        file,
        ignoreNode(data, refusal.subject).range,
        [refusal.subject ?? '', refusal.detail ?? 'it is the label or the partition column'],
        { hint },
      );
    case 'unknownColumn':
      return makeDiagnostic('unknownColumn', file, columnNode(data, refusal.subject).range, [refusal.subject ?? '', `'${path ?? name}'`], {
        hint,
      });
  }
  return null;
}
