/**
 * `augc fmt [FILE|DIR...]`: rewrite .aug specs in the canonical layout (src/compiler/format).
 * With `--check` nothing is written: the files that would change are listed and the exit code
 * is 1. Without files (or with `-`) the spec is read from stdin and written to stdout.
 * A spec with syntax errors is left alone and its errors are printed (exit 1); an unreadable
 * file exits 2.
 */
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { formatDiagnostics } from '../../compiler/index.ts';
import { formatSpec } from '../../compiler/format/format-spec.ts';
import type { RegisterCommand } from './index.ts';

/** Options of `augc fmt`. */
export interface FmtFlags {
  check?: boolean;
}

/** Streams and stdin of one `augc fmt` call (tests pass their own). */
export interface FmtIo {
  out: { write(text: string): unknown };
  err: { write(text: string): unknown };
  readStdin: () => Promise<string>;
  /** true when stdin is a terminal (nothing piped): `augc fmt` without files then explains itself */
  stdinIsTty?: boolean;
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
  return Buffer.concat(chunks).toString('utf8');
}

const defaultIo: FmtIo = {
  out: process.stdout,
  err: process.stderr,
  readStdin: () => readAll(process.stdin),
  stdinIsTty: process.stdin.isTTY === true,
};

/** The .aug files named: files as given, folders searched recursively (sorted, dot-folders skipped). */
export function specFilesOf(paths: string[]): { files: string[]; missing: string[] } {
  const files: string[] = [];
  const missing: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.aug')) files.push(path);
    }
  };
  for (const path of paths) {
    try {
      if (statSync(path).isDirectory()) walk(path);
      else files.push(path);
    } catch {
      missing.push(path);
    }
  }
  return { files, missing };
}

/** Format the files (or stdin); returns the exit code: 0 done/already formatted, 1 would change or syntax errors, 2 unreadable. */
export async function fmtCommand(paths: string[], flags: FmtFlags, io: FmtIo = defaultIo): Promise<number> {
  if (paths.length === 0 || (paths.length === 1 && paths[0] === '-')) {
    if (paths.length === 0 && io.stdinIsTty) {
      io.err.write("augc: fmt needs .aug files or folders, or a spec piped on stdin (augc fmt < draft.aug); see 'augc fmt --help'.\n");
      return 2;
    }
    const text = await io.readStdin();
    const result = formatSpec(text, '<stdin>');
    if (!result.ok) {
      io.err.write(
        result.diagnostics.length
          ? formatDiagnostics(result.diagnostics, { sources: { '<stdin>': text } })
          : `augc: <stdin>: not formatted: ${result.reason}.\n`,
      );
      return 1;
    }
    if (flags.check) {
      if (result.changed) io.err.write('<stdin>: not formatted\n');
      return result.changed ? 1 : 0;
    }
    io.out.write(result.text);
    return 0;
  }
  const { files, missing } = specFilesOf(paths);
  let exit = 0;
  for (const path of missing) {
    io.err.write(`augc: cannot read '${path}': no such file or folder.\n`);
    exit = 2;
  }
  let unformatted = 0;
  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (err) {
      io.err.write(`augc: cannot read '${file}': ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}.\n`);
      exit = 2;
      continue;
    }
    const result = formatSpec(text, file);
    if (!result.ok) {
      io.err.write(
        result.diagnostics.length
          ? formatDiagnostics(result.diagnostics, { sources: { [file]: text } })
          : `augc: ${file}: not formatted: ${result.reason}.\n`,
      );
      exit = Math.max(exit, 1);
      continue;
    }
    if (!result.changed) continue;
    unformatted++;
    if (flags.check) {
      io.out.write(`${file}\n`);
      exit = Math.max(exit, 1);
    } else {
      writeFileSync(file, result.text);
      io.out.write(`formatted ${file}\n`);
    }
  }
  if (flags.check && unformatted > 0)
    io.err.write(
      `${unformatted} of ${files.length} spec${files.length === 1 ? '' : 's'} not formatted; run 'augc fmt ${paths.join(' ')}' to fix.\n`,
    );
  return exit;
}

/** Adds `augc fmt` to the program. */
export const registerFmt: RegisterCommand = (program: Command, setExit) => {
  program
    .command('fmt')
    .description('rewrite .aug specs in the one canonical layout (comments kept; only whitespace changes)')
    .argument('[paths...]', '.aug files or folders (searched for *.aug); none or "-" reads stdin and writes stdout')
    .option('--check', 'write nothing; list the files that would change and exit 1 if any')
    .addHelpText(
      'after',
      `
The layout: statements one per line indented two spaces; vae, classifier, gc and report blocks
with one setting per line; single spaces between words; '=' aligned in runs of data and arm lines;
trailing comments aligned; at most one blank line. A spec with syntax errors is not changed: its
errors are printed, as 'augc check' prints them.

Exit codes: 0 formatted (or already formatted), 1 a file would change (--check) or has syntax
errors, 2 a file cannot be read.

Examples:
  augc fmt specs/thyroid.aug            rewrite one spec in place
  augc fmt --check specs/               CI: fail when a spec is not formatted
  augc fmt < draft.aug > formatted.aug  format stdin to stdout`,
    )
    .action(async (paths: string[], flags: FmtFlags) => setExit(await fmtCommand(paths, flags)));
};
