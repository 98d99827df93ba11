/**
 * `augc plan FILE [-o plan.json]`: compile a spec and print (or write) its execution plan.
 * Exit 0 with a plan, 1 when the spec has errors, 2 on usage errors or an unreadable file.
 */
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { compileFile, diagnosticsToJson, formatDiagnostics, hasErrors } from '../../compiler/index.ts';
import { formatAliasOption, jsonOption, parseSets, setOption, wantsJson, type JsonFlags, failWith } from '../options.ts';
import { UNREADABLE_CODES } from './check.ts';
import type { RegisterCommand } from './index.ts';

/** Options of `augc plan`. */
export interface PlanFlags extends JsonFlags {
  output?: string;
  smoke?: boolean;
  set?: string[];
}

/** Compile `file` and print or write its plan; returns the exit code. */
export async function planCommand(
  file: string,
  flags: PlanFlags,
  out: NodeJS.WritableStream = process.stdout,
  err: NodeJS.WritableStream = process.stderr,
): Promise<number> {
  const sets = parseSets(flags.set);
  if ('error' in sets) return failWith(err, 2, sets.error);
  const result = await compileFile(file, { overrides: sets.overrides, smoke: flags.smoke ?? false });
  // the plan is JSON either way; --json makes the diagnostics JSON too (on stderr, beside the plan)
  if (result.diagnostics.length > 0) {
    err.write(
      wantsJson(flags)
        ? `${JSON.stringify(diagnosticsToJson(result.diagnostics), null, 2)}\n`
        : formatDiagnostics(result.diagnostics, { sources: { [file]: result.source } }),
    );
  }
  if (result.diagnostics.some((d) => UNREADABLE_CODES.has(d.code))) return 2;
  if (!result.plan || hasErrors(result.diagnostics)) return 1;
  const json = `${JSON.stringify(result.plan, null, 2)}\n`;
  if (flags.output) {
    try {
      writeFileSync(flags.output, json);
    } catch (e) {
      err.write(`augc: cannot write ${flags.output}: ${(e as Error).message}\n`);
      return 2;
    }
    err.write(`augc: wrote ${flags.output} (${result.plan.tasks.length} tasks)\n`);
  } else out.write(json);
  return 0;
}

/** Adds `augc plan` to the program. */
export const registerPlan: RegisterCommand = (program: Command, setExit) => {
  program
    .command('plan')
    .description('compile a spec and print its execution plan (JSON, every default and seed explicit)')
    .argument('<file>', '.aug spec file')
    .option('-o, --output <file>', 'write the plan to a file instead of stdout')
    .option('--smoke', 'a quick trial: repeats 1, VAE steps ≤ 30, classifier/GC epochs ≤ 2, same grid')
    .addOption(setOption('override a setting before compiling'))
    .addOption(jsonOption('diagnostics as a JSON array on stderr (the plan on stdout is JSON anyway)'))
    .addOption(formatAliasOption())
    .addHelpText(
      'after',
      `
Exit codes: 0 plan written, 1 the spec has errors, 2 usage error or unreadable file.

Examples:
  augc plan specs/thyroid-fewshot.aug
  augc plan specs/thyroid.aug -o plan.json
  augc plan specs/quickstart.aug --smoke --set repeats=1
  augc plan specs/thyroid.aug --json 2> diagnostics.json > plan.json`,
    )
    .action(async (file: string, flags: PlanFlags) => setExit(await planCommand(file, flags)));
};
