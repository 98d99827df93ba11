/**
 * The house's load-bearing walls, read from the imports themselves:
 * - src/plan/ (the contract between compiler and runtime) imports nothing else of augc;
 * - no file under src/runtime/ imports src/compiler/ (a plan JSON runs without the parser);
 * - src/paths/ (the project boundary) and src/text/ (did-you-mean spelling) import nothing else of augc;
 * - in the compiler, the checker (src/compiler/check/) and the lowering (src/compiler/lower/) read the
 *   bound spec (src/compiler/bind/) and never each other, and binding imports neither.
 * Static `import … from`, `export … from` and dynamic `import('…')` are all counted.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const SRC = join(ROOT, 'src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|js|mjs)$/.test(name) ? [path] : [];
  });
}

/** The project-relative targets of a file's relative imports. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specifiers = [...text.matchAll(/(?:from\s+|import\s*\(\s*|import\s+)['"](\.{1,2}\/[^'"]+)['"]/g)].map((m) => m[1]);
  return specifiers.map((s) => relative(ROOT, resolve(dirname(file), s)));
}

function violations(folder: string, allowed: (target: string) => boolean): string[] {
  return sourceFiles(join(SRC, folder)).flatMap((file) =>
    importsOf(file)
      .filter((t) => !allowed(t))
      .map((t) => `${relative(ROOT, file)} → ${t}`),
  );
}

describe('import boundaries', () => {
  it('reads relative imports of every kind', () => {
    const files = sourceFiles(join(SRC, 'cli'));
    const all = files.flatMap(importsOf);
    expect(all).toContain('src/plan/validate.ts');
    expect(all.some((t) => t.startsWith('src/compiler/'))).toBe(true);
  });

  it('src/plan imports nothing else of augc', () => {
    expect(violations('plan', (t) => t.startsWith('src/plan/'))).toEqual([]);
  });

  it('src/paths imports nothing else of augc', () => {
    expect(violations('paths', (t) => t.startsWith('src/paths/'))).toEqual([]);
  });

  it('src/text imports nothing else of augc', () => {
    expect(violations('text', (t) => t.startsWith('src/text/'))).toEqual([]);
  });

  it('no file under src/runtime imports src/compiler', () => {
    expect(violations('runtime', (t) => !t.startsWith('src/compiler/') && !t.startsWith('grammar/'))).toEqual([]);
  });

  it('src/compiler/check and src/compiler/lower do not import each other', () => {
    expect(violations('compiler/check', (t) => !t.startsWith('src/compiler/lower/'))).toEqual([]);
    expect(violations('compiler/lower', (t) => !t.startsWith('src/compiler/check/'))).toEqual([]);
  });

  it('src/compiler/bind imports neither the checker nor the lowering', () => {
    expect(violations('compiler/bind', (t) => !t.startsWith('src/compiler/check/') && !t.startsWith('src/compiler/lower/'))).toEqual([]);
  });

  it('the checker and the lowering both read the binding phase', () => {
    const reads = (folder: string) => sourceFiles(join(SRC, folder)).flatMap(importsOf);
    expect(reads('compiler/check').some((t) => t.startsWith('src/compiler/bind/'))).toBe(true);
    expect(reads('compiler/lower').some((t) => t.startsWith('src/compiler/bind/'))).toBe(true);
  });
});
