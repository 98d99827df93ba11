import { describe, expect, it } from 'vitest';
import type { EvaluateTask, Plan, TrainVaeTask } from '../../../src/plan/types.ts';
import { deriveSeed } from '../../../src/plan/seeds.ts';
import { demo, tabular } from '../diagnostic-cases.ts';
import { compile } from '../helpers.ts';

async function planOf(text: string, options = {}): Promise<Plan> {
  const { plan, diagnostics } = await compile(text, options);
  // these specs state 2–4 repeats to keep plans small: the few-repeats warning (AUG2040) is beside the point here
  expect(diagnostics.filter((d) => d.code !== 'AUG2040').map((d) => d.message)).toEqual([]);
  return plan!;
}

const byKind = <K extends Plan['tasks'][number]['kind']>(plan: Plan, kind: K) =>
  plan.tasks.filter((t) => t.kind === kind) as Extract<Plan['tasks'][number], { kind: K }>[];

describe('lowering', () => {
  it('trains a single VAE on the pool once per repeat, shared by every arm and shots cell', async () => {
    const plan = await planOf(demo('  repeats 3\n  arm noise = shared.noise(alpha 1.0)\n  arm mix = shared.interpolate(k 2)'));
    const vaes = byKind(plan, 'train_vae');
    expect(vaes.map((t) => t.id)).toEqual(['vae:shared/-/r0', 'vae:shared/-/r1', 'vae:shared/-/r2']);
    const gens = byKind(plan, 'generate');
    expect(gens).toHaveLength(3 * 2 * 2); // repeats × shots values × arms
    expect(new Set(gens.filter((g) => g.repeat === 1).map((g) => g.vaeTask))).toEqual(new Set(['vae:shared/-/r1']));
  });

  it('gives every arm of a (cell, repeat) the same evaluation seed', async () => {
    const plan = await planOf(demo('  repeats 2\n  arm noise = shared.noise(alpha 1.0)'));
    const evals = byKind(plan, 'evaluate');
    expect(evals).toHaveLength(2 * 2 * 2);
    const cell = evals.filter((e) => e.repeat === 1 && e.cell.shots === 20);
    expect(cell.map((e) => e.arm)).toEqual(['baseline', 'noise']);
    expect(cell[0].seed).toBe(cell[1].seed);
    expect(cell[0].seed).toBe(deriveSeed(0, 'eval', 'digits', 'shots=20', 1));
    expect(new Set(evals.map((e) => e.seed)).size).toBe(4);
  });

  it('puts every dependency before its user', async () => {
    const plan = await planOf(
      demo('  repeats 2\n  arm noise = shared.noise(alpha 1.0) filter gc(noise sigma 0.2)\n  report "../reports/x.md" { latent shared }'),
    );
    const seen = new Set<string>();
    for (const t of plan.tasks) {
      for (const d of t.deps) expect(seen.has(d), `${t.id} needs ${d}`).toBe(true);
      seen.add(t.id);
    }
    expect(plan.tasks[0].id).toBe('data:digits');
    expect(byKind(plan, 'filter_gc')[0].gc.negatives).toEqual({ kind: 'noise', sigma: 0.2 });
  });

  it('resolves β_norm = β·d/N per dataset and trains per-cell VAEs for a β axis', async () => {
    const plan = await planOf(tabular('  sweep beta in [norm 1.0, 0.5]', 'latent 3  beta norm 2.0  train steps 300'));
    const vaes = byKind(plan, 'train_vae') as TrainVaeTask[];
    expect(vaes.map((v) => [v.id, v.vae.betaValue])).toEqual([
      ['vae:pc/beta=norm1/r0', (1 * 3) / 21],
      ['vae:pc/beta=0.5/r0', 0.5],
    ]);
    expect(plan.vaes[0].beta).toEqual({ kind: 'norm', value: 2, resolved: (2 * 3) / 21 });
  });

  it('turns epochs into steps over the training part and records the epochs', async () => {
    const plan = await planOf(tabular('', 'latent 2  train epochs 10 batch 100'));
    expect(plan.vaes[0].train).toEqual({ steps: 10 * 36, epochs: 10, batch: 100, lr: 1e-3, optimizer: 'adam' });
  });

  it('makes every default explicit', async () => {
    const plan = await planOf(tabular(''));
    expect(plan.datasets[0]).toMatchObject({
      preprocess: { continuous: 'minmax', impute: 'mean_mode' },
      split: { kind: 'partition', parts: ['train', 'validation', 'test'], fitOn: 'train' },
    });
    expect(plan.classifier).toBe('default');
    // a step budget, and early stopping on thyroid's own validation part
    expect(plan.classifiers[0]).toMatchObject({
      kind: 'mlp',
      hidden: [128],
      steps: 1000,
      epochs: null,
      epochsPer: 'cell',
      batch: 32,
      earlyStopping: { part: 'validation', every: 10, patience: 20, monitor: 'loss' },
    });
    expect(new Set(plan.tasks.flatMap((t) => (t.kind === 'evaluate' ? [t.steps] : [])))).toEqual(new Set([1000]));
    expect(plan.experiment).toMatchObject({ seed: 0, repeats: 1 });
    expect(plan.arms[1]).toMatchObject({ count: { kind: 'fixed', perClass: 400 }, recipe: { kind: 'prior', alpha: 1 } });
    expect(plan.vaes[0]).toMatchObject({
      mode: 'per_class',
      mixIn: 0,
      encoder: { kind: 'dense', widths: [64, 32] },
      decoder: { kind: 'dense', widths: [32, 64] },
    });
    expect(plan.report.tables).toEqual([{ metric: 'weighted_f1', rows: '-', cols: 'arm' }]);
  });

  it('--smoke keeps the grid but shortens every training', async () => {
    const text = demo('  repeats 3\n  classifier net { mlp [32] epochs 100 }\n  arm noise = shared.noise(alpha 1.0)');
    const full = await planOf(text);
    const smoke = await planOf(text, { smoke: true });
    expect(smoke.smoke).toBe(true);
    expect(smoke.experiment.repeats).toBe(1);
    expect(smoke.axes).toEqual(full.axes);
    expect(byKind(smoke, 'train_vae').map((t) => t.vae.train.steps)).toEqual([30]);
    expect((byKind(smoke, 'evaluate') as EvaluateTask[]).every((e) => e.classifier.epochs === 2)).toBe(true);
    // 2 epochs over the smoke cell's originals: 5 shots × 10 classes → 2 batches; 20 shots capped at 10 → 4 batches
    expect(new Set((byKind(smoke, 'evaluate') as EvaluateTask[]).map((e) => `${e.cell.shots}:${e.steps}`))).toEqual(
      new Set(['5:4', '20:8']),
    );
  });

  it('--smoke caps shots, fixed generated counts and test rows, keeping every task and cell', async () => {
    const text = demo(
      '  sweep generated in [10, 100]\n  arm noise = shared.noise(alpha 1.0) count generated\n  arm few = shared.noise(alpha 1.0) count 400',
    );
    const full = await planOf(text);
    const smoke = await planOf(text, { smoke: true });
    expect(smoke.tasks.map((t) => t.id)).toEqual(full.tasks.map((t) => t.id));
    expect(byKind(smoke, 'sample_shots').map((t) => [t.id, t.perClass])).toEqual([
      ['shots:digits/n=5/r0', 5],
      ['shots:digits/n=20/r0', 10],
    ]);
    const counts = (plan: Plan) =>
      byKind(plan, 'generate').map((g) => `${g.arm}@${g.cell.generated}:${g.count.kind === 'fixed' ? g.count.perClass : g.count.kind}`);
    expect(new Set(counts(smoke))).toEqual(new Set(['noise@10:10', 'noise@100:20', 'few@10:20', 'few@100:20']));
    expect(new Set(counts(full))).toEqual(new Set(['noise@10:10', 'noise@100:100', 'few@10:400', 'few@100:400']));
    expect(new Set(byKind(smoke, 'evaluate').map((e) => e.testLimit))).toEqual(new Set([100]));
    expect(byKind(full, 'evaluate').some((e) => 'testLimit' in e)).toBe(false);
  });

  it('applies overrides before checking and records them', async () => {
    const overrides = [
      { path: 'repeats', value: '1' },
      { path: 'seed', value: '7' },
      { path: 'vae.shared.latent', value: '10' },
      { path: 'vae.shared.train.steps', value: '100' },
    ];
    const plan = await planOf(demo('  repeats 4\n  arm noise = shared.noise(alpha 1.0)'), { overrides });
    expect(plan.overrides).toEqual(overrides);
    expect(plan.experiment).toMatchObject({ seed: 7, repeats: 1 });
    expect(plan.vaes[0]).toMatchObject({ latent: 10, train: { steps: 100 } });
    const bad = await compile(demo('  arm noise = shared.noise(alpha 1.0)'), { overrides: [{ path: 'vae.shared.latent', value: '0' }] });
    expect(bad.diagnostics.map((d) => d.code)).toEqual(['AUG2008']);
  });

  it('overrides a sweep axis with --set sweep.AXIS=values, checked like the text', async () => {
    const text = demo('  sweep generated in [10, 100]\n  arm noise = shared.noise(alpha 1.0) count generated');
    const plan = await planOf(text, { overrides: [{ path: 'sweep.generated', value: '[2, 50, 7]' }] });
    expect(plan.axes.find((a) => a.name === 'generated')?.values).toEqual([2, 50, 7]);
    expect(byKind(plan, 'generate').map((g) => g.cell.generated)).toEqual([2, 50, 7, 2, 50, 7]);
    const bad = await compile(text, { overrides: [{ path: 'sweep.generated', value: '2,,5' }] });
    expect(bad.diagnostics.map((d) => [d.code, d.message])).toEqual([
      ['AUG3007', "Override 'sweep.generated' needs a comma list of numbers, names or `norm X` values; got '2,,5'."],
    ]);
    const negative = await compile(text, { overrides: [{ path: 'sweep.generated', value: '5,-1' }] });
    expect(negative.diagnostics.map((d) => d.code)).toEqual(['AUG2008']);
  });

  it('expands several axes into their cartesian product, first axis slowest', async () => {
    const plan = await planOf(demo('  sweep generated in [10, 100]\n  arm noise = shared.noise(alpha 1.0) count generated'));
    const gens = byKind(plan, 'generate');
    expect(gens.map((g) => g.id)).toEqual([
      'gen:noise/shots=5,generated=10/r0',
      'gen:noise/shots=5,generated=100/r0',
      'gen:noise/shots=20,generated=10/r0',
      'gen:noise/shots=20,generated=100/r0',
    ]);
    expect(gens.map((g) => g.count)).toEqual([10, 100, 10, 100].map((n) => ({ kind: 'fixed', perClass: n })));
  });

  it('reports default train and test parts the split does not define (AUG2012 at the experiment name)', async () => {
    const text =
      'experiment demo "Demo" {\n  data digits = mnist()\n  split digits stratified { pool 0.5, holdout 0.5 }\n  arm baseline\n}\n';
    const { diagnostics } = await compile(text);
    expect(diagnostics.map((d) => [d.code, d.range.start.line, d.range.start.column, d.message])).toEqual([
      ['AUG2012', 1, 12, "Split of 'digits' has no part 'test'."],
      ['AUG2012', 1, 12, "Split of 'digits' has no part 'train'."],
    ]);
    const fixed = await compile(text.replace('  arm baseline', '  train on pool\n  test on holdout\n  arm baseline'));
    expect(fixed.diagnostics).toEqual([]);
  });

  it('warns (AUG2019) when shots, a VAE or training use the test part, and still plans', async () => {
    const text = demo('  vae leaky { single on test }\n  arm noise = leaky.noise(alpha 1.0)').replace('from pool', 'from test');
    const { diagnostics, plan } = await compile(text);
    expect(diagnostics.filter((d) => d.code !== 'AUG2027').map((d) => [d.code, d.severity, d.range.start.line])).toEqual([
      ['AUG2019', 'warning', 5],
      ['AUG2019', 'warning', 7],
    ]);
    expect(plan).not.toBeNull();
  });

  it('rejects a value swept twice (the cells would collide)', async () => {
    const { diagnostics } = await compile(demo('  arm noise = shared.noise(alpha 1.0)').replace('[5, 20]', '[5, 20, 5]'));
    expect(diagnostics.map((d) => [d.code, d.range.start.line, d.range.start.column, d.message])).toEqual([
      ['AUG2002', 5, 26, "Duplicate value of axis 'shots' '5'."],
    ]);
  });

  it('rejects arm names that would break task ids', async () => {
    const { diagnostics } = await compile(demo('  arm "noise/2" = shared.noise(alpha 1.0)'));
    expect(diagnostics.map((d) => [d.code, d.range.start.line, d.message])).toEqual([
      ['AUG2009', 7, "An arm name must be text without '/', ',', '=' or spaces; got \"noise/2\"."],
    ]);
  });

  it('records the spec hash and resolves paths against the spec folder', async () => {
    const plan = await planOf(demo('  arm noise = shared.noise(alpha 1.0)\n  report "../reports/demo.md"'));
    expect(plan.spec.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(plan.report.path.endsWith('/reports/demo.md')).toBe(true);
    expect(plan.report.path.startsWith('/')).toBe(true);
  });
});

describe('part sizes agree with the data layer', () => {
  it('stratified part class counts equal what stratifiedSplit produces', async () => {
    const { stratifiedSplit } = await import('../../../src/runtime/data/split.ts');
    const { partClassCounts } = await import('../../../src/compiler/bind/datasets.ts');
    const counts = [166, 368, 6666, 7, 1];
    const y = Int32Array.from(counts.flatMap((n, c) => Array.from({ length: n }, () => c)));
    const ratios = { pool: 0.75, validation: 0.1, test: 0.15 };
    const parts = stratifiedSplit(y, counts.length, ratios, 42);
    const metadata = { classes: counts.map((count, i) => ({ label: String(i), count })) } as never;
    for (const part of Object.keys(ratios)) {
      const actual = counts.map((_, c) => Array.from(parts[part]).filter((row) => y[row] === c).length);
      expect(partClassCounts({ kind: 'stratified', ratios, seed: 42, fitOn: 'pool' }, part, metadata)).toEqual(actual);
    }
  });
});
