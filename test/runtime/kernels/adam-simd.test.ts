import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { assembleSimd } from '../../../scripts/generate-simd.ts';
import type { LabeledData } from '../../../src/runtime/components.ts';
import { initBackend, trainVae } from '../../../src/runtime/index.ts';
import { Adam, PACKED_MAX_SIZE } from '../../../src/runtime/kernels/adam.ts';
import { adamSimdLoop } from '../../../src/runtime/kernels/adam-simd.ts';
import { ADAM_SIMD_WASM_BASE64 } from '../../../src/runtime/kernels/adam-simd.wasm.ts';
import { type KernelOptions, setKernelOptions } from '../../../src/runtime/kernels/options.ts';
import { Random } from '../../../src/runtime/random.ts';
import { vaeConfig } from '../models/fixtures.ts';
import { ALL, PLAIN, seededValues, withOptions } from './kernel-fixtures.ts';

const WITHOUT_SIMD: KernelOptions = { ...ALL, simdAdam: false };
const bits = (a: Float32Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);

/** parameters after `steps` Adam updates of Σ (p − target)² over variables of the given sizes */
function optimise(sizes: number[], steps: number): Float32Array[] {
  const variables = sizes.map((n, i) => tf.variable(tf.tensor1d(seededValues(n, 40 + i))));
  const targets = sizes.map((n, i) => tf.tensor1d(seededValues(n, 50 + i)));
  const adam = new Adam(variables, { lr: 0.05 });
  for (let s = 0; s < steps; s++) {
    // gradients of growing and shrinking size, so the moments and the bias corrections matter
    const grads = variables.map((p, i) => tf.tidy(() => tf.mul(tf.sub(p, targets[i]), 2 + s)));
    adam.step(grads);
    tf.dispose(grads);
  }
  const out = variables.map((v) => v.dataSync() as Float32Array);
  adam.dispose();
  tf.dispose([...variables, ...targets]);
  return out;
}

describe('Adam as one SIMD loop on the wasm heap (option simdAdam)', () => {
  beforeAll(async () => {
    await initBackend('wasm');
  });

  it('the committed module is what adam-simd.wat assembles to (else: npx tsx scripts/generate-simd.ts)', async () => {
    expect(Buffer.from(await assembleSimd('adam-simd')).toString('base64')).toBe(ADAM_SIMD_WASM_BASE64);
  });

  it('binds to the wasm backend’s memory', () => {
    expect(adamSimdLoop('adam')).not.toBeNull();
  });

  it('gives the op path’s parameters bit for bit over 25 steps (a length that leaves a 3-value tail)', () => {
    const large = PACKED_MAX_SIZE + 11;
    const ops = withOptions(WITHOUT_SIMD, () => optimise([12, large], 25));
    const simd = withOptions(ALL, () => optimise([12, large], 25));
    expect(bits(simd[1]).equals(bits(ops[1]))).toBe(true);
    expect(bits(simd[0]).equals(bits(ops[0]))).toBe(true); // the small one stays on the packed path
    // and it moved: 25 steps of lr 0.05 take each value up to 1.25 towards its target
    let moved = 0;
    const start = seededValues(large, 41);
    for (let i = 0; i < large; i++) moved = Math.max(moved, Math.abs(simd[1][i] - start[i]));
    expect(moved).toBeGreaterThan(0.5);
  });

  it('the packed small variables: the double-precision SIMD loop gives the JS loop’s parameters bit for bit (odd sizes, 25 steps)', () => {
    expect(adamSimdLoop('packed')).not.toBeNull();
    const sizes = [7, 12, 1001, 33, 1];
    const loop = withOptions(WITHOUT_SIMD, () => optimise(sizes, 25));
    const simd = withOptions(ALL, () => optimise(sizes, 25));
    for (let i = 0; i < sizes.length; i++) expect(bits(simd[i]).equals(bits(loop[i])), `size ${sizes[i]}`).toBe(true);
    expect(simd[2].some((v, i) => v !== seededValues(1001, 42)[i])).toBe(true);
  });

  it('leaves no tensor behind: the packed moments on the heap go with dispose()', () => {
    // (optimise itself leaves each variable's initial tensor behind: compare with the JS loop's count)
    const growth = (options: KernelOptions) =>
      withOptions(options, () => {
        const tensors = tf.memory().numTensors;
        optimise([5, 9], 3);
        return tf.memory().numTensors - tensors;
      });
    expect(growth(ALL)).toBe(growth(WITHOUT_SIMD));
    expect(growth(ALL)).toBeLessThanOrEqual(2);
  });

  it('on the plain path (no packing) every variable, small ones too, matches the ops bit for bit', () => {
    const ops = withOptions(PLAIN, () => optimise([7, 1001], 10));
    const simd = withOptions({ ...PLAIN, simdAdam: true }, () => optimise([7, 1001], 10));
    for (let i = 0; i < 2; i++) expect(bits(simd[i]).equals(bits(ops[i]))).toBe(true);
  });

  it("augc's trainVae with a large layer (300 → 256: 76 800 weights) records the same losses, bit for bit", async () => {
    const rng = new Random(9);
    const rows = 64;
    const data: LabeledData = {
      x: Float32Array.from({ length: rows * 300 }, () => rng.uniform()),
      y: Int32Array.from({ length: rows }, (_, i) => i % 2),
      rows,
      features: 300,
      numClasses: 2,
      imageShape: null,
      groups: [],
    };
    const config = vaeConfig({
      name: 'wide',
      mode: 'single',
      encoder: { kind: 'dense', widths: [256] },
      decoder: { kind: 'dense', widths: [256] },
      train: { steps: 30, epochs: null, batch: 16, lr: 0.003, optimizer: 'adam' },
    });
    const run = async (options: KernelOptions) => {
      const previous = setKernelOptions(options); // for the whole (async) training
      try {
        const vae = await trainVae(config, data, { seed: 4, checkpoints: [] });
        const totals = vae.history.map((r) => r.total);
        vae.dispose();
        return totals;
      } finally {
        setKernelOptions(previous);
      }
    };
    const ops = await run(WITHOUT_SIMD);
    const simd = await run(ALL);
    expect(simd).toHaveLength(30);
    expect(simd).toEqual(ops);
    expect(simd[29]).toBeLessThan(simd[0]); // it trained
  });
});
