/**
 * `augc lsp` as an editor starts it: a child process speaking JSON-RPC on stdin/stdout. Slow
 * (starting the CLI loads every command), so one session covers start, diagnostics and exit.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import type { PublishDiagnosticsParams } from 'vscode-languageserver/node';
import { demo } from '../compiler/diagnostic-cases.ts';
import { PROJECT_ROOT } from '../compiler/helpers.ts';

describe('e2e: augc lsp over stdio', () => {
  it('answers initialize, publishes diagnostics for an opened spec, and exits 0 on exit', async () => {
    const child = spawn(process.execPath, [join(PROJECT_ROOT, 'bin/augc.js'), 'lsp', '--stdio', '--debounce', '10'], {
      cwd: PROJECT_ROOT,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const client = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
    const uri = pathToFileURL(join(PROJECT_ROOT, 'specs/unsaved.aug')).href;
    const diagnostics = new Promise<PublishDiagnosticsParams>((resolve) =>
      client.onNotification('textDocument/publishDiagnostics', resolve),
    );
    client.listen();
    const init = (await client.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: {} })) as {
      capabilities: Record<string, unknown>;
      serverInfo: { name: string };
    };
    expect(init.serverInfo.name).toBe('augc');
    expect(init.capabilities).toMatchObject({
      hoverProvider: true,
      definitionProvider: true,
      renameProvider: { prepareProvider: true },
      documentFormattingProvider: true,
    });
    client.sendNotification('initialized', {});
    client.sendNotification('textDocument/didOpen', {
      textDocument: { uri, languageId: 'aug', version: 1, text: demo('  arm noise = shraed.noise(alpha 1.0)') },
    });
    const published = await diagnostics;
    expect(published.diagnostics.filter((d) => d.severity === 1).map((d) => [d.code, d.range.start.line, d.range.start.character])).toEqual(
      [['AUG2001', 6, 14]],
    );
    await client.sendRequest('shutdown');
    client.sendNotification('exit');
    expect(await exited).toBe(0);
    expect(stderr).toBe('');
    client.dispose();
  }, 240_000);
});
