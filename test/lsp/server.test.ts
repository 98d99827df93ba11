/** The language server driven over JSON-RPC as an editor drives it. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CompletionItem, Diagnostic, DocumentSymbol, Hover, Location, TextEdit, WorkspaceEdit } from 'vscode-languageserver/node';
import { checkCommand } from '../../src/cli/commands/check.ts';
import { demo } from '../compiler/diagnostic-cases.ts';
import { fakeReadMetadata, PROJECT_ROOT } from '../compiler/helpers.ts';
import { startTestEditor, type TestEditor } from './lsp-client.ts';

class Capture extends Writable {
  text = '';
  override _write(chunk: Buffer, _enc: string, done: () => void) {
    this.text += chunk.toString();
    done();
  }
}

// inside the project, so '../../reports' and the csv fixture resolve as they would for a user
mkdirSync(join(PROJECT_ROOT, 'scratch'), { recursive: true });
const dir = mkdtempSync(join(PROJECT_ROOT, 'scratch', 'lsp-test-'));
const file = join(dir, 'answers.aug');
const uri = pathToFileURL(file).href;

/** Three mistakes: an undefined VAE (AUG2001), k above the smallest class (data-aware AUG3003), a stray '@' (syntax). */
const BROKEN = `experiment answers "Answers" {
  data answers = csv("../../test/compiler/fixtures/answers.csv", label answer)
  split answers stratified { train 0.7, test 0.3 }
  vae shared { single on train  latent 2  beta norm 1.0  train steps 100 }
  arm baseline
  arm noise = shraed.noise(alpha 1.0)
  arm mix = shared.interpolate(k 30, alpha 0.5)
  seed 1 @
  metric weighted_f1
}
`;
const FIXED = BROKEN.replace('shraed', 'shared').replace('k 30', 'k 3').replace('seed 1 @', 'seed 1');

/** `augc check --format json` on the text, as LSP diagnostics (0-based; hint after the message). */
async function checkJson(text: string): Promise<Partial<Diagnostic>[]> {
  writeFileSync(file, text);
  const out = new Capture();
  await checkCommand([file], { format: 'json' }, out, new Capture());
  return (
    JSON.parse(out.text) as {
      code: string;
      severity: string;
      message: string;
      hint?: string;
      line: number;
      column: number;
      endLine: number;
      endColumn: number;
    }[]
  ).map((d) => ({
    code: d.code,
    severity: d.severity === 'error' ? 1 : 2,
    message: d.hint ? `${d.message} ${d.hint}` : d.message,
    range: { start: { line: d.line - 1, character: d.column - 1 }, end: { line: d.endLine - 1, character: d.endColumn - 1 } },
  }));
}

const published = (ds: Diagnostic[]) => ds.map((d) => ({ code: d.code, severity: d.severity, message: d.message, range: d.range }));

/** The LSP position of the n-th occurrence (0-based) of `needle` in `text`, `shift` characters in. */
function at(text: string, needle: string, shift = 0, nth = 0): { line: number; character: number } {
  let offset = -1;
  for (let i = 0; i <= nth; i++) offset = text.indexOf(needle, offset + 1);
  if (offset < 0) throw new Error(`'${needle}' not in the text`);
  const before = text.slice(0, offset + shift);
  return { line: before.split('\n').length - 1, character: offset + shift - before.lastIndexOf('\n') - 1 };
}

let editor: TestEditor;
beforeAll(async () => {
  editor = await startTestEditor({ debounceMs: 20 });
});
afterAll(async () => {
  await editor.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('augc lsp diagnostics', () => {
  it('publishes on open exactly what augc check --format json reports, syntax and data-aware errors together', async () => {
    const expected = await checkJson(BROKEN);
    editor.client.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'aug', version: 1, text: BROKEN } });
    const { diagnostics } = await editor.nextDiagnostics(uri, 1);
    expect(published(diagnostics)).toEqual(expected);
    // a syntax error in one statement does not hide the checks of the others
    expect(diagnostics.map((d) => d.code)).toEqual(expect.arrayContaining(['AUG1001', 'AUG2001', 'AUG3003']));
    expect(diagnostics.find((d) => d.code === 'AUG2001')).toMatchObject({
      message: "Cannot find vae 'shraed'. Did you mean 'shared'?",
      range: { start: { line: 5, character: 14 }, end: { line: 5, character: 20 } },
    });
  });

  it('updates them after an edit, debounced to the last version', async () => {
    const halfway = BROKEN.replace('shraed', 'shared');
    editor.client.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: 2 },
      contentChanges: [{ range: { start: at(BROKEN, 'shraed'), end: at(BROKEN, 'shraed', 6) }, text: 'shared' }],
    });
    editor.client.sendNotification('textDocument/didChange', { textDocument: { uri, version: 3 }, contentChanges: [{ text: FIXED }] });
    const { diagnostics } = await editor.nextDiagnostics(uri, 3);
    expect(published(diagnostics)).toEqual(await checkJson(FIXED));
    expect(diagnostics.filter((d) => d.severity === 1)).toEqual([]);
    expect(halfway).not.toBe(FIXED);
  });
});

