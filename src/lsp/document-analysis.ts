/**
 * What the language server knows about one open document: the compiler's own diagnostics and plan
 * (compileSource, the same call `augc check` makes), the AST and symbol tables for navigation,
 * the tokens for hover and completion, and the metadata of each dataset. Nothing here checks the
 * spec a second time: diagnostics come from the compiler unchanged.
 *
 * Dataset metadata is read once per data source and kept in a MetadataCache shared by all
 * documents (reading a PROBEN1 file or a large CSV takes far longer than the whole check).
 */
import { dirname } from 'node:path';
import type { IToken } from 'chevrotain';
import { augLexer } from '../../grammar/tokens.ts';
import { buildAst } from '../compiler/ast/build.ts';
import type { SpecAst } from '../compiler/ast/types.ts';
import { bindSpec, type BoundSpec } from '../compiler/bind/bind.ts';
import { dataSourceOf } from '../compiler/bind/datasets.ts';
import type { Symbols } from '../compiler/bind/symbols.ts';
import { compileSource, type CompileResult, type MetadataReader } from '../compiler/compile.ts';
import { parseSpec } from '../compiler/syntax/parse.ts';
import type { DatasetMetadata } from '../plan/dataset-metadata.ts';
import type { DataSource } from '../plan/types.ts';

/** Metadata by data source, read at most once per source (failures are not kept: a missing file may appear). */
export class MetadataCache {
  private readonly entries = new Map<string, Promise<DatasetMetadata>>();
  private readonly settled = new Map<string, DatasetMetadata>();
  /** how many times the underlying reader ran (for tests and the benchmark) */
  reads = 0;

  constructor(private readonly reader: MetadataReader) {}

  private key(source: DataSource, baseDir?: string): string {
    return `${baseDir ?? ''}\u0000${JSON.stringify(source)}`;
  }

  /** A reader for compileSource that answers from the cache. */
  readonly read: MetadataReader = (source, options = {}) => {
    const key = this.key(source, options.baseDir);
    let entry = this.entries.get(key);
    if (!entry) {
      this.reads++;
      entry = this.reader(source, options);
      entry.then(
        (m) => this.settled.set(key, m),
        () => this.entries.delete(key),
      );
      this.entries.set(key, entry);
    }
    return entry;
  };

  /** Metadata already read for a source, or undefined (never reads). */
  peek(source: DataSource, baseDir?: string): DatasetMetadata | undefined {
    return this.settled.get(this.key(source, baseDir));
  }

  /** Forget everything (a data file changed on disk). */
  clear(): void {
    this.entries.clear();
    this.settled.clear();
  }
}

/**
 * One analysed version of a document. Diagnostics need only the compile result; the tokens, AST,
 * symbols and metadata for hover, completion and navigation are made on first use, so the path
 * from an edit to its diagnostics does no work that only a later request needs.
 */
export class DocumentAnalysis {
  private navigation?: { tokens: IToken[]; spec: SpecAst; bound: BoundSpec; metadata: Map<string, DatasetMetadata> };

  constructor(
    readonly text: string,
    /** the file path the compiler saw (diagnostics and relative paths resolve against it) */
    readonly path: string,
    readonly result: CompileResult,
    private readonly cache: MetadataCache,
  ) {}

  private get nav() {
    if (!this.navigation) {
      const parsed = parseSpec(this.text, this.path);
      const spec = buildAst(this.path, parsed.header, parsed.statements);
      const { bound } = bindSpec(spec);
      const metadata = new Map<string, DatasetMetadata>();
      const specDir = dirname(this.path);
      for (const [name, data] of bound.symbols.datasets) {
        const source = dataSourceOf(data, specDir);
        const found = source ? this.cache.peek(source, specDir) : undefined;
        if (found) metadata.set(name, found);
      }
      this.navigation = { tokens: augLexer.tokenize(this.text).tokens, spec, bound, metadata };
    }
    return this.navigation;
  }

  get tokens(): IToken[] {
    return this.nav.tokens;
  }

  get spec(): SpecAst {
    return this.nav.spec;
  }

  /** the spec as the compiler binds it (its names, parts and references resolved) */
  get bound(): BoundSpec {
    return this.nav.bound;
  }

  get symbols(): Symbols {
    return this.nav.bound.symbols;
  }

  /** metadata of each declared dataset that could be read, by data name */
  get metadata(): Map<string, DatasetMetadata> {
    return this.nav.metadata;
  }
}

/** Analyse a document's text: compile it as `augc check` does (navigation data follows on demand). */
export async function analyseDocument(text: string, path: string, cache: MetadataCache): Promise<DocumentAnalysis> {
  // a check never downloads data, and neither does the editor
  const result = await compileSource(text, path, { readMetadata: cache.read, download: false });
  return new DocumentAnalysis(text, path, result, cache);
}

/** The token containing `offset`, or the one ending right at it (the word being typed). */
export function tokenAt(tokens: readonly IToken[], offset: number): IToken | undefined {
  let low = 0;
  let high = tokens.length - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    const t = tokens[mid];
    const end = (t.endOffset ?? t.startOffset) + 1;
    if (offset < t.startOffset) high = mid - 1;
    else if (offset > end) low = mid + 1;
    else return offset === end && tokens[mid + 1]?.startOffset === offset ? tokens[mid + 1] : t;
  }
  return undefined;
}
