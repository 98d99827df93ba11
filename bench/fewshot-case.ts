/**
 * fewshot-e2e: `augc run specs/thyroid-fewshot.aug` end to end, wall seconds, with a fixed
 * reduction so it fits a benchmark run: `--smoke` (the run command's reduced mode). There is no
 * PyTorch counterpart of a whole augc run, so the row has no reference and no ratio.
 * Until `augc run` and the spec exist, the row says "not yet available" and why.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchRow } from './vae-cases.ts';
import { median } from './measure.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SPEC = 'specs/thyroid-fewshot.aug';
const REDUCTION = ['--smoke'];

function unavailable(reason: string): BenchRow {
  return { case: 'fewshot-e2e', value: null, unit: 's', reference: null, ratio: null, note: `not yet available: ${reason}` };
}

function runOnce(cacheDir: string): { seconds: number; status: number | null; stderr: string } {
  const start = performance.now();
  const result = spawnSync(process.execPath, ['bin/augc.js', 'run', SPEC, ...REDUCTION, '--cache-dir', cacheDir], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, AUGC_DATA_PATH: process.env.AUGC_DATA_PATH ?? '/work/shared/datasets' },
  });
  return { seconds: (performance.now() - start) / 1000, status: result.status, stderr: result.stderr ?? '' };
}

/** Median wall time of `repeats` cold runs (a fresh cache each), or the reason it cannot run. */
export function runFewshotCase(repeats: number): BenchRow {
  if (!existsSync(path.join(ROOT, SPEC))) return unavailable(`${SPEC} does not exist yet`);
  const help = spawnSync(process.execPath, ['bin/augc.js', 'run', '--help'], { cwd: ROOT, encoding: 'utf8' });
  if (help.status !== 0) return unavailable("the 'augc run' command does not exist yet");
  if (!help.stdout.includes('--smoke')) return unavailable("'augc run' has no --smoke reduction yet");
  const samples: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const cacheDir = mkdtempSync(path.join(tmpdir(), 'augc-bench-'));
    try {
      const run = runOnce(cacheDir);
      if (run.status !== 0) return unavailable(`'augc run ${SPEC} --smoke' failed (exit ${run.status}): ${run.stderr.trim().split('\n').pop()}`);
      samples.push(run.seconds);
    } finally {
      rmSync(cacheDir, { recursive: true, force: true });
    }
  }
  return {
    case: 'fewshot-e2e',
    value: Math.round(median(samples) * 100) / 100,
    unit: 's',
    reference: null,
    ratio: null,
    note: `augc run ${SPEC} ${REDUCTION.join(' ')}, fresh cache, median of ${repeats}; no PyTorch counterpart`,
  };
}
