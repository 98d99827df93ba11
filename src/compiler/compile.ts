/**
 * The compiler pipeline: bytes → text → CST → AST → overrides → bind → checks → metadata →
 * data-aware checks → plan. Binding resolves every name once (bind/); the checks and the lowering
 * read the bound spec and never each other. Every stage collects diagnostics; nothing here throws
 * for a user's mistake.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { DatasetMetadata } from '../plan/dataset-metadata.ts';
import { buildAst } from './ast/build.ts';
import { statementsOf, type SpecAst } from './ast/types.ts';
import { bindSpec } from './bind/bind.ts';
import { dataSourceOf } from './bind/datasets.ts';
import type { Symbols } from './bind/symbols.ts';
import { dataAwareChecks } from './check/check-data-aware.ts';
import { explainUndeclaredLabels } from './check/check-csv-classes.ts';
import { explainDataRefusal } from './check/data-refusals.ts';
import { createContext } from './check/context.ts';
import { runChecks } from './check/registry.ts';
import { makeDiagnostic } from './diagnostics/catalog.ts';
import { hasErrors, sortDiagnostics, START_OF_FILE, type Diagnostic } from './diagnostics/diagnostic.ts';
import { lowerSpec } from './lower/lower.ts';
import { applyOverrides, type Override } from './overrides.ts';
import { datasetVariants } from './variants.ts';
import type { DataSource, Plan } from '../plan/types.ts';
import { validatePlan } from '../plan/validate.ts';
import { findProjectRoot } from '../paths/project-boundary.ts';

export { findProjectRoot };
import { checkText, decodeSpecBytes } from './syntax/source-text.ts';
import { parseSpec } from './syntax/parse.ts';

/** Reads a dataset's metadata (the data layer's `readMetadata`, or a fake in tests). */
export type MetadataReader = (source: DataSource, options?: { baseDir?: string; download?: boolean }) => Promise<DatasetMetadata>;

export interface CompileOptions {
  /** `--smoke`: the same grid and tasks, tiny work: repeats 1, VAE steps ≤ 30, classifier/GC epochs ≤ 2,
   * shots ≤ 10 and fixed generated counts ≤ 20 per class, ≤ 100 test rows scored (see SMOKE) */
  smoke?: boolean;
  /** `--set path=value`, applied before checking */
  overrides?: Override[];
  readMetadata?: MetadataReader;
  /**
   * May reading metadata download a catalog file (PROBEN1) that is not found locally? Default
   * true (a compile for a run fetches what it will need); `augc check` passes false and never
   * touches the network.
   */
  download?: boolean;
  /** the folder reports must stay inside (default: nearest folder upward with package.json or .git) */
  projectRoot?: string;
}

export interface CompileResult {
  /** null when there are errors */
  plan: Plan | null;
  diagnostics: Diagnostic[];
  /** the spec's text ('' when it could not be read) */
  source: string;
}

const defaultReader: MetadataReader = async (source, options = {}) => {
  const data = await import('../runtime/data/index.ts');
  return data.readMetadata(source, { baseDir: options.baseDir, resolve: { download: options.download ?? true } });
};

/** Compile a spec file. An unreadable file gives one AUG1012 diagnostic. */
export async function compileFile(path: string, options: CompileOptions = {}): Promise<CompileResult> {
  const absolute = resolve(path);
  let bytes: Buffer;
  try {
    bytes = readFileSync(absolute);
  } catch (err) {
    const reason =
      (err as NodeJS.ErrnoException).code === 'ENOENT'
        ? 'no such file'
        : (err as NodeJS.ErrnoException).code === 'EISDIR'
          ? 'it is a folder'
          : ((err as Error).message ?? String(err));
    return { plan: null, diagnostics: [makeDiagnostic('unreadableFile', path, START_OF_FILE, [path, reason])], source: '' };
  }
  const decoded = decodeSpecBytes(bytes, path);
  if (decoded.text === null) return { plan: null, diagnostics: decoded.diagnostics, source: '' };
  return compileText(decoded.text, path, absolute, options);
}

/** Compile spec text; `path` names it in diagnostics and resolves its relative paths. */
export async function compileSource(text: string, path: string, options: CompileOptions = {}): Promise<CompileResult> {
  const checked = checkText(text, path);
  if (checked.text === null) return { plan: null, diagnostics: checked.diagnostics, source: text };
  return compileText(text, path, resolve(path), options);
}

/** Check a spec file: the diagnostics of compiling it. */
export async function checkFile(path: string, options: CompileOptions = {}): Promise<{ diagnostics: Diagnostic[]; source: string }> {
  const { diagnostics, source } = await compileFile(path, options);
  return { diagnostics, source };
}

/** Compile text; a compiler bug anywhere becomes an AUG2999 diagnostic, never an exception. */
async function compileText(text: string, file: string, absolute: string, options: CompileOptions): Promise<CompileResult> {
  try {
    return await compileStages(text, file, absolute, options);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    return { plan: null, diagnostics: [makeDiagnostic('checkCrashed', file, START_OF_FILE, ['compiler', message])], source: text };
  }
}

