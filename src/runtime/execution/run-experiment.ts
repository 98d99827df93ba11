/**
 * One `augc run` from a plan to files: check the output folder, start the backend, execute the plan
 * against the artifact cache (and write the generated data a report exports), then write figures,
 * results.json (atomically), the run file (provenance + timings) and the report. If any task fails nothing is written: a failed run never
 * leaves a partial result behind, and everything it completed stays in the cache for the next try.
 */
import { accessSync, constants, mkdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import type { Plan } from '../../plan/types.ts';
import { buildResults, serializeResults } from '../results/build-results.ts';
import type { FigureRecord, ResultsFile } from '../results/types.ts';
import { validateResults } from '../results/validate-results.ts';
import { canonicalJson } from '../results/canonical-json.ts';
import { gitState, type RunFile } from '../reports/provenance.ts';
import { checkInside, describeLink, findProjectRoot } from '../../paths/project-boundary.ts';
import { figureCells } from '../reports/figure-cells.ts';
import { renderFigure } from '../reports/render-figures.ts';
import { outputPaths, renderReport, type OutputPaths } from '../reports/render-report.ts';
import { ArtifactCache } from './artifact-cache.ts';
import { writeAtomically } from './atomic-write.ts';
import { executePlan, type ExecutionResult } from './executor.ts';
import { generatedDataExport } from './export-generated.ts';
import type { ProgressListener } from './progress-events.ts';
import type { Components, DataLayer } from './types.ts';
import { numericsId } from '../backend/init-backend.ts';
import type { ExecuteOptions } from './executor.ts';

/** A problem with where the run may write (outside the project, not writable): the user's to fix. */
export class OutputError extends Error {}

export interface RunExperimentOptions {
  plan: Plan;
  components: Components;
  data: DataLayer;
  augcVersion: string;
  /** --out: folder for results.json and the report (default: the report path's folder) */
  outDir?: string | null;
  /** --cache-dir (default `.augc/` beside the spec); null disables the cache */
  cacheDir?: string | null;
  backend?: string;
  allowOutside?: boolean;
  onEvent?: ProgressListener;
  /** --jobs: tasks in flight at once (1 = one after another) */
  jobs?: number;
  /** where tasks run: this thread with `components` (default; tests), or worker threads */
  workers?: ExecuteOptions['workers'];
  /** a transport of its own (--queue) */
  transport?: ExecuteOptions['transport'];
}

export interface RunExperimentResult {
  results: ResultsFile;
  run: RunFile;
  paths: OutputPaths;
  execution: ExecutionResult;
}

/** Where a plan's outputs go, refusing a folder outside the spec's project unless allowed. */
export function resolveOutput(plan: Plan, outDir: string | null | undefined, allowOutside: boolean): OutputPaths {
  const root = findProjectRoot(dirname(plan.spec.path));
  // a smoke run never overwrites the real report: by default it goes to a smoke/ folder beside it
  const dir = resolve(outDir ?? (plan.smoke ? join(dirname(plan.report.path), 'smoke') : dirname(plan.report.path)));
  const verdict = checkInside(dir, root);
  if (!allowOutside && !verdict.inside) {
    throw new OutputError(
      `the report folder ${dir} is outside the spec's project folder ${root}${describeLink(verdict, root)}; pass --allow-outside to write there.`,
    );
  }
  return outputPaths(dir, plan.report.path);
}

function ensureWritable(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true });
    accessSync(dir, constants.W_OK);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    throw new OutputError(`cannot write to the output folder ${dir} (${code}).`);
  }
}

/** Run a plan end to end and write its results and report. */
export async function runExperiment(options: RunExperimentOptions): Promise<RunExperimentResult> {
  const { plan } = options;
  const startedAt = new Date();
  const t0 = performance.now();
  const paths = resolveOutput(plan, options.outDir, options.allowOutside ?? false);
  ensureWritable(paths.dir);
  const specDir = dirname(plan.spec.path);
  // the commit that runs, read before anything is written (a report inside the repository would
  // otherwise mark it dirty, and a commit made during a long run would be named instead)
  const git = gitState(specDir);
  const backend = await options.components.initBackend(options.backend);
  const cacheRoot = options.cacheDir === null ? null : resolve(options.cacheDir ?? join(specDir, '.augc'));
  if (cacheRoot) ensureWritable(cacheRoot);
  // `export` in the report block: the generated data, written from the task outputs once all are done
  const exporter = generatedDataExport(plan, { folder: paths.data, resultsDir: paths.dir, data: options.data, baseDir: specDir });
  const execution = await executePlan(plan, {
    components: options.components,
    data: options.data,
    cache: cacheRoot ? new ArtifactCache(cacheRoot) : null,
    augcVersion: options.augcVersion,
    // the native BLAS is part of the key: its products differ from wasm's in the last digits
    backend: numericsId(backend),
    baseDir: specDir,
    onEvent: options.onEvent,
    jobs: options.jobs,
    workers: options.workers,
    transport: options.transport,
    ...(exporter ? { outputs: exporter } : {}),
  });
  const root = findProjectRoot(dirname(plan.spec.path));
  const shown = figureCells(plan);
  const figures: FigureRecord[] = execution.figures.map((f) =>
    renderFigure(f.taskId, shown.get(f.taskId)?.target ?? f.taskId, f.data, paths.figures, paths.figuresRel, shown.get(f.taskId)?.cell),
  );
  const results = buildResults({
    plan,
    evaluations: execution.evaluations,
    figures,
    backend,
    augcVersion: options.augcVersion,
    specPath: relative(root, plan.spec.path) || plan.spec.path,
    reportPath: relative(paths.dir, paths.report),
    ...(exporter ? { generatedData: exporter.files() } : {}),
  });
  const checked = validateResults(JSON.parse(serializeResults(results)));
  if (!checked.ok) throw new Error(`results.json does not match its schema: ${checked.errors.join('; ')}`);
  writeAtomically(paths.results, serializeResults(results));
  const run: RunFile = {
    provenance: {
      spec: results.spec,
      git,
      augcVersion: options.augcVersion,
      backend: { name: backend.name, version: backend.version, threads: backend.threads, nativeBlas: backend.nativeBlas },
      node: process.version,
      platform: `${process.platform}-${process.arch}`,
      seed: plan.experiment.seed,
      repeats: plan.experiment.repeats,
      smoke: plan.smoke,
      overrides: plan.overrides,
      startedAt: startedAt.toISOString(),
      wallSeconds: (performance.now() - t0) / 1000,
      computeSeconds: execution.timings.reduce((sum, t) => sum + (t.status === 'cached' ? (t.computeSeconds ?? 0) : t.seconds), 0),
      tasksComputed: execution.computed,
      tasksCached: execution.cached,
    },
    timings: execution.timings,
  };
  writeAtomically(paths.run, `${canonicalJson(run, 2)}\n`);
  renderReport(results, run, paths.results);
  return { results, run, paths, execution };
}
