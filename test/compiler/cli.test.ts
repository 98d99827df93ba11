/** `augc check` and `augc plan`: output, exit codes 0/1/2, --format json, -o. */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { checkCommand } from '../../src/cli/commands/check.ts';
import { planCommand } from '../../src/cli/commands/plan.ts';
import { validatePlan } from '../../src/compiler/index.ts';
import { PROJECT_ROOT } from './helpers.ts';

class Capture extends Writable {
  text = '';
  override _write(chunk: Buffer, _enc: string, done: () => void) {
    this.text += chunk.toString();
    done();
  }
}

// inside the project (scratch/ is git-ignored), so the spec's '../reports/…' stays in the project
mkdirSync(join(PROJECT_ROOT, 'scratch'), { recursive: true });
const dir = mkdtempSync(join(PROJECT_ROOT, 'scratch', 'cli-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const quickstart = join(PROJECT_ROOT, 'specs/quickstart.aug');
function spec(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}
// quickstart states fewer than 5 repeats, which draws the few-repeats warning (AUG2040): these tests start from it with 5
const quickstartText = () => readFileSync(quickstart, 'utf8').replace(/repeats \d+/, 'repeats 5');
const clean = () => spec('clean.aug', quickstartText());
const broken = () => spec('broken.aug', quickstartText().replace('latent 16', 'latent 0').replace('shared.noise', 'shraed.noise'));

describe('augc check', () => {
  it('exits 0 and says so for a clean spec', async () => {
    const out = new Capture();
    const file = clean();
    expect(await checkCommand([file], {}, out, new Capture())).toBe(0);
    expect(out.text).toBe(`${file}: no problems found.\n`);
  });

  it('exits 1 and prints every error for a broken spec', async () => {
    const out = new Capture();
    const file = broken();
    expect(await checkCommand([file], {}, out, new Capture())).toBe(1);
    expect(out.text).toContain(`${file}:13:12 - error AUG2008: 'latent' must be an integer in [1, 1024]; got 0.`);
    expect(out.text).toContain("error AUG2001: Cannot find vae 'shraed'. Did you mean 'shared'?");
    expect(out.text.trim().endsWith('Found 2 errors.')).toBe(true);
  });

  it('prints JSON for editors with --format json', async () => {
    const out = new Capture();
    expect(await checkCommand([broken()], { format: 'json' }, out, new Capture())).toBe(1);
    const json = JSON.parse(out.text) as { code: string; line: number; column: number }[];
    expect(json.map((d) => [d.code, d.line, d.column])).toEqual([
      ['AUG2008', 13, 12],
      ['AUG2001', 29, 23],
    ]);
  });

  it('exits 0 with warnings only, and prints them', async () => {
    const out = new Capture();
    const file = spec('warned.aug', quickstartText().replace('  arm baseline', '  vae spare { latent 2 }\n  arm baseline'));
    expect(await checkCommand([file], {}, out, new Capture())).toBe(0);
    expect(out.text).toContain("warning AUG2027: VAE 'spare' is declared but never used, so it will not be trained.");
    expect(out.text.trim().endsWith('Found 0 errors and 1 warning.')).toBe(true);
  });

  it('exits 2 for a missing file, even next to a clean one', async () => {
    const out = new Capture();
    expect(await checkCommand([quickstart, join(dir, 'missing.aug')], {}, out, new Capture())).toBe(2);
    expect(out.text).toContain("error AUG1012: Cannot read '");
  });

  it('exits 2 for a malformed --set and applies a good one', async () => {
    const err = new Capture();
    expect(await checkCommand([quickstart], { set: ['repeats'] }, new Capture(), err)).toBe(2);
    expect(err.text).toBe("augc: --set expects path=value (e.g. --set repeats=1), got 'repeats'.\n");
    const out = new Capture();
    expect(await checkCommand([quickstart], { set: ['vae.shared.latent=0'] }, out, new Capture())).toBe(1);
    expect(out.text).toContain('AUG2008');
  });
});

describe('augc plan', () => {
  it('prints a schema-valid plan', async () => {
    const out = new Capture();
    expect(await planCommand(quickstart, {}, out, new Capture())).toBe(0);
    const plan = JSON.parse(out.text);
    expect(validatePlan(plan).ok).toBe(true);
    // two repeats, each with one oracle task (the label-fidelity classifier)
    expect(plan.tasks).toHaveLength(30);
    expect(plan.tasks.filter((t: { kind: string }) => t.kind === 'oracle')).toHaveLength(2);
  });

  it('writes the plan with -o, smoke and overrides recorded', async () => {
    const target = join(dir, 'plan.json');
    const err = new Capture();
    expect(await planCommand(clean(), { output: target, smoke: true, set: ['seed=9'] }, new Capture(), err)).toBe(0);
    const plan = JSON.parse(readFileSync(target, 'utf8'));
    expect(plan.smoke).toBe(true);
    expect(plan.overrides).toEqual([{ path: 'seed', value: '9' }]);
    expect(plan.experiment.seed).toBe(9);
    expect(err.text).toBe(`augc: wrote ${target} (${plan.tasks.length} tasks)\n`);
  });

  it('exits 1 and prints diagnostics to stderr for a broken spec', async () => {
    const out = new Capture();
    const err = new Capture();
    expect(await planCommand(broken(), {}, out, err)).toBe(1);
    expect(out.text).toBe('');
    expect(err.text).toContain('AUG2008');
  });
});

describe('the augc binary', () => {
  it('e2e: exit codes and help through bin/augc.js', () => {
    const run = (...args: string[]) =>
      spawnSync(process.execPath, [join(PROJECT_ROOT, 'bin/augc.js'), ...args], { encoding: 'utf8', cwd: PROJECT_ROOT });
    expect(run('check', 'specs/quickstart.aug').status).toBe(0);
    expect(run('check', broken()).status).toBe(1);
    const missing = run('check', 'no/such.aug');
    expect(missing.status).toBe(2);
    expect(missing.stderr).not.toMatch(/at .*\.ts:\d+/); // no stack trace
    const help = execFileSync(process.execPath, [join(PROJECT_ROOT, 'bin/augc.js'), 'check', '--help'], { encoding: 'utf8' });
    expect(help).toContain('augc check specs/thyroid.aug');
    expect(run('plan', '--help').stdout).toContain('augc plan specs/thyroid.aug -o plan.json');
  }, 60_000);
});
