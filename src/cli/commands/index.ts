import type { Command } from 'commander';

/**
 * A command module adds itself to the program. `setExit` records the exit code the
 * command wants (0 clean, 1 errors found / run failed, 2 usage).
 */
export type RegisterCommand = (program: Command, setExit: (code: number) => void) => void;

/**
 * Each command lives in its own module, loaded only when it is needed: importing all of them (the
 * compiler, TensorFlow.js, the queue client …) cost ~4.7 s of CPU before `augc --version` could
 * answer. Add new commands here, in the order `augc --help` lists them; the key is the command's
 * name (test/cli/lazy-commands.test.ts checks that it names the command its module registers).
 */
export const COMMAND_MODULES: Record<string, () => Promise<RegisterCommand>> = {
  check: async () => (await import('./check.ts')).registerCheck,
  plan: async () => (await import('./plan.ts')).registerPlan,
  data: async () => (await import('./data.ts')).registerData,
  run: async () => (await import('./run.ts')).registerRun,
  report: async () => (await import('./report.ts')).registerReport,
  sample: async () => (await import('./sample.ts')).registerSample,
  fmt: async () => (await import('./fmt.ts')).registerFmt,
  lsp: async () => (await import('./lsp.ts')).registerLsp,
  worker: async () => (await import('./worker.ts')).registerWorker,
  status: async () => (await import('./status.ts')).registerStatus,
};

/** Every command's registration, in help order (for `augc --help`, and tests). */
export function allCommands(): Promise<RegisterCommand[]> {
  return Promise.all(Object.values(COMMAND_MODULES).map((load) => load()));
}

/**
 * The registrations an invocation needs, from its words: the named command's alone (`augc check …`,
 * `augc check --help`, `augc help check`), none for `augc --version`, and every one otherwise
 * (`augc --help`, no command, an unknown one), where commander lists them or suggests the nearest.
 */
export async function commandsFor(argv: readonly string[]): Promise<RegisterCommand[]> {
  const first = argv.findIndex((arg) => !arg.startsWith('-'));
  const before = first === -1 ? argv : argv.slice(0, first);
  if (before.includes('-V') || before.includes('--version')) return [];
  const name = argv[first] === 'help' ? argv[first + 1] : argv[first];
  const load = name !== undefined && Object.hasOwn(COMMAND_MODULES, name) ? COMMAND_MODULES[name] : undefined;
  if (load && !before.includes('-h') && !before.includes('--help')) return [await load()];
  return allCommands();
}
