/**
 * A task's cache key is made of exactly its inputs as the plan states them (src/plan/task-inputs.ts):
 * changing any of them changes its key (and the keys of every task that reads it), and changing
 * anything else (its id, its cell, the report, another task's settings) changes no key. Checked
 * leaf by leaf on the plans the lowering writes for two example specs.
 */
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { compileFile } from '../../../src/compiler/index.ts';
import { taskSettings } from '../../../src/plan/task-inputs.ts';
import type { Plan, Task } from '../../../src/plan/types.ts';
import { validatePlan } from '../../../src/plan/validate.ts';
import { createHash } from 'node:crypto';
import { taskInputs } from '../../../src/plan/task-inputs.ts';
import { planKeys, taskKey } from '../../../src/runtime/execution/artifact-cache.ts';
import { canonicalJson } from '../../../src/runtime/results/canonical-json.ts';
import { fakeReadMetadata, PROJECT_ROOT } from '../../compiler/helpers.ts';

const keysOf = (plan: Plan, data = new Map<string, unknown>()) => planKeys(plan.tasks, '0.1.0', 'wasm', data);
const clone = (plan: Plan): Plan => structuredClone(plan);

/** Paths of every leaf of a value (an empty array or object counts as a leaf). */
function leaves(value: unknown, path: (string | number)[] = []): (string | number)[][] {
  if (Array.isArray(value)) return value.length ? value.flatMap((v, i) => leaves(v, [...path, i])) : [path];
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value);
    return entries.length ? entries.flatMap(([k, v]) => leaves(v, [...path, k])) : [path];
  }
  return [path];
}

/** Another value of the same leaf: a number + 1, a string changed, a flag flipped, null set, an empty array or object filled. */
function changed(value: unknown): unknown {
  if (typeof value === 'number') return value + 1;
  if (typeof value === 'string') return `${value}~`;
  if (typeof value === 'boolean') return !value;
  if (value === null) return 0;
  if (Array.isArray(value)) return [0];
  return { added: 0 };
}

function setLeaf(target: Record<string | number, unknown>, path: (string | number)[], value: unknown): void {
  let node = target;
  for (const step of path.slice(0, -1)) node = node[step] as Record<string | number, unknown>;
  node[path[path.length - 1]] = value;
}

function getLeaf(target: unknown, path: (string | number)[]): unknown {
  return path.reduce((node, step) => (node as Record<string | number, unknown>)[step], target);
}

/** Ids of the task and every task that reads it, directly or through others. */
function downstream(plan: Plan, id: string): Set<string> {
  const reached = new Set([id]);
  for (const task of plan.tasks) if (task.deps.some((d) => reached.has(d))) reached.add(task.id);
  return reached;
}

const plans = new Map<string, Plan>();
beforeAll(async () => {
  for (const spec of ['quickstart.aug', 'thyroid.aug']) {
    const { plan } = await compileFile(join(PROJECT_ROOT, 'specs', spec), { readMetadata: fakeReadMetadata });
    plans.set(spec, JSON.parse(JSON.stringify(plan)) as Plan);
  }
});

