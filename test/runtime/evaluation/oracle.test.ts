import { describe, expect, it } from 'vitest';
import { labelFidelity } from '../../../src/runtime/evaluation/generated-quality.ts';
import type { Rows } from '../../../src/runtime/evaluation/logistic-regression.ts';
import { loadOracle, oraclePredict, saveOracle, trainOracle } from '../../../src/runtime/evaluation/oracle.ts';
import { Random } from '../../../src/runtime/random.ts';

/** XOR of the signs of two coordinates: no linear model separates it, a small network does. */
function xor(rows: number, seed: number): Rows {
  const rng = new Random(seed);
  const x = new Float32Array(rows * 2);
  const y = new Int32Array(rows);
  for (let i = 0; i < rows; i++) {
    const a = rng.uniform() < 0.5 ? -1 : 1;
    const b = rng.uniform() < 0.5 ? -1 : 1;
    x[i * 2] = a + 0.2 * rng.normal();
    x[i * 2 + 1] = b + 0.2 * rng.normal();
    y[i] = a * b > 0 ? 1 : 0;
  }
  return { x, y, rows, features: 2, numClasses: 2 };
}

const accuracy = (p: Int32Array, y: Int32Array) => p.reduce((n, v, i) => n + (v === y[i] ? 1 : 0), 0) / y.length;

describe('label-fidelity oracle', () => {
  it('the network oracle learns a non-linear class boundary that logistic regression cannot', () => {
    const train = xor(400, 1);
    const test = xor(200, 2);
    const network = trainOracle('network', train, null, 3);
    expect(network.heldOut).toBe('holdout');
    expect(accuracy(oraclePredict(network, test.x, test.rows), test.y)).toBeGreaterThan(0.97);
    const linear = trainOracle('logistic', train, null, 3);
    expect(accuracy(oraclePredict(linear, test.x, test.rows), test.y)).toBeLessThan(0.7);
  });

  it('round-trips through the cache with the same predictions', () => {
    const train = xor(200, 4);
    const test = xor(100, 5);
    for (const kind of ['network', 'logistic'] as const) {
      const oracle = trainOracle(kind, train, xor(60, 6), 7);
      expect(oracle.heldOut).toBe('validation');
      const restored = loadOracle(saveOracle(oracle));
      expect(Array.from(oraclePredict(restored, test.x, test.rows))).toEqual(Array.from(oraclePredict(oracle, test.x, test.rows)));
    }
  });

  it('gives label fidelity 1 for correctly labelled rows and 0 for flipped labels', () => {
    const oracle = trainOracle('network', xor(400, 8), null, 9);
    const generated = xor(100, 10);
    const predicted = oraclePredict(oracle, generated.x, generated.rows);
    expect(labelFidelity(generated.y, predicted)).toBeGreaterThan(0.97);
    expect(
      labelFidelity(
        Int32Array.from(generated.y, (c) => 1 - c),
        predicted,
      ),
    ).toBeLessThan(0.03);
  });
});
