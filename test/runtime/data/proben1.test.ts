import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDataset, readMetadata } from '../../../src/runtime/data/index.ts';
import { parseProben1 } from '../../../src/runtime/data/sources/proben1.ts';

const DATA = process.env.AUGC_DATA_PATH?.split(':')[0] ?? '';

/** inputs, classes, train/validation/test — from Prechelt's report and each .dt header */
const SETS = {
  card: { inputs: 51, classes: 2, parts: [345, 173, 172] },
  diabetes: { inputs: 8, classes: 2, parts: [384, 192, 192] },
  gene: { inputs: 120, classes: 3, parts: [1588, 794, 793] },
  glass: { inputs: 9, classes: 6, parts: [107, 54, 53] },
  horse: { inputs: 58, classes: 3, parts: [182, 91, 91] },
  thyroid: { inputs: 21, classes: 3, parts: [3600, 1800, 1800] },
} as const;

function header(name: string, permutation: number): Record<string, number> {
  const text = readFileSync(join(DATA, 'proben1', name, `${name}${permutation}.dt`), 'utf8');
  return Object.fromEntries(
    text
      .split('\n')
      .slice(0, 7)
      .map((l) => l.split('='))
      .map(([k, v]) => [k, Number(v)]),
  );
}

describe.skipIf(!process.env.AUGC_DATA_PATH)('PROBEN1 sets (need AUGC_DATA_PATH=…/shared/datasets)', () => {
  for (const [name, expected] of Object.entries(SETS)) {
    it(`${name}: rows, inputs, classes and parts match the .dt header`, async () => {
      const h = header(name, 1);
      const m = await readMetadata({ kind: 'proben1', name: name as keyof typeof SETS, permutation: 1 });
      expect([h.training_examples, h.validation_examples, h.test_examples]).toEqual(expected.parts);
      expect(m.parts).toEqual({ train: expected.parts[0], validation: expected.parts[1], test: expected.parts[2] });
      expect(m.rows).toBe(expected.parts[0] + expected.parts[1] + expected.parts[2]);
      expect(m.features).toBe(h.bool_in + h.real_in);
      expect(m.features).toBe(expected.inputs);
      expect(m.encodedFeatures).toBe(expected.inputs);
      expect(m.classes).toHaveLength(h.bool_out);
      expect(m.classes).toHaveLength(expected.classes);
      for (const part of ['train', 'validation', 'test'] as const) {
        expect(m.partClassCounts[part]!.reduce((s, n) => s + n, 0)).toBe(m.parts[part]);
      }
      expect(m.classes.reduce((s, c) => s + c.count, 0)).toBe(m.rows);
    });
  }

  it('thyroid: class counts per part, binary inputs, the first row as in the file', async () => {
    const d = await loadDataset({ kind: 'proben1', name: 'thyroid', permutation: 1 });
    expect(d.metadata.classes.map((c) => c.count)).toEqual([166, 368, 6666]);
    expect(d.metadata.partClassCounts.train).toEqual([91, 181, 3328]);
    expect(d.metadata.columns.filter((c) => c.type === 'binary')).toHaveLength(15);
    expect(Array.from(d.x.subarray(0, 3))).toEqual([Math.fround(0.73), 0, 1]);
    expect(d.y[0]).toBe(2);
    expect(d.partition.test![0]).toBe(5400);
  });

  it('gene: 120 binary inputs in {−1, 1}; permutations 2 and 3 hold the same rows in another order', async () => {
    const m1 = await readMetadata({ kind: 'proben1', name: 'gene', permutation: 1 });
    const m2 = await readMetadata({ kind: 'proben1', name: 'gene', permutation: 2 });
    expect(m1.columns.every((c) => c.type === 'binary' && c.min === -1 && c.max === 1)).toBe(true);
    expect(m2.classes).toEqual(m1.classes);
    expect(m2.partClassCounts.train).not.toEqual(m1.partClassCounts.train);
  });
});

describe('PROBEN1 .dt parsing (generated text)', () => {
  const head = 'bool_in=1\nreal_in=1\nbool_out=2\nreal_out=0\ntraining_examples=2\nvalidation_examples=1\ntest_examples=1\n';
  it('reads rows, one-hot classes and the partition', () => {
    const d = parseProben1(`${head}1 0.5 0 1\n0 0.25 1 0\n1 0.75 1 0\n0 1 0 1\n`, 'tiny.dt', 'tiny');
    expect(Array.from(d.y)).toEqual([1, 0, 0, 1]);
    expect(Array.from(d.x)).toEqual([1, 0.5, 0, 0.25, 1, 0.75, 0, 1]);
    expect(d.metadata.columns.map((c) => c.type)).toEqual(['binary', 'continuous']);
    expect(Array.from(d.partition.validation!)).toEqual([2]);
  });
  it('names the file and line of a ragged row', () => {
    expect(() => parseProben1(`${head}1 0.5 0 1\n0 0.25 1\n`, 'tiny.dt', 'tiny')).toThrow('tiny.dt:9: 3 values, expected 4');
  });
  it('names the file and line of text in a numeric value', () => {
    expect(() => parseProben1(`${head}1 abc 0 1\n`, 'tiny.dt', 'tiny')).toThrow("tiny.dt:8: value 2 'abc' is not a number");
  });
  it('names the line of an empty class vector', () => {
    expect(() => parseProben1(`${head}1 0.5 0 1\n1 0.5 0 0\n`, 'tiny.dt', 'tiny')).toThrow('tiny.dt:9: the class vector has no 1');
    expect(() => parseProben1(`${head}1 0.5 1 1\n`, 'tiny.dt', 'tiny')).toThrow(
      "tiny.dt:8: the class vector '1 1' names 2 classes (unknown label).",
    );
  });
  it('rejects a bad header line and a row count that differs from the header', () => {
    expect(() => parseProben1('', 'e.dt', 'e')).toThrow("e.dt:1: expected the PROBEN1 header line 'bool_in=N'");
    expect(() => parseProben1(`${head}1 0.5 0 1\n`, 'tiny.dt', 'tiny')).toThrow('tiny.dt: 1 examples, but the header announces 4');
  });
});
