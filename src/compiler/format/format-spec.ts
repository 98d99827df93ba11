/**
 * `augc fmt`: one canonical layout for .aug specs. The layout:
 *   - the experiment header on the first line, statements indented by two spaces, one per line;
 *   - model and report blocks with one setting or item per line (a classifier's `epochs`,
 *     `batch` and `lr` share one line), inline braces (`stratified { … }`, csv columns) kept inline;
 *   - single spaces between tokens, none inside `( )` `[ ]`, before `,` or around `.`;
 *   - `=` aligned in runs of consecutive `data` and `arm` lines, trailing comments aligned in runs
 *     of consecutive lines that have one;
 *   - at most one blank line where the source had any, none after `{` or before `}`.
 * Comments are kept where they were. Only whitespace changes: the result is re-lexed and must hold
 * the same tokens and comments, or formatting is refused. A spec with syntax errors is not
 * formatted (its diagnostics are returned instead), as gofmt does.
 */
import type { IToken } from 'chevrotain';
import { augLexer } from '../../../grammar/tokens.ts';
import { sortDiagnostics, type Diagnostic } from '../diagnostics/diagnostic.ts';
import { parseSpec } from '../syntax/parse.ts';
import { collectComments, lineBreaks, type SourceComment } from './source-comments.ts';
import { specUnits, type LayoutUnit } from './layout-units.ts';

/** Spaces per nesting level. */
export const INDENT = '  ';
/** Extra indentation of a statement continued after a line comment inside it. */
const CONTINUATION = '    ';
/** Spaces between code and a trailing comment (at least; runs are aligned). */
const COMMENT_GAP = 2;

export type FormatResult = { ok: true; text: string; changed: boolean } | { ok: false; diagnostics: Diagnostic[]; reason: string };

/** One output line before alignment. */
interface OutputLine {
  code: string;
  trailing?: string;
  blankBefore: boolean;
  /** lines that stop alignment runs (comment lines and continued statements) */
  breaksRuns: boolean;
  alignKey?: string;
  alignAt?: number;
  depth: number;
  opensBlock?: boolean;
  closesBlock?: boolean;
}

const NO_SPACE_BEFORE = new Set([',', ')', ']', '.', '(']);
const NO_SPACE_AFTER = new Set(['(', '[', '.']);

function separator(previous: string | null, next: string): string {
  if (previous === null) return '';
  if (NO_SPACE_BEFORE.has(next) || NO_SPACE_AFTER.has(previous)) return '';
  if (previous === '{' && next === '}') return '';
  return ' ';
}

/** Format a spec's text; never throws. */
export function formatSpec(text: string, file = '<stdin>'): FormatResult {
  const parsed = parseSpec(text, file);
  if (parsed.diagnostics.length > 0)
    return { ok: false, diagnostics: sortDiagnostics(parsed.diagnostics), reason: 'the spec has syntax errors' };
  const tokens = augLexer.tokenize(text).tokens;
  const indexByOffset = new Map(tokens.map((t, i) => [t.startOffset, i]));
  const indexOf = (t: IToken): number => indexByOffset.get(t.startOffset) ?? -1;
  const comments = collectComments(text, tokens);
  if (tokens.length === 0) {
    const only = comments.map((c) => c.text).join('\n');
    return finish(text, only ? `${only}\n` : '', tokens, comments);
  }
  const units = specUnits(parsed.header, parsed.statements, tokens.length, indexOf);
  const coverage =
    units.every((u, i) => u.first >= 0 && u.first <= u.last && (i === 0 ? u.first === 0 : u.first === units[i - 1].last + 1)) &&
    units[units.length - 1].last === tokens.length - 1;
  if (!coverage) return { ok: false, diagnostics: [], reason: 'the layout does not cover every token (a formatter bug; please report it)' };
  const lines = renderUnits(text, tokens, units, comments);
  alignEquals(lines);
  alignTrailingComments(lines);
  return finish(text, joinLines(lines), tokens, comments, parsed.statements.length);
}

