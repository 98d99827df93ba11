import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../src/runtime/backend/init-backend.ts';
import { nearestNeighbours } from '../../../src/runtime/sampling/neighbours.ts';
import { Random } from '../../../src/runtime/random.ts';

beforeAll(async () => {
  await initBackend();
});

describe('nearestNeighbours', () => {
  it('finds the nearest other members on a line, nearest first, never the point itself', () => {
    const points = Float32Array.from([0, 10, 1, 3, 100, 4]); // 1-D
    const members = Int32Array.from([0, 2, 3, 5, 1]);
    const found = nearestNeighbours(points, 1, members, 2).map((a) => Array.from(a));
    expect(found).toEqual([
      [2, 3], // 0 → 1, 3
      [0, 3], // 1 → 0 (1), 3 (2)
      [5, 2], // 3 → 4 (1), 1 (2)
      [3, 2], // 4 → 3 (1), then 1 (3)
      [5, 3], // 10 → 4 (6), 3 (7)
    ]);
  });

  it('caps k at the other members and gives none to a lone point', () => {
    const points = Float32Array.from([0, 0, 1, 1]);
    expect(nearestNeighbours(points, 2, Int32Array.from([0, 1]), 5).map((a) => Array.from(a))).toEqual([[1], [0]]);
    expect(nearestNeighbours(points, 2, Int32Array.from([1]), 3).map((a) => a.length)).toEqual([0]);
  });

  it('gives the same neighbours on the large-set (TF.js) path as an exact search', () => {
    const rng = new Random(9);
    const n = 900;
    const dim = 64; // 900² · 64 > 5e7: the tensor path
    const points = Float32Array.from({ length: n * dim }, () => rng.normal());
    const members = Int32Array.from({ length: n }, (_, i) => i);
    const before = tf.memory().numTensors;
    const found = nearestNeighbours(points, dim, members, 3);
    expect(tf.memory().numTensors).toBe(before);
    for (const a of [0, 17, 450, 899]) {
      const d = (b: number) => {
        let s = 0;
        for (let j = 0; j < dim; j++) s += (points[a * dim + j] - points[b * dim + j]) ** 2;
        return s;
      };
      const exact = Array.from(members)
        .filter((b) => b !== a)
        .sort((p, q) => d(p) - d(q))
        .slice(0, 3);
      expect(Array.from(found[a])).toEqual(exact);
    }
  });
});
