/**
 * The artifact cache (`.augc/` beside the spec, or --cache-dir): the directory implementation of the
 * artifact store (artifact-store.ts), one file per task output, named by the task's key. A key is the SHA-256 of the task's inputs as the plan states them
 * (src/plan/task-inputs.ts), its deps' keys, the augc version and the numerics id (and, for loading a dataset, a fingerprint of its files), so an unchanged
 * task is never recomputed and a changed one never reuses a stale output. Writes go to a temporary file that is renamed into place (atomic on POSIX), and
 * every entry carries a checksum, so a run killed at any moment leaves either a whole entry or none
 * (and an entry cut short by a power loss is detected and recomputed).
 *
 * Per-task locks are proper-lockfile locks (a `locks/KEY.lock` folder made with mkdir, atomic on
 * local and network filesystems, its mtime refreshed while held). A holder that crashed stops
 * refreshing it, and after `lockStaleMs` the next run takes it over. A pid in a lock file would not
 * do: workers on other machines share the folder and cannot see each other's processes.
 */
import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import lockfile from 'proper-lockfile';
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { taskInputs } from '../../plan/task-inputs.ts';
import type { Task } from '../../plan/types.ts';
import type { Artifact } from '../components.ts';
import { CorruptArtifactError, decodeArtifact, encodeArtifact, readArtifactMeta, type StoredArtifact } from './artifact-codec.ts';
import type { ArtifactStore, TaskLock } from './artifact-store.ts';
import { writeAtomically } from './atomic-write.ts';
import { isVaeArtifact, readVaeFiles, readVaeSidecar, writeVaeFiles } from '../models/vae-files.ts';

/** The key of a task: hash of its inputs as the plan states them (src/plan/task-inputs.ts: kind and
 * settings, the tasks it names by their place among its deps), its deps' keys (in order), the augc
 * version and the numerics id, and for a prepare_data task what its dataset is made of (see
 * data-fingerprint.ts). Its id, repeat and cell are not inputs: renaming a task keeps its entry.
 *
 * The material is written as RFC 8785 canonical JSON (the `canonicalize` package: keys sorted,
 * every number exact), not results.json's canonical JSON, which rounds numbers to 10 digits: two
 * values of a setting that differ beyond the 10th digit (a β_norm of 2/21 and 0.09523809524) train
 * different models and must not share an entry. For material whose numbers all have 10 digits or
 * fewer — every plan setting written in a spec — both give the same text, so those keys are the
 * ones earlier versions wrote. */
export function taskKey(task: Task, depKeys: string[], augcVersion: string, backend: string, data?: unknown): string {
  const material = canonicalize({ inputs: taskInputs(task), depKeys, augcVersion, backend, ...(data === undefined ? {} : { data }) });
  return createHash('sha256')
    .update(material ?? '')
    .digest('hex');
}

/** Keys for every task of a plan, in plan order (deps come before their users); `data` holds the
 * prepare_data tasks' dataset fingerprints by task id (datasetFingerprints). Two tasks with the
 * same inputs would share one entry: the plan is refused instead, as the lowering never writes one. */
