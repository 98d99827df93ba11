/**
 * `npx tsx bench/lsp-diagnostics.ts [--edits N] [--spec FILE]`: how long an editor waits for
 * diagnostics after an edit. The language server runs in-process behind real JSON-RPC streams;
 * each edit changes one number of the spec (the `seed`), and the time is measured from sending
 * `didChange` to receiving `publishDiagnostics` for that version, with no debounce (the editor's
 * debounce, 150 ms by default, comes on top). The first open reads the datasets' metadata; the
 * edits after it find the metadata cached. Goal (issue 15): under 50 ms once cached. Wall time
 * and the process's CPU time are both printed: on a shared machine the CPU time is the figure that
 * does not depend on what else runs (the wall time then includes waiting for a core).
 * Default spec: the largest committed one. Reads PROBEN1 from AUGC_DATA_PATH (default
 * ../shared/datasets beside the project).
 */
import os from 'node:os';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import { createConnection, ProposedFeatures, type PublishDiagnosticsParams } from 'vscode-languageserver/node';
import { startLanguageServer } from '../src/lsp/server.ts';

const ROOT = resolve(fileURLToPath(import.meta.url), '../..');
process.env.AUGC_DATA_PATH ??= join(ROOT, '..', 'shared', 'datasets');

function parseArgs(argv: string[]): { edits: number; spec: string } {
  const specs = readdirSync(join(ROOT, 'specs'))
    .filter((f) => f.endsWith('.aug'))
    .map((f) => join(ROOT, 'specs', f));
  const largest = specs.sort((a, b) => statSync(b).size - statSync(a).size)[0];
  const args = { edits: 50, spec: largest };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--edits') args.edits = Number(argv[++i]);
    else if (argv[i] === '--spec') args.spec = resolve(argv[++i]);
    else {
      process.stderr.write(`bench: unknown argument '${argv[i]}'. Use --edits N, --spec FILE.\n`);
      process.exit(2);
    }
  }
  return args;
}

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];

async function main(): Promise<void> {
  const { edits, spec } = parseArgs(process.argv.slice(2));
  const text = readFileSync(spec, 'utf8');
  const uri = pathToFileURL(spec).href;
  const toServer = new PassThrough();
  const toClient = new PassThrough();
  startLanguageServer(createConnection(ProposedFeatures.all, new StreamMessageReader(toServer), new StreamMessageWriter(toClient)), {
    debounceMs: 0,
  });
  const client = createMessageConnection(new StreamMessageReader(toClient), new StreamMessageWriter(toServer));
  const waiting = new Map<number, (p: PublishDiagnosticsParams) => void>();
  client.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => waiting.get(p.version ?? -1)?.(p));
  client.listen();
  await client.sendRequest('initialize', { processId: null, rootUri: null, capabilities: {} });
  client.sendNotification('initialized', {});
  const published = (version: number) => new Promise<PublishDiagnosticsParams>((done) => waiting.set(version, done));

  let start = performance.now();
  const opened = published(1);
  client.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'aug', version: 1, text } });
  const first = await opened;
  const openMs = performance.now() - start;

  const seedLine = text.split('\n').findIndex((l) => /^\s*seed\s+\d+/.test(l));
  if (seedLine < 0) throw new Error(`${spec} has no 'seed' line to edit`);
  const seedText = text.split('\n')[seedLine];
  const times: number[] = [];
  const cpuTimes: number[] = [];
  let errorsSeen = first.diagnostics.length;
  for (let i = 0; i < edits; i++) {
    const version = i + 2;
    const newLine = seedText.replace(/\d+/, String(1000 + i));
    start = performance.now();
    const cpuStart = process.cpuUsage();
    const done = published(version);
    client.sendNotification('textDocument/didChange', {
      textDocument: { uri, version },
      contentChanges: [
        { range: { start: { line: seedLine, character: 0 }, end: { line: seedLine, character: seedText.length } }, text: newLine },
      ],
    });
    errorsSeen = (await done).diagnostics.length;
    times.push(performance.now() - start);
    const cpu = process.cpuUsage(cpuStart);
    cpuTimes.push((cpu.user + cpu.system) / 1000);
  }
  const sorted = [...times].sort((a, b) => a - b);
  const cpuSorted = [...cpuTimes].sort((a, b) => a - b);
  const fmt = (ms: number) => `${ms.toFixed(1)} ms`;
  console.log(
    `spec            ${spec.slice(ROOT.length + 1)} (${text.length} bytes, ${text.split('\n').length} lines, ${errorsSeen} diagnostics)`,
  );
  console.log(`open            ${fmt(openMs)}  (reads the datasets' metadata)`);
  console.log(
    `edit → diags    median ${fmt(quantile(sorted, 0.5))}  p90 ${fmt(quantile(sorted, 0.9))}  max ${fmt(sorted[sorted.length - 1])}  over ${edits} edits (metadata cached), wall clock`,
  );
  console.log(
    `                median ${fmt(quantile(cpuSorted, 0.5))}  p90 ${fmt(quantile(cpuSorted, 0.9))}  max ${fmt(cpuSorted[cpuSorted.length - 1])}  CPU time of the process (robust on a shared machine)`,
  );
  console.log(
    `load average    ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')} on ${os.cpus().length} cores`,
  );
  client.dispose();
  process.exit(0);
}

await main();
