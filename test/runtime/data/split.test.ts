import { describe, expect, it } from 'vitest';
import { loadDataset, sampleShots, splitDataset, stratifiedSplit } from '../../../src/runtime/data/index.ts';
import { parseProben1 } from '../../../src/runtime/data/sources/proben1.ts';

const classCounts = (y: Int32Array, rows: Int32Array, k: number) => {
  const c = new Array(k).fill(0);
  for (const r of rows) c[y[r]]++;
  return c;
};

describe('splits', () => {
  it('stratified ratios cut every class the same way, exactly, disjointly and covering all rows', async () => {
    const iris = await loadDataset({ kind: 'iris' });
    const parts = splitDataset(iris, { kind: 'stratified', ratios: { pool: 0.5, test: 0.5 }, seed: 7, fitOn: 'pool' });
    expect(classCounts(iris.y, parts.pool, 3)).toEqual([25, 25, 25]);
    expect(classCounts(iris.y, parts.test, 3)).toEqual([25, 25, 25]);
    const seen = new Set([...parts.pool, ...parts.test]);
    expect(seen.size).toBe(150);
    const uneven = stratifiedSplit(iris.y, 3, { train: 0.7, validation: 0.2, test: 0.1 }, 1);
    expect(classCounts(iris.y, uneven.train, 3)).toEqual([35, 35, 35]);
    expect(classCounts(iris.y, uneven.validation, 3)).toEqual([10, 10, 10]);
    expect(classCounts(iris.y, uneven.test, 3)).toEqual([5, 5, 5]);
  });

  it('largest-remainder rounding: parts of a class add up to the class size', () => {
    const y = Int32Array.from([0, 0, 0, 0, 0, 0, 0, 1, 1, 1]); // 7 and 3
    const parts = stratifiedSplit(y, 2, { a: 1, b: 1, c: 1 }, 4);
    expect(classCounts(y, parts.a, 2)).toEqual([3, 1]);
    expect(classCounts(y, parts.b, 2)).toEqual([2, 1]);
    expect(classCounts(y, parts.c, 2)).toEqual([2, 1]);
    expect(() => stratifiedSplit(y, 2, { a: -1, b: 2 }, 1)).toThrow('non-negative ratios');
  });

  it('the same seed gives the same split, another seed another', async () => {
    const iris = await loadDataset({ kind: 'iris' });
    const split = (seed: number) => splitDataset(iris, { kind: 'stratified', ratios: { pool: 0.5, test: 0.5 }, seed, fitOn: 'pool' });
    expect(Array.from(split(11).test)).toEqual(Array.from(split(11).test));
    expect(Array.from(split(12).test)).not.toEqual(Array.from(split(11).test));
  });

  it('a partition split takes the source parts, and says which parts exist when one is missing', async () => {
    const head = 'bool_in=0\nreal_in=1\nbool_out=2\nreal_out=0\ntraining_examples=2\nvalidation_examples=1\ntest_examples=1\n';
    const d = parseProben1(`${head}0.1 1 0\n0.2 0 1\n0.3 1 0\n0.4 0 1\n`, 't.dt', 'proben1:t');
    const parts = splitDataset(d, { kind: 'partition', parts: ['train', 'test'], fitOn: 'train' });
    expect(Array.from(parts.train)).toEqual([0, 1]);
    expect(Array.from(parts.test)).toEqual([3]);
    expect(() => splitDataset(d, { kind: 'partition', parts: ['pool'], fitOn: 'pool' })).toThrow(
      "Dataset 'proben1:t' has no part 'pool'; its parts are train, validation, test.",
    );
    const iris = await loadDataset({ kind: 'iris' });
    expect(() => splitDataset(iris, { kind: 'partition', parts: ['train'], fitOn: 'train' })).toThrow(
      'it has no partition of its own; use a stratified split',
    );
  });
});

describe('few-shot sampling', () => {
  const y = Int32Array.from({ length: 60 }, (_, i) => i % 3);
  const from = Int32Array.from({ length: 45 }, (_, i) => i);

  it('exactly n per class, all from the given part, without repeats, grouped by class', () => {
    const shots = sampleShots(y, from, 5, 9, ['a', 'b', 'c']);
    expect(shots.length).toBe(15);
    expect(classCounts(y, shots, 3)).toEqual([5, 5, 5]);
    expect(new Set(shots).size).toBe(15);
    expect(Array.from(shots).every((r) => r < 45)).toBe(true);
    expect(Array.from(shots.subarray(0, 5)).every((r) => y[r] === 0)).toBe(true);
  });

  it('seeded: the same seed repeats the sample, another seed changes it', () => {
    const a = Array.from(sampleShots(y, from, 4, 1, ['a', 'b', 'c']));
    expect(Array.from(sampleShots(y, from, 4, 1, ['a', 'b', 'c']))).toEqual(a);
    expect(Array.from(sampleShots(y, from, 4, 2, ['a', 'b', 'c']))).not.toEqual(a);
  });

  it('a class with fewer examples than asked for is an error naming it', () => {
    const part = Int32Array.from([0, 1, 2, 3, 4, 6, 7, 9, 10]); // a: 0 3 6 9, b: 1 4 7 10, c: 2
    expect(Array.from(sampleShots(y, part, 1, 1, ['a', 'b', 'c'])).map((r) => y[r])).toEqual([0, 1, 2]);
    expect(() => sampleShots(y, part, 3, 1, ['a', 'b', 'c'])).toThrow(
      "Class 'c' has 1 example in the part, fewer than the 3 shots asked for.",
    );
    expect(() => sampleShots(y, part, 0, 1, ['a', 'b', 'c'])).toThrow('positive integer');
    // cap: class 'c' gives its one row; the other classes draw as they would without cap
    const capped = Array.from(sampleShots(y, part, 3, 1, ['a', 'b', 'c'], true));
    expect(capped.map((r) => y[r])).toEqual([0, 0, 0, 1, 1, 1, 2]);
    const enough = Int32Array.from([...part, 5, 8]); // c: 2 5 8, a and b unchanged
    expect(capped.slice(0, 6)).toEqual(Array.from(sampleShots(y, enough, 3, 1, ['a', 'b', 'c'])).slice(0, 6));
  });
});
