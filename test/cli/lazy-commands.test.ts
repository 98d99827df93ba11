/**
 * Commands load lazily (src/cli/commands/index.ts): `augc --version` imports no command module,
 * `augc NAME …` only NAME's, and what each call prints is the same as with every command loaded.
 */
import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import { vi } from 'vitest';
import { describe, expect, it } from 'vitest';
import { allCommands, COMMAND_MODULES, commandsFor } from '../../src/cli/commands/index.ts';
import { main } from '../../src/cli/main.ts';
import { AUGC_VERSION } from '../../src/version.ts';
import { augc } from './cli-harness.ts';

const NAMES = Object.keys(COMMAND_MODULES);

/** The top-level commands a list of registrations adds. */
function registered(registrations: ((program: Command, setExit: (code: number) => void) => void)[]): string[] {
  const program = new Command('augc');
  for (const register of registrations) register(program, () => {});
  return program.commands.map((c) => c.name());
}

/** `augc ...args` with every command loaded, as before lazy loading. */
async function eager(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const captured = { stdout: '', stderr: '' };
  const spies = (['stdout', 'stderr'] as const).map((key) =>
    vi.spyOn(process[key], 'write').mockImplementation(((chunk: string | Uint8Array) => {
      captured[key] += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString();
      return true;
    }) as never),
  );
  try {
    return { code: await main(args, await allCommands()), ...captured };
  } finally {
    for (const spy of spies) spy.mockRestore();
  }
}

/** The relative modules a file imports statically (`import … from './x'`, not `import type`). */
function staticImports(file: string): string[] {
  const text = readFileSync(new URL(file, import.meta.url), 'utf8');
  return [...text.matchAll(/^import (?!type )[^;]*?from '([^']+)';/gms)].map((m) => m[1]);
}

describe('lazy command modules', () => {
  it('each entry loads the module of the command it is named after, in help order', async () => {
    for (const name of NAMES) expect(registered([await COMMAND_MODULES[name]()])).toEqual([name]);
    expect(registered(await allCommands())).toEqual(NAMES);
    expect(NAMES).toEqual(['check', 'plan', 'data', 'run', 'report', 'sample', 'fmt', 'lsp', 'worker', 'status']);
  });

  it('a call loads what it names: one command, none for --version, all to list or suggest them', async () => {
    expect(registered(await commandsFor(['check', 'specs/quickstart.aug']))).toEqual(['check']);
    expect(registered(await commandsFor(['run', '--help']))).toEqual(['run']);
    expect(registered(await commandsFor(['help', 'data']))).toEqual(['data']);
    expect(registered(await commandsFor(['data', 'describe', 'iris']))).toEqual(['data']);
    expect(await commandsFor(['--version'])).toEqual([]);
    expect(await commandsFor(['-V'])).toEqual([]);
    for (const argv of [[], ['--help'], ['help'], ['chek', 'x.aug'], ['--help', 'check'], ['constructor']])
      expect(registered(await commandsFor(argv)), argv.join(' ')).toEqual(NAMES);
  });

  it('main and the command index import no command module, compiler or runtime at load time', () => {
    expect(staticImports('../../src/cli/main.ts')).toEqual(['commander', '../version.ts', './commands/index.ts']);
    expect(staticImports('../../src/cli/commands/index.ts')).toEqual([]);
  });

  it('prints what it printed with every command loaded: --version, --help, each command --help, a typo', async () => {
    expect(await augc('--version')).toEqual({ code: 0, stdout: `${AUGC_VERSION}\n`, stderr: '' });
    for (const args of [['--help'], ['chek'], ...NAMES.map((name) => [name, '--help']), ['help', 'run'], ['data', 'describe', '--help']])
      expect(await augc(...args), args.join(' ')).toEqual(await eager(...args));
  });
});
