/**
 * vae-repeats-parallel: independent trainings (repeats of a tabular VAE, as a plan's repeats or
 * sweep cells are) run on the worker pool, one worker per core, against the same trainings one
 * after another in one thread (the row `/serial`). The PyTorch reference trains the same number
 * of models one after another in one thread. Figure: model-steps per second of wall time.
 * Results must not depend on where a task ran: the row checks the pool's losses equal the serial ones.
 * Wall time on both sides (CPU time cannot show a parallel speed-up).
 */
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { WorkerPool } from '../src/runtime/parallel/worker-pool.ts';
import { median } from './measure.ts';
import { trainOneVae } from './parallel-task.ts';
import { PythonReference } from './reference.ts';
import type { BenchRow } from './vae-cases.ts';
import { TABULAR } from './vae-cases.ts';

const TASK_MODULE = fileURLToPath(new URL('./parallel-task.ts', import.meta.url));

export async function runParallelCase(tasks: number, steps: number, repeats: number, emit: (row: BenchRow) => void): Promise<void> {
  const workers = os.availableParallelism();
  const payloads = Array.from({ length: tasks }, (_, i) => ({ shape: TABULAR, steps, seed: 100 + i }));
  const reference = await PythonReference.start('vae_step.py', { ...TABULAR, models: tasks });
  const pool = new WorkerPool({ workers });
  try {
    // warm-up with the real tasks on both sides: every worker's JIT starts cold
    await pool.runAll(payloads.map((payload) => ({ module: TASK_MODULE, fn: 'trainOneVae', payload })));
    for (const payload of payloads) await trainOneVae(payload);
    const serial: number[] = [];
    const parallel: number[] = [];
    const referenceSamples: number[] = [];
    let serialLosses: number[] = [];
    let parallelLosses: number[] = [];
    for (let r = 0; r < repeats; r++) {
      let start = performance.now();
      serialLosses = [];
      for (const payload of payloads) serialLosses.push((await trainOneVae(payload)).finalLoss);
      serial.push((tasks * steps) / ((performance.now() - start) / 1000));
      start = performance.now();
      const results = await pool.runAll<{ finalLoss: number }>(
        payloads.map((payload) => ({ module: TASK_MODULE, fn: 'trainOneVae', payload })),
      );
      parallel.push((tasks * steps) / ((performance.now() - start) / 1000));
      parallelLosses = results.map((x) => x.finalLoss);
      if (reference !== null) referenceSamples.push((tasks * steps) / (await reference.time(steps)).seconds);
    }
    const same = serialLosses.every((loss, i) => loss === parallelLosses[i]);
    const ref = reference === null ? null : Math.round(median(referenceSamples) * 10) / 10;
    const row = (name: string, samples: number[], note: string): BenchRow => ({
      case: name,
      value: Math.round(median(samples) * 10) / 10,
      unit: 'model-steps/s',
      reference: ref,
      ratio: ref === null ? null : Math.round((median(samples) / ref) * 1000) / 1000,
      note,
    });
    emit(row('vae-repeats-parallel/serial', serial, `${tasks} tabular VAEs × ${steps} steps, one after another in one thread`));
    emit(
      row(
        'vae-repeats-parallel',
        parallel,
        `the same on a pool of ${workers} workers (one per core; reference: PyTorch, one thread); ` +
          `speed-up ${(median(parallel) / median(serial)).toFixed(2)}×; final losses ${same ? 'identical to' : 'DIFFERENT from'} the serial run`,
      ),
    );
  } finally {
    await pool.close();
    reference?.close();
  }
}
