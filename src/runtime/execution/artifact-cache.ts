/**
 * The artifact cache (`.augc/` beside the spec, or --cache-dir): one file per task output, named by
 * the task's key. A key is the SHA-256 of the task's plan node, its inputs' keys, the augc version
 * and the backend name (and, for loading a dataset, a fingerprint of its files), so an unchanged task is never recomputed and a changed one never reuses a
 * stale output. Writes go to a temporary file that is renamed into place (atomic on POSIX), and
 * every entry carries a checksum, so a run killed at any moment leaves either a whole entry or none.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync, existsSync, openSync, fsyncSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import type { Task } from '../../plan/types.ts';
import type { Artifact } from '../components.ts';
import { CorruptArtifactError, decodeArtifact, encodeArtifact, type StoredArtifact } from './artifact-codec.ts';
import { canonicalJson } from '../results/canonical-json.ts';

/** The key of a task: hash of its node, its deps' keys (in order), the augc version and the backend,
 * and for a prepare_data task what its dataset is made of (see data-fingerprint.ts). */
export function taskKey(task: Task, depKeys: string[], augcVersion: string, backend: string, data?: unknown): string {
  const material = canonicalJson({ task, depKeys, augcVersion, backend, ...(data === undefined ? {} : { data }) }, 0);
  return createHash('sha256').update(material).digest('hex');
}

/** Every task a task reads: its deps plus the task ids its fields name (a plan that forgot a dep
 * still gets correct keys and keeps the named output alive long enough). */
export function taskInputs(task: Task, tasks: Task[] = []): string[] {
  const named: (string | null | undefined)[] = [...task.deps];
  if ('vaeTask' in task) named.push(task.vaeTask);
  if ('shots' in task && typeof task.shots === 'string') named.push(task.shots);
  if ('originals' in task && 'shots' in task.originals) named.push(task.originals.shots);
  if (task.kind === 'filter_gc') named.push(task.generate);
  if (task.kind === 'evaluate') named.push(task.generated);
  if (task.kind === 'figure') named.push(task.generateTask ?? latentGenerateTask(task, tasks));
  return [...new Set(named.filter((id): id is string => typeof id === 'string'))];
}

/** A latent figure without a generate task shows the generated examples of the first generate task
 * (in plan order) that samples from the same VAE, so real and generated points can be compared. */
export function latentGenerateTask(task: Task, tasks: Task[]): string | null {
  if (task.kind !== 'figure' || task.figure.kind !== 'latent' || task.generateTask || !task.vaeTask) return task.kind === 'figure' ? task.generateTask : null;
  return tasks.find((t) => t.kind === 'generate' && t.vaeTask === task.vaeTask)?.id ?? null;
}

/** Keys for every task of a plan, in plan order (inputs come before their users); `data` holds the
 * prepare_data tasks' dataset fingerprints by task id (datasetFingerprints). */
export function planKeys(tasks: Task[], augcVersion: string, backend: string, data: Map<string, unknown> = new Map()): Map<string, string> {
  const keys = new Map<string, string>();
  for (const task of tasks) {
    const depKeys = taskInputs(task, tasks).map((dep) => {
      const key = keys.get(dep);
      if (!key) throw new Error(`task '${task.id}' depends on '${dep}', which does not come before it in the plan`);
      return key;
    });
    keys.set(task.id, taskKey(task, depKeys, augcVersion, backend, data.get(task.id)));
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

/** A folder of artifacts addressed by key. */
export class ArtifactCache {
  readonly dir: string;
  /** entries found corrupt and removed during this run (reported, then recomputed) */
  readonly discarded: string[] = [];

  constructor(root: string) {
    this.dir = join(root, 'artifacts');
    mkdirSync(this.dir, { recursive: true });
    this.removeOrphanedTemps();
  }

  /** Temp files left by a run that was killed mid-write (its process is gone) are deleted. */
  private removeOrphanedTemps(): void {
    for (const name of readdirSync(this.dir)) {
      const match = /\.tmp-(\d+)-[0-9a-f]+$/.exec(name);
      if (match && !processAlive(Number(match[1]))) rmSync(join(this.dir, name), { force: true });
    }
  }

  private path(key: string): string {
    return join(this.dir, `${key}.art`);
  }

  has(key: string): boolean {
    return existsSync(this.path(key));
  }

  /** The artifact under key, or null when absent or corrupt (a corrupt file is removed). */
  read(key: string): StoredArtifact | null {
    const path = this.path(key);
    let bytes: Buffer;
    try {
      bytes = readFileSync(path);
    } catch {
      return null;
    }
    try {
      return decodeArtifact(bytes);
    } catch (err) {
      if (!(err instanceof CorruptArtifactError)) throw err;
      this.discard(key);
      return null;
    }
  }

  /** Remove an entry that could be read but not used; it is recomputed. */
  discard(key: string): void {
    this.discarded.push(key);
    rmSync(this.path(key), { force: true });
  }

  /** Store an artifact (and facts about it) atomically: temp file, fsync, rename. */
  write(key: string, artifact: Artifact, meta: Record<string, unknown> = {}): void {
    const path = this.path(key);
    const temp = `${path}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
    try {
      writeFileSync(temp, encodeArtifact(artifact, meta));
      const fd = openSync(temp, 'r');
      try {
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      renameSync(temp, path);
    } catch (err) {
      rmSync(temp, { force: true });
      throw err;
    }
  }
}
