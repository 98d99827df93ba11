/**
 * e2e (real runtime, ~30 s): the same plan gives the same numbers whether its tasks run in this
 * thread (`workers: 'in-process'`, what bench/ and library callers use) or on worker threads (the
 * CLI's default). The plan is the smoke quickstart's 5-shot cell — the baseline, a noise and an
 * interpolation arm, one VAE, the reference models and the generated-data quality — on the MNIST
 * digits embedded in the `mnist` package. Worker threads read the plan from the run manifest; when
 * that text sorted the plan's keys, they cut the split `pool, validation, test` as `pool, test,
 * validation` and every number differed (the baseline's weighted F1 0.561 here, 0.471 there).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileFile } from '../../src/compiler/index.ts';
import type { Plan } from '../../src/plan/types.ts';
import { realComponents, realDataLayer } from '../../src/runtime/execution/real-modules.ts';
import { setKernelOptions } from '../../src/runtime/kernels/options.ts';
import { runExperiment } from '../../src/runtime/execution/run-experiment.ts';
import type { ResultsFile } from '../../src/runtime/results/types.ts';
import { scratchDirs } from '../fixtures/scratch-dirs.ts';

const tempDir = scratchDirs('in-process-threads-');

/** The smoke quickstart reduced to the evaluations of its first shots cell (of `arms`) and what they need. */
async function quickstartCell(arms?: string[]): Promise<Plan> {
  const compiled = await compileFile(join(process.cwd(), 'specs', 'quickstart.aug'), { smoke: true });
  if (!compiled.plan) throw new Error(`specs/quickstart.aug did not compile: ${JSON.stringify(compiled.diagnostics)}`);
  const plan = compiled.plan;
  const byId = new Map(plan.tasks.map((t) => [t.id, t]));
  const keep = new Set<string>();
  const add = (id: string): void => {
    if (keep.has(id)) return;
    keep.add(id);
    for (const dep of byId.get(id)?.deps ?? []) add(dep);
  };
  const shots = plan.axes[0].values[0];
  for (const task of plan.tasks)
    if (task.kind === 'evaluate' && task.cell.shots === shots && (!arms || arms.includes(task.arm))) add(task.id);
  plan.tasks = plan.tasks.filter((t) => keep.has(t.id));
  plan.report.figures = [];
  return plan;
}

describe('e2e: in-process and worker-thread runs of one plan', () => {
  it('write byte-identical results.json, every metric of every record equal', async () => {
    const base = { components: await realComponents(), data: await realDataLayer(), augcVersion: '0.1.0', cacheDir: null };
    const inProcessDir = tempDir();
    const threadsDir = tempDir();
    const inProcess = await runExperiment({ ...base, plan: await quickstartCell(), outDir: inProcessDir, workers: 'in-process' });
    const threads = await runExperiment({ ...base, plan: await quickstartCell(), outDir: threadsDir, workers: 'threads', jobs: 1 });

    const records = (r: ResultsFile) => r.runs.map((run) => ({ id: run.taskId, metrics: run.metrics, references: run.references }));
    expect(inProcess.results.runs.map((r) => r.arm)).toEqual(['baseline', 'noise', 'interpolation']);
    for (const run of inProcess.results.runs) expect(run.metrics.weighted_f1).toBeGreaterThan(0.1); // better than chance: real training
    expect(records(threads.results)).toEqual(records(inProcess.results));
    expect(readFileSync(threads.paths.results, 'utf8')).toBe(readFileSync(inProcess.paths.results, 'utf8'));
    expect(inProcess.execution.computed).toBe(threads.execution.computed);
  }, 180_000);

  it('with kernel options set in code, the worker threads compute with the same kernels', async () => {
    const base = { components: await realComponents(), data: await realDataLayer(), augcVersion: '0.1.0', cacheDir: null };
    // a library caller's choice (bench/ does this): the threads used to start with AUGC_KERNELS' options
    // instead and refused every task ("computes with wasm+openblas, but the run's results are for wasm")
    const previous = setKernelOptions({ nativeBlas: false, fusedDense: false });
    try {
      const inProcess = await runExperiment({
        ...base,
        plan: await quickstartCell(['baseline']),
        outDir: tempDir(),
        workers: 'in-process',
      });
      const threads = await runExperiment({
        ...base,
        plan: await quickstartCell(['baseline']),
        outDir: tempDir(),
        workers: 'threads',
        jobs: 1,
      });
      expect(inProcess.run.provenance.backend.nativeBlas).toBeNull();
      expect(readFileSync(threads.paths.results, 'utf8')).toBe(readFileSync(inProcess.paths.results, 'utf8'));
      expect(threads.results.runs[0].metrics.weighted_f1).toBeGreaterThan(0.1);
    } finally {
      setKernelOptions(previous);
    }
  }, 120_000);
});
