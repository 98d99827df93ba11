/**
 * The run manifest: the plan, every task's key, the augc version and backend of a run, written once
 * to the store by the coordinator under the hash of its text, so a job names it by id instead of
 * carrying the plan (a large sweep's plan is megabytes; a job is a few hundred bytes).
 *
 * Every task of a run reads its plan from this text — on a worker thread, an `augc worker`, and in
 * the coordinator's own thread alike — so the text must carry the plan exactly: plain JSON, numbers
 * to the last bit and keys in the plan's order. Not results.json's canonical JSON, which rounds
 * numbers to 10 digits (a β_norm of 0.012755102040816327 became 0.01275510204) and sorts keys (a
 * stratified split cuts its parts in the order the spec lists them, so `pool, validation, test`
 * read back as `pool, test, validation` put other rows in the test part): runs on threads then
 * disagreed with runs in one thread.
 */
import { createHash } from 'node:crypto';
import type { Plan } from '../../plan/types.ts';
import type { ArtifactStore } from './artifact-store.ts';
import type { RunManifest } from './task-runner.ts';

/** The manifest's text: JSON.stringify keeps every number exactly and the plan's key order. */
export function manifestText(manifest: RunManifest): string {
  return JSON.stringify(manifest);
}

/** Store the manifest of a run; returns its id. */
export async function storeManifest(store: ArtifactStore, manifest: RunManifest): Promise<string> {
  const text = manifestText(manifest);
  const id = createHash('sha256').update(text).digest('hex');
  await store.putManifest(id, text);
  return id;
}

/** The manifest fields of a run. */
export function runManifest(plan: Plan, keys: Map<string, string>, augcVersion: string, backend: string, baseDir: string): RunManifest {
  return { plan, keys: Object.fromEntries(keys), augcVersion, backend, baseDir };
}

/** Manifests read by this process, by id (a worker runs many tasks of the same run). */
const read = new Map<string, RunManifest>();

/** The manifest `id` from the store (read once per process: a worker runs many tasks of a run). */
export async function loadManifest(store: ArtifactStore, id: string): Promise<RunManifest> {
  const known = read.get(id);
  if (known) return known;
  const manifest = await readManifest(store, id);
  read.set(id, manifest);
  return manifest;
}

/** The manifest `id` read from the store now (the coordinator's own thread: once per run, not kept). */
export async function readManifest(store: ArtifactStore, id: string): Promise<RunManifest> {
  const text = await store.getManifest(id);
  if (text === null)
    throw new Error(
      `the run manifest ${id.slice(0, 12)}… is not in the store (${store.description}); does this worker use the coordinator's --cache-dir?`,
    );
  return JSON.parse(text) as RunManifest;
}
