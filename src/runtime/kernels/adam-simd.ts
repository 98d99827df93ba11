/**
 * Adam's update of a large variable as one SIMD loop (adam-simd.wat) on the wasm backend's own
 * memory. The op path spends about a dozen whole-tensor passes on each update (each op reads and
 * writes the full tensor); this loop reads the gradient, the moments and the parameter once and
 * writes the moments and the new parameter once, with the same float32 operations in the same
 * order, so it agrees with the op path bit for bit (test/runtime/kernels/adam-simd.test.ts).
 *
 * The module runs on the backend's own memory (simd-module.ts); where it cannot, there is no
 * kernel and Adam keeps the op path. Its second loop, `packed`, is the packed path's update of the
 * small variables in double precision, the same operations as that path's JavaScript loop, so
 * again the same bits, two values at a time.
 */
import { ADAM_SIMD_WASM_BASE64 } from './adam-simd.wasm.ts';
import { simdExports } from './simd-module.ts';

/**
 * One of the module's loops over n values: `adam` (float32, the op path's operations) or `packed`
 * (double precision, the packed path's). Pointers are byte offsets into the backend's memory.
 */
export type AdamSimdLoop = (
  g: number,
  m: number,
  v: number,
  p: number,
  out: number,
  n: number,
  beta1: number,
  keep1: number,
  beta2: number,
  keep2: number,
  epsilonHat: number,
  stepSize: number,
) => void;

/** The module's loop `name` bound to the active wasm backend's memory, or null (then Adam keeps its other path). */
export function adamSimdLoop(name: 'adam' | 'packed'): AdamSimdLoop | null {
  return (simdExports(ADAM_SIMD_WASM_BASE64)?.[name] as AdamSimdLoop | undefined) ?? null;
}
