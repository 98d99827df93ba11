/**
 * `augc sample RESULTS_OR_CACHE --vae NAME --count N [--class C] [--recipe R] [--seed S] -o OUT`:
 * draw new examples from a VAE that a run trained and the artifact cache keeps, decode them to the
 * dataset's own columns and write them: a table as CSV (original column names, categorical values
 * decoded, a `label` column) that `csv("OUT", label "label")` loads back; images as PNG files per
 * class plus IDX files. The draws are the run's own latent recipes (src/runtime/sampling/), seeded.
 */
import { existsSync } from 'node:fs';
import { relative } from 'node:path';
import { type Command, Option } from 'commander';
import { deriveSeed } from '../../plan/seeds.ts';
import type { Recipe, SampleShotsTask, TrainVaeTask } from '../../plan/types.ts';
import type { LabeledData, TrainedVae } from '../../runtime/components.ts';
import { DataError } from '../../runtime/data/errors.ts';
import type { PreparedData } from '../../runtime/data/types.ts';
import { ArtifactCache } from '../../runtime/execution/artifact-cache.ts';
import { rowsByClass } from '../../runtime/sampling/counts.ts';
import { gatherRows } from '../../runtime/training/batch-sampler.ts';
import { realComponents, realDataLayer } from '../../runtime/execution/real-modules.ts';
import type { DataLayer } from '../../runtime/execution/types.ts';
import { didYouMean } from '../../text/spelling.ts';
import { formatAliasOption, type JsonFlags, jsonOption, wantsJson } from '../options.ts';
import { findTrainedVae, openRunSource, SampleError } from '../trained-vaes.ts';
import type { RegisterCommand } from './index.ts';

export interface SampleFlags extends JsonFlags {
  vae: string;
  count: string;
  output: string;
  class?: string;
  recipe?: string;
  alpha?: string;
  k?: string;
  seed?: string;
  cell?: string;
  repeat?: string;
  experiment?: string;
  cacheDir?: string;
  backend?: 'tensorflow' | 'wasm' | 'cpu';
  quiet?: boolean;
}

const RECIPES = ['prior', 'noise', 'interpolate', 'extrapolate'] as const;
type LatentRecipe = Extract<Recipe, { kind: (typeof RECIPES)[number] }>;
/** more rows than this is almost certainly a typo (and would not fit in memory decoded) */
const MAX_COUNT = 10_000_000;

/** A whole number in [min, max] from an option's text, or a usage error naming the option. */
function wholeNumber(text: string, option: string, min: number, max: number): number {
  const n = Number(text);
  if (!/^\s*\d+\s*$/.test(text) || n < min || n > max) {
    throw new SampleError(`${option} expects a whole number from ${min} to ${max.toLocaleString('en')}, got '${text}'.`, 2);
  }
  return n;
}

/** The recipe the flags ask for (prior for a per-class VAE and noise for a single one by default). */
function recipeOf(flags: SampleFlags, vae: TrainVaeTask['vae']): LatentRecipe {
  const kind = flags.recipe ?? (vae.mode === 'per_class' ? 'prior' : 'noise');
  const alphaText = flags.alpha ?? (kind === 'prior' || kind === 'noise' ? '1' : '0.5');
  const alpha = Number(alphaText);
  if (!(alpha > 0) || !Number.isFinite(alpha)) throw new SampleError(`--alpha expects a number > 0, got '${alphaText}'.`, 2);
  if (kind === 'prior' && vae.mode !== 'per_class') {
    throw new SampleError(
      `recipe 'prior' needs a per-class VAE (a prior sample takes its model's class); VAE '${vae.name}' is single: use --recipe noise, interpolate or extrapolate.`,
      2,
    );
  }
  if (kind === 'prior' || kind === 'noise') return { kind, alpha };
  const k = wholeNumber(flags.k ?? '3', '--k', 1, 1000);
  return { kind: kind as 'interpolate' | 'extrapolate', k, alpha };
}

const describeRecipe = (r: LatentRecipe) => `${r.kind}(${'k' in r ? `k ${r.k}, ` : ''}alpha ${r.alpha})`;

/** The rows the VAE was trained on: its split part, or its cell's shots drawn again (seeded). */
function trainingRows(task: TrainVaeTask, tasks: readonly { id: string }[], prepared: PreparedData, data: DataLayer): Int32Array {
  if (task.vae.trainOn !== 'shots') {
    const rows = prepared.parts[task.vae.trainOn];
    if (!rows) throw new SampleError(`the dataset '${task.dataset}' has no part '${task.vae.trainOn}' any more.`, 1);
    return rows;
  }
  const shots = tasks.find((t) => t.id === task.shots) as SampleShotsTask | undefined;
  if (!shots) throw new SampleError(`the run's plan has no shots task '${task.shots}' for VAE '${task.vae.name}'.`, 1);
  const classNames = prepared.dataset.metadata.classes.map((c) => c.label);
  return data.sampleShots(prepared.dataset.y, prepared.parts[shots.from], shots.perClass, shots.seed, classNames, shots.cap === true);
}

