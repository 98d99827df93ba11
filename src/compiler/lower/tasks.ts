/**
 * The grid expanded into tasks with readable, stable ids and their dependencies, in topological
 * order. Work shared by several arms appears once: a VAE's id holds only the axes that change it,
 * so a single VAE on the pool is trained once per repeat whatever the shots, arms or counts.
 */
import type { DatasetMetadata } from '../../plan/dataset-metadata.ts';
import { deriveSeed } from '../../plan/seeds.ts';
import type { BetaPolicy, DatasetNode, EvaluateTask, MetricName, ReportNode, Task } from '../../plan/types.ts';
import type { ModelSet } from './model-set.ts';
import { partClassCounts, partRows } from '../bind/datasets.ts';
import { gridCells, partialKey, type GridCell, type LoweredAxis } from './arms.ts';
import { resolveVae } from './models.ts';
import { attachQuality, SMOKE_ORACLE_ROWS } from './quality-tasks.ts';
import { evaluateSteps, shotRows } from '../bind/budgets.ts';

export interface TaskInput {
  seed: number;
  repeats: number;
  datasets: Map<string, DatasetNode>;
  /** the dataset used when there is no dataset axis */
  defaultDataset: string;
  metadata: Map<string, DatasetMetadata>;
  axes: LoweredAxis[];
  /** the models for the cells of a dataset (its `when` settings applied) */
  models: (dataset: string) => ModelSet;
  trainOn: string;
  test: string;
  metrics: MetricName[];
  figures: ReportNode['figures'];
  /** smoke runs clip VAE training */
  maxVaeSteps: number | null;
  /** smoke runs: shots and fixed generated counts per class at most these, test rows scored at most
   * `testLimit` (null outside smoke: the spec's numbers) */
  smokeCaps?: { maxShots: number; maxGenerated: number; testLimit: number } | null;
}

type Originals = { shots: string } | { part: string };

