/**
 * Finding a trained VAE in an artifact cache, for `augc sample`: from a run's results.json (its
 * spec's `.augc/`, or --cache-dir) or from a cache folder, through the run manifests the cache keeps
 * (`manifests/ID.json`: the plan and every task's key). Each problem is a `SampleError` with the
 * exit code and a sentence that lists the choices: the VAEs of the run, its cells, repeats.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { findProjectRoot } from '../paths/project-boundary.ts';
import type { Plan, TrainVaeTask } from '../plan/types.ts';
import type { RunManifest } from '../runtime/execution/task-runner.ts';
import { cellLabels } from '../runtime/results/build-results.ts';
import { canonicalJson } from '../runtime/results/canonical-json.ts';
import type { ResultsFile } from '../runtime/results/types.ts';
import { validateResults } from '../runtime/results/validate-results.ts';
import { didYouMean } from '../text/spelling.ts';

/** A problem `augc sample` reports in one line: 2 for the user's input, 1 for missing work. */
export class SampleError extends Error {
  constructor(
    message: string,
    readonly exitCode: 1 | 2,
  ) {
    super(message);
  }
}

/** A run manifest found in the cache, with when it was written (newest runs first). */
interface FoundManifest {
  manifest: RunManifest;
  mtimeMs: number;
}

/** Where the runs are: the cache folder, and the results file's run when one was given. */
export interface RunSource {
  cacheRoot: string;
  results: ResultsFile | null;
}

const isCache = (dir: string) => existsSync(join(dir, 'artifacts')) && existsSync(join(dir, 'manifests'));

/** A results.json or a cache folder (or a folder holding `.augc/`) → the cache and the run. */
export function openRunSource(path: string, cacheDir: string | undefined): RunSource {
  if (!existsSync(path)) throw new SampleError(`cannot read ${path}: no such file or folder.`, 2);
  if (statSync(path).isDirectory()) {
    const root = isCache(path) ? path : isCache(join(path, '.augc')) ? join(path, '.augc') : null;
    if (!root) {
      throw new SampleError(
        `${path} is not an artifact cache (a folder with artifacts/ and manifests/, such as the .augc/ beside a spec); pass a run's results.json or its cache.`,
        2,
      );
    }
    return { cacheRoot: resolve(root), results: null };
  }
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new SampleError(`${path} is not valid JSON (${(err as Error).message}); pass a run's results.json or its cache folder.`, 2);
  }
  const checked = validateResults(json);
  if (!checked.ok) throw new SampleError(`${path} is not an augc results file (${checked.errors[0]}).`, 2);
  const results = checked.results;
  const spec = resolve(findProjectRoot(dirname(resolve(path))), results.spec.path);
  const cacheRoot = resolve(cacheDir ?? join(dirname(spec), '.augc'));
  if (!isCache(cacheRoot)) {
    throw new SampleError(
      `no artifact cache at ${cacheRoot} (the .augc/ beside the run's spec ${results.spec.path}); pass --cache-dir DIR if the run used another.`,
      2,
    );
  }
  return { cacheRoot, results };
}

/** The cache's run manifests, newest first; with a results file, only the runs that wrote it. */
function manifestsOf(source: RunSource, experiment: string | undefined): FoundManifest[] {
  const dir = join(source.cacheRoot, 'manifests');
  const found: FoundManifest[] = [];
  for (const name of readdirSync(dir).filter((n) => n.endsWith('.json'))) {
    try {
      const manifest = JSON.parse(readFileSync(join(dir, name), 'utf8')) as RunManifest;
      if (manifest?.plan?.tasks) found.push({ manifest, mtimeMs: statSync(join(dir, name)).mtimeMs });
    } catch {
      // a manifest being written, or not one: not a run to sample from
    }
  }
  const r = source.results;
  const matches = (plan: Plan, m: RunManifest) =>
    (!experiment || plan.experiment.name === experiment) &&
    (!r ||
      (plan.spec.sha256 === r.spec.sha256 &&
        plan.experiment.name === r.experiment.name &&
        plan.smoke === r.smoke &&
        canonicalJson(plan.overrides, 0) === canonicalJson(r.overrides, 0) &&
        m.augcVersion === r.augcVersion &&
        m.backend.split('+')[0] === r.backend.name));
  return found.filter((f) => matches(f.manifest.plan, f.manifest)).sort((a, b) => b.mtimeMs - a.mtimeMs);
}

/** A train_vae task's cell as text: "shots=5,beta=0.5", or "-" for a VAE every cell shares. */
export function cellText(task: TrainVaeTask, plan: Plan): string {
  const labels = Object.entries(cellLabels(task.cell, plan.axes));
  return labels.length ? labels.map(([axis, label]) => `${axis}=${label}`).join(',') : '-';
}

/** The cell as the task id writes it ("beta=norm1" where the label is "beta=β_norm 1"). */
function cellKey(task: TrainVaeTask): string {
  return task.id.slice(`vae:${task.vae.name}/`.length, task.id.lastIndexOf('/'));
}

