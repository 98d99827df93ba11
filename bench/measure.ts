/**
 * Timing: warm up, calibrate a step count that takes about `sampleSeconds`, then take `repeats`
 * pairs of samples, ours and the reference's back to back (alternating which goes first), so both
 * see the same machine load. Figures are medians; the ratio is the median of the pairs' ratios,
 * which stays put when other processes load the machine unevenly over the run.
 */
import type { PythonReference, Timing } from './reference.ts';

export interface MeasureOptions {
  warmupSteps: number;
  /** warm-up runs repeat until they have used this much CPU time (V8 needs ~2000 small steps to
   * optimise the hot paths fully) */
  warmupSeconds: number;
  sampleSeconds: number;
  repeats: number;
  /**
   * 'cpu': steps per CPU-second of each side's process (both compute on one thread, so on an idle
   * machine this equals wall time; on a shared one it leaves out the time spent waiting for a core);
   * 'wall': steps per wall-clock second
   */
  clock: 'cpu' | 'wall';
}

export interface Measurement {
  /** steps per second, median of the samples */
  ours: number;
  reference: number | null;
  samples: number[];
  referenceSamples: number[];
  /** median over the pairs of ours / reference (null without a reference) */
  ratio: number | null;
}

/** Runs about `steps` training steps of ours and says how many it timed and how long they took. */
export type TimedRun = (steps: number) => Promise<Timing & { steps: number }>;

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function stepsFor(secondsPerStep: number, options: MeasureOptions): number {
  return Math.max(4, Math.round(options.sampleSeconds / Math.max(secondsPerStep, 1e-6)));
}

/** Medians of steps per second of `ours` and of `reference` (when there is one), interleaved. */
export async function measure(ours: TimedRun, reference: PythonReference | null, options: MeasureOptions): Promise<Measurement> {
  const clock = (t: Timing) => (options.clock === 'cpu' ? t.cpuSeconds : t.seconds);
  let warm = await ours(options.warmupSteps);
  let warmCpu = warm.cpuSeconds;
  while (warmCpu < options.warmupSeconds) {
    warm = await ours(Math.max(options.warmupSteps, stepsFor(warm.seconds / warm.steps, options)));
    warmCpu += warm.cpuSeconds;
  }
  const steps = stepsFor(warm.seconds / warm.steps, options);
  let referenceSteps = 0;
  if (reference !== null) {
    await reference.time(options.warmupSteps);
    referenceSteps = stepsFor((await reference.time(options.warmupSteps)).seconds / options.warmupSteps, options);
  }
  const samples: number[] = [];
  const referenceSamples: number[] = [];
  const sampleOurs = async () => {
    const run = await ours(steps);
    samples.push(run.steps / clock(run));
  };
  const sampleReference = async (r: PythonReference) => {
    referenceSamples.push(referenceSteps / clock(await r.time(referenceSteps)));
  };
  for (let i = 0; i < options.repeats; i++) {
    if (reference !== null && i % 2 === 1) await sampleReference(reference);
    await sampleOurs();
    if (reference !== null && i % 2 === 0) await sampleReference(reference);
  }
  return {
    ours: median(samples),
    reference: reference === null ? null : median(referenceSamples),
    samples,
    referenceSamples,
    ratio: reference === null ? null : median(samples.map((s, i) => s / referenceSamples[i])),
  };
}
