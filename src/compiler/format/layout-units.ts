/**
 * The formatter's layout, read from the CST: which tokens go on one output line ("unit") and at
 * what depth. One unit per statement; a model or report block (`vae NAME { … }`, `classifier`,
 * `gc`, `report "…" { … }`) becomes its head line, one unit per setting or item, and `}`.
 * Inline braces (a stratified split's ratios, a csv column map) stay on their statement's line.
 */
import type { CstElement, CstNode, IToken } from 'chevrotain';

/** A run of consecutive tokens printed on one line (a line comment inside may break it). */
export interface LayoutUnit {
  /** index of the first and last token (into the lexer's token list) */
  first: number;
  last: number;
  /** nesting depth: 0 for the experiment's braces, 1 for statements, 2 for block settings */
  depth: number;
  /** statements whose `=` is aligned with their neighbours' (`data`, `arm`) */
  alignKey?: 'data' | 'arm';
  /** token index of the `=` to align on */
  alignToken?: number;
  opensBlock?: boolean;
  closesBlock?: boolean;
}

/** Rules whose braces hold settings or items, one per line. */
const BLOCK_RULES = new Set(['vaeDeclaration', 'classifierDeclaration', 'gcDeclaration', 'reportDeclaration']);
/** Classifier settings kept together on one line, as the VAE's `train steps … batch … lr …` is. */
const TRAINING_WORDS = new Set(['epochs', 'batch', 'lr']);

const isToken = (e: CstElement): e is IToken => (e as IToken).image !== undefined;

function childNodes(node: CstNode): CstNode[] {
  return Object.values(node.children)
    .flat()
    .filter((e): e is CstNode => !isToken(e))
    .sort((a, b) => (a.location?.startOffset ?? 0) - (b.location?.startOffset ?? 0));
}

function tokensOf(node: CstNode, out: IToken[] = []): IToken[] {
  for (const e of Object.values(node.children).flat()) {
    if (isToken(e)) out.push(e);
    else tokensOf(e, out);
  }
  return out;
}

/** Token indices of a node, first and last. */
function spanOf(node: CstNode, indexOf: (t: IToken) => number): [number, number] {
  const indices = tokensOf(node).map(indexOf);
  return [Math.min(...indices), Math.max(...indices)];
}

/** Key for settings that share a line; undefined for a setting on a line of its own. */
function groupKey(setting: CstNode): string | undefined {
  const inner = childNodes(setting)[0];
  if (setting.name !== 'classifierSetting' || inner?.name !== 'numberSetting') return undefined;
  const keyword = tokensOf(inner).sort((a, b) => a.startOffset - b.startOffset)[0];
  return keyword && TRAINING_WORDS.has(keyword.image) ? 'training' : undefined;
}

/** The units of one statement CST node at depth 1. */
export function statementUnits(statement: CstNode, indexOf: (t: IToken) => number): LayoutUnit[] {
  const inner = childNodes(statement)[0] ?? statement;
  const [first, last] = spanOf(statement, indexOf);
  const equals = inner.children.Equals?.[0];
  const alignKey = inner.name === 'dataDeclaration' ? 'data' : inner.name === 'armDeclaration' ? 'arm' : undefined;
  const whole: LayoutUnit = {
    first,
    last,
    depth: 1,
    ...(alignKey ? { alignKey } : {}),
    ...(alignKey && equals && isToken(equals) ? { alignToken: indexOf(equals) } : {}),
  };
  const open = inner.children.LCurly?.[0];
  const close = inner.children.RCurly?.[0];
  const settings = childNodes(inner).filter((n) => /(Setting|Item)$/.test(n.name));
  if (!open || !close || !isToken(open) || !isToken(close) || !(BLOCK_RULES.has(inner.name) || settings.length > 0)) return [whole];
  const openAt = indexOf(open);
  const closeAt = indexOf(close);
  // an empty block stays on one line: `report "r.md" {}`
  if (settings.length === 0 && closeAt === openAt + 1) return [whole];
  const units: LayoutUnit[] = [{ first, last: openAt, depth: 1, opensBlock: true }];
  let previousKey: string | undefined;
  for (const setting of settings) {
    const [from, to] = spanOf(setting, indexOf);
    const key = groupKey(setting);
    const previous = units[units.length - 1];
    if (key && key === previousKey && previous.last === from - 1) previous.last = to;
    else units.push({ first: from, last: to, depth: 2 });
    previousKey = key;
  }
  units.push({ first: closeAt, last: Math.max(closeAt, last), depth: 1, closesBlock: true });
  return units;
}

/** The units of a whole spec: the header, every statement, and the experiment's closing brace. */
export function specUnits(
  header: CstNode | null,
  statements: readonly CstNode[],
  tokenCount: number,
  indexOf: (t: IToken) => number,
): LayoutUnit[] {
  const units: LayoutUnit[] = [];
  if (header) {
    const [first, last] = spanOf(header, indexOf);
    units.push({ first, last, depth: 0, opensBlock: true });
  }
  for (const statement of statements) units.push(...statementUnits(statement, indexOf));
  if (tokenCount > 0) units.push({ first: tokenCount - 1, last: tokenCount - 1, depth: 0, closesBlock: true });
  return units;
}
