/**
 * The optional native BLAS as a user meets it: `augc run` in a child process, on two worker
 * threads, with the binding absent (no OpenBLAS at install time) or present (`.ci/run` installs
 * it). Absent: exactly one line says so and why (the workers stay silent), and the run finishes on
 * the wasm path. Present: no such line. Either way the run's provenance (run.json) names what
 * computed the products.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nativeBlas } from '../../src/runtime/kernels/native-blas.ts';
import { scratchDirs } from '../fixtures/scratch-dirs.ts';

const blas = nativeBlas();
const scratch = scratchDirs('native-fallback-');

describe(`e2e: augc run with the native BLAS ${blas.available ? 'present' : 'absent'}`, () => {
  it('says once whether the products fall back to wasm, and finishes either way', () => {
    const out = scratch();
    const env: NodeJS.ProcessEnv = { ...process.env, XDG_CACHE_HOME: join(out, 'cache') };
    delete env.AUGC_KERNELS;
    const args = ['bin/augc.js', 'run', 'specs/quickstart.aug', '--smoke', '--no-cache', '--jobs', '2', '--quiet'];
    const child = spawnSync(process.execPath, [...args, '--out', out], { env, encoding: 'utf8', timeout: 120_000 });
    expect(child.status, child.stderr).toBe(0);
    const notices = child.stderr.split('\n').filter((line) => line.includes('no native BLAS'));
    const run = JSON.parse(readFileSync(join(out, 'quickstart.run.json'), 'utf8')) as { provenance: { backend: Record<string, unknown> } };
    const backend = run.provenance.backend;
    expect(backend.name).toBe('wasm');
    if (blas.available) {
      expect(notices).toEqual([]);
      expect(backend.nativeBlas).toBe(blas.library);
    } else {
      expect(notices).toEqual([`augc: no native BLAS (${blas.reason}); matrix products run on the wasm backend.`]);
      expect(backend.nativeBlas).toBeNull();
    }
  });
});
