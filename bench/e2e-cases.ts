/**
 * End-to-end cases: `augc run` as a user runs it, in a child process, with a fixed reduction so
 * it fits a benchmark run: `--smoke` (the run command's reduced mode: tiny step counts, one
 * repeat). Reports go to a temporary folder, the cache starts empty each time. There is no
 * PyTorch counterpart of a whole augc run, so these rows have no reference and no ratio.
 *   fewshot-e2e         specs/thyroid-fewshot.aug --smoke, wall seconds (median)
 *   mnist-smoke-memory  specs/mnist-fewshot.aug --smoke, peak resident memory (target < 1.5 GB)
 *   mnist-grid          specs/mnist-fewshot.aug at shots 2, 5 and 10 with 1 repeat (not --smoke:
 *                       real budgets), wall seconds of one cold run; opt-in, it takes tens of minutes
 * A case that cannot run yet says "not yet available" and why.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { median } from './measure.ts';
import type { BenchRow } from './vae-cases.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const REDUCTION = ['--smoke'];
/** preloaded into the child: writes its peak resident set (KiB) to $AUGC_BENCH_RSS_FILE at exit */
const PEAK_RSS_HOOK =
  'data:text/javascript,' +
  encodeURIComponent(
    "import fs from 'node:fs'; process.on('exit', () => fs.writeFileSync(process.env.AUGC_BENCH_RSS_FILE, String(process.resourceUsage().maxRSS)));",
  );

interface AugcRun {
  seconds: number;
  status: number | null;
  lastError: string;
  peakRssMb: number;
}

/** a run still going after this long is stopped and reported as such */
const RUN_LIMIT_MS = 20 * 60_000;

function runAugc(spec: string, options: string[] = REDUCTION, limitMs = RUN_LIMIT_MS): AugcRun {
  const work = mkdtempSync(path.join(tmpdir(), 'augc-bench-'));
  const rssFile = path.join(work, 'rss');
  try {
    const args = ['--import', PEAK_RSS_HOOK, 'bin/augc.js', 'run', spec, ...options, '--quiet'];
    args.push('--cache-dir', path.join(work, 'cache'), '--out', path.join(work, 'out'), '--allow-outside');
    const start = performance.now();
    const result = spawnSync(process.execPath, args, {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: limitMs,
      env: {
        ...process.env,
        AUGC_DATA_PATH: process.env.AUGC_DATA_PATH ?? path.join(ROOT, '..', 'shared', 'datasets'),
        AUGC_BENCH_RSS_FILE: rssFile,
      },
    });
    if (result.signal !== null) {
      return {
        seconds: (performance.now() - start) / 1000,
        status: null,
        lastError: `stopped after ${limitMs / 60_000} minutes`,
        peakRssMb: Number.NaN,
      };
    }
    const seconds = (performance.now() - start) / 1000;
    const peakRssMb = existsSync(rssFile) ? Number(readFileSync(rssFile, 'utf8')) / 1024 : Number.NaN;
    // the first line that names an error says more than the summary at the end
    const lines = (result.stderr ?? '').trim().split('\n');
    const lastError = lines.find((l) => /error/i.test(l) && !/^Found \d+ error/.test(l)) ?? lines.pop() ?? '';
    return { seconds, status: result.status, lastError, peakRssMb };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function unavailable(name: string, unit: string, reason: string): BenchRow {
  return { case: name, value: null, unit, reference: null, ratio: null, note: `not yet available: ${reason}` };
}

/** why `spec` cannot be run end to end yet, or null when it can */
function blocker(spec: string): string | null {
  if (!existsSync(path.join(ROOT, spec))) return `${spec} does not exist yet`;
  const help = spawnSync(process.execPath, ['bin/augc.js', 'run', '--help'], { cwd: ROOT, encoding: 'utf8' });
  if (help.status !== 0) return "the 'augc run' command does not exist yet";
  if (!help.stdout.includes('--smoke')) return "'augc run' has no --smoke reduction yet";
  return null;
}

/** fewshot-e2e: median wall seconds of `repeats` cold runs. */
export function runFewshotCase(repeats: number): BenchRow {
  const spec = 'specs/thyroid-fewshot.aug';
  const reason = blocker(spec);
  if (reason !== null) return unavailable('fewshot-e2e', 's', reason);
  const samples: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const run = runAugc(spec);
    if (run.status !== 0)
      return unavailable('fewshot-e2e', 's', `'augc run ${spec} --smoke' failed (exit ${run.status}): ${run.lastError}`);
    samples.push(run.seconds);
  }
  const note = `augc run ${spec} ${REDUCTION.join(' ')}, empty cache, median of ${repeats}; no PyTorch counterpart`;
  return { case: 'fewshot-e2e', value: Math.round(median(samples) * 100) / 100, unit: 's', reference: null, ratio: null, note };
}

/** mnist-smoke-memory: peak resident memory of one run (issue 5's target: under 1.5 GB). */
export function runMnistMemoryCase(): BenchRow {
  const spec = 'specs/mnist-fewshot.aug';
  const reason = blocker(spec);
  if (reason !== null) return unavailable('mnist-smoke-memory', 'MB', reason);
  const run = runAugc(spec);
  if (run.status !== 0)
    return unavailable('mnist-smoke-memory', 'MB', `'augc run ${spec} --smoke' failed (exit ${run.status}): ${run.lastError}`);
  const note = `peak resident memory of augc run ${spec} ${REDUCTION.join(' ')} (${run.seconds.toFixed(1)} s); target < 1536 MB`;
  return { case: 'mnist-smoke-memory', value: Math.round(run.peakRssMb), unit: 'MB', reference: null, ratio: null, note };
}

/** the grid of issue 13 §1: the three smallest shots values, one repeat, the spec's own budgets */
const MNIST_GRID = ['--set', 'repeats=1', '--set', 'sweep.shots=2,5,10'];
/** a grid run still going after this long is stopped (the committed 1-repeat run took 25 min on 2 processes) */
const GRID_LIMIT_MS = 4 * 3600_000;

/**
 * mnist-grid: wall seconds of `augc run specs/mnist-fewshot.aug` at shots 2, 5 and 10 with 1
 * repeat, one process, empty cache. No PyTorch counterpart (a whole augc run). Long: run it by
 * name only (`npm run bench -- --case mnist-grid`).
 */
export function runMnistGridCase(): BenchRow {
  const spec = 'specs/mnist-fewshot.aug';
  const reason = blocker(spec);
  if (reason !== null) return unavailable('mnist-grid', 's', reason);
  const run = runAugc(spec, MNIST_GRID, GRID_LIMIT_MS);
  if (run.status !== 0)
    return unavailable('mnist-grid', 's', `'augc run ${spec} ${MNIST_GRID.join(' ')}' failed (exit ${run.status}): ${run.lastError}`);
  const note = `augc run ${spec} ${MNIST_GRID.join(' ')}, one process, empty cache (peak ${Math.round(run.peakRssMb)} MB); no PyTorch counterpart`;
  return { case: 'mnist-grid', value: Math.round(run.seconds), unit: 's', reference: null, ratio: null, note };
}
