import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCommand, type RunDeps } from '../../src/cli/commands/run.ts';
import { reportCommand } from '../../src/cli/commands/report.ts';
import type { CompilerApi } from '../../src/cli/load-plan.ts';
import type { Plan } from '../../src/plan/types.ts';
import { fakeComponents, fakeDataLayer, newCalls, type FakeOptions } from '../runtime/execution/fixtures/fake-components.ts';
import { toyPlan } from '../runtime/execution/fixtures/toy-plan.ts';
import { textSink } from '../fixtures/text-sink.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const sink = textSink;

/** A stand-in for the compiler's plan validation: a plan needs its schemaVersion and tasks. */
const fakeCompiler: CompilerApi = {
  compileFile: async () => ({ plan: null, diagnostics: [], source: '' }),
  validatePlan: (json) => {
    const plan = json as Plan;
    if (typeof plan?.schemaVersion !== 'string') return { ok: false, errors: ['/schemaVersion: must be string'] };
    if (!Array.isArray(plan.tasks)) return { ok: false, errors: ['/tasks: must be array'] };
    return { ok: true, plan };
  },
  formatDiagnostics: () => '',
};

function setup(): { root: string; planFile: string } {
  const root = mkdtempSync(join(process.cwd(), 'scratch', 'cli-test-'));
  dirs.push(root);
  mkdirSync(join(root, 'specs'));
  writeFileSync(join(root, 'package.json'), '{}');
  const plan = toyPlan({ reportPath: join(root, 'reports', 'toy.md'), repeats: 1 });
  plan.spec.path = join(root, 'specs', 'toy.aug');
  const planFile = join(root, 'plan.json');
  writeFileSync(planFile, JSON.stringify(plan));
  return { root, planFile };
}

function deps(fake: FakeOptions = {}) {
  const calls = newCalls();
  const out = sink();
  const err = sink();
  const d: RunDeps = {
    compiler: fakeCompiler,
    components: fakeComponents(calls, fake),
    data: fakeDataLayer(calls, fake),
    stdout: out,
    stderr: err,
  };
  return { d, calls, out, err };
}

