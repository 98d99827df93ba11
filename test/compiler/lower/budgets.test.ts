import { describe, expect, it } from 'vitest';
import type { EvaluateTask, Plan, SampleShotsTask } from '../../../src/plan/types.ts';
import { epochSteps, evaluateSteps, shotRows } from '../../../src/compiler/bind/budgets.ts';
import { demo, tabular } from '../diagnostic-cases.ts';
import { compile } from '../helpers.ts';

const evals = (plan: Plan) => plan.tasks.filter((t): t is EvaluateTask => t.kind === 'evaluate');
/** steps of each arm, by cell key, for repeat 0 */
const stepsByCell = (plan: Plan) => {
  const out: Record<string, Record<string, number | null>> = {};
  for (const e of evals(plan).filter((t) => t.repeat === 0)) {
    const cell = String(e.cell.shots ?? '-');
    out[cell] = { ...out[cell], [e.arm]: e.steps };
  }
  return out;
};
const codes = (diagnostics: { code: string }[]) => diagnostics.map((d) => d.code);

describe('classifier step budgets', () => {
  it('counts epochs over the cell’s originals, so every arm of a cell gets the same steps', async () => {
    // demo: 10 MNIST classes; 5 shots → 50 rows → 2 batches of 32; 20 shots → 200 rows → 7 batches
    const { plan, diagnostics } = await compile(
      demo(
        '  classifier net { mlp [64]  epochs 40 }\n  arm noise = shared.noise(alpha 1.0) count same\n  arm many = shared.noise(alpha 1.0) count 100',
      ),
    );
    expect(codes(diagnostics)).not.toContain('AUG2033');
    expect(stepsByCell(plan!)).toEqual({ '5': { baseline: 80, noise: 80, many: 80 }, '20': { baseline: 280, noise: 280, many: 280 } });
    expect(plan!.classifiers[0]).toMatchObject({ steps: null, epochs: 40, epochsPer: 'cell' });
  });

  it('`train steps N` is N for every arm and cell; --smoke clips it', async () => {
    const text = demo('  classifier net { mlp [64]  train steps 500 batch 16 lr 3e-3 }\n  arm noise = shared.noise(alpha 1.0)');
    const { plan } = await compile(text);
    expect(stepsByCell(plan!)).toEqual({ '5': { baseline: 500, noise: 500 }, '20': { baseline: 500, noise: 500 } });
    expect(plan!.classifiers[0]).toMatchObject({ steps: 500, epochs: null, batch: 16, lr: 3e-3 });
    const smoke = await compile(text, { smoke: true });
    expect(new Set(evals(smoke.plan!).map((e) => e.steps))).toEqual(new Set([20]));
  });

  it('`epochs N per_arm` leaves the steps to the runtime (null) and warns that arms differ (AUG2033)', async () => {
    const { plan, diagnostics } = await compile(tabular('  classifier net { mlp [64]  epochs 30 per_arm }'));
    expect(diagnostics.find((d) => d.code === 'AUG2033')?.severity).toBe('warning');
    expect(plan!.classifiers[0].epochsPer).toBe('arm');
    expect(new Set(evals(plan!).map((e) => e.steps))).toEqual(new Set([null]));
  });

  it('a budget of epochs over the whole training part counts that part', async () => {
    // thyroid's partition: 3600 training rows, batch 100 → 36 steps per epoch
    const { plan } = await compile(tabular('  classifier net { mlp [64]  epochs 10 batch 100 }'));
    expect(new Set(evals(plan!).map((e) => e.steps))).toEqual(new Set([360]));
  });

  it('stops early on the validation part by default, with `every` and `patience` when given, and not after `early_stop off`', async () => {
    const stop = async (setting: string) =>
      (await compile(tabular(`  classifier net { mlp [64]  train steps 400 ${setting} }`))).plan!.classifiers[0].earlyStopping;
    expect(await stop('')).toEqual({ part: 'validation', every: 10, patience: 20, monitor: 'loss' });
    expect(await stop('early_stop on validation every 5 steps patience 4')).toEqual({
      part: 'validation',
      every: 5,
      patience: 4,
      monitor: 'loss',
    });
    expect(await stop('early_stop on validation patience 7')).toEqual({ part: 'validation', every: 10, patience: 7, monitor: 'loss' });
    expect(await stop('early_stop on validation patience 7 monitor weighted_f1')).toEqual({
      part: 'validation',
      every: 10,
      patience: 7,
      monitor: 'weighted_f1',
    });
    expect(await stop('early_stop off')).toBeNull();
    // no validation part: nothing to stop on, and a shots axis says so (AUG2034)
    const none = await compile(demo('').replace('validation 0.1, test 0.4', 'test 0.5'));
    expect(none.plan!.classifiers[0].earlyStopping).toBeNull();
    expect(codes(none.diagnostics)).toContain('AUG2034');
    // a fixed budget on purpose: no warning
    const off = await compile(
      demo('  classifier net { mlp [64]  train steps 300  early_stop off }').replace('validation 0.1, test 0.4', 'test 0.5'),
    );
    expect(codes(off.diagnostics)).not.toContain('AUG2034');
    expect(off.plan!.classifiers[0].earlyStopping).toBeNull();
  });

  it('checks `every` and the budget settings', async () => {
    const bad = await compile(tabular('  classifier net { mlp [64]  train steps 0  early_stop on validation every 0 steps }'));
    expect(bad.diagnostics.filter((d) => d.code === 'AUG2008').map((d) => d.message)).toEqual([
      "'steps' must be an integer ≥ 1; got 0.",
      "'every' must be an integer ≥ 1; got 0.",
    ]);
    const monitor = await compile(tabular('  classifier net { mlp [64]  train steps 300  early_stop on validation monitor weighted_f2 }'));
    expect(monitor.diagnostics.filter((d) => d.code === 'AUG2005').map((d) => [d.message, d.hint])).toEqual([
      ["Unknown monitor 'weighted_f2'.", "Did you mean 'weighted_f1'?"],
    ]);
    const twice = await compile(tabular('  classifier net { mlp [64]  batch 32  train steps 300 batch 64 }'));
    expect(codes(twice.diagnostics)).toContain('AUG2015');
  });

  it('`cap` takes all of a class smaller than the shots value, and counts those rows', async () => {
    // the fake thyroid partition has 83 / 184 / 3333 training rows per class
    const spec = (cap: string) =>
      tabular(`  sweep shots in [50, 100] per_class from train${cap}\n  classifier net { mlp [64]  epochs 10 batch 10 }`).replace(
        'per_class on train',
        'per_class on shots',
      );
    const capped = await compile(spec(' cap'));
    expect(codes(capped.diagnostics)).not.toContain('AUG3002');
    const shots = capped.plan!.tasks.filter((t): t is SampleShotsTask => t.kind === 'sample_shots');
    expect(shots.map((t) => [t.perClass, t.cap])).toEqual([
      [50, true],
      [100, true],
    ]);
    expect(capped.plan!.axes[0].target).toEqual({ kind: 'shots', from: 'train', cap: true });
    // 100 shots: 83 + 100 + 100 = 283 rows → 29 batches of 10
    expect(stepsByCell(capped.plan!)['100'].baseline).toBe(290);
    const uncapped = await compile(spec(''));
    const tooMany = uncapped.diagnostics.find((d) => d.code === 'AUG3002');
    expect(tooMany?.hint).toMatch(/'cap'/);
  });

  it('--set classifier.NAME.steps replaces an epochs budget (and epochs a steps budget)', async () => {
    const text = tabular('  classifier net { mlp [64]  epochs 10 per_arm  batch 50 }');
    const steps = await compile(text, { overrides: [{ path: 'classifier.net.steps', value: '300' }] });
    expect(steps.plan!.classifiers[0]).toMatchObject({ steps: 300, epochs: null, batch: 50 });
    const epochs = await compile(text, { overrides: [{ path: 'classifier.net.epochs', value: '3' }] });
    expect(epochs.plan!.classifiers[0]).toMatchObject({ steps: null, epochs: 3, epochsPer: 'arm' });
  });

  it('warns (AUG3012) in the cell with the fewest steps, naming it and the count', async () => {
    const { diagnostics } = await compile(demo('  classifier net { mlp [64]  epochs 30 }'));
    const few = diagnostics.find((d) => d.code === 'AUG3012');
    // 5 shots: 50 rows → 2 steps per epoch → 60 steps; 20 shots: 7 × 30 = 210 steps, enough
    expect(few?.message).toBe(
      "Classifier 'net' gets only 60 optimizer steps in cell shots=5 (50 rows), fewer than 200; an undertrained baseline makes every gain over it doubtful.",
    );
  });
});

describe('budget arithmetic', () => {
  it('counts a partial batch as a step', () => {
    expect(epochSteps(3, 65, 32)).toBe(9);
    expect(epochSteps(3, 0, 32)).toBe(3);
    expect(evaluateSteps({ steps: null, epochs: 3, epochsPer: 'cell', batch: 32 }, 64)).toBe(6);
    expect(evaluateSteps({ steps: 700, epochs: null, epochsPer: 'cell', batch: 32 }, 64)).toBe(700);
    expect(evaluateSteps({ steps: null, epochs: 3, epochsPer: 'arm', batch: 32 }, 64)).toBeNull();
    expect(shotRows(100, [91, 184, 3333], true)).toBe(291);
    expect(shotRows(100, [91, 184, 3333], false)).toBe(300);
  });
});