describe('augc lsp language features', () => {
  const hover = async (needle: string, shift = 1, nth = 0) =>
    (
      (await editor.client.sendRequest('textDocument/hover', {
        textDocument: { uri },
        position: at(FIXED, needle, shift, nth),
      })) as Hover | null
    )?.contents as { value: string } | undefined;
  const complete = async (text: string, needle: string, shift: number) => {
    editor.client.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: 10 + text.length },
      contentChanges: [{ text }],
    });
    const items = (await editor.client.sendRequest('textDocument/completion', {
      textDocument: { uri },
      position: at(text, needle, shift),
    })) as CompletionItem[];
    return items.map((i) => i.label);
  };

  it('hovers a dataset with its rows, classes and columns', async () => {
    const value = (await hover('data answers', 6))!.value;
    expect(value).toContain('40 rows, 2 classes');
    expect(value).toMatch(/no \(\d+\)/);
    expect(value).toContain('`height` continuous');
  });

  it('hovers a VAE with its resolved settings and the value of β_norm', async () => {
    const value = (await hover('vae shared', 5))!.value;
    expect(value).toContain('single on train');
    expect(value).toContain('latent d = 2');
    // β_norm = 1.0 · d / N with d = 2 and N = 2 encoded inputs (height, weight)
    expect(value).toContain('β = β\\_norm = 1·d/N → answers: 1');
  });

  it('hovers a VAE of a spec that does not compile with its settings as written', async () => {
    const other = pathToFileURL(join(dir, 'other.aug')).href;
    const text = FIXED.replace(
      'latent 2  beta norm 1.0  train steps 100',
      'latent 3 encoder dense [16, 8] train steps 700 batch 8',
    ).replace('seed 1', 'seed -1');
    editor.client.sendNotification('textDocument/didOpen', { textDocument: { uri: other, languageId: 'aug', version: 1, text } });
    const result = (await editor.client.sendRequest('textDocument/hover', {
      textDocument: { uri: other },
      position: at(text, 'vae shared', 5),
    })) as Hover;
    const value = (result.contents as { value: string }).value;
    expect(value).toContain('settings as written');
    expect(value).toContain('latent d = 3');
    expect(value).toContain('encoder dense [16, 8] · decoder dense [8, 16]');
    expect(value).toContain('train steps 700 batch 8');
    editor.client.sendNotification('textDocument/didClose', { textDocument: { uri: other } });
  });

  it('hovers an arm with its recipe, and a keyword with the language reference', async () => {
    expect((await hover('arm mix', 5))!.value).toContain('recipe shared.interpolate(k 3, alpha 0.5) · count same');
    expect((await hover('latent 2', 1))!.value).toMatch(/\*\*latent\*\* — vae[\s\S]*default: 2/);
  });

  it('completes recipes after a VAE name, statements on a new line, metrics, and csv columns', async () => {
    const recipes = await complete(FIXED.replace('shared.noise(alpha 1.0)', 'shared.'), 'shared.', 7);
    expect(recipes).toEqual(expect.arrayContaining(['prior', 'noise', 'interpolate', 'extrapolate']));
    expect(recipes).not.toContain('smote');
    const statements = await complete(FIXED.replace('  seed 1\n', '  seed 1\n  \n'), 'seed 1\n  ', 9);
    expect(statements).toEqual(expect.arrayContaining(['arm', 'vae', 'classifier', 'sweep', 'report']));
    expect(statements).not.toContain('latent');
    const metrics = await complete(FIXED.replace('metric weighted_f1', 'metric '), 'metric ', 7);
    expect(metrics).toEqual(['weighted_f1', 'macro_f1', 'accuracy']);
    const columns = await complete(FIXED.replace('label answer)', 'label )'), 'label ', 6);
    expect(columns).toEqual(expect.arrayContaining(['height', 'weight', 'answer']));
    const declared = FIXED.replace('label answer)', 'label answer, columns { height continuous,  })');
    expect(await complete(declared, 'continuous, ', 12)).toEqual(expect.arrayContaining(['height', 'weight']));
    expect(await complete(declared.replace('height continuous', 'height '), 'columns { height ', 17)).toEqual([
      'continuous',
      'binary',
      'categorical',
      'ignore',
    ]);
    const settings = await complete(FIXED.replace('latent 2  beta', 'latent 2\n    \n beta'), 'latent 2\n    ', 13);
    expect(settings).toEqual(expect.arrayContaining(['latent', 'beta', 'encoder', 'train', 'likelihood']));
    expect(settings).not.toContain('arm');
    editor.client.sendNotification('textDocument/didChange', { textDocument: { uri, version: 100 }, contentChanges: [{ text: FIXED }] });
  });

  it('goes to the definition of a VAE, finds its references and renames it', async () => {
    const definition = (await editor.client.sendRequest('textDocument/definition', {
      textDocument: { uri },
      position: at(FIXED, 'shared.interpolate', 2),
    })) as Location;
    expect(definition.range).toEqual({ start: at(FIXED, 'shared'), end: at(FIXED, 'shared', 6) });
    const references = (await editor.client.sendRequest('textDocument/references', {
      textDocument: { uri },
      position: at(FIXED, 'shared'),
      context: { includeDeclaration: true },
    })) as Location[];
    expect(references.map((r) => r.range.start.line)).toEqual([3, 5, 6]);
    const edit = (await editor.client.sendRequest('textDocument/rename', {
      textDocument: { uri },
      position: at(FIXED, 'shared.noise', 1),
      newName: 'pool_vae',
    })) as WorkspaceEdit;
    const edits = edit.changes![uri] as TextEdit[];
    expect(edits.map((e) => [e.range.start.line, e.range.start.character, e.newText])).toEqual([
      [3, 6, 'pool_vae'],
      [5, 14, 'pool_vae'],
      [6, 12, 'pool_vae'],
    ]);
    await expect(
      editor.client.sendRequest('textDocument/rename', { textDocument: { uri }, position: at(FIXED, 'shared'), newName: '2fast' }),
    ).rejects.toThrow(/not a name/);
  });

  it('lists the declared names as the outline', async () => {
    const [experiment] = (await editor.client.sendRequest('textDocument/documentSymbol', { textDocument: { uri } })) as DocumentSymbol[];
    expect(experiment.name).toBe('answers');
    expect(experiment.children!.map((c) => `${c.detail} ${c.name}`)).toEqual([
      'data answers',
      'part train',
      'part test',
      'vae shared',
      'arm baseline',
      'arm noise',
      'arm mix',
    ]);
  });

  it('formats the document with augc fmt', async () => {
    const edits = (await editor.client.sendRequest('textDocument/formatting', {
      textDocument: { uri },
      options: { tabSize: 2, insertSpaces: true },
    })) as TextEdit[];
    expect(edits).toHaveLength(1);
    expect(edits[0].newText).toContain('  vae shared {\n    single on train\n    latent 2\n');
    expect(edits[0].newText).toContain('  arm noise = shared.noise(alpha 1.0)\n  arm mix   = shared.interpolate(k 3, alpha 0.5)\n');
  });
});

