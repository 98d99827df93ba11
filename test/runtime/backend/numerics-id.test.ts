/** The native BLAS and the kernel options are part of what computed a result: they go into every
 * cache key and the queue's check. */
import { describe, expect, it } from 'vitest';
import { backendOfNumerics, numericsId } from '../../../src/runtime/backend/init-backend.ts';
import { parseKernelOptions } from '../../../src/runtime/kernels/options.ts';
import { taskKey } from '../../../src/runtime/execution/artifact-cache.ts';
import type { Task } from '../../../src/plan/types.ts';

describe('numericsId', () => {
  it('names the native BLAS beside the backend, and only the backend without one', () => {
    expect(numericsId({ name: 'wasm', nativeBlas: 'openblas' })).toBe('wasm+openblas');
    expect(numericsId({ name: 'wasm', nativeBlas: null })).toBe('wasm');
    expect(numericsId({ name: 'tensorflow' })).toBe('tensorflow');
  });

  it('gives a task run with and without the native BLAS different cache keys', () => {
    const task = { id: 'prepare:d', kind: 'prepare_data', deps: [], seed: 1, repeat: 0, cell: {}, dataset: 'd' } as Task;
    const withBlas = taskKey(task, [], '0.1.0', numericsId({ name: 'wasm', nativeBlas: 'openblas' }));
    const without = taskKey(task, [], '0.1.0', numericsId({ name: 'wasm', nativeBlas: null }));
    expect(withBlas).toMatch(/^[0-9a-f]{64}$/);
    expect(withBlas).not.toBe(without);
  });

  it('names the kernel options that are off, and the BLAS only while its option is on', () => {
    const all = parseKernelOptions('all');
    const blas = { name: 'wasm', nativeBlas: 'openblas' };
    expect(numericsId(blas, all)).toBe('wasm+openblas');
    expect(numericsId(blas, parseKernelOptions('plain'))).toBe(
      'wasm (AUGC_KERNELS without transposeFree, fusedDense, packedAdam, stackedMatMul, lightTape, fusedLoss, poolGrad, fusedNorm)',
    );
    expect(numericsId(blas, { ...all, fusedLoss: false })).toBe('wasm+openblas (AUGC_KERNELS without fusedLoss)');
    expect(numericsId(blas, { ...all, nativeBlas: false })).toBe('wasm');
    // the SIMD Adam gives the op path's bits, so turning it off keeps the cache's keys
    expect(numericsId(blas, { ...all, simdAdam: false })).toBe('wasm+openblas');
    expect(numericsId({ name: 'tensorflow' }, { ...all, packedAdam: false })).toBe('tensorflow (AUGC_KERNELS without packedAdam)');
  });

  it('gives back the backend to start for an id', () => {
    expect(backendOfNumerics('wasm+openblas (AUGC_KERNELS without fusedLoss)')).toBe('wasm');
    expect(backendOfNumerics('wasm (AUGC_KERNELS without fusedLoss)')).toBe('wasm');
    expect(backendOfNumerics('tensorflow')).toBe('tensorflow');
  });
});
