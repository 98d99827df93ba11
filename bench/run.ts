/**
 * `npm run bench [-- options]`: training speed of augc's kernels against PyTorch measured in the
 * same run, one thread each (docs/performance.md).
 *
 *   --json          one JSON object per line: {"case","value","unit","reference","ratio","note"}
 *   --quick         final rows only (no before/after rows), fewer samples, no memory case
 *                   unless named with --case
 *   --case NAME     only cases whose name starts with NAME (repeatable)
 *   --clock cpu|wall  steps per CPU-second of each side's process (default: both sides run one
 *                   thread, so this equals wall time on an idle machine and stays meaningful on a
 *                   shared one) or per wall-clock second
 *
 * `mnist-grid` (a real MNIST grid, tens of minutes) runs only when named: --case mnist-grid.
 *
 * Rows named `case/variant` are the before/after table: the plain reference path, then each
 * optimisation switched on in turn; the row named just `case` is the configuration users get.
 */
import os from 'node:os';
import { initBackend } from '../src/runtime/index.ts';
import { CLASSIFIER_CASES, runClassifierCase } from './classifier-cases.ts';
import { runFewshotCase, runMnistGridCase, runMnistMemoryCase } from './e2e-cases.ts';
import { nativeBlas } from '../src/runtime/kernels/native-blas.ts';
import type { MeasureOptions } from './measure.ts';
import { runParallelCase } from './parallel-case.ts';
import { findPython } from './reference.ts';
import { runVaeCase, VAE_CASES, type BenchRow } from './vae-cases.ts';

interface Args {
  json: boolean;
  quick: boolean;
  cases: string[];
  clock: 'cpu' | 'wall';
}

function parseArgs(argv: string[]): Args {
  const args: Args = { json: false, quick: false, cases: [], clock: 'cpu' };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--json') args.json = true;
    else if (a === '--quick') args.quick = true;
    else if (a === '--case' && i + 1 < argv.length) args.cases.push(argv[++i]);
    else if (a === '--clock' && (argv[i + 1] === 'cpu' || argv[i + 1] === 'wall')) args.clock = argv[++i] as Args['clock'];
    else {
      process.stderr.write(`bench: unknown argument '${a}'. Use --json, --quick, --case NAME, --clock cpu|wall.\n`);
      process.exit(2);
    }
  }
  return args;
}

function formatRow(row: BenchRow): string {
  const num = (v: number | null, width: number) => (v === null ? '—' : String(v)).padStart(width);
  const ratio = row.ratio === null ? '—' : `${row.ratio.toFixed(2)}×`;
  return `${row.case.padEnd(32)} ${num(row.value, 9)} ${row.unit.padEnd(14)} ${num(row.reference, 9)} ${ratio.padStart(7)}  ${row.note ?? ''}`;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const wanted = (name: string) => args.cases.length === 0 || args.cases.some((c) => name.startsWith(c));
  const backend = await initBackend('wasm');
  const measureOptions: MeasureOptions = args.quick
    ? { warmupSteps: 5, warmupSeconds: 2, sampleSeconds: 0.4, repeats: 3, clock: args.clock }
    : { warmupSteps: 10, warmupSeconds: 3, sampleSeconds: 0.6, repeats: 7, clock: args.clock };
  const python = findPython();
  const blas = nativeBlas();
  const header =
    `augc bench — ours: TF.js ${backend.name} ${backend.version}, ${backend.threads} thread, ` +
    `${blas.available ? `native BLAS ${blas.library}` : `no native BLAS (${blas.reason})`}; ` +
    `reference: ${python === null ? 'none (no python3 with torch)' : `PyTorch via ${python}, 1 thread`}; ` +
    `per ${args.clock === 'cpu' ? 'CPU' : 'wall-clock'} second; load average ${os.loadavg()[0].toFixed(2)} on ${os.cpus().length} cores`;
  // the environment goes to stderr in --json mode so stdout stays one row per line
  if (args.json) process.stderr.write(`${header}\n`);
  else {
    console.log(header);
    console.log(`${'case'.padEnd(32)} ${'value'.padStart(9)} ${'unit'.padEnd(14)} ${'reference'.padStart(9)} ${'ratio'.padStart(7)}  note`);
  }
  const emit = (row: BenchRow) => console.log(args.json ? JSON.stringify(row) : formatRow(row));
  for (const vaeCase of VAE_CASES) {
    if (wanted(vaeCase.name)) await runVaeCase(vaeCase, measureOptions, !args.quick, emit);
  }
  for (const classifierCase of CLASSIFIER_CASES) {
    if (wanted(classifierCase.name)) await runClassifierCase(classifierCase, measureOptions, emit);
  }
  if (wanted('vae-repeats-parallel')) await runParallelCase(4, args.quick ? 200 : 400, args.quick ? 1 : 3, emit);
  if (wanted('fewshot-e2e')) emit(runFewshotCase(args.quick ? 1 : 3));
  // several minutes on a shared machine: --quick runs it only when asked for by name
  if (wanted('mnist-smoke-memory') && (!args.quick || args.cases.length > 0)) emit(runMnistMemoryCase());
  // tens of minutes: only when asked for by name
  if (args.cases.some((c) => 'mnist-grid'.startsWith(c) && c.length >= 'mnist-g'.length)) emit(runMnistGridCase());
  if (!args.json) console.log(`load average at the end ${os.loadavg()[0].toFixed(2)}`);
}

await main();
