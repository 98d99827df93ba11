/**
 * The `augc` command line: one commander program, one module per command under ./commands.
 * Commands return their exit code; usage errors exit 2; no command ever prints a stack trace
 * for a user's mistake (an unexpected internal error prints one line plus AUGC_DEBUG=1 advice).
 */
import { Command, CommanderError } from 'commander';
import { AUGC_VERSION } from '../version.ts';
import { commandsFor, type RegisterCommand } from './commands/index.ts';

export const EXIT_OK = 0;
export const EXIT_ERRORS = 1;
export const EXIT_USAGE = 2;

/** Raised by a command for a problem the user must fix (bad file, bad flag); printed as one line. */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly exitCode = EXIT_USAGE,
  ) {
    super(message);
  }
}

/** Run `augc ARGV…`; `registrations` (tests) replaces the commands loaded for the call. */
export async function main(argv: string[], registrations?: RegisterCommand[]): Promise<number> {
  let exitCode = EXIT_OK;
  const program = new Command('augc')
    .description('Compile and run .aug experiments: does VAE-generated data help a classifier trained on little data?')
    .version(AUGC_VERSION, '-V, --version', 'print the augc version')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  program.addHelpText(
    'after',
    `
Examples:
  augc check specs/thyroid.aug        parse and type-check a spec
  augc plan specs/thyroid.aug         print the compiled execution plan (JSON)
  augc run specs/quickstart.aug       train, sample, evaluate and write the report
  augc data describe proben1:thyroid  facts about a dataset`,
  );
  // only the modules this call needs are loaded (commands/index.ts)
  for (const register of registrations ?? (await commandsFor(argv))) {
    register(program, (code) => {
      exitCode = code;
    });
  }
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (err) {
    if (err instanceof CommanderError) {
      // help and version exit 0; everything else commander rejects is a usage error
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') return EXIT_OK;
      return EXIT_USAGE;
    }
    if (err instanceof UsageError) {
      process.stderr.write(`augc: ${err.message}\n`);
      return err.exitCode;
    }
    const message = err instanceof Error ? err.message : String(err);
    process.stderr.write(`augc: internal error: ${message}\n`);
    if (process.env.AUGC_DEBUG) process.stderr.write(`${(err as Error)?.stack ?? ''}\n`);
    else process.stderr.write('augc: set AUGC_DEBUG=1 for the stack trace, and please report it.\n');
    return EXIT_ERRORS;
  }
  return exitCode;
}
