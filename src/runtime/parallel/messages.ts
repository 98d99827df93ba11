/**
 * Messages between the pool (main thread) and its workers, and the transfer list of a result.
 */

/** An independent task: `fn` exported by the ES module `module`, called with a JSON-able payload. */
export interface PoolTask {
  /** absolute path or file: URL of the module (relative paths are resolved against the cwd) */
  module: string;
  /** name of an exported function, sync or async, taking the payload */
  fn: string;
  /** structured-clonable data: JSON values and typed arrays */
  payload?: unknown;
}

export interface TaskMessage {
  id: number;
  moduleUrl: string;
  fn: string;
  payload: unknown;
}

export type ResultMessage =
  | { id: number; ok: true; value: unknown }
  | { id: number; ok: false; message: string; stack: string | undefined };

/** A note a running task sends before its result (progress of a training run); any number of them. */
export interface NoteMessage {
  id: number;
  note: unknown;
}

/** First message of a worker, once its backend is up. */
export interface ReadyMessage {
  ready: true;
  backend: string;
}

/**
 * ArrayBuffers of the typed arrays in `value` that can be moved instead of copied: whole, plain
 * (not shared, not a view into a larger buffer such as wasm memory) and each listed once.
 */
export function transferables(value: unknown, found = new Set<ArrayBuffer>(), depth = 0): ArrayBuffer[] {
  if (depth > 8 || value === null || typeof value !== 'object') return [...found];
  if (ArrayBuffer.isView(value)) {
    const buffer = value.buffer;
    if (buffer instanceof ArrayBuffer && value.byteOffset === 0 && value.byteLength === buffer.byteLength) found.add(buffer);
    return [...found];
  }
  for (const item of Array.isArray(value) ? value : Object.values(value)) transferables(item, found, depth + 1);
  return [...found];
}
