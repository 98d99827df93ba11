import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ClassifierNode } from '../../../src/plan/types.ts';
import { initBackend, trainClassifier } from '../../../src/runtime/index.ts';
import { assembleSimd } from '../../../scripts/generate-simd.ts';
import { fusedClassifierAvailable, fusedCrossEntropy, fusedNormDropout } from '../../../src/runtime/kernels/fused-classifier.ts';
import { normSimd } from '../../../src/runtime/kernels/norm-dropout-loops.ts';
import { NORM_SIMD_WASM_BASE64 } from '../../../src/runtime/kernels/norm-simd.wasm.ts';
import { setKernelOptions } from '../../../src/runtime/kernels/options.ts';
import { buildClassifierNetwork } from '../../../src/runtime/models/classifier-network.ts';
import { classifierLoss } from '../../../src/runtime/models/dense-classifier.ts';
import { initParams, toTensors } from '../../../src/runtime/models/param-store.ts';
import { Random } from '../../../src/runtime/random.ts';
import { ALL, maxRelativeDifference, seededValues, withOptions } from './kernel-fixtures.ts';

const WITHOUT = { ...ALL, fusedNorm: false };

/** the PROBEN1 reference classifier's layers (bench/classifier-cases.ts' clf-mlp) */
const REFERENCE_MLP: ClassifierNode = {
  name: 'mlp_ref',
  kind: 'mlp',
  hidden: [128, 256, 512],
  convFilters: [],
  activation: 'leaky_relu',
  batchNorm: true,
  dropout: 0.1,
  steps: null,
  epochs: 1,
  epochsPer: 'cell',
  batch: 32,
  lr: 1e-3,
  optimizer: 'adam',
  earlyStopping: null,
};
const [ROWS, EPSILON] = [16, 1e-5];

type Norm = { gamma: tf.Tensor; beta: tf.Tensor; epsilon: number } | null;

/** batch norm (batch statistics) then dropout by TF.js' own ops: the reference */
function plainNormDropout(x: tf.Tensor, norm: Norm, dropout: { rate: number; seed: number } | null) {
  let y = x;
  let stats: { mean: tf.Tensor; variance: tf.Tensor } | null = null;
  if (norm) {
    const { mean, variance } = tf.moments(x, [0, 1]);
    stats = { mean, variance: tf.mul(variance, ROWS / (ROWS - 1)) };
    y = tf.add(tf.mul(tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, norm.epsilon))), norm.gamma), norm.beta);
  }
  if (dropout) y = tf.dropout(y, dropout.rate, undefined, dropout.seed);
  return { y, stats };
}

/** the layer's output, statistics and the gradients of Σ y ⊙ r w.r.t. x, γ, β on one path */
function layer(fused: boolean, withNorm: boolean, rate: number, UNITS = 6) {
  return tf.tidy(() => {
    const x = tf.tensor3d(seededValues(ROWS * UNITS, 1, 2), [1, ROWS, UNITS]);
    const gamma = tf.tensor1d(seededValues(UNITS, 2, 0.5).map((v) => 1 + v));
    const beta = tf.tensor1d(seededValues(UNITS, 3, 0.5));
    const r = tf.tensor3d(seededValues(ROWS * UNITS, 4), [1, ROWS, UNITS]);
    const dropout = rate > 0 ? { rate, seed: 7 } : null;
    const apply = (a: tf.Tensor, g: tf.Tensor, b: tf.Tensor) => {
      const norm = withNorm ? { gamma: g, beta: b, epsilon: EPSILON } : null;
      return fused ? fusedNormDropout(a, norm, dropout) : plainNormDropout(a, norm, dropout);
    };
    const out = apply(x, gamma, beta);
    const f = (a: tf.Tensor, g: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(apply(a, g, b).y, r));
    const grads = withNorm ? tf.grads(f)([x, gamma, beta]) : [tf.grad((a: tf.Tensor) => f(a, gamma, beta))(x)];
    return {
      y: out.y.dataSync(),
      mean: out.stats?.mean.dataSync() ?? new Float32Array(0),
      variance: out.stats?.variance.dataSync() ?? new Float32Array(0),
      grads: grads.map((g) => g.dataSync()),
    };
  });
}

