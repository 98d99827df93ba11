/**
 * An editor in a test: the language server runs in-process on one pair of streams, and a
 * vscode-jsonrpc client talks to it with the same JSON-RPC messages an editor sends.
 */
import { PassThrough } from 'node:stream';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import { createConnection, ProposedFeatures, type PublishDiagnosticsParams } from 'vscode-languageserver/node';
import { startLanguageServer, type ServerOptions } from '../../src/lsp/server.ts';

export interface TestEditor {
  client: MessageConnection;
  /** the next publishDiagnostics for `uri` (with `version` when given) */
  nextDiagnostics(uri: string, version?: number): Promise<PublishDiagnosticsParams>;
  close(): Promise<void>;
}

/** Start a server and a client on in-memory streams, and initialize the session. */
export async function startTestEditor(options: ServerOptions = {}): Promise<TestEditor> {
  const toServer = new PassThrough();
  const toClient = new PassThrough();
  const server = createConnection(ProposedFeatures.all, new StreamMessageReader(toServer), new StreamMessageWriter(toClient));
  startLanguageServer(server, options);
  const client = createMessageConnection(new StreamMessageReader(toClient), new StreamMessageWriter(toServer));
  const published: PublishDiagnosticsParams[] = [];
  const waiters: { match: (p: PublishDiagnosticsParams) => boolean; resolve: (p: PublishDiagnosticsParams) => void }[] = [];
  client.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
    const waiter = waiters.findIndex((w) => w.match(p));
    if (waiter >= 0) waiters.splice(waiter, 1)[0].resolve(p);
    else published.push(p);
  });
  client.listen();
  await client.sendRequest('initialize', { processId: null, rootUri: null, capabilities: {} });
  client.sendNotification('initialized', {});
  return {
    client,
    nextDiagnostics(uri, version) {
      const match = (p: PublishDiagnosticsParams) => p.uri === uri && (version === undefined || p.version === version);
      const early = published.findIndex(match);
      if (early >= 0) return Promise.resolve(published.splice(early, 1)[0]);
      return new Promise((resolve) => waiters.push({ match, resolve }));
    },
    async close() {
      await client.sendRequest('shutdown');
      client.sendNotification('exit');
      client.dispose();
    },
  };
}
