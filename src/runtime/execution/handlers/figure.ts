/**
 * figure: compute the data behind a report figure (repeat 0, first cell) — latent points, generated
 * samples, interpolation strips, reconstructions — as an Artifact. Rendering (PNG, SVG) is the
 * report's job (src/runtime/reports), so a changed template never recomputes a figure.
 */
import type { FigureTask, TrainVaeTask } from '../../../plan/types.ts';
import type { Artifact, Generated, LabeledData, TrainedVae } from '../../components.ts';
import { classNamesOf } from '../../data/class-names.ts';
import { Random } from '../../random.ts';
import { projectTo2d } from '../../reports/pca.ts';
import type { HandlerContext, TaskHandler } from '../types.ts';

const MAX_POINTS = 600;
const SAMPLES_PER_CLASS = 8;
const INTERPOLATION_STEPS = 8;

export const figureHandler: TaskHandler<'figure', Artifact> = {
  kind: 'figure',
  cacheable: true,
  async run(task, ctx) {
    const prepared = await ctx.prepared(task.dataset);
    const meta = prepared.dataset.metadata;
    const common = {
      kind: task.figure.kind,
      title: figureTitle(task),
      imageShape: meta.imageShape,
      classNames: classNamesOf(meta),
    };
    const columnNames = meta.columns.map((c) => c.name);
    if (task.figure.kind === 'samples') {
      const generated = await ctx.need<Generated>(requireId(task.generateTask, task, 'generate'));
      const picked = firstPerClass(generated.y, generated.rows, meta.classes.length, SAMPLES_PER_CLASS);
      const x = takeRows(generated.x, generated.rows, picked);
      const raw = ctx.data.decodeRows(prepared, x, picked.length);
      return {
        json: { ...common, rows: picked.length, columnNames },
        arrays: { x, raw, y: Int32Array.from(picked, (i) => generated.y[i]) },
      };
    }
    const vae = await ctx.need<TrainedVae>(requireId(task.vaeTask, task, 'train_vae'));
    const train = ctx.data.toLabeledData(prepared, await vaeTrainingRows(task, ctx));
    if (task.figure.kind === 'latent') return latentFigure(task, ctx, vae, train, common);
    if (task.figure.kind === 'interpolation') {
      const { x, y, strips } = interpolationStrips(vae, train, task.seed);
      return {
        json: { ...common, strips, steps: INTERPOLATION_STEPS, columnNames },
        arrays: { x, y, raw: ctx.data.decodeRows(prepared, x, y.length) },
      };
    }
    const picked = firstPerClass(train.y, train.rows, train.numClasses, 1)
      .concat(firstPerClass(train.y, train.rows, train.numClasses, 2))
      .slice(0, 10);
    const unique = [...new Set(picked)];
    const original = takeRows(train.x, train.rows, unique);
    const reconstructed = new Float32Array(original.length);
    unique.forEach((row, i) => {
      const one = original.subarray(i * train.features, (i + 1) * train.features);
      const model = modelFor(vae, train.y[row]);
      reconstructed.set(vae.decode(vae.encodeMean(one, 1, model), 1, model), i * train.features);
    });
    return {
      json: { ...common, rows: unique.length, columnNames },
      arrays: { original, reconstructed, y: Int32Array.from(unique, (i) => train.y[i]) },
    };
  },
  save: (artifact) => artifact,
  load: (artifact) => artifact,
};

function figureTitle(task: FigureTask): string {
  const f = task.figure;
  return f.kind === 'samples' ? `Generated samples of arm '${f.arm}'` : `${f.kind[0].toUpperCase()}${f.kind.slice(1)} of VAE '${f.vae}'`;
}

function requireId(id: string | null, task: FigureTask, what: string): string {
  if (!id) throw new Error(`figure task '${task.id}' needs a ${what} task, and the plan names none`);
  return id;
}

async function vaeTrainingRows(task: FigureTask, ctx: HandlerContext): Promise<Int32Array> {
  const vaeTask = ctx.plan.tasks.find((t): t is TrainVaeTask => t.id === task.vaeTask && t.kind === 'train_vae');
  if (!vaeTask) throw new Error(`figure task '${task.id}' names '${task.vaeTask}', which is not a train_vae task`);
  const origin = vaeTask.vae.trainOn === 'shots' && vaeTask.shots ? { shots: vaeTask.shots } : { part: vaeTask.vae.trainOn };
  return ctx.originalRows(task.dataset, origin);
}

const modelFor = (vae: TrainedVae, label: number): number => (vae.modelCount > 1 ? label : 0);