/** The rows of class `c` relabelled as the only class, and the VAE seen as one model (class c's, for a per-class VAE). */
function oneClass(vae: TrainedVae, originals: LabeledData, c: number): { vae: TrainedVae; originals: LabeledData } {
  const rows = rowsByClass(originals.y, originals.numClasses)[c];
  const x = gatherRows(originals.x, originals.features, rows);
  const subset = { ...originals, x, y: new Int32Array(rows.length), rows: rows.length, numClasses: 1 };
  if (vae.config.mode !== 'per_class') return { vae, originals: subset };
  const view: TrainedVae = {
    config: vae.config,
    modelCount: 1,
    history: vae.history,
    encodeMean: (values, n) => vae.encodeMean(values, n, c),
    decode: (z, n) => vae.decode(z, n, c),
    reconstructAt: (step, values, n) => vae.reconstructAt(step, values, n, c),
    save: () => vae.save(),
    dispose: () => {},
  };
  return { vae: view, originals: subset };
}

/** Run the command; returns the exit code (0 written, 1 the VAE or its data is missing, 2 usage). */
export async function sampleCommand(source: string, flags: SampleFlags): Promise<number> {
  const err = process.stderr;
  try {
    const count = wholeNumber(flags.count, '--count', 1, MAX_COUNT);
    const repeat = flags.repeat === undefined ? undefined : wholeNumber(flags.repeat, '--repeat', 0, 1_000_000);
    const run = openRunSource(source, flags.cacheDir);
    const cache = new ArtifactCache(run.cacheRoot);
    const found = await findTrainedVae(run, { vae: flags.vae, cell: flags.cell, repeat, experiment: flags.experiment }, (key) =>
      cache.has(key),
    );
    const { manifest, task } = found;
    const plan = manifest.plan;
    const recipe = recipeOf(flags, task.vae);
    const seed = flags.seed === undefined ? null : wholeNumber(flags.seed, '--seed', 0, 2 ** 32 - 1);

    const components = await realComponents();
    await components.initBackend(flags.backend);
    const data = await realDataLayer();
    const node = plan.datasets.find((d) => d.name === task.dataset);
    if (!node) throw new SampleError(`the run's plan has no dataset '${task.dataset}'.`, 1);
    const prepared = await data.prepareData(node, { baseDir: manifest.baseDir });
    const meta = prepared.dataset.metadata;
    const classNames = meta.classes.map((c) => c.label);
    let classCode: number | null = null;
    if (flags.class !== undefined) {
      classCode = classNames.indexOf(flags.class);
      if (classCode < 0) {
        const hint = didYouMean(flags.class, classNames);
        throw new SampleError(`no class '${flags.class}' in ${meta.ref} (classes: ${classNames.join(', ')}).${hint ? ` ${hint}` : ''}`, 2);
      }
    } else if (task.vae.mode === 'per_class') {
      throw new SampleError(
        `VAE '${task.vae.name}' is per-class (one model per class): pick the class to sample with --class (one of: ${classNames.join(', ')}).`,
        2,
      );
    }
    if (meta.kind === 'image' && flags.output.toLowerCase().endsWith('.csv')) {
      throw new SampleError(`${meta.ref} holds images: they are written as PNG and IDX files into a folder; pass -o DIR.`, 2);
    }

    const artifact = await cache.read(found.key);
    if (!artifact)
      throw new SampleError(`the cache entry of '${task.id}' could not be read (damaged: it was removed); run the spec again.`, 1);
    const trained = components.loadVae(artifact);
    try {
      const originals = data.toLabeledData(prepared, trainingRows(task, plan.tasks, prepared, data));
      const target = classCode === null ? { vae: trained, originals } : oneClass(trained, originals, classCode);
      if (recipe.kind !== 'prior' && target.originals.rows === 0) {
        throw new SampleError(
          `VAE '${task.vae.name}' was trained on no rows of class '${flags.class}': only --recipe prior can sample it.`,
          1,
        );
      }
      const drawSeed = seed ?? deriveSeed(plan.experiment.seed, 'sample', task.id, recipe.kind, flags.class ?? '');
      const generated = await components.generate(target.vae, target.originals, {
        seed: drawSeed,
        recipe,
        plusNoise: null,
        count: { kind: 'fixed', perClass: count },
      });
      const y = classCode === null ? generated.y : new Int32Array(generated.rows).fill(classCode);
      const raw = data.decodeRows(prepared, generated.x, generated.rows);
      const { writeImages, writeTableCsv } = await import('../../runtime/data/export.ts');
      if (meta.kind === 'image' && meta.imageShape) await writeImages(flags.output, meta.imageShape, raw, y, classNames);
      else await writeTableCsv(flags.output, meta, raw, y, null);
      const summary = {
        output: flags.output,
        rows: generated.rows,
        experiment: plan.experiment.name,
        vae: task.vae.name,
        task: task.id,
        cell: found.cell,
        repeat: task.repeat,
        class: flags.class ?? null,
        recipe,
        seed: drawSeed,
        cache: run.cacheRoot,
        /** the VAE's saved model files (docs/sample.md) */
        entry: existsSync(cache.vaePath(found.key)) ? cache.vaePath(found.key) : null,
      };
      if (found.note && !flags.quiet && !wantsJson(flags)) err.write(`augc: ${found.note}\n`);
      if (wantsJson(flags)) process.stdout.write(`${JSON.stringify(summary)}\n`);
      else if (!flags.quiet) {
        const of = flags.class === undefined ? `${count} per class` : `class ${flags.class}`;
        process.stdout.write(
          `augc: wrote ${relative(process.cwd(), flags.output) || flags.output} (${generated.rows} examples, ${of}, from VAE '${task.vae.name}'${found.cell === '-' ? '' : ` cell ${found.cell}`} repeat ${task.repeat} by ${describeRecipe(recipe)}, seed ${drawSeed})\n`,
        );
      }
      return 0;
    } finally {
      trained.dispose();
    }
  } catch (error) {
    if (!(error instanceof SampleError || error instanceof DataError)) throw error;
    const hint = error instanceof DataError && error.hint && !error.message.includes(error.hint) ? ` ${error.hint}` : '';
    err.write(`augc: ${error.message}${hint}\n`);
    return error instanceof SampleError ? error.exitCode : 1;
  }
}

