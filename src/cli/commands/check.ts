/**
 * `augc check FILE...`: parse and type-check specs, print every diagnostic.
 * Exit 0 when clean (warnings allowed), 1 when any spec has errors, 2 on usage errors or
 * unreadable files.
 */
import type { Command } from 'commander';
import { compileFile, diagnosticsToJson, formatDiagnostics, hasErrors, type Diagnostic } from '../../compiler/index.ts';
import { formatAliasOption, jsonOption, parseSets, setOption, wantsJson, type JsonFlags, failWith } from '../options.ts';
import type { RegisterCommand } from './index.ts';

/** Options of `augc check`. */
export interface CheckFlags extends JsonFlags {
  set?: string[];
  color?: boolean;
}

/** Diagnostics that mean "could not read the file" (exit 2, not 1). */
export const UNREADABLE_CODES = new Set(['AUG1012']);

/** Check the files; write the report; return the exit code. */
export async function checkCommand(
  files: string[],
  flags: CheckFlags,
  out: NodeJS.WritableStream = process.stdout,
  err: NodeJS.WritableStream = process.stderr,
): Promise<number> {
  const sets = parseSets(flags.set);
  if ('error' in sets) return failWith(err, 2, sets.error);
  const { overrides } = sets;
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
  if (wantsJson(flags)) out.write(`${JSON.stringify(diagnosticsToJson(all), null, 2)}\n`);
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
    .addOption(jsonOption('print the diagnostics as a JSON array (file, code, severity, message, line, column, endLine, endColumn)'))
    .addOption(formatAliasOption())
    .addOption(setOption('override a setting before checking'))
    .option('--color', 'colour the output (default: when stdout is a terminal)', process.stdout.isTTY ?? false)
    .addHelpText(
      'after',
      `
Exit codes: 0 no errors (warnings allowed), 1 errors found, 2 usage error or unreadable file.

Examples:
  augc check specs/thyroid.aug
  augc check specs/*.aug --json
  augc check specs/quickstart.aug --set vae.shared.latent=0`,
    )
    .action(async (files: string[], flags: CheckFlags) => setExit(await checkCommand(files, flags)));
};
