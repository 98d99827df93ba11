/**
 * What `augc run FILE` executes: a `.aug` spec (compiled with --smoke / --set applied) or a plan JSON
 * written by `augc plan` (validated against the plan schema first). Problems come back as
 * printable text, never as a thrown stack trace.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Plan } from '../plan/types.ts';
import { validatePlan } from '../plan/validate.ts';

/** The part of the compiler (src/compiler/index.ts) the run command uses. */
export interface CompilerApi {
  compileFile(
    path: string,
    options: { smoke?: boolean; overrides?: { path: string; value: string }[]; projectRoot?: string },
  ): Promise<{ plan: Plan | null; diagnostics: unknown[]; source: string }>;
  validatePlan(json: unknown): { ok: true; plan: Plan } | { ok: false; errors: string[] };
  formatDiagnostics(diagnostics: readonly never[], options: { sources: Record<string, string>; color?: boolean }): string;
}

/** Load the compiler on demand (it pulls in the parser only when a run needs it). */
export async function loadCompiler(): Promise<CompilerApi> {
  const compiler = await import('../compiler/index.ts');
  return {
    compileFile: compiler.compileFile,
    validatePlan: compiler.validatePlan,
    formatDiagnostics: compiler.formatDiagnostics as CompilerApi['formatDiagnostics'],
  };
}

export type LoadedPlan = { ok: true; plan: Plan; diagnostics: string } | { ok: false; message: string };

export interface LoadPlanOptions {
  smoke: boolean;
  overrides: { path: string; value: string }[];
  color?: boolean;
  /** --allow-outside: let the compiler accept a report path outside the project */
  allowOutside?: boolean;
}

/** Compile or validate `file`; `diagnostics` holds warnings to show even when it succeeds. */
/** A plan JSON is validated against the plan package's schema alone; only a `.aug` spec loads the
 * compiler (`compiler` is called then, so `augc run plan.json` never loads the parser). */
export async function loadPlan(file: string, options: LoadPlanOptions, compiler: () => Promise<CompilerApi>): Promise<LoadedPlan> {
  const path = resolve(file);
  if (path.endsWith('.json')) {
    if (options.smoke || options.overrides.length) {
      return {
        ok: false,
        message: `--smoke and --set change how a spec compiles; ${file} is an already compiled plan (run \`augc plan\` with them instead).`,
      };
    }
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(path, 'utf8'));
    } catch (err) {
      const reason =
        err instanceof SyntaxError
          ? `is not valid JSON (${err.message})`
          : `cannot be read (${(err as NodeJS.ErrnoException).code ?? err})`;
      return { ok: false, message: `the plan ${file} ${reason}.` };
    }
    const checked = validatePlan(json);
    if (!checked.ok)
      return { ok: false, message: `the plan ${file} is not a valid augc plan:\n${checked.errors.map((e) => `  ${e}`).join('\n')}` };
    return { ok: true, plan: checked.plan, diagnostics: '' };
  }
  const api = await compiler();
  const compiled = await api.compileFile(file, {
    smoke: options.smoke,
    overrides: options.overrides,
    ...(options.allowOutside ? { projectRoot: '/' } : {}),
  });
  const diagnostics = compiled.diagnostics.length
    ? api.formatDiagnostics(compiled.diagnostics as never[], {
        sources: sourcesOf(compiled.diagnostics, compiled.source),
        color: options.color,
      })
    : '';
  if (!compiled.plan) return { ok: false, message: diagnostics || `${file} did not compile.` };
  return { ok: true, plan: compiled.plan, diagnostics };
}

function sourcesOf(diagnostics: unknown[], source: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const d of diagnostics) out[(d as { file: string }).file] = source;
  return out;
}
