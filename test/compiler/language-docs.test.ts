import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { KEYWORDS } from '../../grammar/tokens.ts';
import { languageDoc } from '../../scripts/generate-language-docs.ts';
import { CATALOG } from '../../src/compiler/index.ts';
import { keywordWord } from '../../src/compiler/syntax/parser-instance.ts';
import { PROJECT_ROOT } from './helpers.ts';

const doc = readFileSync(join(PROJECT_ROOT, 'docs/language.md'), 'utf8');

describe('docs/language.md', () => {
  it('has the current generated diagnostics section (run scripts/generate-language-docs.ts)', async () => {
    expect(doc).toBe(await languageDoc());
  });

  it('documents every diagnostic code', () => {
    for (const { code } of Object.values(CATALOG)) expect(doc).toContain(`### ${code} `);
  });

  it('mentions every keyword of the grammar in backquoted code', () => {
    const missing = KEYWORDS.map((k) => keywordWord(k)!).filter((word) => !new RegExp(`\\b${word}\\b`).test(doc));
    expect(missing).toEqual([]);
  });
});