async function compileStages(text: string, file: string, absolute: string, options: CompileOptions): Promise<CompileResult> {
  const specDir = dirname(absolute);
  const parsed = parseSpec(text, file);
  const diagnostics = [...parsed.diagnostics];
  const spec = buildAst(file, parsed.header, parsed.statements);
  const overrides = options.overrides ?? [];
  diagnostics.push(...applyOverrides(spec, overrides));
  const { bound, diagnostics: bindDiagnostics } = bindSpec(spec);
  diagnostics.push(...bindDiagnostics);
  const metadata = new Map<string, DatasetMetadata>();
  const ctx = createContext(bound, metadata, { projectRoot: options.projectRoot ?? findProjectRoot(specDir), specDir }, diagnostics);
  runChecks(spec, ctx);
  const { variants, diagnostics: variantDiagnostics } = datasetVariants(bound, { projectRoot: ctx.projectRoot, specDir });
  diagnostics.push(...variantDiagnostics);
  await readAllMetadata(
    spec,
    bound.symbols,
    specDir,
    options.readMetadata ?? defaultReader,
    options.download ?? true,
    diagnostics,
    metadata,
  );
  for (const check of dataAwareChecks) {
    try {
      check(ctx);
    } catch (err) {
      ctx.accept('checkCrashed', spec.header ?? { range: START_OF_FILE }, [check.name, (err as Error).message]);
    }
  }
  let plan: Plan | null = null;
  if (!hasErrors(diagnostics)) {
    try {
      const lowered = lowerSpec({
        bound,
        metadata,
        source: text,
        specPath: absolute,
        specDir,
        smoke: options.smoke ?? false,
        overrides,
        variants,
      });
      const valid = validatePlan(lowered);
      if (valid.ok) plan = valid.plan;
      else ctx.accept('checkCrashed', spec.header ?? { range: START_OF_FILE }, ['plan schema', valid.errors.slice(0, 3).join('; ')]);
    } catch (err) {
      ctx.accept('checkCrashed', spec.header ?? { range: START_OF_FILE }, ['lowering', (err as Error).message]);
    }
  }
  return { plan, diagnostics: capDiagnostics(sortDiagnostics(diagnostics), file), source: text };
}

/** Most diagnostics reported for one file: past these, a single AUG1014 says how many more there are
 * (a broken spec near the size limit must not print megabytes of errors). */
export const MAX_DIAGNOSTICS = 100;

function capDiagnostics(sorted: Diagnostic[], file: string): Diagnostic[] {
  if (sorted.length <= MAX_DIAGNOSTICS) return sorted;
  const shown = sorted.slice(0, MAX_DIAGNOSTICS);
  const next = sorted[MAX_DIAGNOSTICS];
  const rest = sorted.length - MAX_DIAGNOSTICS;
  const errors = sorted.slice(MAX_DIAGNOSTICS).some((d) => d.severity === 'error');
  const summary = makeDiagnostic('moreDiagnostics', file, { start: next.range.start, end: next.range.start }, [rest]);
  return [...shown, errors ? summary : { ...summary, severity: 'warning' }];
}

/** Index of the first value ≥ `x` in the ascending `sorted` (its length when there is none). */
function firstAtOrAfter(sorted: number[], x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Read each declared dataset's metadata; a failure is an AUG3001 diagnostic at its `data` line. */
async function readAllMetadata(
  spec: SpecAst,
  symbols: Symbols,
  specDir: string,
  reader: MetadataReader,
  download: boolean,
  diagnostics: Diagnostic[],
  out: Map<string, DatasetMetadata>,
): Promise<void> {
  // where the diagnostics so far start, sorted: a data statement with one inside it is not read
  // (a binary search per statement keeps a spec of thousands of statements linear)
  const starts = diagnostics.map((d) => d.range.start.offset).sort((a, b) => a - b);
  // the same source is read once per compile, however many statements name it
  const reads = new Map<string, Promise<DatasetMetadata>>();
  const read = (s: DataSource) => {
    const key = JSON.stringify(s);
    let pending = reads.get(key);
    if (!pending) {
      pending = reader(s, { baseDir: specDir, download });
      reads.set(key, pending);
    }
    return pending;
  };
  for (const data of statementsOf(spec, 'data')) {
    if (symbols.datasets.get(data.name.text) !== data) continue;
    const first = firstAtOrAfter(starts, data.range.start.offset);
    const broken = first < starts.length && starts[first] < data.range.end.offset;
    const source = broken ? null : dataSourceOf(data, specDir);
    if (!source) continue;
    try {
      out.set(data.name.text, await read(source));
    } catch (err) {
      const refused = explainDataRefusal(data, err, spec.file);
      if (refused) {
        diagnostics.push(refused);
        continue;
      }
      const undeclared = await explainUndeclaredLabels(data, source, err, read, spec.file);
      if (undeclared) {
        diagnostics.push(...undeclared);
        continue;
      }
      const message = (err instanceof Error ? err.message : String(err)).replace(/\s+$/, '');
      diagnostics.push(
        makeDiagnostic('metadataUnavailable', spec.file, data.name.range, [
          data.name.text,
          /[.!?]$/.test(message) ? message : `${message}.`,
        ]),
      );
    }
  }
}