describe.each(['quickstart.aug', 'thyroid.aug'])('cache keys of %s', (spec) => {
  it('the lowering states every task a task reads among its deps (the validator checks it)', () => {
    const plan = plans.get(spec)!;
    expect(validatePlan(plan)).toMatchObject({ ok: true });
    expect(new Set(plan.tasks.map((t) => t.kind))).toEqual(
      new Set([
        'prepare_data',
        'train_vae',
        'generate',
        'evaluate',
        'oracle',
        'figure',
        ...(spec === 'thyroid.aug' ? ['filter_gc'] : ['sample_shots']),
      ]),
    );
    // a latent figure (thyroid) reads the generate task the lowering picked, a samples figure (quickstart) names its VAE
    const figures = plan.tasks.filter((t) => t.kind === 'figure');
    expect(figures.length).toBeGreaterThan(0);
    for (const t of figures) if (t.kind === 'figure') expect(t.deps).toEqual([`data:${t.dataset}`, t.vaeTask, t.generateTask]);
  });

  it('changing any input of a task changes its key and those of its readers, and no other key', () => {
    const plan = plans.get(spec)!;
    const before = keysOf(plan);
    let checked = 0;
    // every task of the quickstart; of thyroid's 300, the first of each kind (all of them take a minute)
    const firstOfKind = plan.tasks.filter((t, i) => plan.tasks.findIndex((u) => u.kind === t.kind) === i);
    for (const task of spec === 'quickstart.aug' ? plan.tasks : firstOfKind) {
      const i = plan.tasks.indexOf(task);
      const affected = downstream(plan, task.id);
      for (const path of leaves(taskSettings(task))) {
        const edited = clone(plan);
        setLeaf(edited.tasks[i] as unknown as Record<string, unknown>, path, changed(getLeaf(task, path)));
        const after = keysOf(edited);
        const moved = plan.tasks.filter((t) => after.get(t.id) !== before.get(t.id)).map((t) => t.id);
        expect(moved, `${task.id} ${path.join('.')}`).toEqual([...affected]);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(spec === 'quickstart.aug' ? 500 : 100); // 544 and 111 leaves when written
  });

  it('adding or dropping a dep changes the key', () => {
    const plan = plans.get(spec)!;
    const i = plan.tasks.findIndex((t) => t.kind === 'evaluate');
    const edited = clone(plan);
    edited.tasks[i].deps = edited.tasks[i].deps.slice(1);
    expect(keysOf(edited).get(plan.tasks[i].id)).not.toBe(keysOf(plan).get(plan.tasks[i].id));
  });

  it('renaming tasks, relabelling cells and repeats, and editing the report or titles change no key', () => {
    const plan = plans.get(spec)!;
    const before = [...keysOf(plan).values()];
    const ids = new Set(plan.tasks.map((t) => t.id));
    const rename = (value: unknown): unknown => {
      if (typeof value === 'string') return ids.has(value) ? `other:${value}` : value;
      if (Array.isArray(value)) return value.map(rename);
      if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, rename(v)]));
      return value;
    };
    const edited = clone(plan);
    edited.tasks = plan.tasks.map((t) => ({ ...(rename(t) as Task), cell: { relabelled: 'yes' }, repeat: t.repeat + 7 }));
    edited.experiment.title = 'Another title';
    edited.experiment.name = 'another';
    edited.report.path = '/elsewhere/report.md';
    edited.report.tables = [];
    edited.spec = { path: '/elsewhere/spec.aug', sha256: 'b'.repeat(64) };
    edited.overrides = [{ path: 'repeats', value: '9' }];
    expect(validatePlan(edited)).toMatchObject({ ok: true });
    expect([...keysOf(edited).values()]).toEqual(before);
  });

  it('what computed a task is part of its key: augc version, numerics, a dataset file', () => {
    const plan = plans.get(spec)!;
    const task = plan.tasks[0];
    expect(taskKey(task, [], '0.1.0', 'wasm')).not.toBe(taskKey(task, [], '0.1.1', 'wasm'));
    expect(taskKey(task, [], '0.1.0', 'wasm')).not.toBe(taskKey(task, [], '0.1.0', 'wasm+openblas'));
    const withFile = keysOf(plan, new Map([[task.id, { files: [{ name: 'a.dt', size: 1 }] }]]));
    const otherFile = keysOf(plan, new Map([[task.id, { files: [{ name: 'a.dt', size: 2 }] }]]));
    expect(plan.tasks.every((t) => withFile.get(t.id) !== otherFile.get(t.id))).toBe(true); // everything reads the data
  });
});

describe('plans the keys refuse', () => {
  it('a task that names a task outside its deps is refused by the validator', () => {
    const plan = clone(plans.get('thyroid.aug')!);
    const figure = plan.tasks.find((t) => t.kind === 'figure' && t.figure.kind === 'latent')!;
    figure.deps = figure.deps.filter((d) => d.startsWith('data:') || d.startsWith('vae:'));
    const result = validatePlan(plan);
    expect(result.ok).toBe(false);
    expect(result.ok ? [] : result.errors).toEqual([
      `$.tasks[${plan.tasks.indexOf(figure)}]: names the task '${(figure as { generateTask: string }).generateTask}', which is not among its deps (a plan written before 1.3.0: run augc plan again)`,
    ]);
  });

  it('two tasks with the same inputs are refused, naming both', () => {
    const plan = clone(plans.get('quickstart.aug')!);
    const vae = plan.tasks.findIndex((t) => t.kind === 'train_vae');
    plan.tasks.splice(vae + 1, 0, { ...plan.tasks[vae], id: 'vae:copy' });
    expect(() => keysOf(plan)).toThrow(`tasks '${plan.tasks[vae].id}' and 'vae:copy' have the same inputs`);
  });
});

describe('key material written exactly', () => {
  it('a setting that differs beyond its 10th digit is another key (a β_norm of 2/21 and its 10-digit rounding)', () => {
    const plan = clone(plans.get('thyroid.aug')!);
    const i = plan.tasks.findIndex((t) => t.kind === 'train_vae');
    const vae = plan.tasks[i];
    if (vae.kind !== 'train_vae') throw new Error('no train_vae task');
    const rounded = clone(plan);
    const exact = 2 / 21;
    vae.vae.betaValue = exact;
    (rounded.tasks[i] as typeof vae).vae.betaValue = Number(exact.toPrecision(10));
    expect(keysOf(plan).get(vae.id)).not.toBe(keysOf(rounded).get(vae.id));
  });

  it('material whose numbers have 10 digits or fewer keeps the key earlier versions wrote (results.json canonical JSON)', () => {
    const plan = plans.get('quickstart.aug')!;
    const earlier = new Map<string, string>();
    for (const task of plan.tasks) {
      const depKeys = task.deps.map((d) => earlier.get(d)!);
      const material = canonicalJson({ inputs: taskInputs(task), depKeys, augcVersion: '0.1.0', backend: 'wasm' }, 0);
      earlier.set(task.id, createHash('sha256').update(material).digest('hex'));
    }
    expect(keysOf(plan)).toEqual(earlier);
  });
});
