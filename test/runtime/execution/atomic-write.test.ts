import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeAtomically } from '../../../src/runtime/execution/atomic-write.ts';
import { scratchDirs } from '../../fixtures/scratch-dirs.ts';

const tempDir = scratchDirs('atomic-write-');

describe('writeAtomically', () => {
  it('replaces a file whole, text or bytes, and leaves no temp file', () => {
    const dir = tempDir();
    const path = join(dir, 'results.json');
    writeFileSync(path, 'old');
    writeAtomically(path, '{"new":true}\n');
    expect(readFileSync(path, 'utf8')).toBe('{"new":true}\n');
    writeAtomically(path, Uint8Array.from([1, 2, 3]));
    expect([...readFileSync(path)]).toEqual([1, 2, 3]);
    expect(readdirSync(dir)).toEqual(['results.json']);
  });

  it('a failed rename removes its temp file and throws', () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'taken'));
    writeFileSync(join(dir, 'taken', 'x'), 'a folder that is not empty cannot be replaced by a file');
    expect(() => writeAtomically(join(dir, 'taken'), 'text')).toThrow(/EISDIR|ENOTEMPTY|EEXIST/);
    expect(readdirSync(dir)).toEqual(['taken']);
  });
});
