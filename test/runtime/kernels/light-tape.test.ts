import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../src/runtime/index.ts';
import { lightTapeInstalled, syncLightTape } from '../../../src/runtime/kernels/light-tape.ts';
import { ALL, PLAIN, withOptions } from './kernel-fixtures.ts';

const cube = (x: tf.Tensor) => tf.sum(tf.mul(tf.mul(x, x), x));

async function identityOps(): Promise<number> {
  const v = tf.variable(tf.tensor1d([1, 2, 3]));
  const profile = await tf.profile(() => {
    const { value, grads } = tf.variableGrads(() => cube(v) as tf.Scalar, [v]);
    tf.dispose([value, ...Object.values(grads)]);
  });
  v.dispose();
  return profile.kernels.filter((k) => k.name === 'Identity').length;
}

describe('lightTape: tensors kept for the backward pass without an Identity op each', () => {
  beforeAll(async () => {
    await initBackend('wasm');
  });

  it('removes the Identity ops of a recorded forward pass', async () => {
    const plain = await withOptions(PLAIN, async () => {
      syncLightTape();
      expect(lightTapeInstalled()).toBe(false);
      return identityOps();
    });
    const light = await withOptions(ALL, async () => {
      syncLightTape();
      expect(lightTapeInstalled()).toBe(true);
      return identityOps();
    });
    expect(plain).toBeGreaterThanOrEqual(4); // two multiplications save both inputs each
    expect(light).toBe(0);
  });

  it('gives the same first and second derivatives (nested tapes keep TF.js’ own copies)', () => {
    withOptions(ALL, () => {
      syncLightTape();
      const x = tf.tensor1d([1, -2, 0.5]);
      const first = tf.grad(cube)(x);
      const second = tf.grad((y: tf.Tensor) => tf.sum(tf.grad(cube)(y)))(x);
      expect(Array.from(first.dataSync())).toEqual([3, 12, 0.75]);
      expect(Array.from(second.dataSync())).toEqual([6, -12, 3]);
      tf.dispose([x, first, second]);
    });
  });

  it('leaves no tensors behind after a gradient step', () => {
    withOptions(ALL, () => {
      syncLightTape();
      const v = tf.variable(tf.tensor1d([1, 2, 3]));
      const step = () => {
        const { value, grads } = tf.variableGrads(() => cube(v) as tf.Scalar, [v]);
        tf.dispose([value, ...Object.values(grads)]);
      };
      step();
      const before = tf.memory().numTensors;
      for (let i = 0; i < 5; i++) step();
      expect(tf.memory().numTensors).toBe(before);
      v.dispose();
    });
  });
});
