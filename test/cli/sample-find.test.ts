/**
 * How `augc sample` finds a trained VAE in a cache (src/cli/trained-vaes.ts), on run manifests made
 * here: cells named by their labels or their task-id form (a β axis labels "β_norm 1", its ids say
 * "norm1"), the newest run whose entry is stored, and the refusals that list the choices.
 */
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findTrainedVae, openRunSource, SampleError } from '../../src/cli/trained-vaes.ts';

const root = mkdtempSync(join(process.cwd(), 'scratch', 'sample-find-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const norm = { kind: 'norm', value: 1, resolved: 0.1 };
const half = { kind: 'value', value: 0.5 };

/** A train_vae task of VAE `vae` in a β cell. */
function vaeTask(vae: string, betaKey: string, beta: unknown, repeat: number) {
  return { id: `vae:${vae}/beta=${betaKey}/r${repeat}`, kind: 'train_vae', cell: { beta }, repeat, vae: { name: vae, mode: 'single' } };
}

/** A cache folder with one manifest per run: experiment name, its tasks, and how old it is (s). */
function cache(runs: { experiment: string; vae: string; age: number; tag: string }[]): string {
  const dir = mkdtempSync(join(root, 'cache-'));
  mkdirSync(join(dir, 'artifacts'));
  mkdirSync(join(dir, 'manifests'));
  for (const run of runs) {
    const tasks = [0, 1].flatMap((r) => [vaeTask(run.vae, 'norm1', norm, r), vaeTask(run.vae, '0.5', half, r)]);
    const plan = {
      experiment: { name: run.experiment, seed: 1 },
      axes: [{ name: 'beta', values: [norm, half], labels: ['β_norm 1', '0.5'] }],
      tasks,
    };
    const keys = Object.fromEntries(tasks.map((t) => [t.id, `${run.tag}:${t.id}`]));
    const file = join(dir, 'manifests', `${run.tag}.json`);
    writeFileSync(file, JSON.stringify({ plan, keys, augcVersion: '0', backend: 'wasm', baseDir: dir }));
    const when = Date.now() / 1000 - run.age;
    utimesSync(file, when, when);
  }
  return dir;
}

const everything = async () => true;

describe('finding a trained VAE in a cache', () => {
  const dir = cache([
    { experiment: 'betas', vae: 'shared', age: 100, tag: 'old' },
    { experiment: 'betas', vae: 'shared', age: 10, tag: 'new' },
  ]);
  const source = openRunSource(dir, undefined);

  it('names a cell by its label or by its id form, takes the newest run, repeat 0 by default', async () => {
    for (const cell of ['beta=β_norm 1', 'beta=norm1', 'beta = norm1']) {
      const found = await findTrainedVae(source, { vae: 'shared', cell }, everything);
      expect([found.task.id, found.key, found.cell, found.note]).toEqual([
        'vae:shared/beta=norm1/r0',
        'new:vae:shared/beta=norm1/r0',
        'beta=β_norm 1',
        null,
      ]);
    }
    const r1 = await findTrainedVae(source, { vae: 'shared', cell: 'beta=0.5', repeat: 1 }, everything);
    expect(r1.key).toBe('new:vae:shared/beta=0.5/r1');
  });

  it('without --cell: the first cell, and a note naming the others', async () => {
    const found = await findTrainedVae(source, { vae: 'shared' }, everything);
    expect(found.task.id).toBe('vae:shared/beta=norm1/r0');
    expect(found.note).toBe(
      "VAE 'shared' has one model per cell; sampling cell beta=β_norm 1 (beta=norm1) (others: beta=0.5; pick with --cell).",
    );
  });

  it('an older run when the newest lacks the entry; an error when no run has it', async () => {
    const onlyOld = async (key: string) => key.startsWith('old:');
    expect((await findTrainedVae(source, { vae: 'shared', cell: 'beta=0.5' }, onlyOld)).key).toBe('old:vae:shared/beta=0.5/r0');
    const none = findTrainedVae(source, { vae: 'shared' }, async () => false);
    await expect(none).rejects.toThrow(
      new SampleError(
        `VAE 'shared' (betas) is not in the cache ${dir}: its run did not finish training it, or the entry was removed; run \`augc run\` on the spec again.`,
        1,
      ),
    );
  });

  it('refusals list the cells and repeats', async () => {
    await expect(findTrainedVae(source, { vae: 'shared', cell: 'beta=2' }, everything)).rejects.toThrow(
      "VAE 'shared' has no cell beta=2 (cells: beta=β_norm 1 (beta=norm1); beta=0.5); pick one with --cell, e.g. --cell beta=norm1.",
    );
    await expect(findTrainedVae(source, { vae: 'shared', repeat: 4 }, everything)).rejects.toThrow(
      "VAE 'shared' has no repeat 4 (repeats: 0, 1); pick one with --repeat.",
    );
  });

  it('a cache shared by two experiments with the same VAE name needs --experiment', async () => {
    const shared = openRunSource(
      cache([
        { experiment: 'alpha', vae: 'shared', age: 5, tag: 'a' },
        { experiment: 'beta', vae: 'shared', age: 6, tag: 'b' },
        { experiment: 'gamma', vae: 'other', age: 7, tag: 'c' },
      ]),
      undefined,
    );
    await expect(findTrainedVae(shared, { vae: 'shared' }, everything)).rejects.toThrow(
      /have a VAE 'shared' \(alpha, beta\); pick one with --experiment NAME/,
    );
    expect((await findTrainedVae(shared, { vae: 'shared', experiment: 'beta' }, everything)).key).toBe('b:vae:shared/beta=norm1/r0');
    await expect(findTrainedVae(shared, { vae: 'othr' }, everything)).rejects.toThrow(
      /no VAE 'othr' in .* \(VAEs: other, shared\)\. Did you mean 'other'\?/,
    );
  });
});
