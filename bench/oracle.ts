/**
 * `npx tsx bench/oracle.ts [--runs N] [--quickstart]`: the logistic regressions of an image run,
 * before (JavaScript products) and after (native BLAS dgemm products, evaluation/logistic-products.ts),
 * in one process, on the quickstart's own data (specs/quickstart.aug: 10,000 MNIST digits).
 *
 *   oracle       the label-fidelity oracle of repeat 0: logistic regression on 5,000 × 784 pixels of
 *                the pool, λ from {1e-2, 1e-3, 1e-4} on the validation part (1,000 rows), then refit
 *   reference    the reference logistic regression of a cell: 5 and 20 shots per class, λ from six
 *                values on the validation part, then refit
 *   detection    the detection AUC's regression: 200 real and 200 perturbed rows, pixels and their
 *                squares (1,568 columns), three folds
 * Each case runs N times (default 5) in both modes, alternating which goes first; a time is the CPU
 * time of the process (process.cpuUsage: user + system, one BLAS thread), so other load on the machine
 * inflates it less than wall time. Printed: the median of each mode, and the median over the runs of
 * before / after. Then how far the two modes' results are apart: the largest weight difference and
 * the share of rows predicted alike.
 *
 * --quickstart also runs the whole quickstart twice in this process (no cache), once with each mode,
 * and prints every label fidelity and detection AUC of both runs and their largest difference, and
 * whether everything else in results.json is identical.
 */
import { readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { compileSource } from '../src/compiler/index.ts';
import type { OracleTask, Plan } from '../src/plan/types.ts';
import { detectionAuc, gather } from '../src/runtime/evaluation/generated-quality.ts';
import { forceLogisticProducts, type ProductsKind } from '../src/runtime/evaluation/logistic-products.ts';
import type { LogisticModel, Rows } from '../src/runtime/evaluation/logistic-regression.ts';
import { oraclePredict, trainOracle, type Oracle } from '../src/runtime/evaluation/oracle.ts';
import { scoreReferenceModels } from '../src/runtime/evaluation/reference-models.ts';
import { realComponents, realDataLayer } from '../src/runtime/execution/real-modules.ts';
import { runExperiment } from '../src/runtime/execution/run-experiment.ts';
import { initBackend } from '../src/runtime/index.ts';
import { Random } from '../src/runtime/random.ts';
import type { ResultsFile } from '../src/runtime/results/types.ts';
import { median } from './measure.ts';

const argv = process.argv.slice(2);
const runs = Number(argv[argv.indexOf('--runs') + 1] ?? 5) || 5;
const withQuickstart = argv.includes('--quickstart');
const SPEC = resolve(import.meta.dirname, '../specs/quickstart.aug');

const backend = await initBackend('wasm');
if (!backend.nativeBlas) {
  console.log('bench/oracle: the native BLAS did not load (optional nblas package), so there is no "after" to measure.');
  process.exit(1);
}
console.log(`backend wasm + ${backend.nativeBlas}; ${runs} runs per case; CPU time of this process`);

const compiled = await compileSource(readFileSync(SPEC, 'utf8'), SPEC);
const plan = compiled.plan as Plan;
const data = await realDataLayer();
const oracleTask = plan.tasks.find((t): t is OracleTask => t.kind === 'oracle')!;
const prepared = await data.prepareData(plan.datasets.find((d) => d.name === oracleTask.dataset)!, { baseDir: resolve(SPEC, '..') });
const rowsOf = (part: string): Rows => data.toLabeledData(prepared, prepared.parts[part]);
const pool = rowsOf(oracleTask.part);
const validation = rowsOf(oracleTask.validation!);
const test = rowsOf('test');

const cpuSeconds = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

/** Runs `work` in each mode `runs` times (alternating the order) and prints the CPU-time figures. */
function timeBoth<T>(name: string, work: () => T): Record<ProductsKind, T> {
  const seconds: Record<ProductsKind, number[]> = { javascript: [], native: [] };
  const out = {} as Record<ProductsKind, T>;
  for (let i = 0; i < runs; i++) {
    const order: ProductsKind[] = i % 2 === 0 ? ['javascript', 'native'] : ['native', 'javascript'];
    for (const kind of order) {
      forceLogisticProducts(kind);
      const start = cpuSeconds();
      out[kind] = work();
      seconds[kind].push(cpuSeconds() - start);
    }
  }
  forceLogisticProducts(null);
  const before = median(seconds.javascript);
  const after = median(seconds.native);
  const ratio = median(seconds.javascript.map((s, i) => s / seconds.native[i]));
  console.log(
    `${name.padEnd(34)} before ${before.toFixed(2)} s   after ${after.toFixed(2)} s   before/after ${ratio.toFixed(2)}×   (before: ${seconds.javascript.map((s) => s.toFixed(2)).join(', ')}; after: ${seconds.native.map((s) => s.toFixed(2)).join(', ')})`,
  );
  return out;
}

const maxDiff = (a: Float64Array, b: Float64Array): number => a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i])), 0);
const maxAbs = (a: Float64Array): number => a.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
const agreement = (a: Int32Array, b: Int32Array): number => a.reduce((n, v, i) => n + (v === b[i] ? 1 : 0), 0) / a.length;
const logistic = (o: Oracle): LogisticModel => (o as Extract<Oracle, { kind: 'logistic' }>).model;