/** Check that only whitespace changed, then wrap the result. */
function finish(original: string, formatted: string, tokens: IToken[] = [], comments: SourceComment[] = [], statements = 0): FormatResult {
  const again = augLexer.tokenize(formatted).tokens;
  const sameTokens = again.length === tokens.length && again.every((t, i) => t.image === tokens[i].image);
  const sameComments =
    collectComments(formatted, again)
      .map((c) => c.text)
      .join('\n') === comments.map((c) => c.text).join('\n');
  if (!sameTokens || !sameComments)
    return { ok: false, diagnostics: [], reason: 'formatting would change more than whitespace (a formatter bug; please report it)' };
  if (tokens.length > 0) {
    // statements are cut where lines start (src/compiler/syntax/parse.ts): the same statements must come back
    const reparsed = parseSpec(formatted, '<formatted>');
    if (reparsed.diagnostics.length > 0 || reparsed.statements.length !== statements)
      return { ok: false, diagnostics: [], reason: 'the formatted spec would not parse the same way (a formatter bug; please report it)' };
  }
  return { ok: true, text: formatted, changed: formatted !== original };
}

function renderUnits(text: string, tokens: IToken[], units: LayoutUnit[], comments: SourceComment[]): OutputLine[] {
  const unitOfToken = new Array<number>(tokens.length);
  units.forEach((u, i) => {
    for (let t = u.first; t <= u.last; t++) unitOfToken[t] = i;
  });
  const leading = units.map(() => [] as SourceComment[]);
  const trailing = units.map(() => [] as SourceComment[]);
  const inner = new Map<number, SourceComment[]>();
  const atEnd: SourceComment[] = [];
  for (const c of comments) {
    const next = c.beforeToken;
    if (c.ownLine && next === tokens.length) atEnd.push(c);
    else if (c.ownLine && units[unitOfToken[next]].first === next) leading[unitOfToken[next]].push(c);
    else if (!c.ownLine && units[unitOfToken[next - 1]].last === next - 1) trailing[unitOfToken[next - 1]].push(c);
    else inner.set(next, [...(inner.get(next) ?? []), c]);
  }
  // a one-line block that is expanded (`classifier net { mlp [64] }  // why`) keeps its trailing
  // comment on the head line, where it still reads as the block's comment
  units.forEach((unit, u) => {
    if (!unit.closesBlock || trailing[u].length === 0) return;
    let head = u - 1;
    while (head >= 0 && !(units[head].opensBlock && units[head].depth === unit.depth)) head--;
    if (head < 0 || trailing[head].length > 0 || tokens[units[head].last].startLine !== tokens[unit.first].startLine) return;
    const between = comments.some((c) => c.start > tokens[units[head].last].startOffset && c.start < tokens[unit.first].startOffset);
    if (!between) trailing[head].push(...trailing[u].splice(0));
  });
  const lines: OutputLine[] = [];
  const endOf = (t: IToken) => (t.endOffset ?? t.startOffset) + 1;
  units.forEach((unit, u) => {
    const depth = unit.depth;
    // comments before `}` belong inside the block
    const commentDepth = unit.closesBlock ? depth + 1 : depth;
    let previousEnd = unit.first === 0 ? 0 : endOf(tokens[unit.first - 1]);
    for (const c of leading[u]) {
      lines.push({ code: INDENT.repeat(commentDepth) + c.text, blankBefore: c.blankBefore, breaksRuns: true, depth: commentDepth });
      previousEnd = c.end;
    }
    const blankBefore = lineBreaks(text.slice(previousEnd, tokens[unit.first].startOffset)) > 1;
    const indent = INDENT.repeat(depth);
    const continued = indent + CONTINUATION;
    let line = indent;
    let previous: string | null = null;
    let alignAt: number | undefined;
    const unitLines: string[] = [];
    for (let t = unit.first; t <= unit.last; t++) {
      for (const c of inner.get(t) ?? []) {
        if (c.ownLine) {
          if (line.trim()) unitLines.push(line);
          unitLines.push(continued + c.text);
          line = continued;
          previous = null;
        } else if (c.text.startsWith('//')) {
          unitLines.push(`${line}${' '.repeat(COMMENT_GAP)}${c.text}`);
          line = continued;
          previous = null;
        } else {
          line += (line.trim() ? ' ' : '') + c.text;
          previous = c.text;
        }
      }
      const image = tokens[t].image;
      const space = previous?.startsWith('/*') ? ' ' : separator(previous, image);
      if (t === unit.alignToken && unitLines.length === 0) alignAt = line.length;
      line += space + image;
      previous = image;
    }
    unitLines.push(line);
    const trailingText = trailing[u].map((c) => c.text).join(' ');
    unitLines.forEach((code, i) => {
      const last = i === unitLines.length - 1;
      lines.push({
        code,
        ...(last && trailingText ? { trailing: trailingText } : {}),
        blankBefore: i === 0 && blankBefore,
        breaksRuns: unitLines.length > 1,
        ...(unitLines.length === 1 && unit.alignKey ? { alignKey: unit.alignKey, ...(alignAt !== undefined ? { alignAt } : {}) } : {}),
        depth,
        ...(i === 0 && unit.opensBlock ? { opensBlock: true } : {}),
        ...(unit.closesBlock ? { closesBlock: true } : {}),
      });
    });
  });
  for (const c of atEnd) lines.push({ code: c.text, blankBefore: c.blankBefore, breaksRuns: true, depth: 0 });
  return lines;
}

