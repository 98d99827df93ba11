import { describe, expect, it } from 'vitest';
import { diagnosticsToJson, formatDiagnostics } from '../../../src/compiler/index.ts';
import { demo } from '../diagnostic-cases.ts';
import { compile, FAKE_SPEC_PATH } from '../helpers.ts';

describe('formatter', () => {
  it('prints file:line:col, code, message, hint, the source line and a ~~~ underline', async () => {
    const text = demo('  arm ok = shared.noise(alpha 1.0)\n  arm noise = shraed.noise(alpha 1.0)');
    const { diagnostics } = await compile(text);
    const out = formatDiagnostics(diagnostics, { sources: { [FAKE_SPEC_PATH]: text } });
    expect(out).toBe(
      `${FAKE_SPEC_PATH}:8:15 - error AUG2001: Cannot find vae 'shraed'. Did you mean 'shared'?\n` +
        '\n' +
        '8   arm noise = shraed.noise(alpha 1.0)\n' +
        '                ~~~~~~\n' +
        '\n' +
        'Found 1 error.\n',
    );
  });

  it('shows related information and counts warnings apart', async () => {
    const text = demo('  arm noise = shared.noise(alpha 1.0)\n  arm noise = shared.noise(alpha 2.0)');
    const { diagnostics } = await compile(text);
    const out = formatDiagnostics(diagnostics, { sources: { [FAKE_SPEC_PATH]: text } });
    expect(out).toContain(`  ${FAKE_SPEC_PATH}:7:7\n    'noise' is declared here.`);
    const warning = formatDiagnostics([{ ...diagnostics[0], severity: 'warning' }], { sources: {} });
    expect(warning).toContain('- warning AUG2002');
    expect(warning.trim().endsWith('Found 0 errors and 1 warning.')).toBe(true);
  });

  it('has a JSON form with 1-based positions', async () => {
    const { diagnostics } = await compile(demo('  repeats 0\n  arm noise = shared.noise(alpha 1.0)'));
    expect(diagnosticsToJson(diagnostics)).toEqual([
      {
        file: FAKE_SPEC_PATH,
        code: 'AUG2008',
        severity: 'error',
        message: "'repeats' must be an integer in [1, 1000]; got 0.",
        line: 7,
        column: 11,
        endLine: 7,
        endColumn: 12,
      },
    ]);
  });
});
