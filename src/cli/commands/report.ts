/**
 * `augc report RESULTS`: re-render the markdown report (tables, comparison, plots) from a
 * results.json without recomputing anything.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import type { Command } from 'commander';
import type { RunFile } from '../../runtime/reports/provenance.ts';
import { checkInside, describeLink, findProjectRoot } from '../../paths/project-boundary.ts';
import { renderReport } from '../../runtime/reports/render-report.ts';
import { validateResults } from '../../runtime/results/validate-results.ts';
import { failWith } from '../options.ts';
import type { RegisterCommand } from './index.ts';

/** Re-render; returns the exit code (0 ok, 1 invalid results file, 2 usage). */
export async function reportCommand(
  file: string,
  flags: { allowOutside?: boolean; quiet?: boolean },
  stderr: NodeJS.WriteStream = process.stderr,
): Promise<number> {
  const fail = (code: number, message: string) => failWith(stderr, code, message);
  if (!existsSync(file)) return fail(2, `cannot read ${file}: no such file.`);
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    return fail(1, `${file} is not valid JSON (${(err as Error).message}).`);
  }
  const checked = validateResults(json);
  if (!checked.ok) return fail(1, `${file} is not an augc results file:\n${checked.errors.map((e) => `  ${e}`).join('\n')}`);
  const results = checked.results;
  const resultsPath = resolve(file);
  const reportPath = resolve(dirname(resultsPath), results.report.path);
  const root = findProjectRoot(dirname(resultsPath));
  const verdict = checkInside(reportPath, root);
  if (!flags.allowOutside && !verdict.inside) {
    return fail(
      2,
      `the report ${reportPath} is outside the project folder ${root}${describeLink(verdict, root)}; pass --allow-outside to write there.`,
    );
  }
  const runPath = resultsPath.replace(/\.results\.json$/, '.run.json');
  const run = runPath !== resultsPath && existsSync(runPath) ? (JSON.parse(readFileSync(runPath, 'utf8')) as RunFile) : null;
  try {
    const { path } = renderReport(results, run, resultsPath);
    if (!flags.quiet) process.stdout.write(`augc: wrote ${relative(process.cwd(), path) || path}\n`);
    return 0;
  } catch (err) {
    return fail(1, (err as Error).message);
  }
}

export const registerReport: RegisterCommand = (program: Command, setExit) => {
  program
    .command('report')
    .description('Re-render the markdown report of a run from its results.json (no recomputation).')
    .argument('<results>', 'a results file written by `augc run` (NAME.results.json)')
    .option('--allow-outside', 'allow writing the report outside the project folder')
    .option('--quiet', 'print nothing on success')
    .addHelpText('after', `\nExample:\n  augc report reports/quickstart.results.json`)
    .action(async (file: string, flags: { allowOutside?: boolean; quiet?: boolean }) => setExit(await reportCommand(file, flags)));
};
