/**
 * `export` in a report block (issue 16 §4): parsed into the AST, checked (unknown or repeated words,
 * a second export item, nothing that generates data), lowered into the plan's `report.export` in one
 * fixed order, absent from plans without it, kept by `augc fmt`, and offered by the language server's
 * completion.
 */
import { describe, expect, it } from 'vitest';
import { formatSpec } from '../../../src/compiler/format/format-spec.ts';
import { parseSpec } from '../../../src/compiler/syntax/parse.ts';
import { buildAst } from '../../../src/compiler/ast/build.ts';
import { completionsAt } from '../../../src/lsp/completion.ts';
import { analyseDocument, MetadataCache } from '../../../src/lsp/document-analysis.ts';
import { validatePlan } from '../../../src/plan/validate.ts';
import { demo } from '../diagnostic-cases.ts';
import { compile, FAKE_SPEC_PATH, fakeReadMetadata } from '../helpers.ts';

const withArm = (report: string) => demo(`  arm noise = shared.noise(alpha 1.0)\n  report "../reports/demo.md" { ${report} }`);

async function diagnosticsOf(text: string): Promise<string[]> {
  const { diagnostics } = await compile(text);
  return diagnostics
    .filter((d) => d.code !== 'AUG2040')
    .map((d) => `${d.code} ${d.severity} ${d.range.start.line}:${d.range.start.column} ${d.message}`);
}

describe('export in a report block', () => {
  it('parses into an export item with the words as written', () => {
    const parsed = parseSpec(withArm('table weighted_f1 export generated, kept'), 'case.aug');
    expect(parsed.diagnostics).toEqual([]);
    const ast = buildAst('case.aug', parsed.header, parsed.statements);
    const report = ast.statements.find((s) => s.kind === 'report')!;
    if (report.kind !== 'report') throw new Error('no report');
    expect(report.items.map((i) => i.kind)).toEqual(['table', 'export']);
    const item = report.items[1];
    if (item.kind !== 'export') throw new Error('not an export item');
    expect(item.keyword.text).toBe('export');
    expect(item.what.map((w) => w.text)).toEqual(['generated', 'kept']);
  });

  it('refuses `export` without a word, as a syntax error at the closing brace', async () => {
    const codes = (await compile(withArm('export'))).diagnostics.map((d) => d.code);
    expect(codes).toContain('AUG1004');
  });

  it('lowers into the plan in a fixed order, each once, and the plan validates', async () => {
    for (const [written, expected] of [
      ['export generated', ['generated']],
      ['export kept', ['kept']],
      ['export kept, generated', ['generated', 'kept']],
    ] as const) {
      const { plan, diagnostics } = await compile(withArm(`table weighted_f1 ${written}`));
      expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      expect(plan!.report.export).toEqual(expected);
      expect(validatePlan(JSON.parse(JSON.stringify(plan))).ok).toBe(true);
    }
  });

  it('leaves the plan without an export field when the report has none', async () => {
    const { plan } = await compile(withArm('table weighted_f1'));
    expect('export' in plan!.report).toBe(false);
    expect(JSON.stringify(plan!.report)).not.toContain('export');
  });

  it('the plan schema refuses an unknown or repeated export word', async () => {
    const { plan } = await compile(withArm('export generated'));
    const copy = JSON.parse(JSON.stringify(plan));
    copy.report.export = ['generated', 'generated'];
    expect(validatePlan(copy).ok).toBe(false);
    copy.report.export = ['samples'];
    expect(validatePlan(copy).ok).toBe(false);
    copy.report.export = [];
    expect(validatePlan(copy).ok).toBe(false);
  });

  it('an unknown word is AUG2005 with did-you-mean, or the list of choices when nothing is close', async () => {
    const close = await compile(withArm('export generatd'));
    const [typo] = close.diagnostics.filter((d) => d.code === 'AUG2005');
    expect(typo.message).toBe("Unknown export 'generatd'.");
    expect(typo.hint).toBe("Did you mean 'generated'?");
    expect(typo.range.start).toMatchObject({ line: 8, column: 40 });
    const far = await compile(withArm('export everything'));
    const [other] = far.diagnostics.filter((d) => d.code === 'AUG2005');
    expect(other.message).toBe("Unknown export 'everything'.");
    expect(other.hint).toContain("'export generated, kept'");
  });

  it('a word given twice, or a second export item, is AUG2015 at the repetition', async () => {
    expect(await diagnosticsOf(withArm('export kept, kept'))).toEqual(["AUG2015 error 8:46 'kept' is set twice in export."]);
    expect(await diagnosticsOf(withArm('export generated  export kept'))).toEqual([
      "AUG2015 error 8:51 'export' is set twice in the report block.",
    ]);
  });

  it('warns (AUG2056) when no arm generates data, and not when one does', async () => {
    const onlyBaseline = demo('  report "../reports/demo.md" { export generated }');
    const found = (await compile(onlyBaseline)).diagnostics.filter((d) => d.code === 'AUG2056');
    expect(found.map((d) => [d.severity, d.message, d.range.start.line, d.range.start.column])).toEqual([
      ['warning', 'The report exports generated data, but no arm generates any.', 7, 33],
    ]);
    // a warning: the plan is still made, and says what to export
    expect((await compile(onlyBaseline)).plan!.report.export).toEqual(['generated']);
    expect((await compile(withArm('export generated'))).diagnostics.map((d) => d.code)).not.toContain('AUG2056');
  });

  it('`augc fmt` puts the item on a line of its own and keeps its words', () => {
    const result = formatSpec(withArm('table weighted_f1   export   generated ,kept'), 'case.aug');
    if (!result.ok) throw new Error(result.reason);
    expect(result.text).toContain('  report "../reports/demo.md" {\n    table weighted_f1\n    export generated, kept\n  }\n');
  });

  it('completion offers `export` in a report block, then generated and kept after it and after its comma', async () => {
    const labels = async (text: string, at: string) => {
      const a = await analyseDocument(text, FAKE_SPEC_PATH, new MetadataCache(fakeReadMetadata));
      return completionsAt(a, text.indexOf(at) + at.length).map((c) => c.label);
    };
    const inBlock = withArm('table weighted_f1\n    ');
    expect(await labels(inBlock, 'weighted_f1\n    ')).toContain('export');
    expect(await labels(withArm('export '), 'export ')).toEqual(['generated', 'kept']);
    expect(await labels(withArm('export generated, '), 'generated, ')).toEqual(['generated', 'kept']);
    // a comma elsewhere in the report is not an export list
    expect(await labels(withArm('table weighted_f1 rows shots, '), 'shots, ')).not.toContain('kept');
  });
});
