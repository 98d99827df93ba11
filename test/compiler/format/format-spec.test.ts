import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatSpec } from '../../../src/compiler/format/format-spec.ts';
import type { Plan } from '../../../src/compiler/index.ts';
import { DIAGNOSTIC_CASES, twinOptions } from '../diagnostic-cases.ts';
import { compile, PROJECT_ROOT, unmark } from '../helpers.ts';

const SPECS = join(PROJECT_ROOT, 'specs');
const specFiles = readdirSync(SPECS).filter((f) => f.endsWith('.aug'));

/** The plan without the spec's hash (which changes with any byte of the text). */
function meaning(plan: Plan | null): unknown {
  if (!plan) return null;
  const { spec, ...rest } = plan as Plan & { spec?: { sha256?: string } };
  return { ...rest, spec: { ...spec, sha256: undefined } };
}

function formatted(text: string): string {
  const result = formatSpec(text, 'case.aug');
  if (!result.ok) throw new Error(`not formatted: ${result.reason}`);
  return result.text;
}

describe('formatSpec on the committed specs', () => {
  it.each(specFiles)('%s keeps its plan and is idempotent', async (file) => {
    const text = readFileSync(join(SPECS, file), 'utf8');
    const once = formatted(text);
    expect(formatted(once)).toBe(once);
    const before = await compile(text);
    const after = await compile(once);
    expect(before.plan).not.toBeNull();
    expect(meaning(after.plan)).toEqual(meaning(before.plan));
  });
});

describe.each(DIAGNOSTIC_CASES)('formatSpec on diagnostic case $code', (c) => {
  it("keeps the twin's plan", async () => {
    const once = formatted(c.twin);
    expect(formatted(once)).toBe(once);
    expect(meaning((await compile(once, twinOptions(c))).plan)).toEqual(meaning((await compile(c.twin, twinOptions(c))).plan));
  });

  it('keeps the mistake: same diagnostics, or refuses a spec with syntax errors', async () => {
    const { text } = unmark(c.spec);
    const result = formatSpec(text, 'case.aug');
    const before = await compile(text, c.options);
    const summary = (ds: typeof before.diagnostics) => ds.map((d) => `${d.code} ${d.message}`);
    if (!result.ok) {
      expect(c.code).toMatch(/^AUG1/);
      expect(result.diagnostics.length).toBeGreaterThan(0);
      expect(summary(result.diagnostics)).toEqual(summary(before.diagnostics.filter((d) => d.code.startsWith('AUG1'))));
      return;
    }
    expect(formatted(result.text)).toBe(result.text);
    expect(summary((await compile(result.text, c.options)).diagnostics)).toEqual(summary(before.diagnostics));
  });
});

describe('the canonical layout', () => {
  it('expands blocks, aligns = and trailing comments, keeps one blank line', () => {
    const messy = [
      '// head',
      'experiment  demo "Demo"{',
      '',
      '   seed 1',
      '',
      '',
      '  data digits=mnist( ) // the digits',
      '  data more  = fashion_mnist()   // more',
      '  split digits stratified{pool 0.5,test 0.5}',
      '  vae shared { single on pool  latent 8  train steps 300 }',
      '  classifier net { mlp [ 64 ] epochs 3 batch 8 dropout 0.1 lr 1e-3 }',
      '  arm baseline',
      '  arm  noise = shared . noise ( alpha 1.0 )',
      '  arm longer_name = shared.prior(alpha 1.0) count 10',
      '  /* block',
      '     comment */',
      '  report "r.md" {}',
      '}',
    ].join('\n');
    expect(formatted(messy)).toBe(
      [
        '// head',
        'experiment demo "Demo" {',
        '  seed 1',
        '',
        '  data digits = mnist()          // the digits',
        '  data more   = fashion_mnist()  // more',
        '  split digits stratified { pool 0.5, test 0.5 }',
        '  vae shared {',
        '    single on pool',
        '    latent 8',
        '    train steps 300',
        '  }',
        '  classifier net {',
        '    mlp [64]',
        '    epochs 3 batch 8',
        '    dropout 0.1',
        '    lr 1e-3',
        '  }',
        '  arm baseline',
        '  arm noise       = shared.noise(alpha 1.0)',
        '  arm longer_name = shared.prior(alpha 1.0) count 10',
        '  /* block',
        '     comment */',
        '  report "r.md" {}',
        '}',
        '',
      ].join('\n'),
    );
  });

  it('keeps a line comment inside a statement by continuing the statement on the next line', () => {
    const text = 'experiment e {\n  sweep shots in [5, // few\n 20] per_class\n  metric accuracy /* main */ , weighted_f1\n}\n';
    const once = formatted(text);
    expect(once).toBe('experiment e {\n  sweep shots in [5,  // few\n      20] per_class\n  metric accuracy /* main */ , weighted_f1\n}\n');
    expect(formatted(once)).toBe(once);
  });

  it('keeps the trailing comment of a one-line block on its head line when expanding it', () => {
    const text = 'experiment e {\n  classifier net { mlp [64] epochs 3 }   // small\n  vae v {\n    latent 2\n  } // end of v\n}\n';
    expect(formatted(text)).toBe(
      'experiment e {\n  classifier net {  // small\n    mlp [64]\n    epochs 3\n  }\n  vae v {\n    latent 2\n  }  // end of v\n}\n',
    );
  });

  it('puts comments before a closing brace inside the block, and keeps comments after the experiment', () => {
    const text = 'experiment e {\n  vae v {\n    latent 2\n// last setting\n  }\n}\n// trailer\n';
    expect(formatted(text)).toBe('experiment e {\n  vae v {\n    latent 2\n    // last setting\n  }\n}\n// trailer\n');
  });

  it('refuses a spec with syntax errors and returns them', () => {
    const result = formatSpec('experiment e {\n  seed @\n}\n', 'bad.aug');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.diagnostics.map((d) => [d.code, d.range.start.line])).toContainEqual(['AUG1001', 2]);
  });

  it('reports whether the text changed', () => {
    const clean = 'experiment e {\n  seed 1\n}\n';
    expect(formatSpec(clean)).toMatchObject({ ok: true, changed: false });
    expect(formatSpec('experiment e {\n    seed   1 }')).toMatchObject({ ok: true, changed: true, text: clean });
  });
});

describe('formatSpec on damaged specs', () => {
  it('never throws, and whatever it formats is idempotent and keeps its tokens', () => {
    // a fixed linear congruential sequence: the same damaged inputs on every run
    let state = 12345;
    const next = (n: number) => {
      state = (state * 1103515245 + 12345) % 2 ** 31;
      return state % n;
    };
    const pieces = ['{', '}', '(', ')', '[', ']', ',', '=', '.', '"', '//', '/*', '*/', '\n', ' ', 'vae', 'arm', '1e-3', 'x'];
    let formattedCount = 0;
    for (const file of specFiles) {
      const text = readFileSync(join(SPECS, file), 'utf8');
      for (let i = 0; i < 40; i++) {
        const at = next(text.length);
        const damaged =
          i % 2 === 0 ? text.slice(0, at) + pieces[next(pieces.length)] + text.slice(at) : text.slice(0, at) + text.slice(at + 1 + next(8));
        const result = formatSpec(damaged, 'damaged.aug');
        // a refusal must come from syntax errors, never from the formatter's own safety check
        if (!result.ok) {
          expect(result.diagnostics.length, `${result.reason}:\n${damaged}`).toBeGreaterThan(0);
          continue;
        }
        formattedCount++;
        expect(formatted(result.text)).toBe(result.text);
      }
    }
    expect(formattedCount).toBeGreaterThan(20);
  });
});
