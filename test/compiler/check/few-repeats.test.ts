/** AUG2040: a warning, at the number, when a spec states (or `--set` gives) fewer than 5 repeats. */
import { describe, expect, it } from 'vitest';
import { demo } from '../diagnostic-cases.ts';
import { compile } from '../helpers.ts';

const fewRepeats = async (body: string, options = {}) =>
  (await compile(demo(body), options)).diagnostics.filter((d) => d.code === 'AUG2040');

describe('few repeats (AUG2040)', () => {
  it('warns from 1 to 4 repeats, with the width of the t-interval in the hint', async () => {
    const [three] = await fewRepeats('  repeats 3');
    expect(three).toMatchObject({
      severity: 'warning',
      message: "With 3 repeats per cell, the report's intervals and tests cannot tell the arms apart.",
    });
    expect(three.hint).toBe("A 95% t-interval from 3 repeats is the mean ± 2.48 standard deviations; use 'repeats 5' or more.");
    expect([three.range.start.line, three.range.start.column]).toEqual([7, 11]);
    expect((await fewRepeats('  repeats 4'))[0].hint).toContain('± 1.59 standard deviations');
    expect((await fewRepeats('  repeats 1'))[0].hint).toBe("One repeat shows no spread and no interval at all; use 'repeats 5' or more.");
  });

  it('is silent from 5 repeats on, without a repeats statement, and for values that are errors', async () => {
    expect(await fewRepeats('  repeats 5')).toEqual([]);
    expect(await fewRepeats('')).toEqual([]);
    expect(await fewRepeats('  repeats 0')).toEqual([]);
    expect(await fewRepeats('  repeats 2.5')).toEqual([]);
  });

  it('checks --set repeats=N like the text, and says the number came from it', async () => {
    const [set] = await fewRepeats('  repeats 5', { overrides: [{ path: 'repeats', value: '2' }] });
    expect(set.message).toBe("With 2 repeats per cell, the report's intervals and tests cannot tell the arms apart.");
    expect(set.hint).toBe(
      "'--set repeats=2' asks for it. A 95% t-interval from 2 repeats is the mean ± 8.98 standard deviations; use 'repeats 5' or more.",
    );
    expect(await fewRepeats('  repeats 2', { overrides: [{ path: 'repeats', value: '8' }] })).toEqual([]);
  });
});
