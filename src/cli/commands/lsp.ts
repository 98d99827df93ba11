/**
 * `augc lsp`: the .aug language server on stdin/stdout (the Language Server Protocol), for
 * editors: diagnostics as you type, hover, completion, go to definition, references, rename,
 * outline and formatting. docs/editors.md shows the set-up for VS Code, Neovim and Emacs.
 */
import type { Command } from 'commander';
import type { RegisterCommand } from './index.ts';

/** Run the server until the editor closes the connection; returns the exit code. */
export async function lspCommand(flags: { debounce?: string }): Promise<number> {
  // loaded here so the other commands never pay for the language server's modules
  const { createConnection, ProposedFeatures, StreamMessageReader, StreamMessageWriter } = await import('vscode-languageserver/node');
  const { startLanguageServer } = await import('../../lsp/server.ts');
  const connection = createConnection(
    ProposedFeatures.all,
    new StreamMessageReader(process.stdin),
    new StreamMessageWriter(process.stdout),
  );
  const debounceMs = flags.debounce === undefined ? undefined : Number(flags.debounce);
  if (debounceMs !== undefined && !(Number.isFinite(debounceMs) && debounceMs >= 0)) {
    process.stderr.write(`augc: --debounce expects milliseconds (a number ≥ 0), got '${flags.debounce}'.\n`);
    return 2;
  }
  return new Promise<number>((resolve) => {
    connection.onExit(() => resolve(0));
    // the editor went away without 'exit' (closed the pipe): stop too, rather than linger
    process.stdin.on('end', () => process.exit(0));
    startLanguageServer(connection, { ...(debounceMs !== undefined ? { debounceMs } : {}) });
  });
}

/** Adds `augc lsp` to the program. */
export const registerLsp: RegisterCommand = (program: Command, setExit) => {
  program
    .command('lsp')
    .description('run the .aug language server on stdin/stdout (for editors; see docs/editors.md)')
    .option('--stdio', 'talk over stdin/stdout (the default and only transport; accepted for editors that pass it)')
    .option('--debounce <ms>', 'quiet time after an edit before diagnostics are recomputed', '150')
    .addHelpText(
      'after',
      `
The server speaks the Language Server Protocol: editors start it and talk to it; it prints
nothing for people. Diagnostics are those of 'augc check' (same codes, ranges and hints), and
dataset metadata is read once and kept while the server runs.

Editor set-up (docs/editors.md):
  VS Code   the extension in editors/vscode starts 'augc lsp'
  Neovim    vim.lsp.start({ name = 'augc', cmd = { 'npx', 'augc', 'lsp' } })
  Emacs     (add-to-list 'eglot-server-programs '(aug-mode "npx" "augc" "lsp"))

Example:
  augc lsp --stdio --debounce 300   what an editor runs, with diagnostics 300 ms after the last edit`,
    )
    .action(async (flags: { debounce?: string }) => setExit(await lspCommand(flags)));
};
