/**
 * A hand-written SIMD module (adam-simd.wat, norm-simd.wat; assembled by scripts/generate-simd.ts)
 * instantiated on the wasm backend's own WebAssembly.Memory (the Emscripten module's `asm.memory`):
 * a tensor's data is then addressed by its byte offset, and a memory that grows stays the same
 * object. Where that memory cannot be reached (another backend, another build of the wasm backend)
 * or the engine lacks wasm SIMD there is no module, and the caller keeps its other path.
 */
import * as tf from '@tensorflow/tfjs';

/** The part of the WebAssembly API used here (its types come with the DOM library, not Node's). */
interface WasmApi {
  Memory: abstract new (...args: never[]) => object;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
}
const wasmApi = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

/** compiled modules by their base64 bytes (null: the engine refused them) */
const compiled = new Map<string, object | null>();
/** instances' exports by memory, then by bytes */
const bound = new WeakMap<object, Map<string, Record<string, unknown>>>();

/** The wasm backend's memory, or null when the active backend is not one whose memory is reachable. */
function backendMemory(): object | null {
  if (tf.getBackend() !== 'wasm') return null;
  const module = (tf.backend() as unknown as { wasm?: { asm?: { memory?: unknown }; wasmMemory?: unknown } }).wasm;
  const memory = module?.asm?.memory ?? module?.wasmMemory;
  return memory instanceof wasmApi.Memory ? memory : null;
}

/** The exports of the module `base64` bound to the active wasm backend's memory, or null (see the file comment). */
export function simdExports(base64: string): Record<string, unknown> | null {
  const memory = backendMemory();
  if (memory === null) return null;
  let instances = bound.get(memory);
  const known = instances?.get(base64);
  if (known) return known;
  if (!compiled.has(base64)) {
    try {
      compiled.set(base64, new wasmApi.Module(Buffer.from(base64, 'base64')));
    } catch {
      compiled.set(base64, null); // an engine without wasm SIMD
    }
  }
  const module = compiled.get(base64);
  if (!module) return null;
  const exports = new wasmApi.Instance(module, { env: { memory } }).exports;
  if (!instances) {
    instances = new Map();
    bound.set(memory, instances);
  }
  instances.set(base64, exports);
  return exports;
}
