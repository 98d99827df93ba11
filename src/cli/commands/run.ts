/**
 * `augc run FILE`: compile a spec (or validate a plan JSON), execute it against the artifact cache
 * and write results.json, the run file and the markdown report.
 */
import { existsSync } from 'node:fs';
import os from 'node:os';
import { relative } from 'node:path';
import { Option, type Command } from 'commander';
import { AUGC_VERSION } from '../../version.ts';
import { baselineWarnings } from '../../runtime/evaluation/baseline-strength.ts';
import { ArtifactCache } from '../../runtime/execution/artifact-cache.ts';
import { TaskFailedError, type ExecuteOptions } from '../../runtime/execution/executor.ts';
import { checkQueueUrl, probeQueue, QueueUnreachableError } from '../../runtime/parallel/queue-connection.ts';
import { loadCompiler, loadPlan, type CompilerApi } from '../load-plan.ts';
import { formatAliasOption, jsonOption, parseSets, setOption, wantsJson, type JsonFlags, failWith } from '../options.ts';
import { createReporter, type ProgressMode } from '../../runtime/execution/progress-reporters.ts';
import { realComponents, realDataLayer } from '../../runtime/execution/real-modules.ts';
import { OutputError, runExperiment } from '../../runtime/execution/run-experiment.ts';
import type { Components, DataLayer } from '../../runtime/execution/types.ts';
import type { RegisterCommand } from './index.ts';

export interface RunFlags extends JsonFlags {
  smoke?: boolean;
  out?: string;
  set?: string[];
  cacheDir?: string;
  cache?: boolean;
  backend?: string;
  allowOutside?: boolean;
  quiet?: boolean;
  jobs?: string;
  queue?: string;
}

/** Injected modules (tests pass fakes); by default the real compiler, components and data layer. */
export interface RunDeps {
  compiler?: CompilerApi;
  components?: Components;
  data?: DataLayer;
  stdout?: NodeJS.WriteStream;
  stderr?: NodeJS.WriteStream;
}

/** `--queue URL`: tasks go to BullMQ workers that share the run's directory store. */
function queueTransport(url: string): ExecuteOptions['transport'] {
  return async ({ store, manifest }) => {
    if (!(store instanceof ArtifactCache)) throw new Error('--queue needs a directory artifact store');
    const { QueueTransport } = await import('../../runtime/parallel/queue-transport.ts');
    return QueueTransport.open({ url, store, storeRoot: store.root, augcVersion: manifest.augcVersion, backend: manifest.backend });
  };
}

