/**
 * Adam's update of a large variable as one SIMD loop (adam-simd.wat) on the wasm backend's own
 * memory. The op path spends about a dozen whole-tensor passes on each update (each op reads and
 * writes the full tensor); this loop reads the gradient, the moments and the parameter once and
 * writes the moments and the new parameter once, with the same float32 operations in the same
 * order, so it agrees with the op path bit for bit (test/runtime/kernels/adam-simd.test.ts).
 *
 * The module imports the backend's WebAssembly.Memory (the Emscripten module's `asm.memory`): a
 * tensor's data is then addressed by its byte offset, and a memory that grows stays the same
 * object. Where that memory cannot be reached (another backend, another build of the wasm backend)
 * there is no kernel and Adam keeps the op path.
 */
import * as tf from '@tensorflow/tfjs';
import { ADAM_SIMD_WASM_BASE64 } from './adam-simd.wasm.ts';

/** One update over n float32 values; pointers are byte offsets into the backend's memory. */
export type AdamSimdUpdate = (
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

/** The part of the WebAssembly API used here (its types come with the DOM library, not Node's). */
interface WasmApi {
  Memory: abstract new (...args: never[]) => object;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
}
const wasmApi = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

let compiled: object | null | undefined;
const bound = new WeakMap<object, AdamSimdUpdate>();

/** The wasm backend's memory, or null when the active backend is not one whose memory is reachable. */
function backendMemory(): object | null {
  if (tf.getBackend() !== 'wasm') return null;
  const module = (tf.backend() as unknown as { wasm?: { asm?: { memory?: unknown }; wasmMemory?: unknown } }).wasm;
  const memory = module?.asm?.memory ?? module?.wasmMemory;
  return memory instanceof wasmApi.Memory ? memory : null;
}

/** The SIMD update bound to the active wasm backend's memory, or null (then the op path serves). */
export function adamSimdUpdate(): AdamSimdUpdate | null {
  const memory = backendMemory();
  if (memory === null) return null;
  const known = bound.get(memory);
  if (known) return known;
  if (compiled === undefined) {
    try {
      compiled = new wasmApi.Module(Buffer.from(ADAM_SIMD_WASM_BASE64, 'base64'));
    } catch {
      compiled = null; // an engine without wasm SIMD
    }
  }
  if (compiled === null) return null;
  const instance = new wasmApi.Instance(compiled, { env: { memory } });
  const update = instance.exports.adam as AdamSimdUpdate;
  bound.set(memory, update);
  return update;
}
