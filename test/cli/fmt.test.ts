import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fmtCommand, type FmtIo } from '../../src/cli/commands/fmt.ts';
import { scratchDirs } from '../fixtures/scratch-dirs.ts';

const MESSY = 'experiment e {\n  seed   1\n  data digits=mnist()\n}\n';
const CLEAN = 'experiment e {\n  seed 1\n  data digits = mnist()\n}\n';

function io(stdin = ''): FmtIo & { stdout: string; stderr: string } {
  const captured = { stdout: '', stderr: '' };
  return Object.assign(captured, {
    out: { write: (t: string) => (captured.stdout += t) },
    err: { write: (t: string) => (captured.stderr += t) },
    readStdin: async () => stdin,
  });
}

const makeScratchDir = scratchDirs('fmt-');

describe('augc fmt', () => {
  it('formats stdin to stdout', async () => {
    const streams = io(MESSY);
    expect(await fmtCommand([], {}, streams)).toBe(0);
    expect(streams.stdout).toBe(CLEAN);
  });

  it('--check on stdin exits 1 when the text would change and 0 when it is formatted', async () => {
    expect(await fmtCommand(['-'], { check: true }, io(MESSY))).toBe(1);
    expect(await fmtCommand(['-'], { check: true }, io(CLEAN))).toBe(0);
  });

  it('rewrites files in place and finds specs in folders; --check writes nothing', async () => {
    const dir = makeScratchDir();
    mkdirSync(join(dir, 'sub'));
    writeFileSync(join(dir, 'a.aug'), MESSY);
    writeFileSync(join(dir, 'sub/b.aug'), CLEAN);
    writeFileSync(join(dir, 'notes.txt'), MESSY);
    const check = io();
    expect(await fmtCommand([dir], { check: true }, check)).toBe(1);
    expect(check.stdout).toBe(`${join(dir, 'a.aug')}\n`);
    expect(check.stderr).toContain('1 of 2 specs not formatted');
    expect(readFileSync(join(dir, 'a.aug'), 'utf8')).toBe(MESSY);
    expect(await fmtCommand([dir], {}, io())).toBe(0);
    expect(readFileSync(join(dir, 'a.aug'), 'utf8')).toBe(CLEAN);
    expect(readFileSync(join(dir, 'notes.txt'), 'utf8')).toBe(MESSY);
    expect(await fmtCommand([dir], { check: true }, io())).toBe(0);
  });

  it('leaves a spec with syntax errors alone and prints them with file:line:col', async () => {
    const dir = makeScratchDir();
    const file = join(dir, 'bad.aug');
    writeFileSync(file, 'experiment e {\n  seed @\n}\n');
    const streams = io();
    expect(await fmtCommand([file], {}, streams)).toBe(1);
    expect(streams.stderr).toContain(`${file}:2:8 - error AUG1001`);
    expect(readFileSync(file, 'utf8')).toBe('experiment e {\n  seed @\n}\n');
  });

  it('explains itself instead of waiting when nothing is piped and no file is given', async () => {
    const streams = Object.assign(io(), { stdinIsTty: true });
    expect(await fmtCommand([], {}, streams)).toBe(2);
    expect(streams.stderr).toContain('fmt needs .aug files or folders');
  });

  it('exits 2 for a path that does not exist', async () => {
    const streams = io();
    expect(await fmtCommand(['no/such.aug'], {}, streams)).toBe(2);
    expect(streams.stderr).toBe("augc: cannot read 'no/such.aug': no such file or folder.\n");
  });
});
