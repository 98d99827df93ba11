/**
 * Runs the augc program in this process, as a shell would run `augc ARGS…`, and collects what it
 * writes to stdout and stderr. In-process rather than a child process: a spawned `bin/augc.js`
 * compiles the TypeScript through tsx first, which costs seconds per call on a busy machine.
 */
import { Command } from 'commander';
import { vi } from 'vitest';
import { allCommands } from '../../src/cli/commands/index.ts';
import { main } from '../../src/cli/main.ts';

/** What one `augc` call printed, and its exit code. */
export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** `augc ...args`: exit code and captured output (process.stdout and process.stderr). */
export async function augc(...args: string[]): Promise<CliResult> {
  const captured = { stdout: '', stderr: '' };
  const grab = (key: 'stdout' | 'stderr') =>
    vi.spyOn(process[key], 'write').mockImplementation(((chunk: string | Uint8Array) => {
      captured[key] += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString();
      return true;
    }) as never);
  const spies = [grab('stdout'), grab('stderr')];
  try {
    const code = await main(args);
    return { code, ...captured };
  } finally {
    for (const spy of spies) spy.mockRestore();
  }
}

/** The program's commands as commander sees them (sub-commands such as `data describe` included). */
export async function commandTree(): Promise<{ path: string[]; command: Command }[]> {
  const program = new Command('augc');
  for (const register of await allCommands()) register(program, () => {});
  const walk = (command: Command, path: string[]): { path: string[]; command: Command }[] =>
    command.commands.flatMap((sub) => [{ path: [...path, sub.name()], command: sub }, ...walk(sub, [...path, sub.name()])]);
  return walk(program, []);
}
