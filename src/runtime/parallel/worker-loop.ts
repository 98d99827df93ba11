/**
 * The loop of a pool worker: start its own TF.js backend (wasm, one thread, unless the pool asks
 * for another), say ready, then run tasks one at a time and post each result or error back. A task
 * function gets a second argument, `note(value)`, that posts a note (progress) to the pool at once.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { initBackend, type BackendName } from '../backend/init-backend.ts';
import { transferables, type NoteMessage, type ReadyMessage, type ResultMessage, type TaskMessage } from './messages.ts';

if (parentPort === null) throw new Error('worker-loop.ts runs only inside a worker thread.');
const port = parentPort;

const backend = await initBackend((workerData as { backend: BackendName }).backend);
const modules = new Map<string, Promise<Record<string, unknown>>>();

async function runTask(task: TaskMessage): Promise<unknown> {
  let loading = modules.get(task.moduleUrl);
  if (loading === undefined) {
    loading = import(task.moduleUrl) as Promise<Record<string, unknown>>;
    modules.set(task.moduleUrl, loading);
  }
  const fn = (await loading)[task.fn];
  if (typeof fn !== 'function') throw new Error(`'${task.fn}' is not an exported function of ${task.moduleUrl}.`);
  const note = (value: unknown) => port.postMessage({ id: task.id, note: value } satisfies NoteMessage);
  return await (fn as (payload: unknown, note: (value: unknown) => void) => unknown)(task.payload, note);
}

port.on('message', (task: TaskMessage) => {
  runTask(task).then(
    (value) => {
      const message: ResultMessage = { id: task.id, ok: true, value };
      try {
        port.postMessage(message, transferables(value));
      } catch {
        port.postMessage(message); // a buffer that cannot move is copied instead
      }
    },
    (error: unknown) => {
      const e = error instanceof Error ? error : new Error(String(error));
      const message: ResultMessage = { id: task.id, ok: false, message: e.message, stack: e.stack };
      port.postMessage(message);
    },
  );
});

const ready: ReadyMessage = { ready: true, backend: backend.name };
port.postMessage(ready);
