/**
 * Each command's exit codes (0 done, 1 errors found or the work failed, 2 usage or unreadable
 * input) and the shape of its --json output; `--format json`, the older spelling, prints the same.
 * `fmt` and `lsp` are covered in fmt.test.ts and lsp-stdio.test.ts.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCommand, type RunDeps } from '../../src/cli/commands/run.ts';
import type { CompilerApi } from '../../src/cli/load-plan.ts';
import { validatePlan } from '../../src/plan/validate.ts';
import { fakeComponents, fakeDataLayer, newCalls } from '../runtime/execution/fixtures/fake-components.ts';
import { toyPlan } from '../runtime/execution/fixtures/toy-plan.ts';
import { redisSkipReason, startRedis, type TestRedis } from '../fixtures/redis-server.ts';
import { scratchDirs } from '../fixtures/scratch-dirs.ts';
import { augc } from './cli-harness.ts';
import { textSink } from '../fixtures/text-sink.ts';

const scratch = scratchDirs('cli-exit-');
const QUICKSTART = 'specs/quickstart.aug';
const DIAGNOSTIC_KEYS = ['code', 'column', 'endColumn', 'endLine', 'file', 'line', 'message', 'severity'];

/** quickstart (with 5 repeats, so without the few-repeats warning) with two errors: latent 0 (AUG2008) and a misspelt VAE (AUG2001). */
function brokenSpec(): string {
  const dir = scratch();
  const file = join(dir, 'broken.aug');
  const text = readFileSync(QUICKSTART, 'utf8').replace(/repeats \d+/, 'repeats 5');
  writeFileSync(file, text.replace('latent 16', 'latent 0').replace('shared.noise', 'shraed.noise'));
  return file;
}

describe('augc check', () => {
  it('exits 0 for a clean spec, 1 for errors, 2 for a missing file or a malformed --set', async () => {
    expect((await augc('check', QUICKSTART)).code).toBe(0);
    expect((await augc('check', brokenSpec())).code).toBe(1);
    expect((await augc('check', 'no/such.aug')).code).toBe(2);
    const badSet = await augc('check', '--set', 'repeats', QUICKSTART);
    expect(badSet.code).toBe(2);
    expect(badSet.stderr).toBe("augc: --set expects path=value (e.g. --set repeats=1), got 'repeats'.\n");
  });

  it('--json prints one object per diagnostic; --format json prints the same', async () => {
    const file = brokenSpec();
    const json = await augc('check', file, '--json');
    expect(json.code).toBe(1);
    const diagnostics = JSON.parse(json.stdout) as Record<string, unknown>[];
    // every diagnostic has these fields; a hint, where there is one, is an extra 'hint'
    for (const d of diagnostics)
      expect(
        Object.keys(d)
          .filter((k) => k !== 'hint')
          .sort(),
      ).toEqual(DIAGNOSTIC_KEYS);
    expect(diagnostics[1].hint).toBe("Did you mean 'shared'?");
    expect(diagnostics.map((d) => [d.code, d.severity, d.file])).toEqual([
      ['AUG2008', 'error', file],
      ['AUG2001', 'error', file],
    ]);
    expect((await augc('check', file, '--format', 'json')).stdout).toBe(json.stdout);
    expect((await augc('check', file, '--format', 'yaml')).code).toBe(2);
  });

  it('--set is repeatable and does not swallow the spec after it', async () => {
    const result = await augc('check', '--set', 'repeats=5', '--set', 'vae.shared.latent=0', QUICKSTART, '--json');
    expect(result.code).toBe(1);
    expect((JSON.parse(result.stdout) as { code: string }[]).map((d) => d.code)).toEqual(['AUG2008']);
  });
});

describe('augc plan', () => {
  it('exits 0 with a schema-valid plan on stdout', async () => {
    const result = await augc('plan', QUICKSTART, '--set', 'repeats=1');
    expect(result.code).toBe(0);
    const plan = JSON.parse(result.stdout);
    expect(validatePlan(plan).ok).toBe(true);
    expect(plan.overrides).toEqual([{ path: 'repeats', value: '1' }]);
  });

  it('exits 1 for a broken spec, with --json diagnostics on stderr and nothing on stdout', async () => {
    const result = await augc('plan', brokenSpec(), '--json');
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect((JSON.parse(result.stderr) as { code: string }[]).map((d) => d.code)).toEqual(['AUG2008', 'AUG2001']);
  });

  it('exits 2 for a missing file or a malformed --set', async () => {
    expect((await augc('plan', 'no/such.aug')).code).toBe(2);
    expect((await augc('plan', QUICKSTART, '--set', '=1')).code).toBe(2);
  });
});

const sink = textSink;
const compiler: CompilerApi = {
  compileFile: async () => ({ plan: null, diagnostics: [], source: '' }),
  validatePlan: (json) => validatePlan(json) as ReturnType<CompilerApi['validatePlan']>,
  formatDiagnostics: () => '',
};
/** A toy plan (fake components) in a fresh folder; its report goes to reports/toy.md there. */
function planFile(): string {
  const root = scratch();
  mkdirSync(join(root, 'specs'));
  const plan = toyPlan({ reportPath: join(root, 'reports', 'toy.md'), repeats: 1 });
  plan.spec.path = join(root, 'specs', 'toy.aug');
  const file = join(root, 'plan.json');
  writeFileSync(file, JSON.stringify(plan));
  return file;
}
/** Fake components and data, and collecting streams. */
const deps = () => {
  const calls = newCalls();
  const stdout = sink();
  const stderr = sink();
  return {
    stdout,
    stderr,
    deps: { compiler, components: fakeComponents(calls), data: fakeDataLayer(calls), stdout, stderr } satisfies RunDeps,
  };
};

