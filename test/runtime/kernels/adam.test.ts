import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../src/runtime/index.ts';
import { Adam, PACKED_MAX_SIZE } from '../../../src/runtime/kernels/adam.ts';
import { ALL, PLAIN, maxRelativeDifference, seededValues, withOptions } from './kernel-fixtures.ts';

/** parameters after `steps` Adam updates of Σ (p − target)² over a small and a large variable */
function optimise(steps: number): { small: Float32Array; large: Float32Array; packed: boolean } {
  const sizes = [12, PACKED_MAX_SIZE + 10];
  const variables = sizes.map((n, i) => tf.variable(tf.tensor1d(seededValues(n, 20 + i))));
  const targets = sizes.map((n, i) => tf.tensor1d(seededValues(n, 30 + i)));
  const adam = new Adam(variables, { lr: 0.05 });
  for (let s = 0; s < steps; s++) {
    const grads = variables.map((p, i) => tf.tidy(() => tf.mul(tf.sub(p, targets[i]), 2)));
    adam.step(grads);
    tf.dispose(grads);
  }
  const out = { small: variables[0].dataSync() as Float32Array, large: variables[1].dataSync() as Float32Array, packed: adam.packed };
  adam.dispose();
  tf.dispose([...variables, ...targets]);
  return out;
}

describe('Adam: the packed path gives the parameters the plain path gives', () => {
  beforeAll(async () => {
    await initBackend('wasm');
  });

  it('after 25 steps on a small (packed) and a large (op-updated) variable', () => {
    const plain = withOptions(PLAIN, () => optimise(25));
    const packed = withOptions(ALL, () => optimise(25));
    expect(plain.packed).toBe(false);
    expect(packed.packed).toBe(true);
    expect(maxRelativeDifference(packed.small, plain.small)).toBeLessThan(1e-5);
    expect(maxRelativeDifference(packed.large, plain.large)).toBeLessThan(1e-5);
  });

  it('the first step moves each parameter by lr against the gradient sign (PyTorch: m̂/√v̂ = ±1)', () => {
    for (const options of [PLAIN, ALL]) {
      withOptions(options, () => {
        const p = tf.variable(tf.tensor1d([1, -2, 3]));
        const adam = new Adam([p], { lr: 0.1 });
        const g = tf.tensor1d([0.5, -4, 0]);
        adam.step([g]);
        const values = Array.from(p.dataSync());
        expect(values[0]).toBeCloseTo(0.9, 6);
        expect(values[1]).toBeCloseTo(-1.9, 6);
        expect(values[2]).toBe(3); // zero gradient: no move
        adam.dispose();
        tf.dispose([p, g]);
      });
    }
  });

  it('rejects a gradient list of the wrong length, naming both counts', () => {
    const p = tf.variable(tf.zeros([2]));
    const adam = new Adam([p], { lr: 0.1 });
    expect(() => adam.step([])).toThrow('Adam.step: 0 gradients for 1 variables.');
    adam.dispose();
    p.dispose();
  });

  it('keeps the tensor count constant across steps (plain; packed, and SIMD for a large variable)', () => {
    for (const options of [PLAIN, ALL])
      for (const shape of [
        [3, 4],
        [300, 300],
      ]) {
        withOptions(options, () => {
          const p = tf.variable(tf.ones(shape));
          const adam = new Adam([p], { lr: 0.1 });
          const g = tf.ones(shape);
          adam.step([g]);
          const before = tf.memory().numTensors;
          for (let i = 0; i < 5; i++) adam.step([g]);
          expect(tf.memory().numTensors).toBe(before);
          adam.dispose();
          tf.dispose([p, g]);
        });
      }
  });
});
