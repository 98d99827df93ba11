/**
 * `augc check FILE...`: parse and type-check specs, print every diagnostic.
 * Exit 0 when clean (warnings allowed), 1 when any spec has errors, 2 on usage errors or
 * unreadable files.
 */
import { Option, type Command } from 'commander';
import { compileFile, diagnosticsToJson, formatDiagnostics, hasErrors, type Diagnostic } from '../../compiler/index.ts';
import type { RegisterCommand } from './index.ts';

/** Options of `augc check`. */
export interface CheckFlags {
  format?: 'text' | 'json';
  set?: string[];
  color?: boolean;
}

/** Diagnostics that mean "could not read the file" (exit 2, not 1). */
export const UNREADABLE_CODES = new Set(['AUG1012']);

/** `--set path=value` values → overrides (null for a malformed one). */
export function parseSets(sets: string[] = []): { path: string; value: string }[] | string {
  const out: { path: string; value: string }[] = [];
  for (const text of sets) {
    const at = text.indexOf('=');
    if (at <= 0) return text;
    out.push({ path: text.slice(0, at).trim(), value: text.slice(at + 1).trim() });
  }
  return out;
}

/** Check the files; write the report; return the exit code. */
export async function checkCommand(files: string[], flags: CheckFlags, out: NodeJS.WritableStream = process.stdout, err: NodeJS.WritableStream = process.stderr): Promise<number> {
  const overrides = parseSets(flags.set);
  if (typeof overrides === 'string') {
    err.write(`augc: --set expects path=value (e.g. --set repeats=1), got '${overrides}'.\n`);
    return 2;
  }
  const all: Diagnostic[] = [];
  const sources: Record<string, string> = {};
  let unreadable = false;
  for (const file of files) {
    // a check never downloads data: a dataset that is not local is reported (AUG3001)
    const result = await compileFile(file, { overrides, download: false });
    sources[file] = result.source;
    all.push(...result.diagnostics);
    if (result.diagnostics.some((d) => UNREADABLE_CODES.has(d.code))) unreadable = true;
  }
  if (flags.format === 'json') out.write(`${JSON.stringify(diagnosticsToJson(all), null, 2)}\n`);
  else if (all.length > 0) out.write(formatDiagnostics(all, { sources, color: flags.color ?? false }));
  else out.write(`${files.length === 1 ? files[0] : `${files.length} specs`}: no problems found.\n`);
  if (unreadable) return 2;
  return hasErrors(all) ? 1 : 0;
}

/** Adds `augc check` to the program. */
export const registerCheck: RegisterCommand = (program: Command, setExit) => {
  program
    .command('check')
    .description('parse and type-check .aug specs; print every problem with its code and position')
    .argument('<files...>', '.aug spec files')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .option('--set <path=value...>', 'override a setting before checking (e.g. repeats=1, vae.shared.latent=10)')
    .option('--color', 'colour the output (default: when stdout is a terminal)', process.stdout.isTTY ?? false)
    .addHelpText(
      'after',
      `
Exit codes: 0 no errors (warnings allowed), 1 errors found, 2 usage error or unreadable file.

Examples:
  augc check specs/thyroid.aug
  augc check specs/*.aug --format json
  augc check specs/quickstart.aug --set vae.shared.latent=0`,
    )
    .action(async (files: string[], flags: CheckFlags) => setExit(await checkCommand(files, flags)));
};
