/**
 * Write a file atomically: a temp file in the same folder (`NAME.tmp-PID-RANDOM`), then a rename,
 * atomic on POSIX. A killed process leaves the whole file or none, and a temp file it leaves names
 * its process (the artifact cache removes those of processes no longer alive). Used for cache
 * entries and manifests, results.json and the run file.
 *
 * There is no fsync: it cost ~7 ms per entry here (more than the scheduler's whole per-task budget),
 * and the one case it covers — power lost before the kernel wrote the pages, leaving a renamed but
 * short or empty file — is caught by a cache entry's checksum on the next read (the entry is
 * discarded and recomputed), and a results.json is rewritten from the cache by running again.
 *
 * write-file-atomic (npm) was weighed for this (issue 14 §7) and not taken: it added 1–3 ms to each
 * small write here (it resolves and stats the target and installs and removes signal-exit's handlers
 * on every call), about ten times the scheduler's overhead per task, and its temp names carry no pid
 * for the cache's clean-up of a killed run's temp files.
 */
import { randomBytes } from 'node:crypto';
import { renameSync, rmSync, writeFileSync } from 'node:fs';

export function writeAtomically(path: string, data: string | Uint8Array): void {
  const temp = `${path}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    writeFileSync(temp, data);
    renameSync(temp, path);
  } catch (err) {
    rmSync(temp, { force: true });
    throw err;
  }
}
