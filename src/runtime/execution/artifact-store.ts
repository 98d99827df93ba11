/**
 * The artifact store: where every task's output lives, addressed by the task's key (a content hash,
 * see artifact-cache.ts), shared by the coordinator and every worker of a run — threads of one
 * machine or `augc worker` processes on many. Every method is asynchronous so that an object store
 * (S3, GCS) can implement the same interface later; the first implementation is a directory on a
 * (possibly shared) filesystem, `ArtifactCache` in artifact-cache.ts. `MemoryStore` below serves
 * `--no-cache` runs in one thread and tests.
 *
 * Besides artifacts the store holds run manifests (the plan and its keys, written once by the
 * coordinator and read by workers) and per-task advisory locks, so that two runs sharing a store
 * compute each task once: the second waits for the first (`computeOnce`).
 */
import type { Artifact } from '../components.ts';
import type { StoredArtifact } from './artifact-codec.ts';

/** A held per-task lock; release it when the task's output is written (or the task failed). */
export interface TaskLock {
  release(): Promise<void>;
}

export interface ArtifactStore {
  /** where it is, for messages ("directory /mnt/shared/augc") */
  readonly description: string;
  /** keys of entries found corrupt and removed by this instance (reported, then recomputed) */
  readonly discarded: string[];
  has(key: string): Promise<boolean>;
  /** the entry under key, or null when absent or corrupt (a corrupt entry is removed) */
  read(key: string): Promise<StoredArtifact | null>;
  /** the facts stored with an entry (`meta` of write, e.g. the seconds it took to compute), without
   * reading or checking its data; null when absent or unreadable. For reports only: nothing is
   * computed from it */
  readMeta(key: string): Promise<Record<string, unknown> | null>;
  /** store an entry atomically: readers see all of it or nothing */
  write(key: string, artifact: Artifact, meta?: Record<string, unknown>): Promise<void>;
  /** remove an entry that could be read but not used; it is recomputed */
  discard(key: string): Promise<void>;
  putManifest(id: string, text: string): Promise<void>;
  getManifest(id: string): Promise<string | null>;
  /** take the task's lock, or null when another holder has it (a crashed holder's lock goes stale
   * and is then taken over) */
  tryLock(key: string): Promise<TaskLock | null>;
}

/** How often a run waiting for another run's task looks again (ms). */
const WAIT_POLL_MS = 250;

/**
 * Run `compute` for the task under `key` unless its output is in the store, holding the task's lock
 * while it runs. When another run (or worker) holds the lock, wait until it either writes the entry
 * (then 'cached': nothing is computed twice) or lets the lock go without one (failed, crashed: then
 * this caller computes it).
 */
export async function computeOnce<T>(
  store: ArtifactStore,
  key: string,
  compute: () => Promise<T>,
): Promise<{ status: 'cached' } | { status: 'computed'; value: T }> {
  for (;;) {
    if (await store.has(key)) return { status: 'cached' };
    const lock = await store.tryLock(key);
    if (lock) {
      try {
        // the holder we waited for may have written the entry between our check and our lock
        if (await store.has(key)) return { status: 'cached' };
        return { status: 'computed', value: await compute() };
      } finally {
        await lock.release();
      }
    }
    await new Promise((resolve) => setTimeout(resolve, WAIT_POLL_MS));
  }
}

/** A store in memory: one process, no persistence (`--no-cache` in one thread, tests). */
export class MemoryStore implements ArtifactStore {
  readonly description = 'memory';
  readonly discarded: string[] = [];
  private readonly entries = new Map<string, StoredArtifact>();
  private readonly manifests = new Map<string, string>();
  private readonly locks = new Set<string>();

  async has(key: string): Promise<boolean> {
    return this.entries.has(key);
  }

  async read(key: string): Promise<StoredArtifact | null> {
    return this.entries.get(key) ?? null;
  }

  async readMeta(key: string): Promise<Record<string, unknown> | null> {
    return this.entries.get(key)?.meta ?? null;
  }

  async write(key: string, artifact: Artifact, meta: Record<string, unknown> = {}): Promise<void> {
    this.entries.set(key, { json: artifact.json, arrays: artifact.arrays, meta });
  }

  async discard(key: string): Promise<void> {
    this.discarded.push(key);
    this.entries.delete(key);
  }

  async putManifest(id: string, text: string): Promise<void> {
    this.manifests.set(id, text);
  }

  async getManifest(id: string): Promise<string | null> {
    return this.manifests.get(id) ?? null;
  }

  async tryLock(key: string): Promise<TaskLock | null> {
    if (this.locks.has(key)) return null;
    this.locks.add(key);
    return { release: async () => void this.locks.delete(key) };
  }
}