async function latentFigure(task: FigureTask, ctx: HandlerContext, vae: TrainedVae, train: LabeledData, common: object): Promise<Artifact> {
  const rng = new Random(task.seed);
  const realRows = subsample(train.rows, MAX_POINTS, rng);
  const d = vae.config.latent;
  const zs: Float32Array[] = [];
  const labels: number[] = [];
  const generatedFlags: number[] = [];
  const encode = (x: Float32Array, y: Int32Array, rows: number[], flag: number) => {
    for (const r of rows) {
      zs.push(vae.encodeMean(x.subarray(r * train.features, (r + 1) * train.features), 1, modelFor(vae, y[r])));
      labels.push(y[r]);
      generatedFlags.push(flag);
    }
  };
  encode(train.x, train.y, realRows, 0);
  // the lowering names the generate task whose examples sit beside the real ones (plan 1.3.0)
  if (task.generateTask) {
    const g = await ctx.need<Generated>(task.generateTask);
    encode(g.x, g.y, subsample(g.rows, MAX_POINTS, rng), 1);
  }
  const z = new Float32Array(zs.length * d);
  zs.forEach((row, i) => {
    z.set(row, i * d);
  });
  const { points, explained } = projectTo2d(z, zs.length, d);
  return {
    json: { ...common, latent: d, projection: d === 2 ? 'none' : 'pca', explained, perClassModels: vae.modelCount > 1 },
    arrays: { points, y: Int32Array.from(labels), generated: Int32Array.from(generatedFlags) },
  };
}

/** Up to `max` row indices in increasing order, drawn without replacement. */
function subsample(rows: number, max: number, rng: Random): number[] {
  const all = Int32Array.from({ length: rows }, (_, i) => i);
  if (rows <= max) return Array.from(all);
  rng.shuffle(all);
  return Array.from(all.subarray(0, max)).sort((a, b) => a - b);
}

/** The first `n` row indices of each class, class by class. */
function firstPerClass(y: Int32Array, rows: number, classes: number, n: number): number[] {
  const out: number[] = [];
  for (let c = 0; c < classes; c++) {
    let taken = 0;
    for (let i = 0; i < rows && taken < n; i++) {
      if (y[i] !== c) continue;
      out.push(i);
      taken++;
    }
  }
  return out;
}

function takeRows(x: Float32Array, rows: number, picked: number[]): Float32Array {
  const features = rows > 0 ? x.length / rows : 0;
  const out = new Float32Array(picked.length * features);
  picked.forEach((r, i) => {
    out.set(x.subarray(r * features, (r + 1) * features), i * features);
  });
  return out;
}

/** For up to 4 classes, decode the straight line between the latent means of two examples of the class. */
function interpolationStrips(vae: TrainedVae, train: LabeledData, seed: number): { x: Float32Array; y: Int32Array; strips: number } {
  const rng = new Random(seed);
  const rowsOut: Float32Array[] = [];
  const labels: number[] = [];
  for (let c = 0; c < train.numClasses && labels.length < 4 * INTERPOLATION_STEPS; c++) {
    const members = firstPerClass(train.y, train.rows, train.numClasses, Number.MAX_SAFE_INTEGER).filter((i) => train.y[i] === c);
    if (members.length < 2) continue;
    const a = members[rng.int(members.length)];
    let b = members[rng.int(members.length)];
    if (b === a) b = members[(members.indexOf(a) + 1) % members.length];
    const model = modelFor(vae, c);
    const za = vae.encodeMean(train.x.subarray(a * train.features, (a + 1) * train.features), 1, model);
    const zb = vae.encodeMean(train.x.subarray(b * train.features, (b + 1) * train.features), 1, model);
    const z = new Float32Array(INTERPOLATION_STEPS * za.length);
    for (let s = 0; s < INTERPOLATION_STEPS; s++) {
      const t = s / (INTERPOLATION_STEPS - 1);
      for (let j = 0; j < za.length; j++) z[s * za.length + j] = za[j] + t * (zb[j] - za[j]);
    }
    rowsOut.push(vae.decode(z, INTERPOLATION_STEPS, model));
    for (let s = 0; s < INTERPOLATION_STEPS; s++) labels.push(c);
  }
  const x = new Float32Array(rowsOut.reduce((n, r) => n + r.length, 0));
  let offset = 0;
  for (const r of rowsOut) {
    x.set(r, offset);
    offset += r.length;
  }
  return { x, y: Int32Array.from(labels), strips: rowsOut.length };
}