/** Build the task list. */
export function buildTasks(input: TaskInput): Task[] {
  const tasks = new Map<string, Task>();
  const add = (task: Task) => {
    if (!tasks.has(task.id)) tasks.set(task.id, task);
    return task.id;
  };
  const cells = gridCells(input.axes);
  const axisOf = (name: string) => input.axes.find((a) => a.axis.name === name);
  const datasetOf = (c: GridCell) => (c.cell.dataset as string | undefined) ?? input.defaultDataset;
  const checkpointsOf = (vae: string, models: ModelSet) =>
    [
      ...new Set(
        models.arms.flatMap((arm) => {
          const gc = arm.vae === vae && arm.filter ? models.gcs.get(arm.filter) : undefined;
          return gc?.negatives.kind === 'early_checkpoint' ? [gc.negatives.step] : [];
        }),
      ),
    ].sort((a, b) => a - b);

  const usedDatasets = [...new Set(cells.map(datasetOf))];
  for (const name of usedDatasets)
    add({
      id: `data:${name}`,
      kind: 'prepare_data',
      deps: [],
      seed: deriveSeed(input.seed, 'split', name),
      repeat: 0,
      cell: {},
      dataset: name,
    });

  const vaeTask = (vaeName: string, c: GridCell, r: number, shotsTask: string | null): string => {
    const dataset = datasetOf(c);
    const models = input.models(dataset);
    const base = models.vaes.get(vaeName)!;
    const affects = (axis: LoweredAxis['axis']) =>
      axis.target.kind === 'dataset' ||
      ((axis.target.kind === 'beta' || axis.target.kind === 'latent') && axis.target.vaes.includes(vaeName)) ||
      (axis.target.kind === 'shots' && base.trainOn === 'shots');
    const id = `vae:${vaeName}/${partialKey(input.axes, c, affects)}/r${r}`;
    if (tasks.has(id)) return id;
    const overrides: { beta?: BetaPolicy; latent?: number } = {};
    const betaAxis = axisOf('beta');
    if (betaAxis?.axis.target.kind === 'beta' && betaAxis.axis.target.vaes.includes(vaeName)) overrides.beta = c.cell.beta as BetaPolicy;
    const latentAxis = axisOf('latent');
    if (latentAxis?.axis.target.kind === 'latent' && latentAxis.axis.target.vaes.includes(vaeName))
      overrides.latent = c.cell.latent as number;
    const metadata = input.metadata.get(dataset);
    const node = input.datasets.get(dataset)!;
    const trainRows =
      base.trainOn === 'shots'
        ? cellShotRows(dataset, Number(c.cell.shots ?? 0))
        : metadata
          ? partRows(node.split, base.trainOn, metadata)
          : 0;
    const vae = resolveVae(base, overrides, metadata?.encodedFeatures ?? 0, trainRows);
    if (input.maxVaeSteps !== null) vae.train.steps = Math.min(vae.train.steps, input.maxVaeSteps);
    const relevant = Object.fromEntries(Object.entries(c.cell).filter(([axis]) => affects(axisOf(axis)!.axis)));
    return add({
      id,
      kind: 'train_vae',
      deps: [`data:${dataset}`, ...(base.trainOn === 'shots' && shotsTask ? [shotsTask] : [])],
      seed: deriveSeed(input.seed, id),
      repeat: r,
      cell: relevant,
      dataset,
      vae,
      shots: base.trainOn === 'shots' ? shotsTask : null,
      checkpoints: checkpointsOf(vaeName, models).filter((s) => s < vae.train.steps),
    });
  };

  const caps = input.smokeCaps ?? null;
  const capShots = (n: number) => (caps ? Math.min(n, caps.maxShots) : n);
  const shotsAxis = axisOf('shots');
  const capAtClassSize = shotsAxis?.axis.target.kind === 'shots' && shotsAxis.axis.target.cap === true;
  /** rows of a cell's few-shot sample: shots × classes, or capped at each class's rows in the part */
  function cellShotRows(dataset: string, n: number): number {
    const metadata = input.metadata.get(dataset);
    if (!metadata) return 0;
    const from = shotsAxis?.axis.target.kind === 'shots' ? shotsAxis.axis.target.from : input.trainOn;
    const counts = capAtClassSize
      ? partClassCounts(input.datasets.get(dataset)!.split, from, metadata)
      : metadata.classes.map(() => Infinity);
    return shotRows(capShots(n), counts, capAtClassSize);
  }
  for (let r = 0; r < input.repeats; r++) {
    for (const c of cells) {
      const dataset = datasetOf(c);
      let shotsTask: string | null = null;
      if (shotsAxis && shotsAxis.axis.target.kind === 'shots') {
        const n = Number(c.cell.shots);
        shotsTask = add({
          id: `shots:${dataset}/n=${n}/r${r}`,
          kind: 'sample_shots',
          deps: [`data:${dataset}`],
          seed: deriveSeed(input.seed, `shots:${dataset}/n=${n}/r${r}`),
          repeat: r,
          cell: { ...(c.cell.dataset ? { dataset } : {}), shots: n },
          dataset,
          from: shotsAxis.axis.target.from,
          perClass: capShots(n),
          ...(capAtClassSize ? { cap: true } : {}),
        });
      }
      const originals: Originals = shotsTask ? { shots: shotsTask } : { part: input.trainOn };
      const originalsDeps = shotsTask ? [shotsTask] : [`data:${dataset}`];
      // the cell's originals: the baseline's training rows, which an epoch budget counts for every arm
      const metadata = input.metadata.get(dataset);
      const baselineRows = shotsTask
        ? cellShotRows(dataset, Number(c.cell.shots))
        : metadata
          ? partRows(input.datasets.get(dataset)!.split, input.trainOn, metadata)
          : 0;
      const evalSeed = deriveSeed(input.seed, 'eval', dataset, c.key, r);
      const models = input.models(dataset);
      for (const arm of models.arms) {
        let generated: string | null = null;
        if (arm.kind === 'augment' && arm.recipe) {
          const vae = arm.vae ? vaeTask(arm.vae, c, r, shotsTask) : null;
          const resolved =
            arm.count?.kind === 'axis'
              ? { kind: 'fixed' as const, perClass: Number(c.cell[arm.count.axis]) }
              : (arm.count ?? { kind: 'same' as const });
          const count =
            caps && resolved.kind === 'fixed' ? { ...resolved, perClass: Math.min(resolved.perClass, caps.maxGenerated) } : resolved;
          const genId = `gen:${arm.name}/${c.key}/r${r}`;
          generated = add({
            id: genId,
            kind: 'generate',
            deps: [...originalsDeps, ...(vae ? [vae] : [])],
            seed: deriveSeed(input.seed, genId),
            repeat: r,
            cell: c.cell,
            dataset,
            arm: arm.name,
            vaeTask: vae,
            recipe: arm.recipe,
            plusNoise: arm.plusNoise,
            count,
            originals,
          });
          const gc = arm.filter ? models.gcs.get(arm.filter) : undefined;
          if (gc) {
            const gcId = `gc:${arm.name}/${c.key}/r${r}`;
            generated = add({
              id: gcId,
              kind: 'filter_gc',
              deps: [genId, ...(vae ? [vae] : []), ...originalsDeps.filter((d) => d !== genId)],
              seed: deriveSeed(input.seed, gcId),
              repeat: r,
              cell: c.cell,
              dataset,
              gc,
              generate: genId,
              vaeTask: vae,
              originals,
            });
          }
        }
        const evalId = `eval:${arm.name}/${c.key}/r${r}`;
        const evaluate: EvaluateTask = {
          id: evalId,
          kind: 'evaluate',
          deps: [...new Set([...originalsDeps, ...(generated ? [generated] : [])])],
          seed: evalSeed,
          repeat: r,
          cell: c.cell,
          dataset,
          arm: arm.name,
          classifier: models.classifier,
          originals,
          generated,
          onlyGenerated: arm.onlyGenerated,
          test: input.test,
          metrics: input.metrics,
          steps: evaluateSteps(models.classifier, baselineRows),
          ...(caps ? { testLimit: caps.testLimit } : {}),
        };
        const oracle = attachQuality(evaluate, {
          baseSeed: input.seed,
          arms: models.arms,
          arm,
          generateTask: arm.kind === 'augment' && arm.recipe ? `gen:${arm.name}/${c.key}/r${r}` : null,
          split: input.datasets.get(dataset)!.split,
          metadata,
          classifier: models.classifier,
          sourcePart: shotsAxis?.axis.target.kind === 'shots' ? shotsAxis.axis.target.from : input.trainOn,
          test: input.test,
          oracleMaxRows: caps ? SMOKE_ORACLE_ROWS : null,
        });
        if (oracle) add(oracle);
        add(evaluate);
      }
    }
  }

  // figures: repeat 0, one per distinct VAE task the figure shows (the first cell that trains it), so
  // a β, d or dataset sweep shows each VAE; a figure of one VAE keeps the plain id `fig:<kind>:<target>/<i>`
  const shotsOf = (c: GridCell) => (shotsAxis ? `shots:${datasetOf(c)}/n=${Number(c.cell.shots)}/r0` : null);
  input.figures.forEach((figure, i) => {
    const base = `fig:${figure.kind}:${'vae' in figure ? figure.vae : figure.arm}/${i}`;
    const variants = new Map<string, { c: GridCell; vae: string | null; gen: string | null }>();
    for (const c of cells) {
      const gen = figure.kind === 'samples' ? `gen:${figure.arm}/${c.key}/r0` : null;
      const vae =
        figure.kind === 'samples'
          ? ((tasks.get(gen!) as { vaeTask?: string | null } | undefined)?.vaeTask ?? null)
          : vaeTask(figure.vae, c, 0, shotsOf(c));
      if (!variants.has(vae ?? '-')) variants.set(vae ?? '-', { c, vae, gen: gen && tasks.has(gen) ? gen : null });
    }
    for (const [key, { c, vae, gen }] of variants) {
      // the VAE's own cell key: `vae:<name>/<key>/r0` → `<key>`
      const id = variants.size > 1 ? `${base}/${key.slice(key.indexOf('/') + 1, key.lastIndexOf('/'))}` : base;
      const dataset = datasetOf(c);
      add({
        id,
        kind: 'figure',
        // every task the figure reads (a samples figure names its VAE too, for the report's labels)
        deps: [`data:${dataset}`, ...(vae ? [vae] : []), ...(gen ? [gen] : [])],
        seed: deriveSeed(input.seed, id),
        repeat: 0,
        cell: c.cell,
        dataset,
        figure,
        vaeTask: vae,
        generateTask: gen,
      });
    }
  });
  return withLatentGenerateTasks(topologicalOrder([...tasks.values()]));
}