/** Run the command; returns the exit code (0 ok, 1 run failed or spec errors, 2 usage). */
export async function runCommand(file: string, flags: RunFlags, deps: RunDeps = {}): Promise<number> {
  const out = deps.stdout ?? process.stdout;
  const err = deps.stderr ?? process.stderr;
  const fail = (code: number, message: string) => failWith(err, code, message);
  if (!existsSync(file)) return fail(2, `cannot read ${file}: no such file.`);
  const sets = parseSets(flags.set);
  if ('error' in sets) return fail(2, sets.error);
  const { overrides } = sets;
  const json = wantsJson(flags);
  const jobs = flags.jobs === undefined ? os.availableParallelism() : Number(flags.jobs);
  if (!Number.isInteger(jobs) || jobs < 1) return fail(2, `--jobs expects a whole number of worker threads ≥ 1, got '${flags.jobs}'.`);
  if (flags.queue) {
    const problem = checkQueueUrl(flags.queue);
    if (problem) return fail(2, problem);
    if (flags.cache === false)
      return fail(2, '--queue needs the artifact store that the workers share; it cannot be combined with --no-cache.');
    // before anything slow (compiling, starting the backend): an unreachable queue is told in seconds
    try {
      await probeQueue(flags.queue);
    } catch (error) {
      if (error instanceof QueueUnreachableError) return fail(1, error.message);
      throw error;
    }
  }
  if (file.endsWith('.json') && (flags.smoke || overrides.length)) {
    return fail(
      2,
      `--smoke and --set change how a spec compiles; ${file} is an already compiled plan (pass them to \`augc plan\` instead).`,
    );
  }
  const loaded = await loadPlan(
    file,
    { smoke: flags.smoke ?? false, overrides, color: err.isTTY, allowOutside: flags.allowOutside },
    async () => deps.compiler ?? (await loadCompiler()),
  );
  if (!loaded.ok) return fail(1, loaded.message);
  if (loaded.diagnostics && !flags.quiet) err.write(`${loaded.diagnostics}\n`);
  const mode: ProgressMode = json ? 'json' : flags.quiet ? 'quiet' : err.isTTY ? 'bars' : 'plain';
  const reporter = createReporter(mode, err);
  // Ctrl-C: clear the bars (they hide the cursor) and say how to resume; whatever finished is cached
  const onInterrupt = () => {
    reporter.stop();
    err.write('\naugc: interrupted; completed tasks are kept in the cache: run the same command again to resume.\n');
    process.exit(130);
  };
  process.once('SIGINT', onInterrupt);
  process.once('SIGTERM', onInterrupt);
  try {
    const outcome = await runExperiment({
      plan: loaded.plan,
      components: deps.components ?? (await realComponents()),
      data: deps.data ?? (await realDataLayer()),
      augcVersion: AUGC_VERSION,
      outDir: flags.out ?? null,
      cacheDir: flags.cache === false ? null : (flags.cacheDir ?? undefined),
      backend: flags.backend,
      allowOutside: flags.allowOutside ?? false,
      onEvent: reporter.listener,
      jobs,
      // the real components run on worker threads; injected ones (tests) in this thread
      workers: deps.components ? 'in-process' : 'threads',
      transport: flags.queue ? queueTransport(flags.queue) : undefined,
    });
    reporter.stop();
    const { paths, run } = outcome;
    const summary = {
      report: paths.report,
      results: paths.results,
      run: paths.run,
      runs: outcome.results.runs.length,
      computed: run.provenance.tasksComputed,
      cached: run.provenance.tasksCached,
      seconds: Number(run.provenance.wallSeconds.toFixed(3)),
      // cells whose baseline is below a reference model (logistic regression, or majority): no findings there
      warnings: baselineWarnings(outcome.results).map((text) => `weak baseline: ${text}`),
      // `export` in the report block: the folder of generated data (absent without it)
      ...(outcome.results.generatedData ? { data: paths.data } : {}),
    };
    if (json) out.write(`${JSON.stringify(summary)}\n`);
    else if (!flags.quiet) {
      const rel = (p: string) => relative(process.cwd(), p) || p;
      for (const warning of summary.warnings) err.write(`augc: warning: ${warning}\n`);
      out.write(
        `augc: wrote ${rel(paths.report)} (${summary.runs} results in ${rel(paths.results)}; ${summary.computed} tasks computed, ${summary.cached} from the cache, ${summary.seconds.toFixed(1)} s)\n`,
      );
      const exported = outcome.results.generatedData;
      if (exported) out.write(`augc: wrote the generated data to ${rel(paths.data)}/ (${exported.files.length} file(s))\n`);
    }
    return 0;
  } catch (error) {
    reporter.stop();
    if (error instanceof TaskFailedError) {
      return fail(
        1,
        `run failed: ${error.message}\naugc: tasks completed before it are kept in the cache; fix the problem and run again to resume. Nothing was written to the report folder.`,
      );
    }
    if (error instanceof OutputError) return fail(2, error.message);
    if (error instanceof QueueUnreachableError) return fail(1, error.message);
    throw error;
  } finally {
    process.off('SIGINT', onInterrupt);
    process.off('SIGTERM', onInterrupt);
  }
}

export const registerRun: RegisterCommand = (program: Command, setExit) => {
  program
    .command('run')
    .description('Run an experiment: train, sample, evaluate, and write results.json and the report.')
    .argument('<file>', 'a .aug spec, or a plan JSON written by `augc plan`')
    .option('--smoke', 'tiny step counts and one repeat: find runtime problems in seconds')
    .option('--out <dir>', 'folder for results.json and the report (default: the report path of the spec)')
    .addOption(setOption('override a setting'))
    .option('--cache-dir <dir>', 'artifact cache folder (default: .augc/ beside the spec)')
    .option('--no-cache', 'compute every task, read and write no cache')
    .addOption(
      new Option('--backend <name>', 'TensorFlow.js backend (default: the fastest available)').choices(['tensorflow', 'wasm', 'cpu']),
    )
    .option('--allow-outside', "allow writing the report outside the spec's project folder")
    .option('--jobs <n>', 'run up to n tasks at once on n worker threads, each with its own backend (default: one per core)')
    .option('--queue <url>', 'send tasks to `augc worker` processes through Redis (redis://HOST:PORT; see docs/distributed.md)')
    .option('--quiet', 'no progress output')
    .addOption(jsonOption('progress as JSON lines on stderr, a JSON summary on stdout'))
    .addOption(formatAliasOption())
    .addHelpText(
      'after',
      `
Examples:
  augc run specs/quickstart.aug                      run and write the report
  augc run specs/quickstart.aug --smoke              seconds: does everything run?
  augc run specs/quickstart.aug --json > run.json    progress as JSON lines, a JSON summary
  augc run specs/thyroid-fewshot.aug --jobs 2        tasks on two worker threads
  augc run specs/mnist-fewshot.aug --queue redis://queue.lab:6379 --cache-dir /mnt/shared/augc
                                                     tasks on workers of other machines
  augc run specs/thyroid.aug --set repeats=1 --out /tmp/t --allow-outside
  augc run specs/mnist-fewshot.aug --set sweep.shots=2,5,10   fewer cells
  augc plan specs/thyroid.aug -o plan.json && augc run plan.json`,
    )
    .action(async (file: string, flags: RunFlags) => setExit(await runCommand(file, flags)));
};