console.log(
  `\noracle rows: pool ${pool.rows} (the oracle samples at most ${oracleTask.maxRows ?? 5000}), validation ${validation.rows}, test ${test.rows}; ${pool.features} features, ${pool.numClasses} classes`,
);
const oracles = timeBoth('oracle (5,000 × 784, 3 λ + refit)', () =>
  trainOracle(oracleTask.model, pool, validation, oracleTask.seed, oracleTask.maxRows ?? undefined),
);
{
  const [a, b] = [logistic(oracles.javascript), logistic(oracles.native)];
  console.log(
    `  λ ${a.lambda} / ${b.lambda}; iterations ${a.iterations} / ${b.iterations}; held-out weighted F1 ${oracles.javascript.heldOutWeightedF1.toFixed(6)} / ${oracles.native.heldOutWeightedF1.toFixed(6)}`,
  );
  console.log(
    `  largest weight difference ${maxDiff(a.w, b.w).toExponential(2)} (largest weight ${maxAbs(a.w).toFixed(3)}); test rows predicted alike ${(100 * agreement(oraclePredict(oracles.javascript, test.x, test.rows), oraclePredict(oracles.native, test.x, test.rows))).toFixed(2)}%`,
  );
}

// the reference model of a few-shot cell: originals drawn per class from the pool
for (const shots of [5, 20]) {
  const classNames = prepared.dataset.metadata.classes.map((c) => c.label);
  const picked = data.sampleShots(prepared.dataset.y, prepared.parts[oracleTask.part], shots, 11 + shots, classNames, false);
  const originals = data.toLabeledData(prepared, picked);
  const scores = timeBoth(`reference, ${shots} shots (${originals.rows} rows)`, () =>
    scoreReferenceModels(originals, validation, test, ['weighted_f1'], 3),
  );
  console.log(
    `  λ ${scores.javascript.lambda} / ${scores.native.lambda}; test weighted F1 ${scores.javascript.logistic.weighted_f1?.toFixed(6)} / ${scores.native.logistic.weighted_f1?.toFixed(6)}`,
  );
}

// detection: 200 real rows against 200 others (real rows with noise, standing in for generated ones)
{
  const rng = new Random(5);
  const realIdx = Array.from({ length: 200 }, (_, i) => i);
  const real = gather(test.x, test.features, realIdx);
  const fake = gather(
    test.x,
    test.features,
    realIdx.map((i) => i + 200),
  ).map((v) => Math.min(1, Math.max(0, v + 0.2 * rng.normal())));
  const auc = timeBoth('detection (400 × 1,568, 3 folds)', () => detectionAuc(real, fake, test.features, 9));
  console.log(`  AUC ${auc.javascript?.toFixed(6)} / ${auc.native?.toFixed(6)}`);
}

if (withQuickstart) {
  console.log('\nthe quickstart twice (no cache, --jobs 1), once with each mode:');
  const results: Partial<Record<ProductsKind, ResultsFile>> = {};
  for (const kind of ['javascript', 'native'] as const) {
    forceLogisticProducts(kind);
    const out = join(import.meta.dirname, '..', 'scratch', `bench-oracle-${kind}`);
    const start = cpuSeconds();
    const outcome = await runExperiment({
      plan,
      components: await realComponents(),
      data,
      augcVersion: 'bench',
      cacheDir: null,
      backend: 'wasm',
      outDir: out,
      allowOutside: true,
    });
    const oracleSeconds = outcome.run.timings.filter((t) => t.kind === 'oracle').map((t) => t.seconds.toFixed(1));
    console.log(
      `  ${kind}: ${(cpuSeconds() - start).toFixed(1)} s CPU, ${outcome.run.provenance.wallSeconds.toFixed(1)} s wall; oracle tasks ${oracleSeconds.join(', ')} s wall`,
    );
    results[kind] = outcome.results;
    rmSync(out, { recursive: true, force: true });
  }
  forceLogisticProducts(null);
  const [a, b] = [results.javascript!, results.native!];
  let largest = 0;
  for (const [i, run] of a.runs.entries()) {
    const other = b.runs[i];
    if (!run.quality) continue;
    const pairs: [string, number | null, number | null][] = [
      ['label fidelity', run.quality.labelFidelity, other.quality!.labelFidelity],
      ['detection AUC', run.quality.detectionAuc, other.quality!.detectionAuc],
    ];
    for (const [what, x, y] of pairs) {
      if (x === null || y === null) continue;
      if (what === 'label fidelity') largest = Math.max(largest, Math.abs(x - y));
      console.log(`  ${run.arm} ${JSON.stringify(run.cell)} r${run.repeat} ${what}: ${x.toFixed(4)} / ${y.toFixed(4)}`);
    }
  }
  const strip = (r: ResultsFile) => JSON.stringify(r.runs.map(({ quality, references, ...rest }) => rest));
  const references = (r: ResultsFile) => JSON.stringify(r.runs.map((x) => x.references ?? null));
  console.log(`  largest label-fidelity difference ${largest.toFixed(4)}`);
  console.log(`  classifier results identical: ${strip(a) === strip(b)}; reference models identical: ${references(a) === references(b)}`);
}
