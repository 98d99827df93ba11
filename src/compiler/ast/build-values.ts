/**
 * CST → AST for tokens and values: source ranges, names, literals, lists, maps and calls. Every
 * reader tolerates a missing child (recovered statements) and yields null.
 */
import type { CstNode, IToken } from 'chevrotain';
import type * as C from '../../../grammar/cst-types.ts';
import type { SourceRange } from '../diagnostics/diagnostic.ts';
import type * as A from './types.ts';

/** The source range from the start of `first` to the end of `last`. */
export function tokenRange(first: IToken, last: IToken = first): SourceRange {
  return {
    start: { line: first.startLine ?? 1, column: first.startColumn ?? 1, offset: first.startOffset },
    end: { line: last.endLine ?? 1, column: (last.endColumn ?? 0) + 1, offset: (last.endOffset ?? last.startOffset) + 1 },
  };
}

/** The range spanning every token under a CST node. */
export function nodeRange(node: CstNode): SourceRange {
  const loc = node.location;
  if (loc && Number.isFinite(loc.startOffset) && loc.startLine !== undefined) {
    return {
      start: { line: loc.startLine, column: loc.startColumn ?? 1, offset: loc.startOffset },
      end: { line: loc.endLine ?? loc.startLine, column: (loc.endColumn ?? 0) + 1, offset: (loc.endOffset ?? loc.startOffset) + 1 },
    };
  }
  const tokens = collectTokens(node);
  return tokens.length
    ? tokenRange(tokens[0], tokens[tokens.length - 1])
    : { start: { line: 1, column: 1, offset: 0 }, end: { line: 1, column: 1, offset: 0 } };
}

function collectTokens(node: CstNode): IToken[] {
  const out: IToken[] = [];
  for (const list of Object.values(node.children)) {
    for (const child of list ?? []) {
      if ('image' in child) out.push(child as IToken);
      else out.push(...collectTokens(child as CstNode));
    }
  }
  return out.sort((a, b) => a.startOffset - b.startOffset);
}

export const ok = (t: IToken | undefined): t is IToken => !!t && !t.isInsertedInRecovery && Number.isFinite(t.startOffset);
export const word = (t: IToken | undefined): A.Word | null => (ok(t) ? { text: t.image, range: tokenRange(t) } : null);
export const mustWord = (t: IToken | undefined, fallback: SourceRange): A.Word => word(t) ?? { text: '', range: fallback };

export function numberLiteral(t: IToken | undefined): A.NumberLiteral | null {
  if (!ok(t)) return null;
  return { kind: 'number', value: Number(t.image), isInteger: /^-?\d+$/.test(t.image), text: t.image, range: tokenRange(t) };
}

export function stringLiteral(t: IToken | undefined): A.StringLiteral | null {
  if (!ok(t)) return null;
  let value: string;
  try {
    value = JSON.parse(t.image) as string;
  } catch {
    value = t.image.slice(1, -1);
  }
  return { kind: 'string', value, range: tokenRange(t) };
}

/** The first token of `tokens` after `marker` (used where one rule consumes several names). */
export function after(tokens: IToken[] | undefined, marker: IToken | undefined): IToken | undefined {
  if (!tokens || !marker) return undefined;
  return tokens.find((t) => t.startOffset > marker.startOffset);
}

/** `experiment NAME "title" {` → its AST node. */
export function list(node: C.ListCstNode | undefined): A.ListValue | null {
  if (!node) return null;
  const items: A.ListItem[] = [];
  for (const item of node.children.listItem ?? []) {
    const c = item.children;
    const range = nodeRange(item);
    if (c.Norm) {
      const value = numberLiteral(c.NumberLiteral?.[0]);
      if (value) items.push({ kind: 'norm', value, range });
    } else if (c.NumberLiteral) {
      const n = numberLiteral(c.NumberLiteral[0]);
      if (n) items.push(n);
    } else if (c.StringLiteral) {
      const s = stringLiteral(c.StringLiteral[0]);
      if (s) items.push(s);
    } else if (ok(c.Name?.[0])) items.push({ kind: 'name', text: c.Name[0].image, range });
  }
  return { kind: 'list', items, range: nodeRange(node) };
}

export function atom(node: C.AtomCstNode): A.Atom | null {
  const c = node.children;
  if (c.NumberLiteral) return numberLiteral(c.NumberLiteral[0]);
  if (c.StringLiteral) return stringLiteral(c.StringLiteral[0]);
  if (c.Name) return ok(c.Name[0]) ? { kind: 'name', text: c.Name[0].image, range: tokenRange(c.Name[0]) } : null;
  if (c.list) return list(c.list[0]);
  if (c.map) {
    const entries = (c.map[0].children.mapEntry ?? []).flatMap((e) => {
      const names = e.children.Name ?? [];
      const key = e.children.StringLiteral ? stringLiteral(e.children.StringLiteral[0]) : null;
      const keyWord = key ? { text: key.value, range: key.range } : word(names[0]);
      const value = word(names[key ? 0 : 1]);
      return keyWord && value ? [{ key: keyWord, value }] : [];
    });
    return { kind: 'map', entries, range: nodeRange(c.map[0]) };
  }
  return null;
}

export function call(node: C.CallCstNode | undefined): A.Call | null {
  if (!node) return null;
  const c = node.children;
  const range = nodeRange(node);
  const hasTarget = !!c.Dot && (c.Name?.length ?? 0) >= 2;
  const args = (c.argument ?? []).map((a) => ({
    atoms: (a.children.atom ?? []).map(atom).filter((x): x is A.Atom => x !== null),
    range: nodeRange(a),
  }));
  return { target: hasTarget ? word(c.Name[0]) : null, callee: mustWord(c.Name?.[hasTarget ? 1 : 0], range), args, range };
}
