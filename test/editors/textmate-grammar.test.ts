/** The generated TextMate grammar: current with grammar/tokens.ts, and right on every committed spec. */
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadWASM, OnigScanner, OnigString } from 'vscode-oniguruma';
import vsctm from 'vscode-textmate';
import { augLexer, KEYWORDS, NumberLiteral, StringLiteral } from '../../grammar/tokens.ts';
import { GRAMMAR_FILES, textmateGrammarText } from '../../scripts/generate-textmate-grammar.ts';
import { collectComments } from '../../src/compiler/format/source-comments.ts';
import { PROJECT_ROOT } from '../compiler/helpers.ts';

const SPECS = join(PROJECT_ROOT, 'specs');
const specFiles = readdirSync(SPECS).filter((f) => f.endsWith('.aug'));
let grammar: vsctm.IGrammar;

beforeAll(async () => {
  const wasm = readFileSync(createRequire(import.meta.url).resolve('vscode-oniguruma/release/onig.wasm'));
  await loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength) as ArrayBuffer);
  const registry = new vsctm.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (sources: string[]) => new OnigScanner(sources),
      createOnigString: (s: string) => new OnigString(s),
    }),
    loadGrammar: async () => vsctm.parseRawGrammar(readFileSync(join(PROJECT_ROOT, GRAMMAR_FILES[0]), 'utf8'), 'aug.tmLanguage.json'),
  });
  grammar = (await registry.loadGrammar('source.aug'))!;
});

/** The scopes at each character of each line. */
function scopesOf(text: string): string[][][] {
  let state = vsctm.INITIAL;
  return text.split('\n').map((line) => {
    const result = grammar.tokenizeLine(line, state);
    state = result.ruleStack;
    const perChar: string[][] = [];
    for (const t of result.tokens) for (let c = t.startIndex; c < t.endIndex; c++) perChar[c] = t.scopes;
    return perChar;
  });
}

describe('editors/textmate/aug.tmLanguage.json', () => {
  it.each(GRAMMAR_FILES)('%s is current (run scripts/generate-textmate-grammar.ts)', (file) => {
    expect(readFileSync(join(PROJECT_ROOT, file), 'utf8')).toBe(textmateGrammarText());
  });

  it.each(specFiles)('gives %s the expected scopes for keywords, strings, numbers and comments', (file) => {
    const text = readFileSync(join(SPECS, file), 'utf8');
    const scopes = scopesOf(text);
    const tokens = augLexer.tokenize(text).tokens;
    const at = (line: number, column: number) => scopes[line - 1]?.[column - 1] ?? [];
    const wrong: string[] = [];
    const expectScope = (what: string, line: number, column: number, ok: (s: string) => boolean) => {
      if (!at(line, column).some(ok)) wrong.push(`${line}:${column} ${what} has ${at(line, column).join(' ')}`);
    };
    let checked = 0;
    for (const t of tokens) {
      const where = [t.startLine!, t.startColumn!] as const;
      if (t.tokenType === StringLiteral) expectScope(t.image, ...where, (s) => s === 'string.quoted.double.aug');
      else if (t.tokenType === NumberLiteral) expectScope(t.image, ...where, (s) => s === 'constant.numeric.aug');
      // keywords are contextual: a keyword used as a declared name (`arm noise`) or called
      // (`shared.noise(`, `filter gc(`) is coloured as a name
      else if (KEYWORDS.includes(t.tokenType))
        expectScope(t.image, ...where, (s) => s.startsWith('keyword.') || s.startsWith('entity.name.'));
      else if (/^[A-Za-z_]/.test(t.image)) expectScope(t.image, ...where, (s) => !s.startsWith('keyword.'));
      else continue;
      checked++;
    }
    for (const c of collectComments(text, tokens)) {
      const before = text.slice(0, c.start);
      expectScope(c.text.slice(0, 20), before.split('\n').length, c.start - before.lastIndexOf('\n'), (s) => s.startsWith('comment.'));
      checked++;
    }
    expect(wrong).toEqual([]);
    expect(checked).toBeGreaterThan(40);
  });

  it('colours a declared name, a call, a keyword inside an identifier and a negative number', () => {
    const scopes = scopesOf('  vae shared { latent_dim -1.5e-3 }\n  arm a = shared.noise(alpha 1)');
    expect(scopes[0][2]).toContain('keyword.control.aug');
    expect(scopes[0][6]).toContain('entity.name.type.aug');
    expect(scopes[0][15]).not.toContain('keyword.other.aug');
    expect(scopes[0][26]).toContain('constant.numeric.aug');
    expect(scopes[1][17]).toContain('entity.name.function.aug');
  });
});
