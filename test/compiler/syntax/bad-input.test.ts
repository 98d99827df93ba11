/** Bad input: every case is a diagnostic (or a one-line CLI error), never a throw or a hang. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileFile } from '../../../src/compiler/index.ts';
import { demo } from '../diagnostic-cases.ts';
import { compile, fakeReadMetadata } from '../helpers.ts';

const dir = mkdtempSync(join(tmpdir(), 'augc-bad-input-'));
function file(name: string, content: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}
const codes = (r: { diagnostics: { code: string }[] }) => r.diagnostics.map((d) => d.code);

describe('bad input', () => {
  it('a missing file is AUG1012', async () => {
    const r = await compileFile(join(dir, 'nope.aug'));
    expect(codes(r)).toEqual(['AUG1012']);
    expect(r.diagnostics[0].message).toBe(`Cannot read '${join(dir, 'nope.aug')}': no such file.`);
  });

  it('a folder is AUG1012', async () => {
    expect(codes(await compileFile(dir))).toEqual(['AUG1012']);
  });

  it('an empty file and a whitespace-only file are AUG1007', async () => {
    expect(codes(await compileFile(file('empty.aug', '')))).toEqual(['AUG1007']);
    expect(codes(await compileFile(file('blank.aug', '  \n\t\n // just a comment\n')))).toEqual(['AUG1007']);
  });

  it('a binary file is AUG1009', async () => {
    const bytes = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d]);
    expect(codes(await compileFile(file('image.aug', bytes)))).toEqual(['AUG1009']);
  });

  it('non-UTF-8 text is AUG1008 with the offset of the first bad byte', async () => {
    const latin1 = Buffer.concat([Buffer.from('experiment caf'), Buffer.from([0xe9]), Buffer.from(' {}\n')]);
    const r = await compileFile(file('latin1.aug', latin1));
    expect(codes(r)).toEqual(['AUG1008']);
    expect(r.diagnostics[0].message).toContain('offset 14');
  });

  it('a 10 MB file is AUG1010, quickly', async () => {
    const start = Date.now();
    const big = demo(`  // ${'x'.repeat(10 * 1024 * 1024)}`);
    const r = await compileFile(file('big.aug', big));
    expect(codes(r)).toEqual(['AUG1010']);
    expect(r.diagnostics[0].message).toBe('The spec is 10.0 MB; specs larger than 256.0 KB are not read.');
    expect(Date.now() - start).toBeLessThan(5000);
  });

  it('deeply nested lists are one AUG1013, not a stack overflow or an error per bracket', async () => {
    const deep = demo(`  sweep generated in ${'['.repeat(20000)}1${']'.repeat(20000)}`);
    const r = await compile(deep);
    expect(r.plan).toBeNull();
    expect(codes(r).filter((c) => c.startsWith('AUG1'))).toEqual(['AUG1013']);
    const at = r.diagnostics.find((d) => d.code === 'AUG1013')!.range.start;
    // the 17th bracket of the line is the first past the limit of 16
    expect(deep.split('\n')[at.line - 1].indexOf('[') + 17).toBe(at.column);
  });

  it("100,000 '[' in an arm's arguments cost one diagnostic and well under the time budget", async () => {
    const text = `experiment x "t" {\n  arm a = v.prior(alpha ${'['.repeat(100_000)}`;
    const cpu = process.cpuUsage();
    const r = await compile(text);
    const { user, system } = process.cpuUsage(cpu);
    expect(codes(r).filter((c) => c === 'AUG1013')).toHaveLength(1);
    expect(r.diagnostics.length).toBeLessThan(10);
    expect((user + system) / 1000).toBeLessThan(2000);
  });

  it('a very long list parses; the grid it spans is bounded (AUG2050)', async () => {
    const spec = (n: number) =>
      demo(
        `  sweep generated in [${Array.from({ length: n }, (_, i) => i + 1).join(', ')}]\n  arm noise = shared.noise(alpha 1.0) count generated`,
      );
    const r = await compile(spec(4000), { smoke: true });
    expect(codes(r)).toEqual([]);
    expect(r.plan!.axes[1].values).toHaveLength(4000);
    // 2 shots × 20,000 generated × 2 arms: 80,000 evaluations, refused before lowering
    const big = await compile(spec(20000));
    expect(codes(big)).toEqual(['AUG2050']);
    expect(big.diagnostics[0].message).toBe(
      'The plan would hold 1 repeat(s) × 40000 cells × 2 arms = 80000 classifier evaluations, more than the 20000 one spec may hold.',
    );
  }, 60_000);

  it('past 100 diagnostics, one AUG1014 says how many more there are', async () => {
    const arms = Array.from({ length: 300 }, (_, i) => `  arm a${i} = nope${i}.noise(alpha 1.0)`).join('\n');
    const r = await compile(demo(arms));
    expect(r.diagnostics).toHaveLength(101);
    const last = r.diagnostics[100];
    expect(last.code).toBe('AUG1014');
    expect(last.severity).toBe('error');
    expect(last.message).toMatch(/^\d+ more problems are not shown; fix the ones above first\.$/);
    expect(Number(last.message.split(' ')[0])).toBeGreaterThanOrEqual(200);
  });

  it('a data file that cannot be read is AUG3001 at the data line (real metadata reader)', async () => {
    const spec = file('csv.aug', 'experiment t "T" {\n  data table = csv("missing.csv", label "class")\n  arm baseline\n}\n');
    const r = await compileFile(spec);
    expect(codes(r)).toEqual(['AUG3001']);
    expect([r.diagnostics[0].range.start.line, r.diagnostics[0].range.start.column]).toEqual([2, 8]);
    expect(r.diagnostics[0].message).toContain('missing.csv');
  });

  it('five different mistakes give at least five diagnostics in one run', async () => {
    const spec = `experiment five "Five mistakes" {
  repeats 0
  data digits = mnsit()
  vae shared { single on pool  latnet 8 }
  arm noise = shraed.noise(alpha 1.0)
  arm mix = shared.interpolate(k 3, alpah 0.5)
}
`;
    const r = await compile(spec);
    const found = r.diagnostics.map((d) => `${d.code}@${d.range.start.line}`);
    expect(found).toEqual(expect.arrayContaining(['AUG2008@2', 'AUG2004@3', 'AUG1005@4', 'AUG2001@5', 'AUG2006@6']));
    expect(r.diagnostics.length).toBeGreaterThanOrEqual(5);
    expect(r.plan).toBeNull();
  });

  it('fake and real readers agree on the example specs being clean (fake reader)', async () => {
    const r = await compileFile(join(import.meta.dirname, '../../../specs/quickstart.aug'), { readMetadata: fakeReadMetadata });
    // as with the real reader: at most the warning about fewer than 5 repeats (AUG2040)
    expect(codes(r)).toEqual(r.plan!.experiment.repeats < 5 ? ['AUG2040'] : []);
  });
});
