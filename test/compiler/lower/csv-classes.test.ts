/**
 * Declared CSV classes, `csv(…, classes ["yes", "no"])`, from the spec to the data layer: checked,
 * lowered into the plan's csv source (absent when undeclared), valid against the schema, and read
 * for real from a small fixture (test/compiler/fixtures/answers.csv: 40 rows, 20 'yes', 20 'no').
 */
import { describe, expect, it } from 'vitest';
import { validatePlan, type Plan } from '../../../src/compiler/index.ts';
import { prepareData } from '../../../src/runtime/data/index.ts';
import { answers } from '../diagnostic-cases.ts';
import { compile, FIXTURES } from '../helpers.ts';

const csvSource = (plan: Plan) => plan.datasets[0].source as Extract<Plan['datasets'][number]['source'], { kind: 'csv' }>;

describe('declared csv classes', () => {
  it('lower into the plan in the declared order, and the data layer codes classes in that order', async () => {
    const { plan, diagnostics } = await compile(answers('["no", "yes"]'));
    expect(diagnostics).toEqual([]);
    expect(csvSource(plan!)).toMatchObject({ kind: 'csv', path: `${FIXTURES}/answers.csv`, label: 'answer', classes: ['no', 'yes'] });
    expect(validatePlan(JSON.parse(JSON.stringify(plan))).ok).toBe(true);
    const prepared = await prepareData(plan!.datasets[0]);
    expect(prepared.dataset.metadata.classes).toEqual([
      { label: 'no', count: 20 },
      { label: 'yes', count: 20 },
    ]);
    expect(prepared.dataset.y[0]).toBe(1); // the first row says 'yes', the second declared class
    expect(prepared.parts.train.length + prepared.parts.test.length).toBe(40);
  });

  it('leave the source without a class list when none is declared (plans stay as they were)', async () => {
    const { plan, diagnostics } = await compile(answers('["yes", "no"]').replace(', classes ["yes", "no"]', ''));
    expect(diagnostics).toEqual([]);
    expect('classes' in csvSource(plan!)).toBe(false);
  });

  it('report a class named twice (AUG2002) at the second, pointing back at the first', async () => {
    const { diagnostics, plan } = await compile(answers('["yes", "no", "yes"]'));
    expect(plan).toBeNull();
    expect(diagnostics.map((d) => [d.code, d.message, d.range.start.line, d.range.start.column])).toEqual([
      ['AUG2002', "Duplicate class 'yes'.", 2, 101],
    ]);
    expect(diagnostics[0].related?.[0]).toMatchObject({
      message: "'yes' is first declared here.",
      range: { start: { line: 2, column: 88 } },
    });
  });

  it('say which file label is undeclared, on which line it first appears, and which declared name is close', async () => {
    const { diagnostics } = await compile(answers('["Yes", "no"]'));
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({
      code: 'AUG3010',
      message:
        "Label 'yes' in '../test/compiler/fixtures/answers.csv' (20 rows, first on line 2) is not one of the declared classes of 'answers' (Yes, no).",
      hint: "Is the declared class 'Yes' a misspelling of 'yes'?",
      range: { start: { line: 2, column: 87 } },
    });
    const far = await compile(answers('["yes", "maybe"]'));
    expect(far.diagnostics.map((d) => [d.code, d.message])).toEqual([
      [
        'AUG3010',
        "Label 'no' in '../test/compiler/fixtures/answers.csv' (20 rows, first on line 3) is not one of the declared classes of 'answers' (yes, maybe).",
      ],
    ]);
    expect(far.diagnostics[0].hint).toBe("Add 'no' to the class list, or fix the label column.");
  });

  it('count distinct names: two empty or repeated names are still fewer than two classes', async () => {
    const { diagnostics } = await compile(answers('["yes", "yes"]'));
    expect(diagnostics.map((d) => d.code).sort()).toEqual(['AUG2002', 'AUG2030']);
    expect(diagnostics.find((d) => d.code === 'AUG2030')!.message).toBe(
      "The class list of 'answers' names 1 distinct class; a classifier needs two or more classes.",
    );
    const names = await compile(answers('[yes, no]'));
    expect(names.diagnostics.map((d) => d.code)).toEqual(['AUG2009']);
  });

  it('the schema accepts a list of two or more distinct names or null, and names the path of a bad one', async () => {
    const { plan } = await compile(answers('["yes", "no"]'));
    const json = JSON.parse(JSON.stringify(plan)) as { datasets: { source: Record<string, unknown> }[] };
    json.datasets[0].source.classes = null;
    expect(validatePlan(json).ok).toBe(true);
    json.datasets[0].source.classes = ['yes'];
    const bad = validatePlan(json);
    expect(bad.ok).toBe(false);
    expect(bad.ok ? [] : bad.errors.join('\n')).toContain('$.datasets[0].source.classes');
  });
});
