/**
 * What a check sees: the spec as bound (its symbol tables and every reference resolved), dataset
 * metadata (when readable), and `accept`, which turns a catalog key + AST node into a diagnostic
 * — so no check computes positions itself.
 */
import type { DatasetMetadata } from '../../plan/dataset-metadata.ts';
import type { Node, SpecAst, Word } from '../ast/types.ts';
import type { BoundSpec } from '../bind/bind.ts';
import type { Symbols } from '../bind/symbols.ts';
import { makeDiagnostic, type CatalogKey } from '../diagnostics/catalog.ts';
import type { Diagnostic, RelatedInformation } from '../diagnostics/diagnostic.ts';

export interface CheckContext {
  spec: SpecAst;
  /** the spec's resolved model (bind/bind.ts) */
  bound: BoundSpec;
  /** its symbol tables (`bound.symbols`) */
  symbols: Symbols;
  /** metadata by dataset name; absent when it could not be read (already reported as AUG3001) */
  metadata: Map<string, DatasetMetadata>;
  /** the folder reports must stay inside */
  projectRoot: string;
  /** the spec's folder, for relative paths */
  specDir: string;
  accept(key: CatalogKey, node: Node, args?: (string | number)[], extra?: { hint?: string; related?: RelatedInformation[] }): void;
  /** "'x' is declared here." pointing at a declaration's name */
  declaredHere(name: Word): RelatedInformation;
}

/** A check context that appends to `out`. */
export function createContext(
  bound: BoundSpec,
  metadata: Map<string, DatasetMetadata>,
  paths: { projectRoot: string; specDir: string },
  out: Diagnostic[],
): CheckContext {
  const { spec } = bound;
  return {
    spec,
    bound,
    symbols: bound.symbols,
    metadata,
    ...paths,
    accept(key, node, args = [], extra = {}) {
      out.push(makeDiagnostic(key, spec.file, node.range, args, extra));
    },
    declaredHere(name) {
      return { message: `'${name.text}' is declared here.`, file: spec.file, range: name.range };
    },
  };
}
