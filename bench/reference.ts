/**
 * The PyTorch side of a benchmark case: a long-lived python3 process (bench/reference/*.py) that
 * times n training steps on request, so bench/ can interleave its own samples with the
 * reference's and both see the same machine load. One thread: torch.set_num_threads(1) plus the
 * BLAS/OpenMP thread variables.
 */
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface, type Interface } from 'node:readline';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const REFERENCE_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'reference');
const ONE_THREAD = { OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1', MKL_NUM_THREADS: '1' };

/** wall time and CPU time of the measuring process, in seconds */
export interface Timing {
  seconds: number;
  cpuSeconds: number;
}

export interface ReferenceInfo {
  torch: string;
  threads: number;
  /** the BLAS torch loaded: 'openblas', 'mkl' or 'reference (netlib)' (≈10× slower on large products) */
  blas: string;
}

let pythonFound: string | null | undefined;

/** A python3 that imports torch: $AUGC_BENCH_PYTHON, then Debian's /usr/bin/python3, then PATH's. */
export function findPython(): string | null {
  if (pythonFound !== undefined) return pythonFound;
  const candidates = [process.env.AUGC_BENCH_PYTHON, '/usr/bin/python3', 'python3'].filter((c): c is string => !!c);
  pythonFound = candidates.find((python) => spawnSync(python, ['-c', 'import torch'], { stdio: 'ignore' }).status === 0) ?? null;
  return pythonFound;
}

/** A running reference script that answers timing requests. */
export class PythonReference {
  private constructor(
    private readonly child: ChildProcessWithoutNullStreams,
    private readonly lines: AsyncIterableIterator<string>,
    private readonly reader: Interface,
    readonly info: ReferenceInfo,
  ) {}

  /** Start `script` (a file in bench/reference/) with a JSON config; null when no torch is found. */
  static async start(script: string, config: unknown): Promise<PythonReference | null> {
    const python = findPython();
    if (python === null) return null;
    const child = spawn(python, [path.join(REFERENCE_DIR, script), JSON.stringify(config)], {
      env: { ...process.env, ...ONE_THREAD },
    });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += String(chunk)));
    const reader = createInterface({ input: child.stdout });
    const lines = reader[Symbol.asyncIterator]();
    const first = await lines.next();
    if (first.done) throw new Error(`bench: ${script} exited before it was ready.\n${stderr}`);
    const ready = JSON.parse(first.value) as ReferenceInfo & { ready: boolean };
    return new PythonReference(child, lines, reader, { torch: ready.torch, threads: ready.threads, blas: ready.blas });
  }

  /** Wall and process-CPU seconds for `steps` training steps. */
  async time(steps: number): Promise<Timing> {
    this.child.stdin.write(`${JSON.stringify({ steps })}\n`);
    const line = await this.lines.next();
    if (line.done) throw new Error('bench: the PyTorch reference exited during a measurement.');
    const answer = JSON.parse(line.value) as { seconds: number; cpu_seconds: number };
    return { seconds: answer.seconds, cpuSeconds: answer.cpu_seconds };
  }

  close(): void {
    this.reader.close();
    this.child.stdin.end();
    this.child.kill();
  }
}
