/**
 * The β of each training step: the resolved value (a plain β, or β_norm = β·d/N resolved by the
 * compiler into `betaValue`), optionally rising linearly from 0 over the first `warmupSteps` steps
 * (annealing, a remedy for posterior collapse). Steps count from 1.
 */
export function betaAt(step: number, betaValue: number, warmupSteps: number): number {
  if (warmupSteps <= 0) return betaValue;
  return betaValue * Math.min(1, step / warmupSteps);
}
