/**
 * `columns { NAME ignore }` in a spec: checked (an ignored label or partition is AUG2045 at the
 * `ignore`, from the spec's names or, for a `#i` label or the default last column, from the file;
 * an unknown column stays AUG3020 with did-you-mean; a misspelt type offers 'ignore'), and lowered
 * into the plan's source columns, which the plan schema accepts.
 */
import { describe, expect, it } from 'vitest';
import { validatePlan } from '../../../src/plan/validate.ts';
import { onData } from '../diagnostic-cases.ts';
import { compile, unmark } from '../helpers.ts';

const NOTES = '../test/fixtures/data/csv/notes.csv';
const PATIENTS_ARFF = '../test/fixtures/data/tables/patients.arff';
const SPLIT = '  split set stratified { train 0.5, test 0.5 }\n';

/** The errors and warnings of a marked spec, with the position of the `«` marker. */
async function problems(marked: string): Promise<{ at: string; found: { code: string; at: string; message: string; hint?: string }[] }> {
  const { text, line, column } = unmark(marked);
  const { diagnostics } = await compile(text);
  return {
    at: `${line}:${column}`,
    found: diagnostics
      .filter((d) => d.code !== 'AUG2040')
      .map((d) => ({ code: d.code, at: `${d.range.start.line}:${d.range.start.column}`, message: d.message, hint: d.hint })),
  };
}

describe('columns { … ignore }', () => {
  it('compiles, and the plan carries the ignored columns and validates', async () => {
    const { diagnostics, plan } = await compile(onData(`csv("${NOTES}", label "outcome", columns { note ignore, batch ignore })`, SPLIT));
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const source = plan!.datasets[0].source;
    expect(source.kind === 'csv' && source.columns).toEqual({ note: 'ignore', batch: 'ignore' });
    const checked = validatePlan(plan);
    expect(checked.ok ? [] : checked.errors).toEqual([]);
    // the schema knows the type: another word in its place is refused
    const other = JSON.parse(JSON.stringify(plan).replace('"note":"ignore"', '"note":"skip"'));
    expect(validatePlan(other).ok).toBe(false);
  });

  it('an ignored label is AUG2045 at the ignore, with a hint', async () => {
    const { at, found } = await problems(onData(`csv("${NOTES}", label "outcome", columns { outcome «ignore })`, SPLIT));
    expect(found).toEqual([
      {
        code: 'AUG2045',
        at,
        message: "Column 'outcome' is declared 'ignore', but it is the label.",
        hint: "An ignored column is read past, so it cannot hold the classes: name another label column, or declare 'outcome' with another type.",
      },
    ]);
  });

  it('an ignored partition column is AUG2045', async () => {
    const { at, found } = await problems(onData(`arff("${PATIENTS_ARFF}", label "outcome", partition "split", columns { split «ignore })`));
    expect(found.map((d) => [d.code, d.at, d.message])).toEqual([
      ['AUG2045', at, "Column 'split' is declared 'ignore', but it is the partition column."],
    ]);
  });

  it('the file tells: a #i label, or the default last column, that is ignored is AUG2045 too', async () => {
    const byIndex = await problems(onData(`csv("${NOTES}", label "#6", columns { outcome «ignore })`, SPLIT));
    expect(byIndex.found.map((d) => [d.code, d.at, d.message])).toEqual([
      ['AUG2045', byIndex.at, "Column 'outcome' is declared 'ignore', but it is the label."],
    ]);
    const last = await problems(onData(`arff("${PATIENTS_ARFF}", partition "split", columns { outcome «ignore })`));
    expect(last.found.map((d) => [d.code, d.at, d.message])).toEqual([
      ['AUG2045', last.at, "Column 'outcome' is declared 'ignore', but it is the label (the last column, as no label is named)."],
    ]);
    expect(last.found[0].hint).toContain('name another label column');
  });

  it('an unknown ignored column is AUG3020 with did-you-mean', async () => {
    const { at, found } = await problems(onData(`csv("${NOTES}", label "outcome", columns { «nte ignore })`, SPLIT));
    expect(found).toEqual([{ code: 'AUG3020', at, message: `Column 'nte' is not in '${NOTES}'.`, hint: "Did you mean 'note'?" }]);
  });

  it("a misspelt type offers 'ignore'", async () => {
    const { at, found } = await problems(onData(`csv("${NOTES}", label "outcome", columns { note «ignor })`, SPLIT));
    expect(found).toEqual([{ code: 'AUG2005', at, message: "Unknown column type 'ignor'.", hint: "Did you mean 'ignore'?" }]);
  });
});