/** Does `--cell TEXT` ("shots=5", "shots=5,beta=0.5", "beta=norm1") name this cell, by its labels or its id? */
function cellMatches(wanted: string, task: TrainVaeTask, plan: Plan): boolean {
  const pairs = (text: string) => text.split(',').map((pair) => pair.replace(/\s+/g, ''));
  const asked = pairs(wanted);
  return [cellText(task, plan), cellKey(task)].some((form) => {
    const have = new Set(pairs(form));
    return asked.every((pair) => have.has(pair));
  });
}

/** A cell for a list of choices: its labels, and its id form where that differs. */
function cellChoice(task: TrainVaeTask, plan: Plan): string {
  const [text, key] = [cellText(task, plan), cellKey(task)];
  return text.replace(/\s+/g, '') === key ? text : `${text} (${key})`;
}

export interface VaeChoice {
  vae: string;
  cell?: string;
  repeat?: number;
  experiment?: string;
}

/** The VAE task to sample from and the run it belongs to; `note` says which of several cells was taken. */
export interface FoundVae {
  manifest: RunManifest;
  task: TrainVaeTask;
  cell: string;
  key: string;
  note: string | null;
}

/**
 * Picks the train_vae task of VAE `choice.vae` in the newest matching run whose entry `inCache`
 * says is stored: repeat 0 unless --repeat, and the first cell in plan order unless --cell.
 */
export async function findTrainedVae(source: RunSource, choice: VaeChoice, inCache: (key: string) => Promise<boolean>): Promise<FoundVae> {
  const runs = manifestsOf(source, choice.experiment);
  const where = source.results ? `the runs of ${source.results.experiment.name} in ${source.cacheRoot}` : source.cacheRoot;
  if (runs.length === 0) {
    const what = source.results
      ? `no run of ${source.results.spec.path} (as its results file records it: same spec text, settings, augc version and backend)`
      : choice.experiment
        ? `no run of an experiment '${choice.experiment}'`
        : 'no run manifest';
    throw new SampleError(`the cache ${source.cacheRoot} holds ${what}; run \`augc run\` first (with this cache).`, 1);
  }
  const vaeTasks = (plan: Plan) => plan.tasks.filter((t): t is TrainVaeTask => t.kind === 'train_vae');
  const withVae = runs.filter((r) => vaeTasks(r.manifest.plan).some((t) => t.vae.name === choice.vae));
  if (withVae.length === 0) {
    const names = [...new Set(runs.flatMap((r) => vaeTasks(r.manifest.plan).map((t) => t.vae.name)))].sort();
    const hint = didYouMean(choice.vae, names);
    throw new SampleError(
      `no VAE '${choice.vae}' in ${where} (${names.length ? `VAEs: ${names.join(', ')}` : 'no run trained a VAE'}).${hint ? ` ${hint}` : ''}`,
      2,
    );
  }
  const experiments = [...new Set(withVae.map((r) => r.manifest.plan.experiment.name))].sort();
  if (experiments.length > 1) {
    throw new SampleError(
      `runs of ${experiments.length} experiments in ${source.cacheRoot} have a VAE '${choice.vae}' (${experiments.join(', ')}); pick one with --experiment NAME or pass its results.json.`,
      2,
    );
  }
  for (const { manifest } of withVae) {
    const plan = manifest.plan;
    const tasks = vaeTasks(plan).filter((t) => t.vae.name === choice.vae);
    const repeats = [...new Set(tasks.map((t) => t.repeat))].sort((a, b) => a - b);
    const repeat = choice.repeat ?? 0;
    if (!repeats.includes(repeat)) {
      throw new SampleError(`VAE '${choice.vae}' has no repeat ${repeat} (repeats: ${repeats.join(', ')}); pick one with --repeat.`, 2);
    }
    const ofRepeat = tasks.filter((t) => t.repeat === repeat);
    const cells = ofRepeat.map((t) => cellText(t, plan));
    const choices = ofRepeat.map((t) => cellChoice(t, plan));
    const picked = choice.cell === undefined ? [0] : ofRepeat.flatMap((t, i) => (cellMatches(choice.cell as string, t, plan) ? [i] : []));
    if (picked.length !== 1) {
      const why = picked.length === 0 ? `has no cell ${choice.cell}` : `has ${picked.length} cells matching ${choice.cell}`;
      const example = cellKey(ofRepeat[0]);
      throw new SampleError(`VAE '${choice.vae}' ${why} (cells: ${choices.join('; ')}); pick one with --cell, e.g. --cell ${example}.`, 2);
    }
    const task = ofRepeat[picked[0]];
    const key = manifest.keys[task.id];
    if (!key || !(await inCache(key))) continue;
    const note =
      choice.cell === undefined && cells.length > 1
        ? `VAE '${choice.vae}' has one model per cell; sampling cell ${choices[0]} (others: ${choices.slice(1).join('; ')}; pick with --cell).`
        : null;
    return { manifest, task, cell: cells[picked[0]], key, note };
  }
  throw new SampleError(
    `VAE '${choice.vae}' (${experiments[0]}) is not in the cache ${source.cacheRoot}: its run did not finish training it, or the entry was removed; run \`augc run\` on the spec again.`,
    1,
  );
}