export const registerSample: RegisterCommand = (program: Command, setExit) => {
  program
    .command('sample')
    .description('Draw new examples from a trained VAE kept in the artifact cache and write them as CSV (tables) or PNG + IDX (images).')
    .argument('<results-or-cache>', "a run's results.json (its cache is the .augc/ beside its spec), or an artifact cache folder")
    .requiredOption('--vae <name>', 'the VAE to sample from, by its name in the spec')
    .requiredOption('--count <n>', 'examples to draw per class (with --class: of that class)')
    .requiredOption('-o, --output <path>', 'the CSV file to write (tables), or a folder for PNG and IDX files (images)')
    .option('--class <label>', 'the class to sample (required for a per_class VAE: picks its model)')
    .addOption(
      new Option('--recipe <recipe>', 'the latent recipe (default: prior for a per_class VAE, noise for a single one)').choices(RECIPES),
    )
    .option('--alpha <a>', "the recipe's alpha (default 1 for prior and noise, 0.5 for interpolate and extrapolate)")
    .option('--k <k>', 'neighbours for interpolate and extrapolate (default 3)')
    .option('--seed <s>', "seed of the draws (default: derived from the experiment's seed, the VAE task, the recipe and the class)")
    .option('--cell <axis=value>', 'in a sweep, the cell whose VAE to use, e.g. shots=5 or beta=norm1 (default: the first)')
    .option('--repeat <r>', 'the repeat whose VAE to use (default 0)')
    .option('--experiment <name>', 'with a cache folder shared by several specs, the experiment whose VAE to use')
    .option('--cache-dir <dir>', 'with a results file: the cache the run used, if not the .augc/ beside its spec')
    .addOption(
      new Option('--backend <name>', 'TensorFlow.js backend (default: the fastest available)').choices(['tensorflow', 'wasm', 'cpu']),
    )
    .option('--quiet', 'print nothing on success')
    .addOption(jsonOption('one JSON object on stdout: output, rows, VAE, task, cell, repeat, class, recipe, seed, cache, entry'))
    .addOption(formatAliasOption())
    .addHelpText(
      'after',
      `
Examples:
  augc sample reports/quickstart.results.json --vae shared --count 100 -o digits/
                                  100 digits of each class, noise around the pool's codes
  augc sample reports/thyroid-fewshot.results.json --vae per_class_vae --class 0 --count 500 \\
      --cell shots=20 --recipe prior -o class0.csv
                                  500 rows of class 0 from the 20-shot cell's per-class VAE
  augc sample specs/.augc --experiment quickstart --vae shared --recipe interpolate --k 5 \\
      --count 50 --seed 1 -o digits/
  augc sample reports/thyroid.results.json --vae per_class_vae --class 1 --count 10 -o s.csv --json

Exit codes: 0 written; 1 the VAE is not in the cache or its data cannot be read; 2 a usage error
(unknown VAE, class or cell, missing --class for a per-class VAE, a bad --count).
The CSV loads back as a dataset: data x = csv("s.csv", label "label").`,
    )
    .action(async (source: string, flags: SampleFlags) => setExit(await sampleCommand(source, flags)));
};
