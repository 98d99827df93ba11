/**
 * Options several commands share, defined once so they read and behave the same everywhere:
 * - `--set path=value` (check, plan, run): repeatable, one setting per flag. It is not variadic
 *   (`<path=value...>`), because a variadic option swallows the spec that follows it
 *   (`augc check --set repeats=1 spec.aug` would read `spec.aug` as a second setting).
 * - `--json` (check, plan, run, data describe, status): the documented spelling. `--format json`
 *   is kept as a hidden alias, because `augc check --format json` was the first spelling and
 *   scripts use it.
 */
import { Option } from 'commander';

/** One `--set` setting: a dotted path into the spec and the value's text. */
export interface SetOverride {
  path: string;
  value: string;
}

/** The `--set` option: repeatable, collecting each value in order. */
export function setOption(purpose: string): Option {
  return new Option('--set <path=value>', `${purpose}, e.g. --set repeats=1 (repeat the flag for more)`).argParser(
    (value: string, previous: string[] | undefined) => [...(previous ?? []), value],
  );
}

/** `--set` values → overrides, or the usage message for the first malformed one (no '=', or nothing before it). */
export function parseSets(sets: readonly string[] = []): { overrides: SetOverride[] } | { error: string } {
  const overrides: SetOverride[] = [];
  for (const text of sets) {
    const at = text.indexOf('=');
    if (at <= 0) return { error: `--set expects path=value (e.g. --set repeats=1), got '${text}'.` };
    overrides.push({ path: text.slice(0, at).trim(), value: text.slice(at + 1).trim() });
  }
  return { overrides };
}

/** Flags of a command that can print JSON. */
export interface JsonFlags {
  json?: boolean;
  /** the older spelling: `--format json` */
  format?: 'text' | 'json';
}

/** The `--json` option, described by what the command then prints. */
export function jsonOption(description: string): Option {
  return new Option('--json', description);
}

/** `--format text|json`, the older spelling of `--json`: accepted, not shown in --help. */
export function formatAliasOption(): Option {
  return new Option('--format <format>', 'same as --json when json (older spelling)').choices(['text', 'json']).hideHelp();
}

/** Whether the user asked for JSON, by either spelling. */
export function wantsJson(flags: JsonFlags): boolean {
  return flags.json === true || flags.format === 'json';
}

/** Writes `augc: MESSAGE` as one line to `stream` and returns `code`, for `return failWith(…)`. */
export function failWith(stream: NodeJS.WritableStream, code: number, message: string): number {
  stream.write(`augc: ${message}\n`);
  return code;
}
