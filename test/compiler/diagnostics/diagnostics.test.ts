import { describe, expect, it } from 'vitest';
import { CATALOG } from '../../../src/compiler/index.ts';
import { DIAGNOSTIC_CASES, twinOptions } from '../diagnostic-cases.ts';
import { compile, unmark } from '../helpers.ts';

/** Codes tested elsewhere because no spec text triggers them (see bad-input and registry tests). */
const TESTED_ELSEWHERE = ['AUG1008', 'AUG1009', 'AUG1010', 'AUG1012', 'AUG1014', 'AUG2999'];

describe('diagnostics catalog', () => {
  it('has one tested case for every code', () => {
    const codes = Object.values(CATALOG)
      .map((e) => e.code)
      .sort();
    const covered = [...DIAGNOSTIC_CASES.map((c) => c.code), ...TESTED_ELSEWHERE].sort();
    expect(covered).toEqual(codes);
  });

  it('codes are unique and grouped by phase', () => {
    const codes = Object.values(CATALOG).map((e) => e.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const code of codes) expect(code).toMatch(/^AUG[123]\d{3}$/);
  });
});

describe.each(DIAGNOSTIC_CASES)('$code', (c) => {
  it('is reported at the marked position', async () => {
    const { text, line, column } = unmark(c.spec);
    const { diagnostics, plan } = await compile(text, c.options);
    const found = diagnostics.find((d) => d.code === c.code);
    expect(
      found,
      `diagnostics: ${diagnostics.map((d) => `${d.code}@${d.range.start.line}:${d.range.start.column} ${d.message}`).join('; ')}`,
    ).toBeDefined();
    expect([found!.range.start.line, found!.range.start.column]).toEqual([line, column]);
    expect(found!.message).toMatch(/[.?!]$/);
    if (found!.severity === 'error') expect(plan).toBeNull();
  });

  it('is not reported for the valid twin, which has no errors', async () => {
    const { diagnostics, plan } = await compile(c.twin, twinOptions(c));
    const unexpected = diagnostics.filter((d) => d.severity === 'error' || d.code === c.code);
    expect(unexpected.map((d) => `${d.code}@${d.range.start.line}:${d.range.start.column} ${d.message}`)).toEqual([]);
    expect(plan).not.toBeNull();
  });
});