describe('the classifier’s batch norm, dropout and cross-entropy as kernels', () => {
  beforeAll(async () => {
    await initBackend('wasm');
  });

  // 6 features take the JS loops, 8 the SIMD ones (norm-simd.wat: whole groups of four)
  for (const units of [6, 8]) {
    for (const [name, withNorm, rate] of [
      ['batch norm and dropout', true, 0.3],
      ['batch norm alone', true, 0],
      ['dropout alone', false, 0.5],
    ] as const) {
      it(`${name}, ${units} features: values, batch statistics and gradients equal the plain ops'`, () => {
        const plain = withOptions(WITHOUT, () => layer(false, withNorm, rate, units));
        const fused = withOptions(ALL, () => (fusedClassifierAvailable() ? layer(true, withNorm, rate, units) : null));
        expect(fused).not.toBeNull();
        if (!fused) return;
        expect(maxRelativeDifference(fused.y, plain.y)).toBeLessThan(1e-5);
        if (withNorm) {
          expect(maxRelativeDifference(fused.mean, plain.mean)).toBeLessThan(1e-6);
          expect(maxRelativeDifference(fused.variance, plain.variance)).toBeLessThan(1e-5);
        }
        expect(fused.grads).toHaveLength(plain.grads.length);
        for (const [i, g] of fused.grads.entries()) expect(maxRelativeDifference(g, plain.grads[i])).toBeLessThan(1e-4);
        // dropout zeroes some outputs and no gradient flows through them
        if (rate > 0) {
          const zeros = fused.y.filter((v) => v === 0).length;
          expect(zeros).toBeGreaterThan(0.1 * fused.y.length);
          expect(zeros).toBeLessThan(0.9 * fused.y.length);
        }
      });
    }
  }

  it('the SIMD batch norm is there on wasm for whole groups of four features, and its bytes are what norm-simd.wat assembles to', async () => {
    expect(normSimd(8)).not.toBeNull();
    expect(normSimd(6)).toBeNull();
    expect(Buffer.from(await assembleSimd('norm-simd')).toString('base64')).toBe(NORM_SIMD_WASM_BASE64);
  });

  it('batch norm by hand: each feature comes out with mean β and standard deviation γ', () => {
    withOptions(ALL, () => {
      fusedClassifierAvailable();
      const x = tf.tensor3d([1, 10, 2, 20, 3, 30, 4, 40], [1, 4, 2]);
      const { y, stats } = fusedNormDropout(x, { gamma: tf.tensor1d([2, 1]), beta: tf.tensor1d([5, -1]), epsilon: 0 }, null);
      // feature 0: 1..4, mean 2.5, biased variance 1.25, unbiased 5/3
      expect(Array.from(stats?.mean.dataSync() ?? [])).toEqual([2.5, 25]);
      expect(stats?.variance.dataSync()[0]).toBeCloseTo(5 / 3, 6);
      const v = y.dataSync();
      const feature0 = [v[0], v[2], v[4], v[6]];
      expect(feature0.reduce((a, b) => a + b) / 4).toBeCloseTo(5, 5);
      expect(Math.sqrt(feature0.reduce((a, b) => a + (b - 5) ** 2, 0) / 4)).toBeCloseTo(2, 5);
      expect(v[0]).toBeCloseTo(5 - 1.5 * (2 / Math.sqrt(1.25)), 5);
      tf.dispose([x, y]);
      if (stats) tf.dispose([stats.mean, stats.variance]);
    });
  });

  it('cross-entropy: value and gradient equal the plain ops', () => {
    const labels = Int32Array.from({ length: 9 }, (_, i) => (i * 7) % 4);
    const run = (fused: boolean) =>
      tf.tidy(() => {
        const logits = tf.tensor2d(seededValues(9 * 4, 5, 3), [9, 4]);
        const loss = (l: tf.Tensor) => (fused ? fusedCrossEntropy(l as tf.Tensor2D, labels) : classifierLoss(l as tf.Tensor2D, labels));
        const { value, grad } = tf.valueAndGrad(loss)(logits);
        return { value: value.dataSync()[0], grad: grad.dataSync() };
      });
    const plain = withOptions(WITHOUT, () => run(false));
    const fused = withOptions(ALL, () => (fusedClassifierAvailable() ? run(true) : null));
    expect(fused).not.toBeNull();
    expect(plain.value).toBeGreaterThan(0.5);
    expect(Math.abs((fused?.value ?? 0) - plain.value)).toBeLessThan(1e-5 * plain.value);
    expect(maxRelativeDifference(fused?.grad ?? [], plain.grad)).toBeLessThan(1e-6);
  });

  it('cross-entropy by hand: uniform logits over 4 classes cost log 4', () => {
    withOptions(ALL, () => {
      fusedClassifierAvailable();
      const loss = fusedCrossEntropy(tf.zeros([3, 4]) as tf.Tensor2D, Int32Array.of(0, 1, 3));
      expect(loss.dataSync()[0]).toBeCloseTo(Math.log(4), 6);
      loss.dispose();
    });
  });

  it('the reference MLP (leaky ReLU, batch norm, dropout): every parameter’s gradient equals the plain ops’', () => {
    const config = { ...REFERENCE_MLP, hidden: [12, 8] };
    const net = buildClassifierNetwork(config, 36, 3, null);
    const arrays = initParams(net.specs, new Random(1));
    const rng = new Random(3);
    const xs = Float32Array.from({ length: 8 * 36 }, () => rng.uniform());
    const labels = Int32Array.from({ length: 8 }, (_, i) => i % 3);
    const gradients = (fused: boolean) =>
      tf.tidy(() => {
        const params = toTensors(arrays);
        const names = Object.keys(params);
        const x = tf.tensor2d(xs, [8, 36]);
        const loss = (...values: tf.Tensor[]) => {
          const p = Object.fromEntries(names.map((n, i) => [n, values[i]]));
          const { logits } = net.forward(p, {}, x, 11);
          return fused ? fusedCrossEntropy(logits, labels) : classifierLoss(logits, labels);
        };
        const grads = tf.grads(loss)(names.map((n) => params[n]));
        return Object.fromEntries(names.map((n, i) => [n, grads[i].dataSync()]));
      });
    const plain = withOptions(WITHOUT, () => gradients(false));
    const fused = withOptions(ALL, () => (fusedClassifierAvailable() ? gradients(true) : null));
    expect(fused).not.toBeNull();
    expect(Object.keys(fused ?? {})).toEqual(Object.keys(plain));
    expect(Object.keys(plain)).toContain('bn.1.gamma');
    for (const [name, g] of Object.entries(plain)) {
      expect(
        g.some((v) => v !== 0),
        name,
      ).toBe(true);
      expect(maxRelativeDifference(fused?.[name] ?? [], g), name).toBeLessThan(1e-5);
    }
  });

  it('leaves no tensor behind over repeated steps', () => {
    withOptions(ALL, () => {
      layer(true, true, 0.3);
      layer(true, false, 0.3);
      const tensors = tf.memory().numTensors;
      for (let i = 0; i < 20; i++) {
        layer(true, true, 0.3);
        layer(true, false, 0.3);
        layer(true, true, 0);
      }
      expect(tf.memory().numTensors).toBe(tensors);
    });
  });

  // Before a batch norm, a unit whose rows all sit on ReLU's linear side has a dense-bias gradient of
  // exactly 0 in exact arithmetic (the norm removes the mean), so the float32 rounding noise of its
  // sums (~1e-8, on either path) is of the size of Adam's ε there and sets a step of up to ~lr/2:
  // two runs part by an amount that grows with lr and with the noise (1e-2 of the loss at lr 1e-3
  // with the SIMD kernel's float32 sums). The MLP case allows that; the CNN case (no batch norm)
  // follows to float rounding; the network's gradients agree to 1e-5 (the test above).
  for (const [name, convFilters, batchNorm, tolerance] of [
    ['an MLP with batch norm and dropout', [], true, 2e-2],
    ['a small CNN (dropout after each block)', [4], false, 1e-5],
  ] as const) {
    it(`${name} trains along the plain ops' loss trajectory over 30 steps`, async () => {
      const config: ClassifierNode = {
        name: 'net',
        kind: convFilters.length > 0 ? 'cnn' : 'mlp',
        hidden: [12, 8],
        convFilters: [...convFilters],
        activation: 'relu',
        batchNorm,
        dropout: 0.2,
        steps: 30,
        epochs: null,
        epochsPer: 'cell',
        batch: 8,
        lr: 1e-3,
        optimizer: 'adam',
        earlyStopping: null,
      };
      const rng = new Random(3);
      const rows = 48;
      const features = 36;
      const x = Float32Array.from({ length: rows * features }, () => rng.uniform());
      const y = Int32Array.from({ length: rows }, (_, i) => i % 3);
      const imageShape = convFilters.length > 0 ? ([6, 6, 1] as [number, number, number]) : null;
      const data = { x, y, rows, features, numClasses: 3, imageShape, groups: [] };
      const train = async (options: typeof ALL) => {
        const history: number[] = [];
        const restore = setKernelOptions(options);
        try {
          const trained = await trainClassifier(config, data, null, { seed: 5, steps: 30, onProgress: (p) => history.push(p.loss) });
          const probabilities = trained.predictProba(x, rows);
          trained.dispose();
          return { history, probabilities };
        } finally {
          setKernelOptions(restore);
        }
      };
      const plain = await train(WITHOUT);
      const fused = await train(ALL);
      expect(fused.history.length).toBeGreaterThan(0);
      expect(fused.history).toHaveLength(plain.history.length);
      expect(maxRelativeDifference(fused.history, plain.history)).toBeLessThan(tolerance);
      // inference uses the running statistics the fused kernel's batch statistics fed
      expect(maxRelativeDifference(fused.probabilities, plain.probabilities)).toBeLessThan(2 * tolerance);
    });
  }
});
