/**
 * Relative cost estimates of a plan's tasks, and each task's critical-path length, which orders the
 * scheduler's ready queue: the task with the longest chain of work still behind it goes first, so
 * the run does not end with one long VAE started last while the other workers are idle.
 *
 * An estimate counts multiply-adds of a training run from what the plan states (optimizer steps,
 * batch, layer widths, epochs); what only the data knows (rows, features, classes) is a rough guess
 * by data kind. Only the order matters, never the unit: a wrong guess costs a little idle time at
 * the end of a run, never a different result.
 */
import type { ClassifierNode, DataSource, Layers, Plan, Task } from '../../plan/types.ts';

/** Input features a dataset of this kind usually has (not read from the data: a plan is all we know). */
function featuresGuess(source: DataSource | undefined): number {
  if (!source) return 32;
  if (source.kind === 'mnist' || source.kind === 'fashion_mnist' || source.kind === 'idx' || source.kind === 'images') return 784;
  if (source.kind === 'iris') return 4;
  return 32; // PROBEN1 sets have 8–120 encoded features, CSVs alike
}

const CLASSES_GUESS = 10;
/** rows of a training part when the originals are not few-shot draws */
const PART_ROWS_GUESS = 2000;

/** Multiply-adds of one example through a stack of dense layers from `input` to `output`. */
function denseWork(input: number, widths: number[], output: number): number {
  let work = 0;
  let from = input;
  for (const width of [...widths, output]) {
    work += from * width;
    from = width;
  }
  return work;
}

function layersWork(input: number, layers: Layers, output: number): number {
  // a conv stack costs roughly its filters × 9 × the input size at the first level; enough to rank
  if (layers.kind === 'conv') return input * 9 * layers.filters.reduce((a, b) => a + b, 0) + denseWork(input / 4, layers.dense, output);
  return denseWork(input, layers.widths, output);
}

/** Work of training a classifier: an optimizer-step budget (newer plans state one) or epochs over the rows. */
function classifierWork(node: ClassifierNode, features: number, rows: number, taskSteps?: number | null): number {
  const perExample =
    node.kind === 'cnn' ? features * 9 * node.convFilters.reduce((a, b) => a + b, 0) : denseWork(features, node.hidden, CLASSES_GUESS);
  const nodeSteps = 'steps' in node && typeof node.steps === 'number' ? node.steps : null;
  const steps = taskSteps ?? nodeSteps;
  const examples = steps !== null ? steps * node.batch : (node.epochs ?? 1) * rows;
  return 3 * examples * perExample; // forward + backward ≈ 3 forward passes
}

/** Rows the classifier of a task trains on: few-shot draws, or a part, plus as many generated. */
function trainRows(task: Task, byId: Map<string, Task>): number {
  const originals = 'originals' in task ? task.originals : null;
  const shots = originals && 'shots' in originals ? byId.get(originals.shots) : undefined;
  const base = shots && shots.kind === 'sample_shots' ? shots.perClass * CLASSES_GUESS : PART_ROWS_GUESS;
  return task.kind === 'evaluate' && task.generated ? base * 2 : base;
}

/** Estimated cost of each task of the plan, by task id (arbitrary units, ≥ 1). */
export function taskCosts(plan: Plan): Map<string, number> {
  const byId = new Map(plan.tasks.map((t) => [t.id, t]));
  const sources = new Map(plan.datasets.map((d) => [d.name, d.source]));
  const costs = new Map<string, number>();
  for (const task of plan.tasks) {
    const features = featuresGuess('dataset' in task ? sources.get(task.dataset) : undefined);
    let cost = 1;
    if (task.kind === 'train_vae') {
      const { vae } = task;
      const perStep = layersWork(features, vae.encoder, 2 * vae.latent) + layersWork(vae.latent, vae.decoder, features);
      cost = 3 * vae.train.steps * vae.train.batch * perStep * (vae.mode === 'per_class' ? 2 : 1);
    } else if (task.kind === 'evaluate') cost = classifierWork(task.classifier, features, trainRows(task, byId));
    else if (task.kind === 'filter_gc') cost = classifierWork(task.gc.classifier, features, 2 * trainRows(task, byId));
    else if (task.kind === 'generate' || task.kind === 'figure') cost = 1000 * features;
    costs.set(task.id, Math.max(1, cost));
  }
  return costs;
}

/**
 * Critical-path length of each task: its own cost plus the longest path through the tasks that use
 * its output (the bottom level of list scheduling). Plan order lists inputs before their users.
 */
export function criticalPaths(plan: Plan, costs: Map<string, number> = taskCosts(plan)): Map<string, number> {
  const users = new Map<string, string[]>();
  for (const task of plan.tasks) for (const dep of task.deps) users.set(dep, [...(users.get(dep) ?? []), task.id]);
  const paths = new Map<string, number>();
  for (const task of [...plan.tasks].reverse()) {
    const after = Math.max(0, ...(users.get(task.id) ?? []).map((id) => paths.get(id) ?? 0));
    paths.set(task.id, (costs.get(task.id) ?? 1) + after);
  }
  return paths;
}
