/**
 * Declared CSV classes: `csv("answers.csv", label "class", classes ["yes", "no"])`. The list fixes
 * the class codes (code i ⇔ classes[i]) and makes a label outside it an error. Checked three times:
 * statically (names non-empty, distinct, two or more), when metadata cannot be read because the file
 * holds an undeclared label (which label, on which line, and which declared name is close to it), and once metadata is read
 * (a declared class with no rows is a warning).
 */
import type * as A from '../ast/types.ts';
import { makeDiagnostic } from '../diagnostics/catalog.ts';
import type { Diagnostic } from '../diagnostics/diagnostic.ts';
import { suggestSpelling } from '../../text/spelling.ts';
import { SOURCES } from '../language.ts';
import type { DataSource } from '../../plan/types.ts';
import type { DatasetMetadata } from '../../plan/dataset-metadata.ts';
import { argumentsOf, textArg } from '../bind/arguments.ts';
import type { CheckContext } from './context.ts';

/** The `classes` argument of a csv source: the value node and its string items (null: none declared,
 * or not strings). */
export function declaredClassesOf(data: A.DataDeclaration): { at: A.Node; items: A.StringLiteral[] } | null {
  const call = data.source;
  if (call?.callee.text !== 'csv' || call.target) return null;
  const arg = argumentsOf(call, SOURCES.csv).map.get('classes');
  const value = arg?.values[0];
  if (!arg || !value) return null;
  if (value.kind === 'string') return { at: value, items: [value] };
  const items = value.kind === 'list' ? value.items.filter((i): i is A.StringLiteral => i.kind === 'string') : [];
  // anything but a list of strings is a type error (AUG2009, reported by the argument check)
  return value.kind === 'list' && items.length === value.items.length ? { at: value, items } : null;
}

/** Declared class names are non-empty and distinct, and there are at least two of them. */
export function checkCsvClasses(data: A.DataDeclaration, ctx: CheckContext): void {
  const declared = declaredClassesOf(data);
  if (!declared) return;
  const first = new Map<string, A.StringLiteral>();
  for (const item of declared.items) {
    if (item.value.trim() === '') {
      ctx.accept('emptyClassName', item, [], { hint: 'Write each class as it appears in the label column, e.g. classes ["yes", "no"].' });
      continue;
    }
    const earlier = first.get(item.value);
    if (earlier)
      ctx.accept('duplicateName', item, ['class', item.value], {
        related: [{ message: `'${item.value}' is first declared here.`, file: ctx.spec.file, range: earlier.range }],
      });
    else first.set(item.value, item);
  }
  const distinct = first.size;
  if (distinct < 2) {
    ctx.accept(
      'tooFewClasses',
      declared.at,
      [`The class list of '${data.name.text}'`, `${distinct} distinct class${distinct === 1 ? '' : 'es'}`],
      { hint: 'Declare every class of the label column, e.g. classes ["yes", "no"].' },
    );
  }
}

/**
 * Reading a csv source with declared classes failed: if the file holds labels outside the list,
 * say which (with the first line from the data layer's error and a did-you-mean); else null, and
 * the caller reports the data layer's message as it is.
 */
export async function explainUndeclaredLabels(
  data: A.DataDeclaration,
  source: DataSource,
  error: unknown,
  read: (source: DataSource) => Promise<DatasetMetadata>,
  file: string,
): Promise<Diagnostic[] | null> {
  const declared = declaredClassesOf(data);
  if (!declared || source.kind !== 'csv' || !('classes' in source)) return null;
  const { classes: _declared, ...undeclaredSource } = source;
  let labels: { label: string; count: number }[];
  try {
    labels = (await read(undeclaredSource)).classes;
  } catch {
    return null; // the file has another problem: the original message says it
  }
  const names = declared.items.map((i) => i.value);
  const outside = labels.filter((c) => !names.includes(c.label));
  if (outside.length === 0) return null;
  const written = `'${textArg(argumentsOf(data.source!, SOURCES.csv).map, 'path') ?? source.path}'`;
  const line = error && typeof error === 'object' && 'line' in error && typeof error.line === 'number' ? error.line : null;
  const message = error instanceof Error ? error.message : '';
  return outside.map((c) => {
    const where = `${written} (${c.count} row${c.count === 1 ? '' : 's'}${line !== null && message.includes(`'${c.label}'`) ? `, first on line ${line}` : ''})`;
    const near = suggestSpelling(c.label, names);
    const hint =
      near !== undefined
        ? `Is the declared class '${near}' a misspelling of '${c.label}'?`
        : `Add '${c.label}' to the class list, or fix the label column.`;
    return makeDiagnostic('undeclaredLabel', file, declared.at.range, [c.label, where, data.name.text, names.join(', ')], { hint });
  });
}

/** Once metadata is read: a declared class that no row carries is a warning (it cannot be learned). */
export function checkDeclaredClassesHaveRows(ctx: CheckContext): void {
  for (const name of ctx.bound.datasetsInUse) {
    const data = ctx.symbols.datasets.get(name);
    const meta = ctx.metadata.get(name);
    const declared = data && declaredClassesOf(data);
    if (!declared || !meta) continue;
    const path = textArg(argumentsOf(data.source!, SOURCES.csv).map, 'path') ?? '';
    for (const item of declared.items) {
      if (meta.classes.find((c) => c.label === item.value)?.count === 0) {
        ctx.accept('declaredClassWithoutRows', item, [item.value, `'${path}'`], {
          hint: 'A class without rows can be neither sampled nor learned; remove it or check the label column.',
        });
      }
    }
  }
}
