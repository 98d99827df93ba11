/**
 * Timing: warm up, calibrate a step count that takes about `sampleSeconds`, then take `repeats`
 * samples of ours interleaved with the reference's (same machine load on both) and report medians.
 */
import type { PythonReference } from './reference.ts';

export interface MeasureOptions {
  warmupSteps: number;
  sampleSeconds: number;
  repeats: number;
}

export interface Measurement {
  /** steps per second, median of the samples */
  ours: number;
  reference: number | null;
  samples: number[];
  referenceSamples: number[];
}

/** Runs about `steps` training steps of ours and says how many it timed and how long they took. */
export type TimedRun = (steps: number) => Promise<{ steps: number; seconds: number }>;

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
  const warm = await ours(options.warmupSteps);
  const steps = stepsFor(warm.seconds / warm.steps, options);
  let referenceSteps = 0;
  if (reference !== null) {
    referenceSteps = stepsFor((await reference.time(options.warmupSteps)) / options.warmupSteps, options);
  }
  const samples: number[] = [];
  const referenceSamples: number[] = [];
  for (let r = 0; r < options.repeats; r++) {
    const run = await ours(steps);
    samples.push(run.steps / run.seconds);
    if (reference !== null) referenceSamples.push(referenceSteps / (await reference.time(referenceSteps)));
  }
  return {
    ours: median(samples),
    reference: reference === null ? null : median(referenceSamples),
    samples,
    referenceSamples,
  };
}
