/**
 * The .aug language server (LSP over any message transport; `augc lsp` uses stdio). Every
 * feature reads one DocumentAnalysis per document version, made by the compiler itself:
 * diagnostics (debounced after edits), hover, completion, definition, references, rename,
 * document symbols and formatting (`augc fmt`'s formatter).
 */
import {
  CompletionItemKind,
  ResponseError,
  SymbolKind as LspSymbolKind,
  TextDocuments,
  TextDocumentSyncKind,
  type CompletionItem,
  type Connection,
  type DocumentSymbol,
  type Location,
  type TextEdit,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { MetadataReader } from '../compiler/compile.ts';
import { formatSpec } from '../compiler/format/format-spec.ts';
import { completionsAt, type CompletionKind } from './completion.ts';
import { pathOfUri, toLspDiagnostic, toLspRange } from './convert.ts';
import { analyseDocument, MetadataCache, type DocumentAnalysis } from './document-analysis.ts';
import { hoverAt } from './hover.ts';
import { indexSymbols, symbolAt, type SymbolKind } from './symbol-index.ts';

export interface ServerOptions {
  /** quiet time after the last edit before diagnostics are recomputed (default 150 ms) */
  debounceMs?: number;
  /** the data layer's metadata reader (tests pass a fake) */
  readMetadata?: MetadataReader;
}

/** Default debounce: long enough to skip most keystrokes of a word, short enough to feel immediate. */
export const DEFAULT_DEBOUNCE_MS = 150;

const COMPLETION_KINDS: Record<CompletionKind, CompletionItemKind> = {
  keyword: CompletionItemKind.Keyword,
  name: CompletionItemKind.Variable,
  recipe: CompletionItemKind.Function,
  source: CompletionItemKind.Function,
  value: CompletionItemKind.EnumMember,
  column: CompletionItemKind.Field,
  metric: CompletionItemKind.Value,
  argument: CompletionItemKind.Property,
};

const SYMBOL_KINDS: Record<SymbolKind, LspSymbolKind> = {
  data: LspSymbolKind.Variable,
  vae: LspSymbolKind.Class,
  classifier: LspSymbolKind.Class,
  gc: LspSymbolKind.Function,
  arm: LspSymbolKind.Event,
  axis: LspSymbolKind.Enum,
  part: LspSymbolKind.EnumMember,
};

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

async function defaultReader(): Promise<MetadataReader> {
  const data = await import('../runtime/data/index.ts');
  return (source, options = {}) => data.readMetadata(source, { baseDir: options.baseDir, resolve: { download: false } });
}

/** Wire the language features to a connection and start listening. */
export function startLanguageServer(connection: Connection, options: ServerOptions = {}): void {
  const documents = new TextDocuments(TextDocument);
  const debounceMs = options.debounceMs ?? DEFAULT_DEBOUNCE_MS;
  let cache: MetadataCache | undefined;
  const cacheReady = (async () => {
    cache = new MetadataCache(options.readMetadata ?? (await defaultReader()));
    return cache;
  })();
  const analyses = new Map<string, { version: number; analysis: Promise<DocumentAnalysis> }>();
  const timers = new Map<string, NodeJS.Timeout>();

  /** The analysis of the document's current version (made now if the debounce has not run yet). */
  function analysisOf(document: TextDocument): Promise<DocumentAnalysis> {
    const known = analyses.get(document.uri);
    if (known && known.version === document.version) return known.analysis;
    const analysis = cacheReady.then((c) => analyseDocument(document.getText(), pathOfUri(document.uri), c));
    analyses.set(document.uri, { version: document.version, analysis });
    return analysis;
  }

  async function publish(document: TextDocument): Promise<void> {
    const version = document.version;
    const analysis = await analysisOf(document);
    // a newer edit arrived while checking: its own publish will follow
    if (documents.get(document.uri)?.version !== version) return;
    const diagnostics = analysis.result.diagnostics.map((d) => toLspDiagnostic(d, document.uri, analysis.path));
    await connection.sendDiagnostics({ uri: document.uri, version, diagnostics });
  }

  function schedule(document: TextDocument, delay: number): void {
    clearTimeout(timers.get(document.uri));
    timers.set(
      document.uri,
      setTimeout(() => {
        timers.delete(document.uri);
        publish(document).catch((err) => connection.console.error(`augc lsp: ${(err as Error).message}`));
      }, delay),
    );
  }

  const withDocument = <T>(uri: string, fallback: T, run: (d: TextDocument, a: DocumentAnalysis) => T | Promise<T>): Promise<T> => {
    const document = documents.get(uri);
    return document ? analysisOf(document).then((a) => run(document, a)) : Promise.resolve(fallback);
  };

  connection.onInitialize(() => ({
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      hoverProvider: true,
      completionProvider: { triggerCharacters: ['.', ' ', '(', ',', '['] },
      definitionProvider: true,
      referencesProvider: true,
      renameProvider: { prepareProvider: true },
      documentSymbolProvider: true,
      documentFormattingProvider: true,
    },
    serverInfo: { name: 'augc' },
  }));

  documents.onDidOpen((e) => schedule(e.document, 0));
  documents.onDidChangeContent((e) => schedule(e.document, debounceMs));
  documents.onDidClose((e) => {
    clearTimeout(timers.get(e.document.uri));
    analyses.delete(e.document.uri);
    void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
  });
  // a data file changed on disk: read metadata again and re-check every open spec
  connection.onDidChangeWatchedFiles(() => {
    cache?.clear();
    analyses.clear();
    for (const d of documents.all()) schedule(d, 0);
  });

  connection.onHover((p) =>
    withDocument(p.textDocument.uri, null, (d, a) => {
      const hover = hoverAt(a, d.offsetAt(p.position));
      return hover ? { contents: { kind: 'markdown' as const, value: hover.markdown }, range: toLspRange(hover.range) } : null;
    }),
  );

  connection.onCompletion((p) =>
    withDocument(p.textDocument.uri, [] as CompletionItem[], (d, a) =>
      completionsAt(a, d.offsetAt(p.position)).map((c) => ({
        label: c.label,
        kind: COMPLETION_KINDS[c.kind],
        ...(c.detail ? { detail: c.detail } : {}),
      })),
    ),
  );

  connection.onDefinition((p) =>
    withDocument(p.textDocument.uri, null, (d, a) => {
      const found = symbolAt(indexSymbols(a.spec), d.offsetAt(p.position));
      return found?.symbol.declaration ? { uri: d.uri, range: toLspRange(found.symbol.declaration) } : null;
    }),
  );

  connection.onReferences((p) =>
    withDocument(p.textDocument.uri, [] as Location[], (d, a) => {
      const found = symbolAt(indexSymbols(a.spec), d.offsetAt(p.position));
      if (!found) return [];
      const { declaration, references } = found.symbol;
      const ranges = p.context.includeDeclaration && declaration ? [declaration, ...references] : references;
      return ranges.map((r) => ({ uri: d.uri, range: toLspRange(r) }));
    }),
  );

  connection.onPrepareRename((p) =>
    withDocument(p.textDocument.uri, null, (d, a) => {
      const found = symbolAt(indexSymbols(a.spec), d.offsetAt(p.position));
      // only names the spec declares can be renamed (not a partition's `train` or a built-in axis)
      if (!found?.symbol.declaration || found.symbol.kind === 'axis') return null;
      return { range: toLspRange(found.range), placeholder: found.symbol.name };
    }),
  );

  connection.onRenameRequest((p) =>
    withDocument(p.textDocument.uri, null, (d, a) => {
      const found = symbolAt(indexSymbols(a.spec), d.offsetAt(p.position));
      if (!found?.symbol.declaration || found.symbol.kind === 'axis') return null;
      if (!NAME.test(p.newName))
        throw new ResponseError(-32602, `'${p.newName}' is not a name: use letters, digits and '_', not starting with a digit.`);
      const edits: TextEdit[] = [found.symbol.declaration, ...found.symbol.references].map((r) => {
        const quoted = a.text[r.start.offset] === '"';
        return { range: toLspRange(r), newText: quoted ? `"${p.newName}"` : p.newName };
      });
      return { changes: { [d.uri]: edits } };
    }),
  );

  connection.onDocumentSymbol((p) =>
    withDocument(p.textDocument.uri, [] as DocumentSymbol[], (_d, a) => {
      const declared = indexSymbols(a.spec).flatMap((s) =>
        s.declaration && s.statement ? [{ ...s, declaration: s.declaration, statement: s.statement }] : [],
      );
      const children: DocumentSymbol[] = declared
        .sort((x, y) => x.declaration.start.offset - y.declaration.start.offset)
        .map((s) => ({
          name: s.name,
          detail: s.kind,
          kind: SYMBOL_KINDS[s.kind],
          range: toLspRange(s.statement),
          selectionRange: toLspRange(s.declaration),
        }));
      const header = a.spec.header;
      if (!header?.name) return children;
      const last = a.spec.statements[a.spec.statements.length - 1];
      const range = toLspRange({
        start: header.range.start,
        end: last && last.range.end.offset > header.range.end.offset ? last.range.end : header.range.end,
      });
      return [
        {
          name: header.name.text,
          detail: header.title?.value ?? 'experiment',
          kind: LspSymbolKind.Module,
          range,
          selectionRange: toLspRange(header.name.range),
          children,
        },
      ];
    }),
  );

  connection.onDocumentFormatting((p) => {
    const document = documents.get(p.textDocument.uri);
    if (!document) return null;
    const result = formatSpec(document.getText(), pathOfUri(document.uri));
    // a spec with syntax errors is left as it is; its diagnostics already say why
    if (!result.ok || !result.changed) return [];
    return [{ range: { start: { line: 0, character: 0 }, end: document.positionAt(document.getText().length) }, newText: result.text }];
  });

  documents.listen(connection);
  connection.listen();
}