describe('augc run (plan JSON, fake components)', () => {
  it('--json: progress as JSON lines on stderr and one summary object on stdout; --format json the same', async () => {
    for (const flags of [{ json: true }, { format: 'json' as const }]) {
      const { stdout, stderr, deps: d } = deps();
      expect(await runCommand(planFile(), { ...flags, cache: false }, d)).toBe(0);
      const summary = JSON.parse(stdout.text());
      expect(Object.keys(summary).sort()).toEqual(['cached', 'computed', 'report', 'results', 'run', 'runs', 'seconds', 'warnings']);
      expect(summary.cached).toBe(0);
      expect(summary.computed).toBeGreaterThan(0);
      expect(summary.results).toMatch(/toy\.results\.json$/);
      const events = stderr
        .text()
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as Record<string, unknown>);
      expect(events.length).toBeGreaterThan(1);
    }
  });

  it('exits 1 for a file that is not a valid plan, 2 for a missing file, a malformed --set or --smoke on a plan', async () => {
    const invalid = join(scratch(), 'plan.json');
    writeFileSync(invalid, '{"tasks": 3}');
    expect(await runCommand(invalid, {}, deps().deps)).toBe(1);
    expect(await runCommand('no/such.json', {}, deps().deps)).toBe(2);
    const { stderr, deps: d } = deps();
    expect(await runCommand(planFile(), { set: ['repeats'] }, d)).toBe(2);
    expect(stderr.text()).toBe("augc: --set expects path=value (e.g. --set repeats=1), got 'repeats'.\n");
    expect(await runCommand(planFile(), { smoke: true }, deps().deps)).toBe(2);
  });
});

describe('augc report', () => {
  it('exits 0 re-rendering a results file, 1 for a file that is not one, 2 for a missing file', async () => {
    const plan = planFile();
    expect(await runCommand(plan, { quiet: true, cache: false }, deps().deps)).toBe(0);
    const dir = join(dirname(plan), 'reports');
    const report = join(dir, 'toy.md');
    const first = readFileSync(report, 'utf8');
    rmSync(report);
    const ok = await augc('report', join(dir, 'toy.results.json'));
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/^augc: wrote .*toy\.md\n$/);
    expect(readFileSync(report, 'utf8')).toBe(first);
    writeFileSync(join(dir, 'not.results.json'), '{"runs": []}');
    expect((await augc('report', join(dir, 'not.results.json'))).code).toBe(1);
    expect((await augc('report', join(dir, 'missing.results.json'))).code).toBe(2);
  });
});

describe('augc data describe', () => {
  const MIXED = 'csv:test/fixtures/data/csv/mixed.csv,label=class';

  it('--json prints the metadata object; --format json prints the same', async () => {
    const json = await augc('data', 'describe', MIXED, '--json');
    expect(json.code).toBe(0);
    const metadata = JSON.parse(json.stdout);
    expect(Object.keys(metadata)).toEqual([
      'ref',
      'kind',
      'rows',
      'features',
      'encodedFeatures',
      'imageShape',
      'classes',
      'parts',
      'partClassCounts',
      'valueRange',
      'columns',
    ]);
    expect(metadata.columns.map((c: { name: string }) => c.name)).toEqual(['age', 'colour', 'smoker', 'weight']);
    expect((await augc('data', 'describe', MIXED, '--format', 'json')).stdout).toBe(json.stdout);
  });

  it('exits 1 for a file it cannot read and 2 for a reference it cannot parse', async () => {
    expect((await augc('data', 'describe', 'csv:test/fixtures/data/csv/no-such.csv')).code).toBe(1);
    expect((await augc('data', 'describe', 'nosuchkind:thing')).code).toBe(2);
  });
});

describe('augc worker and augc status', () => {
  it('exit 2 without --queue or with a URL that is not redis://', async () => {
    expect((await augc('worker')).code).toBe(2);
    expect((await augc('status')).code).toBe(2);
    expect((await augc('status', '--queue', 'http://localhost:6379')).code).toBe(2);
    expect((await augc('worker', '--queue', 'http://localhost:6379')).code).toBe(2);
  });

  const skip = redisSkipReason();
  describe.skipIf(skip !== null)(`status on a live queue${skip ? ` (skipped: ${skip})` : ''}`, () => {
    let redis: TestRedis;
    beforeAll(async () => {
      redis = await startRedis();
    });
    afterAll(async () => redis?.stop());

    it('--json prints workers, counts and tasks; --format json prints the same', async () => {
      const json = await augc('status', '--queue', redis.url, '--json');
      expect(json.code).toBe(0);
      const status = JSON.parse(json.stdout);
      expect(Object.keys(status).sort()).toEqual(['counts', 'tasks', 'workers'].sort());
      expect(status.workers).toBe(0);
      expect(status.tasks).toEqual([]);
      expect((await augc('status', '--queue', redis.url, '--format', 'json')).stdout).toBe(json.stdout);
    });
  });
});