/** Runs of consecutive lines (no blank line, no comment line between) satisfying `member`. */
function runs(lines: OutputLine[], member: (l: OutputLine) => boolean, sameRun: (a: OutputLine, b: OutputLine) => boolean): OutputLine[][] {
  const out: OutputLine[][] = [];
  let current: OutputLine[] = [];
  for (const line of lines) {
    const continues = current.length > 0 && member(line) && !line.blankBefore && sameRun(current[current.length - 1], line);
    if (continues) current.push(line);
    else {
      if (current.length) out.push(current);
      current = member(line) ? [line] : [];
    }
  }
  if (current.length) out.push(current);
  return out;
}

/** Align `=` in runs of `data` (or of `arm`) lines: `arm vae      = …` under `arm "vae+gc" = …`. */
function alignEquals(lines: OutputLine[]): void {
  for (const run of runs(
    lines,
    (l) => l.alignKey !== undefined && !l.breaksRuns,
    (a, b) => a.alignKey === b.alignKey && a.depth === b.depth,
  )) {
    const column = Math.max(...run.map((l) => l.alignAt ?? 0));
    for (const l of run) {
      if (l.alignAt === undefined) continue;
      l.code = l.code.slice(0, l.alignAt) + ' '.repeat(column - l.alignAt) + l.code.slice(l.alignAt);
    }
  }
}

/** Align trailing comments of consecutive lines that each have one. */
function alignTrailingComments(lines: OutputLine[]): void {
  for (const run of runs(
    lines,
    (l) => l.trailing !== undefined,
    () => true,
  )) {
    const column = Math.max(...run.map((l) => l.code.length)) + COMMENT_GAP;
    for (const l of run) l.code = l.code.padEnd(column) + l.trailing;
  }
}

function joinLines(lines: OutputLine[]): string {
  const out: string[] = [];
  lines.forEach((line, i) => {
    const previous = lines[i - 1];
    if (i > 0 && line.blankBefore && !previous.opensBlock && !line.closesBlock) out.push('');
    out.push(line.code.replace(/[ \t]+$/, ''));
  });
  return `${out.join('\n')}\n`;
}