describe('augc run (plan JSON, fake components)', () => {
  it('runs, prints plain progress when not a terminal, and a one-line summary', async () => {
    const { root, planFile } = setup();
    const { d, out, err } = deps();
    expect(await runCommand(planFile, {}, d)).toBe(0);
    // one numbered line per computed task; tasks ready together start in either order on two threads
    expect(err.text()).toMatch(/\[\d+\/15\] train_vae vae:shared\/-\/r0/);
    expect(err.text()).toContain('[15/15] ');
    expect(out.text()).toMatch(/^augc: wrote .*reports\/toy\.md \(6 results in .*toy\.results\.json; 15 tasks computed, 0 from the cache/);
    expect(existsSync(join(root, 'reports', 'toy.run.json'))).toBe(true);
  });

  it('--json: progress events as JSON lines on stderr, a JSON summary on stdout; second run all cached', async () => {
    const { planFile } = setup();
    await runCommand(planFile, { quiet: true }, deps().d);
    const { d, out, err, calls } = deps();
    expect(await runCommand(planFile, { json: true }, d)).toBe(0);
    const events = err
      .text()
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(events[0]).toEqual({ event: 'run_start', tasks: 18, toCompute: 0, cachedSinks: 8 });
    expect(events.filter((e) => e.event === 'task_done' && e.status === 'cached')).toHaveLength(8);
    expect(JSON.parse(out.text())).toMatchObject({ runs: 6, computed: 0, cached: 8 });
    expect(calls.trainVae + calls.trainClassifier).toBe(0);
  });

  it('a failing task: exit 1, the task named, nothing written', async () => {
    const { root, planFile } = setup();
    const { d, err } = deps({ failVae: () => 'loss is NaN at step 4 (reconstruction term)' });
    expect(await runCommand(planFile, { quiet: true }, d)).toBe(1);
    expect(err.text()).toContain(
      "augc: run failed: task 'vae:shared/-/r0' (train_vae) failed: loss is NaN at step 4 (reconstruction term)",
    );
    expect(existsSync(join(root, 'reports'))).toBe(true); // the folder is checked before running …
    expect(existsSync(join(root, 'reports', 'toy.results.json'))).toBe(false); // … but holds no result
  });

  it('bad input: invalid plan JSON, broken JSON, a missing file, --set without =, --smoke on a plan', async () => {
    const { root, planFile } = setup();
    writeFileSync(join(root, 'bad.json'), JSON.stringify({ tasks: [] }));
    writeFileSync(join(root, 'broken.json'), '{"schemaVersion": ');
    let r = deps();
    expect(await runCommand(join(root, 'bad.json'), {}, r.d)).toBe(1);
    // a plan JSON is validated by the plan package's schema, never by the compiler
    expect(r.err.text()).toMatch(
      new RegExp(`^augc: the plan ${join(root, 'bad.json')} is not a valid augc plan:\\n  \\$: missing property 'schemaVersion'\\n`),
    );
    r = deps();
    expect(await runCommand(join(root, 'broken.json'), {}, r.d)).toBe(1);
    expect(r.err.text()).toMatch(/is not valid JSON/);
    r = deps();
    expect(await runCommand(join(root, 'nope.aug'), {}, r.d)).toBe(2);
    expect(await runCommand(planFile, { set: ['repeats'] }, r.d)).toBe(2);
    expect(await runCommand(planFile, { smoke: true }, r.d)).toBe(2);
    expect(r.err.text()).toContain("--set expects path=value (e.g. --set repeats=1), got 'repeats'.");
  });

  it('a dataset missing at run time: exit 1 naming the data task', async () => {
    const { planFile } = setup();
    const { d, err } = deps({ missingData: true });
    expect(await runCommand(planFile, { quiet: true }, d)).toBe(1);
    expect(err.text()).toContain("task 'data:toy' (prepare_data) failed: dataset 'toy': file /nowhere/toy.csv was not found");
  });

  it('--out outside the project is refused (exit 2) unless --allow-outside', async () => {
    const { planFile } = setup();
    const { d, err } = deps();
    expect(await runCommand(planFile, { quiet: true, out: '/tmp/augc-elsewhere' }, d)).toBe(2);
    expect(err.text()).toMatch(/outside the spec's project folder/);
  });
});

describe('augc report', () => {
  it('re-renders from results.json; refuses a broken results file naming the path', async () => {
    const { root, planFile } = setup();
    await runCommand(planFile, { quiet: true }, deps().d);
    const reportPath = join(root, 'reports', 'toy.md');
    const before = readFileSync(reportPath, 'utf8');
    rmSync(reportPath);
    expect(await reportCommand(join(root, 'reports', 'toy.results.json'), { quiet: true })).toBe(0);
    expect(readFileSync(reportPath, 'utf8')).toBe(before);
    const results = JSON.parse(readFileSync(join(root, 'reports', 'toy.results.json'), 'utf8'));
    results.runs[0].metrics.weighted_f1 = 1.5;
    writeFileSync(join(root, 'bad.results.json'), JSON.stringify(results));
    const err = sink();
    expect(await reportCommand(join(root, 'bad.results.json'), {}, err)).toBe(1);
    expect(err.text()).toContain('/runs/0/metrics/weighted_f1: must be <= 1');
  });

  it('refuses a report path outside the project', async () => {
    const { root, planFile } = setup();
    await runCommand(planFile, { quiet: true }, deps().d);
    const results = JSON.parse(readFileSync(join(root, 'reports', 'toy.results.json'), 'utf8'));
    results.report.path = '../../../../../../tmp/evil.md';
    writeFileSync(join(root, 'reports', 'moved.results.json'), JSON.stringify(results));
    const err = sink();
    expect(await reportCommand(join(root, 'reports', 'moved.results.json'), {}, err)).toBe(2);
    expect(err.text()).toMatch(/outside the project folder .*--allow-outside/);
  });
});