describe('augc lsp metadata cache', () => {
  it('reads each dataset once however often the spec is edited, and again after a data file changes', async () => {
    const reads: string[] = [];
    const counted = await startTestEditor({
      debounceMs: 5,
      readMetadata: async (source, options) => {
        reads.push(source.kind);
        return fakeReadMetadata(source, options);
      },
    });
    const doc = pathToFileURL(join(dir, 'cached.aug')).href;
    const text = demo('  arm noise = shared.noise(alpha 1.0)');
    counted.client.sendNotification('textDocument/didOpen', { textDocument: { uri: doc, languageId: 'aug', version: 1, text } });
    await counted.nextDiagnostics(doc, 1);
    for (let version = 2; version <= 4; version++) {
      counted.client.sendNotification('textDocument/didChange', {
        textDocument: { uri: doc, version },
        contentChanges: [{ text: text.replace('alpha 1.0', `alpha 0.${version}`) }],
      });
      await counted.nextDiagnostics(doc, version);
    }
    expect(reads).toEqual(['mnist']);
    counted.client.sendNotification('workspace/didChangeWatchedFiles', {
      changes: [{ uri: pathToFileURL(join(dir, 'digits.csv')).href, type: 2 }],
    });
    await counted.nextDiagnostics(doc, 4);
    expect(reads).toEqual(['mnist', 'mnist']);
    await counted.close();
  });
});