/** A latent figure shows, beside the real points, the generated examples of the first generate task
 * (in plan order) that samples from the same VAE: named in the task and its deps, so that the figure's
 * inputs are all in the plan (src/plan/task-inputs.ts). */
function withLatentGenerateTasks(ordered: Task[]): Task[] {
  for (const task of ordered) {
    if (task.kind !== 'figure' || task.figure.kind !== 'latent' || task.generateTask || !task.vaeTask) continue;
    const gen = ordered.find((t) => t.kind === 'generate' && t.vaeTask === task.vaeTask);
    if (!gen) continue;
    task.generateTask = gen.id;
    task.deps = [...task.deps, gen.id];
  }
  return topologicalOrder(ordered);
}

/** Stable topological order: keeps creation order, moving a task after its deps when needed. */
export function topologicalOrder(tasks: Task[]): Task[] {
  const byId = new Map(tasks.map((t) => [t.id, t]));
  const done = new Set<string>();
  const out: Task[] = [];
  const visit = (t: Task, stack: Set<string>) => {
    if (done.has(t.id) || stack.has(t.id)) return;
    stack.add(t.id);
    for (const d of t.deps) {
      const dep = byId.get(d);
      if (dep) visit(dep, stack);
    }
    done.add(t.id);
    out.push(t);
  };
  for (const t of tasks) visit(t, new Set());
  return out;
}
