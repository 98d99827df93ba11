import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { currentBackend, initBackend } from '../../../src/runtime/backend/init-backend.ts';
import { nativeBlas } from '../../../src/runtime/kernels/native-blas.ts';

describe('initBackend', () => {
  it('falls back to single-threaded wasm here (no tfjs-node installed) and is idempotent', async () => {
    const info = await initBackend();
    const blas = nativeBlas();
    expect(info).toEqual({
      name: 'wasm',
      provider: '@tensorflow/tfjs-backend-wasm',
      version: tf.version.tfjs,
      threads: 1,
      // the optional native BLAS computes the products when it loaded
      nativeBlas: blas.available ? blas.library : null,
    });
    expect(tf.getBackend()).toBe('wasm');
    expect(await initBackend()).toBe(info);
    expect(currentBackend()).toBe(info);
  });

  it('refuses a forced native backend that is not installed, with a hint', async () => {
    await expect(initBackend('tensorflow')).rejects.toThrow(
      "The 'tensorflow' backend was requested but neither @tensorflow/tfjs-node-gpu nor @tensorflow/tfjs-node is installed.",
    );
  });

  it('switches to cpu on request and back to wasm', async () => {
    expect((await initBackend('cpu')).name).toBe('cpu');
    expect(tf.getBackend()).toBe('cpu');
    expect((await initBackend('wasm')).name).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
  });
});