export function planKeys(tasks: Task[], augcVersion: string, backend: string, data: Map<string, unknown> = new Map()): Map<string, string> {
  const keys = new Map<string, string>();
  const owner = new Map<string, string>();
  for (const task of tasks) {
    const depKeys = task.deps.map((dep) => {
      const key = keys.get(dep);
      if (!key) throw new Error(`task '${task.id}' depends on '${dep}', which does not come before it in the plan`);
      return key;
    });
    const key = taskKey(task, depKeys, augcVersion, backend, data.get(task.id));
    const same = owner.get(key);
    if (same) throw new Error(`tasks '${same}' and '${task.id}' have the same inputs (kind, settings and deps); a plan computes each once`);
    owner.set(key, task.id);
    keys.set(task.id, key);
  }
  return keys;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A lock not refreshed for this long belongs to a crashed holder and is taken over (ms). Refreshes
 * run on the holder's main thread every third of it, so training (in a worker thread) never delays
 * them; 20 s leaves room for a loaded machine or a slow network filesystem. */
export const DEFAULT_LOCK_STALE_MS = 20_000;

/** Age after which a temp file of a process that is not alive here counts as orphaned (ms). */
const ORPHAN_AGE_MS = 120_000;

export interface ArtifactCacheOptions {
  /** see DEFAULT_LOCK_STALE_MS (proper-lockfile's minimum is 2000) */
  lockStaleMs?: number;
}

/** A folder of artifacts addressed by key: the directory store. */
export class ArtifactCache implements ArtifactStore {
  /** the folder given (--cache-dir); artifacts are in its artifacts/ folder */
  readonly root: string;
  readonly dir: string;
  readonly description: string;
  /** entries found corrupt and removed during this run (reported, then recomputed) */
  readonly discarded: string[] = [];
  private readonly locksDir: string;
  private readonly manifestsDir: string;
  private readonly lockStaleMs: number;

  constructor(root: string, options: ArtifactCacheOptions = {}) {
    this.root = root;
    this.dir = join(root, 'artifacts');
    this.locksDir = join(root, 'locks');
    this.manifestsDir = join(root, 'manifests');
    this.description = `directory ${root}`;
    this.lockStaleMs = Math.max(2000, options.lockStaleMs ?? DEFAULT_LOCK_STALE_MS);
    for (const dir of [this.dir, this.locksDir, this.manifestsDir]) mkdirSync(dir, { recursive: true });
    this.removeOrphanedTemps();
  }

  /** Temp files left by a run that was killed mid-write are deleted: its process is gone here, and the
   * file is older than ORPHAN_AGE_MS (a worker on another machine sharing the folder has a pid this
   * machine cannot see, but it never takes that long between writing a temp file and renaming it). */
  private removeOrphanedTemps(): void {
    const now = Date.now();
    for (const name of readdirSync(this.dir)) {
      const match = /\.tmp-(\d+)-[0-9a-f]+$/.exec(name);
      if (!match || processAlive(Number(match[1]))) continue;
      const path = join(this.dir, name);
      try {
        if (now - statSync(path).mtimeMs > ORPHAN_AGE_MS) rmSync(path, { recursive: true, force: true });
      } catch {
        // removed by another process meanwhile
      }
    }
  }

  private path(key: string): string {
    return join(this.dir, `${key}.art`);
  }

  /** A trained VAE's entry: a folder of TensorFlow.js model files (models/vae-files.ts). */
  vaePath(key: string): string {
    return join(this.dir, `${key}.vae`);
  }

  async has(key: string): Promise<boolean> {
    return existsSync(this.path(key)) || existsSync(this.vaePath(key));
  }

  /** The artifact under key, or null when absent or corrupt (a corrupt file is removed). */
  async read(key: string): Promise<StoredArtifact | null> {
    const path = this.path(key);
    let bytes: Buffer | null = null;
    try {
      bytes = readFileSync(path);
    } catch {
      if (!existsSync(this.vaePath(key))) return null;
    }
    try {
      return bytes ? decodeArtifact(bytes) : readVaeFiles(this.vaePath(key));
    } catch (err) {
      if (!(err instanceof CorruptArtifactError)) throw err;
      await this.discard(key);
      return null;
    }
  }

  async readMeta(key: string): Promise<Record<string, unknown> | null> {
    try {
      if (existsSync(this.vaePath(key))) return readVaeSidecar(this.vaePath(key)).augc.entry ?? null;
      return readArtifactMeta(this.path(key));
    } catch {
      return null;
    }
  }

  /** Remove an entry that could be read but not used; it is recomputed. */
  async discard(key: string): Promise<void> {
    this.discarded.push(key);
    rmSync(this.path(key), { force: true });
    rmSync(this.vaePath(key), { recursive: true, force: true });
  }

  /** Store an artifact (and facts about it) atomically: temp file (a VAE: temp folder), then rename. */
  async write(key: string, artifact: Artifact, meta: Record<string, unknown> = {}): Promise<void> {
    if (isVaeArtifact(artifact)) return writeVaeFiles(this.vaePath(key), artifact, meta);
    writeAtomically(this.path(key), encodeArtifact(artifact, meta));
  }

  async putManifest(id: string, text: string): Promise<void> {
    const path = join(this.manifestsDir, `${id}.json`);
    if (!existsSync(path)) writeAtomically(path, Buffer.from(text, 'utf8'));
  }

  async getManifest(id: string): Promise<string | null> {
    try {
      return readFileSync(join(this.manifestsDir, `${id}.json`), 'utf8');
    } catch {
      return null;
    }
  }

  async tryLock(key: string): Promise<TaskLock | null> {
    let compromised = false;
    try {
      const release = await lockfile.lock(this.path(key), {
        lockfilePath: join(this.locksDir, `${key}.lock`),
        realpath: false, // the artifact does not exist yet
        stale: this.lockStaleMs,
        update: Math.floor(this.lockStaleMs / 3),
        retries: 0,
        // the default throws from a timer and kills the process; a lost lock only means another run
        // may compute the same entry, whose atomic write makes that harmless
        onCompromised: () => {
          compromised = true;
        },
      });
      return { release: async () => (compromised ? undefined : release().catch(() => undefined)) };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ELOCKED') return null;
      throw err;
    }
  }
}
