/** The VS Code extension's manifest points at files that exist and agrees with the language. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BlockComment, LineComment } from '../../grammar/tokens.ts';
import { PROJECT_ROOT } from '../compiler/helpers.ts';

const EXTENSION = join(PROJECT_ROOT, 'editors/vscode');
const manifest = JSON.parse(readFileSync(join(EXTENSION, 'package.json'), 'utf8'));
const configuration = JSON.parse(readFileSync(join(EXTENSION, 'language-configuration.json'), 'utf8'));

describe('editors/vscode', () => {
  it('contributes the aug language with its grammar, configuration and entry point', () => {
    expect(manifest.contributes.languages[0]).toMatchObject({ id: 'aug', extensions: ['.aug'] });
    expect(manifest.contributes.grammars[0]).toMatchObject({ language: 'aug', scopeName: 'source.aug' });
    for (const file of [manifest.main, manifest.contributes.grammars[0].path, manifest.contributes.languages[0].configuration])
      expect(existsSync(join(EXTENSION, file)), file).toBe(true);
    expect(manifest.dependencies).toHaveProperty('vscode-languageclient');
    expect(manifest.devDependencies).toHaveProperty('@vscode/vsce');
  });

  it('declares the comment syntax the lexer uses', () => {
    expect(LineComment.PATTERN).toEqual(new RegExp(`${configuration.comments.lineComment.replace(/\//g, '\\/')}[^\\n\\r]*`));
    const [open, close] = configuration.comments.blockComment as [string, string];
    expect(String(BlockComment.PATTERN)).toBe(
      `/${open.replace(/[/*]/g, (c) => `\\${c}`)}[\\s\\S]*?${close.replace(/[/*]/g, (c) => `\\${c}`)}/`,
    );
  });

  it('starts the server with `augc lsp` by default', () => {
    const props = manifest.contributes.configuration.properties;
    expect([props['augc.server.command'].default, ...props['augc.server.args'].default]).toEqual(['npx', 'augc', 'lsp']);
    expect(readFileSync(join(EXTENSION, manifest.main), 'utf8')).toContain("config.get('server.args'");
  });
});
