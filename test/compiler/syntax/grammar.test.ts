import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { augLexer } from '../../../grammar/tokens.ts';
import { cstTypesSource, diagramsHtml } from '../../../scripts/generate-grammar-artifacts.ts';
import { parseSpec } from '../../../src/compiler/syntax/parse.ts';
import { PROJECT_ROOT } from '../helpers.ts';

describe('grammar', () => {
  it('lexes numbers in every notation, strings, comments and contextual keywords', () => {
    const { tokens, errors } = augLexer.tokenize(
      'lr 1e-3 alpha -1 k .5 x 2.0E+2 "a \\"b\\"" // c\n /* d */ interpolation in step steps latent_dim',
    );
    expect(errors).toEqual([]);
    expect(tokens.map((t) => `${t.tokenType.name}:${t.image}`)).toEqual([
      'Lr:lr',
      'NumberLiteral:1e-3',
      'Identifier:alpha',
      'NumberLiteral:-1',
      'Identifier:k',
      'NumberLiteral:.5',
      'Identifier:x',
      'NumberLiteral:2.0E+2',
      'StringLiteral:"a \\"b\\""',
      'Interpolation:interpolation',
      'In:in',
      'Step:step',
      'Steps:steps',
      'Identifier:latent_dim',
    ]);
  });

  it('parses the example specs without syntax errors', () => {
    for (const spec of ['quickstart', 'mnist-fewshot', 'proben1']) {
      const text = readFileSync(join(PROJECT_ROOT, 'specs', `${spec}.aug`), 'utf8');
      const parsed = parseSpec(text, spec);
      expect(parsed.diagnostics).toEqual([]);
      expect(parsed.header).not.toBeNull();
      expect(parsed.statements.length).toBeGreaterThan(8);
    }
  });

  it('recovers: three broken statements give three errors and the good ones still parse', () => {
    const text = 'experiment t {\n  repeats\n  swep beta in [1]\n  data d = mnist(\n  arm baseline\n}\n';
    const parsed = parseSpec(text, 't.aug');
    expect(parsed.diagnostics.map((d) => `${d.code}@${d.range.start.line}:${d.range.start.column}`)).toEqual([
      'AUG1006@2:10',
      'AUG1005@3:3',
      'AUG1006@4:18',
    ]);
    expect(parsed.diagnostics[1].hint).toBe("Did you mean 'sweep'?");
    expect(parsed.statements).toHaveLength(4);
  });

  it('reports one error per broken statement in a spec with many syntax mistakes', async () => {
    const text = [
      'experiment r "R" {',
      '  data digits = mnist()',
      '  vae shared {',
      '    single on digits',
      '  arm baseline',
      '  arm mix = shared.interpolate(k 1) count',
      '  metric weighted_f1,',
      '  report "x.md" { table weighted_f1 rows }',
      '  sweep shots in [5, 10',
      '  classifier net { mlp [32 epochs 3 }',
      '}',
    ].join('\n');
    const parsed = parseSpec(text, 'r.aug');
    expect(parsed.diagnostics.map((d) => `${d.code}@${d.range.start.line} ${d.message}`)).toEqual([
      "AUG1006@4 Expected '}' to close a vae block before 'arm'.",
      "AUG1006@6 Expected a number or a name before 'metric'.",
      "AUG1006@7 Expected a name before 'report'.",
      "AUG1004@8 Expected a name but found '}'.",
      "AUG1006@9 Expected ']' before 'classifier'.",
      "AUG1004@10 Expected ']' but found 'epochs'.",
    ]);
  });

  it('generated CST types and railroad diagrams are up to date (run scripts/generate-grammar-artifacts.ts)', () => {
    expect(readFileSync(join(PROJECT_ROOT, 'grammar/cst-types.ts'), 'utf8')).toBe(cstTypesSource());
    const html = readFileSync(join(PROJECT_ROOT, 'docs/diagrams/index.html'), 'utf8');
    expect(html).toBe(diagramsHtml());
    expect(html).not.toMatch(/https?:\/\/unpkg/);
    for (const asset of ['diagrams.css', 'src/main.js', 'vendor/railroad-diagrams.js'])
      expect(readFileSync(join(PROJECT_ROOT, 'docs/diagrams', asset), 'utf8').length).toBeGreaterThan(100);
  });
});
