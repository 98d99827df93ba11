import { describe, expect, it } from 'vitest';
import { CorruptArtifactError, decodeArtifact, encodeArtifact } from '../../../src/runtime/execution/artifact-codec.ts';
import { canonicalJson, fixedNumber } from '../../../src/runtime/results/canonical-json.ts';

describe('artifact codec', () => {
  const artifact = {
    json: { rows: 3, name: 'vae' },
    arrays: { w: Float32Array.of(0.5, -1.25, 3e-8), y: Int32Array.of(2, 0, -7), empty: new Float32Array(0) },
  };

  it('round-trips JSON and typed arrays exactly, into fresh buffers', () => {
    const bytes = encodeArtifact(artifact);
    const back = decodeArtifact(bytes);
    expect(back.json).toEqual({ rows: 3, name: 'vae' });
    expect(back.arrays.w).toBeInstanceOf(Float32Array);
    expect(Array.from(back.arrays.w)).toEqual(Array.from(artifact.arrays.w));
    expect(Array.from(back.arrays.y)).toEqual([2, 0, -7]);
    expect(back.arrays.empty.length).toBe(0);
    bytes.fill(0); // the decoded arrays do not alias the file's bytes
    expect(back.arrays.y[2]).toBe(-7);
  });

  it('is deterministic and compact (4 bytes per value plus a small header)', () => {
    const big = { json: null, arrays: { x: new Float32Array(10_000) } };
    const a = encodeArtifact(big);
    expect(a.equals(encodeArtifact(big))).toBe(true);
    expect(a.length).toBeLessThan(40_000 + 200);
  });

  it('detects truncation, a flipped bit and foreign bytes', () => {
    const bytes = encodeArtifact(artifact);
    expect(() => decodeArtifact(bytes.subarray(0, bytes.length - 1))).toThrow(CorruptArtifactError);
    const flipped = Buffer.from(bytes);
    flipped[40] ^= 1;
    expect(() => decodeArtifact(flipped)).toThrow('artifact checksum mismatch');
    expect(() => decodeArtifact(Buffer.from('hello'))).toThrow('artifact is truncated');
  });
});

describe('canonical JSON', () => {
  it('sorts keys, fixes number form, maps NaN to null, keeps number arrays on one line', () => {
    expect(canonicalJson({ b: 1, a: [0.1 + 0.2, NaN, -0], c: { z: true, y: 'x' } }, 2)).toBe(
      '{\n  "a": [0.3, null, 0],\n  "b": 1,\n  "c": {\n    "y": "x",\n    "z": true\n  }\n}',
    );
    expect(fixedNumber(0.30000000000000004)).toBe(0.3);
    expect(fixedNumber(4294967295)).toBe(4294967295);
    expect(canonicalJson({ b: [{ x: 1 }], a: undefined }, 0)).toBe('{"b":[{"x":1}]}');
  });
});
