/**
 * Declared names and every place they are used, read from the AST: what go to definition, find
 * references, rename and the outline need. Names of different kinds may share a spelling (an arm
 * `noise` and the recipe `noise`), so every occurrence carries its kind.
 */
import type * as A from '../compiler/ast/types.ts';
import type { SourceRange } from '../compiler/diagnostics/diagnostic.ts';

export type SymbolKind = 'data' | 'vae' | 'classifier' | 'gc' | 'arm' | 'axis' | 'part';

/** One declared name with its uses. */
export interface IndexedSymbol {
  kind: SymbolKind;
  name: string;
  /** null for names nobody declares in the spec (a partition's `train`, a built-in axis) */
  declaration: SourceRange | null;
  /** the whole declaring statement (for the outline) */
  statement: SourceRange | null;
  references: SourceRange[];
}

/** The sub-range of one segment of a dotted path (`vae.pc.mix_in` → `pc`). */
function segmentRange(path: A.Word, index: number): { text: string; range: SourceRange } | null {
  const parts = path.text.split('.');
  if (index >= parts.length || path.range.start.line !== path.range.end.line) return null;
  const delta = parts.slice(0, index).reduce((n, p) => n + p.length + 1, 0);
  const start = { line: path.range.start.line, column: path.range.start.column + delta, offset: path.range.start.offset + delta };
  const width = parts[index].length;
  return { text: parts[index], range: { start, end: { line: start.line, column: start.column + width, offset: start.offset + width } } };
}

/** Build the index of a spec. */
export function indexSymbols(spec: A.SpecAst): IndexedSymbol[] {
  const table = new Map<string, IndexedSymbol>();
  const entry = (kind: SymbolKind, name: string): IndexedSymbol => {
    const key = `${kind}\u0000${name}`;
    let found = table.get(key);
    if (!found) {
      found = { kind, name, declaration: null, statement: null, references: [] };
      table.set(key, found);
    }
    return found;
  };
  const declare = (kind: SymbolKind, word: A.Word | null | undefined, statement: A.Node) => {
    if (!word?.text) return;
    const e = entry(kind, word.text);
    if (e.declaration) e.references.push(word.range);
    else {
      e.declaration = word.range;
      e.statement = statement.range;
    }
  };
  const use = (kind: SymbolKind, word: { text: string; range: SourceRange } | null | undefined) => {
    if (word?.text) entry(kind, word.text).references.push(word.range);
  };
  const useCall = (call: A.Call | null) => {
    if (!call) return;
    use('vae', call.target);
    // inline gc: `filter gc(classifier small)` names a classifier
    for (const arg of call.args) {
      const [key, value] = arg.atoms;
      if (key?.kind === 'name' && key.text === 'classifier' && value?.kind === 'name') use('classifier', value);
    }
  };
  for (const s of spec.statements) {
    switch (s.kind) {
      case 'data':
        declare('data', s.name, s);
        break;
      case 'split':
        use('data', s.dataset);
        for (const r of s.ratios) declare('part', r.part, s);
        break;
      case 'vae':
        declare('vae', s.name, s);
        for (const v of s.settings) if (v.kind === 'mode') use('part', v.on);
        break;
      case 'classifier':
        declare('classifier', s.name, s);
        for (const c of s.settings) if (c.kind === 'early_stop') use('part', c.part);
        break;
      case 'gc':
        declare('gc', s.name, s);
        for (const g of s.settings) if (g.kind === 'classifier') use('classifier', g.name);
        break;
      case 'sweep':
        declare('axis', s.axis, s);
        for (const v of s.of) use('vae', v);
        use('part', s.from);
        if (s.axis.text === 'dataset') for (const item of s.values?.items ?? []) if (item.kind === 'name') use('data', item);
        break;
      case 'arm':
        declare('arm', s.name, s);
        useCall(s.recipe);
        useCall(s.plus);
        for (const o of s.options) {
          if (o.kind === 'filter') {
            use('gc', o.name);
            useCall(o.call);
          }
        }
        break;
      case 'report':
        for (const item of s.items) {
          if (item.kind === 'table') {
            use('axis', item.rows);
            if (item.cols?.text !== 'arm') use('axis', item.cols);
          } else if (item.kind === 'plot') use('axis', item.over);
          else if (item.kind === 'samples') use('arm', item.target);
          else if (item.kind !== 'export') use('vae', item.target);
        }
        break;
      case 'train_on':
      case 'test_on':
        use('part', s.value);
        break;
      case 'classify_with':
        use('classifier', s.value);
        break;
      case 'when':
        if (s.axis.text === 'dataset') use('data', s.value);
        if (s.path) {
          const head = s.path.text.split('.')[0];
          const kind = head === 'vae' ? 'vae' : head === 'arm' ? 'arm' : head === 'classifier' ? 'classifier' : head === 'gc' ? 'gc' : null;
          const named = segmentRange(s.path, 1);
          if (kind && named) use(kind, named);
        }
        break;
      default:
        break;
    }
  }
  return [...table.values()];
}

/** Does the range hold the offset (end inclusive, so a cursor right after a name finds it)? */
export function rangeHolds(range: SourceRange, offset: number): boolean {
  return range.start.offset <= offset && offset <= range.end.offset;
}

/** The symbol whose declaration or a reference is at `offset`. */
export function symbolAt(index: readonly IndexedSymbol[], offset: number): { symbol: IndexedSymbol; range: SourceRange } | undefined {
  for (const symbol of index) {
    for (const range of symbol.declaration ? [symbol.declaration, ...symbol.references] : symbol.references) {
      if (rangeHolds(range, offset)) return { symbol, range };
    }
  }
  return undefined;
}
