/**
 * Timing: warm up, calibrate a step count that takes about `sampleSeconds`, then take `repeats`
 * samples of ours interleaved with the reference's (same load on both) and report medians.
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

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function seconds(run: () => void): number {
  const start = performance.now();
  run();
  return (performance.now() - start) / 1000;
}

/** `step` runs one training step of ours; `reference` (if any) times the same work in PyTorch. */
export async function measure(step: () => void, reference: PythonReference | null, options: MeasureOptions): Promise<Measurement> {
  for (let i = 0; i < options.warmupSteps; i++) step();
  const perStep = seconds(step);
  const steps = Math.max(3, Math.round(options.sampleSeconds / perStep));
  let referenceSteps = steps;
  if (reference !== null) {
    await reference.time(options.warmupSteps);
    const referencePerStep = await reference.time(1);
    referenceSteps = Math.max(3, Math.round(options.sampleSeconds / Math.max(referencePerStep, 1e-6)));
  }
  const samples: number[] = [];
  const referenceSamples: number[] = [];
  for (let r = 0; r < options.repeats; r++) {
    samples.push(
      steps /
        seconds(() => {
          for (let i = 0; i < steps; i++) step();
        }),
    );
    if (reference !== null) referenceSamples.push(referenceSteps / (await reference.time(referenceSteps)));
  }
  return {
    ours: median(samples),
    reference: reference === null ? null : median(referenceSamples),
    samples,
    referenceSamples,
  };
}
