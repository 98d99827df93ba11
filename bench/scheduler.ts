/**
 * `npx tsx bench/scheduler.ts [--overhead-only] [--set path=value …]`: the task scheduler's figures
 * (docs/performance.md, "Task scheduler"):
 *
 *   scheduler-overhead   wall time per task that is not the task's own work: a 20-repeat toy plan
 *                        (~300 tasks) with components that return at once, through the directory
 *                        store (atomic writes, fsync, per-task lock) and through the memory store
 *   grid --jobs 1 / 2    specs/thyroid-fewshot.aug (reduced by --set, default repeats=1 and
 *                        shots 5, 20; `--set repeats=5` runs the whole spec, ~10 min on an idle
 *                        machine) on 1 and 2 worker threads: the speed-up (goal ≥ 1.8× on 2 cores)
 *   grid queue           the same grid through a throwaway redis-server and two `augc worker`
 *                        processes with one thread each (goal: within 10% of --jobs 2)
 *
 * Every grid run starts from an empty cache, and the three results.json must be byte-identical.
 * Wall time: on a machine shared with other work the ratios are what to compare.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ArtifactCache } from '../src/runtime/execution/artifact-cache.ts';
import { MemoryStore } from '../src/runtime/execution/artifact-store.ts';
import { executePlan } from '../src/runtime/execution/executor.ts';
import { fakeComponents, fakeDataLayer, newCalls } from '../test/runtime/execution/fixtures/fake-components.ts';
import { toyPlan } from '../test/runtime/execution/fixtures/toy-plan.ts';
import { startRedis } from '../test/fixtures/redis-server.ts';

const project = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const overheadOnly = args.includes('--overhead-only');
const sets: string[] = [];
for (let i = 0; i < args.length; i++) if (args[i] === '--set') sets.push(args[++i]);
if (sets.length === 0) sets.push('repeats=1', 'sweep.shots=5,20');
process.env.AUGC_DATA_PATH ??= resolve(project, '..', 'shared', 'datasets');

const line = (name: string, value: string, note: string) => process.stdout.write(`${name.padEnd(28)} ${value.padStart(12)}  ${note}\n`);

async function overhead(): Promise<void> {
  const plan = toyPlan({ repeats: 20 });
  const tasks = plan.tasks.filter((t) => t.kind !== 'prepare_data' && t.kind !== 'sample_shots').length;
  for (const [name, makeStore] of [
    ['directory store', () => new ArtifactCache(mkdtempSync(join(project, 'scratch', 'bench-sched-')))],
    ['memory store', () => new MemoryStore()],
  ] as const) {
    const samples: number[] = [];
    for (let r = 0; r < 4; r++) {
      const calls = newCalls();
      const components = fakeComponents(calls);
      // what the components themselves take, measured on their own, is subtracted below
      let own = 0;
      const timed =
        <A extends unknown[], R>(fn: (...a: A) => Promise<R>) =>
        async (...a: A) => {
          const t0 = performance.now();
          try {
            return await fn(...a);
          } finally {
            own += performance.now() - t0;
          }
        };
      const store = makeStore();
      const t0 = performance.now();
      const data = fakeDataLayer(calls);
      const timedSync =
        <A extends unknown[], R>(fn: (...a: A) => R) =>
        (...a: A): R => {
          const t0 = performance.now();
          try {
            return fn(...a);
          } finally {
            own += performance.now() - t0;
          }
        };
      await executePlan(plan, {
        components: {
          ...components,
          trainVae: timed(components.trainVae),
          generate: timed(components.generate),
          filterWithGc: timed(components.filterWithGc),
          trainClassifier: timed(components.trainClassifier),
          computeMetrics: timedSync(components.computeMetrics),
        },
        data: {
          ...data,
          prepareData: timed(data.prepareData),
          sampleShots: timedSync(data.sampleShots),
          toLabeledData: timedSync(data.toLabeledData),
        },
        cache: store,
        augcVersion: 'bench',
        backend: 'fake',
        baseDir: project,
      });
      samples.push((performance.now() - t0 - own) / tasks);
      if (store instanceof ArtifactCache) rmSync(store.root, { recursive: true, force: true });
    }
    samples.shift(); // the first run pays for module loading and JIT warm-up
    samples.sort((a, b) => a - b);
    line(
      'scheduler-overhead',
      `${samples[Math.floor(samples.length / 2)].toFixed(2)} ms/task`,
      `${name}, ${tasks} tasks, median of ${samples.length} runs (goal < 5 ms)`,
    );
  }
}

/** One `augc run` of the reduced grid from an empty cache; returns wall seconds and results bytes. */
function grid(name: string, extra: string[]): { seconds: number; results: string } {
  const dir = mkdtempSync(join(project, 'scratch', `bench-grid-${name}-`));
  try {
    const t0 = performance.now();
    execFileSync(
      process.execPath,
      [
        'bin/augc.js',
        'run',
        'specs/thyroid-fewshot.aug',
        ...sets.flatMap((s) => ['--set', s]),
        '--cache-dir',
        join(dir, 'cache'),
        '--out',
        join(dir, 'out'),
        '--quiet',
        '--backend',
        'wasm',
        ...extra,
      ],
      { cwd: project, stdio: ['ignore', 'ignore', 'inherit'] },
    );
    const seconds = (performance.now() - t0) / 1000;
    process.stdout.write(
      `  (${name}: load average ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' / ')} over 1 / 5 / 15 min at the end)\n`,
    );
    return { seconds, results: readFileSync(join(dir, 'out', 'thyroid-fewshot.results.json'), 'utf8') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function grids(): Promise<void> {
  const note = `specs/thyroid-fewshot.aug --set ${sets.join(' --set ')}, empty cache`;
  const one = grid('j1', ['--jobs', '1']);
  line('grid --jobs 1', `${one.seconds.toFixed(1)} s`, note);
  const two = grid('j2', ['--jobs', '2']);
  line(
    'grid --jobs 2',
    `${two.seconds.toFixed(1)} s`,
    `speed-up ${(one.seconds / two.seconds).toFixed(2)}× over --jobs 1 (goal ≥ 1.8×); results ${two.results === one.results ? 'identical' : 'DIFFER'}`,
  );
  const redis = await startRedis();
  const workers = [0, 1].map(() =>
    spawn(process.execPath, ['bin/augc.js', 'worker', '--queue', redis.url, '--backend', 'wasm', '--quiet'], {
      cwd: project,
      stdio: 'ignore',
    }),
  );
  try {
    await new Promise((r) => setTimeout(r, 4000)); // the workers load tsx and their backends
    const queue = grid('queue', ['--queue', redis.url]);
    line(
      'grid queue (2 workers)',
      `${queue.seconds.toFixed(1)} s`,
      `${(queue.seconds / two.seconds).toFixed(2)}× the time of --jobs 2 (goal ≤ 1.10×); results ${queue.results === one.results ? 'identical' : 'DIFFER'}`,
    );
  } finally {
    for (const w of workers) w.kill('SIGTERM');
    await redis.stop();
  }
}

if (!existsSync(join(project, 'scratch'))) mkdirSync(join(project, 'scratch'));
await overhead();
if (!overheadOnly) await grids();
