import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../src/runtime/index.ts';
import { WorkerPool, moduleUrl, runInWorkers } from '../../../src/runtime/parallel/worker-pool.ts';
import { trainTiny, type TinyTrainingResult } from './fixtures/tiny-training-task.ts';

const TASKS = fileURLToPath(new URL('./fixtures/tiny-training-task.ts', import.meta.url));

describe('WorkerPool (worker_threads, a wasm backend per worker)', () => {
  let pool: WorkerPool;
  beforeAll(async () => {
    await initBackend('wasm');
    pool = new WorkerPool({ workers: 2 });
  });
  afterAll(async () => {
    await pool.close();
  });

  it('returns for every seeded task exactly what a serial run in this thread returns', async () => {
    const seeds = [1, 2, 3, 4, 5];
    const parallel = await pool.runAll<TinyTrainingResult>(
      seeds.map((seed) => ({ module: TASKS, fn: 'trainTiny', payload: { seed, steps: 12 } })),
    );
    const serial = seeds.map((seed) => trainTiny({ seed, steps: 12 }));
    expect(parallel.map((r) => r.seed)).toEqual(seeds); // results in the tasks' order
    for (let i = 0; i < seeds.length; i++) {
      expect(parallel[i].backend).toBe('wasm');
      expect(parallel[i].weights).toBeInstanceOf(Float32Array);
      expect(parallel[i].weights).toEqual(serial[i].weights);
      expect(parallel[i].losses).toEqual(serial[i].losses);
    }
    // different seeds train differently (the comparison is not between constants)
    expect(parallel[0].losses).not.toEqual(parallel[1].losses);
    expect(parallel[0].losses[11]).toBeLessThan(parallel[0].losses[0]);
  });

  it('runs async functions and resolves relative module paths against the cwd', async () => {
    const relative = 'test/runtime/parallel/fixtures/tiny-training-task.ts';
    expect(moduleUrl(relative)).toBe(new URL('./fixtures/tiny-training-task.ts', import.meta.url).href);
    const results = await pool.runAll<{ square: number }>(
      [3, 4, 5].map((value) => ({ module: relative, fn: 'squareLater', payload: { value } })),
    );
    expect(results.map((r) => r.square)).toEqual([9, 16, 25]);
  });

  it("rejects a failing task with the function's error and keeps serving other tasks", async () => {
    await expect(pool.run({ module: TASKS, fn: 'failOnPurpose', payload: { record: 7 } })).rejects.toThrow(
      /failOnPurpose \(file:.*tiny-training-task\.ts\): record 7 is invalid/,
    );
    await expect(pool.run({ module: TASKS, fn: 'noSuchFunction', payload: {} })).rejects.toThrow(
      "'noSuchFunction' is not an exported function of",
    );
    await expect(pool.run<{ square: number }>({ module: TASKS, fn: 'squareLater', payload: { value: 6 } })).resolves.toEqual({
      square: 36,
    });
  });

  it('a worker that dies fails only its own task and is replaced', async () => {
    await expect(pool.run({ module: TASKS, fn: 'exitWorker', payload: {} })).rejects.toThrow(
      /a worker of the pool stopped while running exitWorker .*exit code 3/,
    );
    const results = await pool.runAll<{ square: number }>(
      [7, 8, 9].map((value) => ({ module: TASKS, fn: 'squareLater', payload: { value } })),
    );
    expect(results.map((r) => r.square)).toEqual([49, 64, 81]);
  });

  it('delivers the notes a task posts while it runs, in order, and says when a worker took it', async () => {
    const notes: unknown[] = [];
    let started = 0;
    const result = await pool.run<{ posted: number }>(
      { module: TASKS, fn: 'countWithNotes', payload: { count: 3 } },
      { onStart: () => started++, onNote: (n) => notes.push(n) },
    );
    expect(result).toEqual({ posted: 3 });
    expect(started).toBe(1);
    expect(notes).toEqual([
      { done: 1, total: 3 },
      { done: 2, total: 3 },
      { done: 3, total: 3 },
    ]);
  });

  it('runInWorkers makes a pool for the tasks and closes it', async () => {
    const results = await runInWorkers<{ square: number }>([{ module: TASKS, fn: 'squareLater', payload: { value: 2 } }], { workers: 2 });
    expect(results).toEqual([{ square: 4 }]);
  });

  it('a pool whose workers cannot start rejects its tasks with the reason (and does not respawn)', async () => {
    // tfjs-node is not installed here: asking for the native backend fails in the worker
    const broken = new WorkerPool({ workers: 1, backend: 'tensorflow' });
    await expect(broken.run({ module: TASKS, fn: 'squareLater', payload: { value: 1 } })).rejects.toThrow(
      /a worker of the pool did not start: .*tfjs-node/,
    );
    await expect(broken.run({ module: TASKS, fn: 'squareLater', payload: { value: 1 } })).rejects.toThrow(
      'no worker of the pool could start.',
    );
    await broken.close();
  });

  it('a closed pool refuses new tasks', async () => {
    const small = new WorkerPool({ workers: 1 });
    await small.close();
    await expect(small.run({ module: TASKS, fn: 'squareLater', payload: { value: 1 } })).rejects.toThrow('the worker pool is closed.');
  });
});
