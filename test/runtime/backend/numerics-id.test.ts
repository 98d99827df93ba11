/** The native BLAS is part of what computed a result: it goes into every cache key and the queue's check. */
import { describe, expect, it } from 'vitest';
import { numericsId } from '../../../src/runtime/backend/init-backend.ts';
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
});
