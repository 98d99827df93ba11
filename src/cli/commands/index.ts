import type { Command } from 'commander';
import { registerCheck } from './check.ts';
import { registerData } from './data.ts';
import { registerFmt } from './fmt.ts';
import { registerLsp } from './lsp.ts';
import { registerPlan } from './plan.ts';
import { registerReport } from './report.ts';
import { registerRun } from './run.ts';
import { registerSample } from './sample.ts';
import { registerStatus } from './status.ts';
import { registerWorker } from './worker.ts';

/**
 * A command module adds itself to the program. `setExit` records the exit code the
 * command wants (0 clean, 1 errors found / run failed, 2 usage).
 */
export type RegisterCommand = (program: Command, setExit: (code: number) => void) => void;

// Each command lives in its own module; add new ones here.
export const commands: RegisterCommand[] = [
  registerCheck,
  registerPlan,
  registerData,
  registerRun,
  registerReport,
  registerSample,
  registerFmt,
  registerLsp,
  registerWorker,
  registerStatus,
];
