/** filter_gc: train a generative classifier (real vs. negatives) and keep the generated examples it
 * scores at or above the threshold. Cached as the kept rows plus acceptance rates, and every generated
 * row's score and keep flag (for `export` in a report). */
import type { Artifact, Generated, TrainedVae } from '../../components.ts';
import type { FilteredGenerated, TaskHandler } from '../types.ts';
import { openOriginals } from './task-inputs.ts';

export const filterGcHandler: TaskHandler<'filter_gc', FilteredGenerated> = {
  kind: 'filter_gc',
  cacheable: true,
  async run(task, ctx) {
    const { originals } = await openOriginals(ctx, task.dataset, task.originals);
    const generated = await ctx.need<Generated>(task.generate);
    const vae = task.vaeTask ? await ctx.need<TrainedVae>(task.vaeTask) : null;
    const result = await ctx.components.filterWithGc(task.gc, originals, generated, vae, { seed: task.seed });
    if (result.keep.length !== generated.rows) {
      throw new Error(`task '${task.id}': the filter returned ${result.keep.length} decisions for ${generated.rows} generated rows`);
    }
    return {
      kept: keepRows(generated, result.keep),
      generatedRows: generated.rows,
      acceptance: result.acceptance,
      acceptanceByClass: result.acceptanceByClass,
      scores: { score: result.score, keep: Int32Array.from(result.keep) },
    };
  },
  save: (f) => ({
    json: {
      rows: f.kept.rows,
      generatedRows: f.generatedRows,
      acceptance: f.acceptance,
      acceptanceByClass: f.acceptanceByClass.map(nanToNull),
    },
    arrays: { x: f.kept.x, y: f.kept.y, source: f.kept.source, ...(f.scores ? { score: f.scores.score, keep: f.scores.keep } : {}) },
  }),
  load: (artifact) => {
    const json = artifact.json as { rows: number; generatedRows: number; acceptance: number | null; acceptanceByClass: (number | null)[] };
    return {
      kept: {
        rows: json.rows,
        x: artifact.arrays.x as Float32Array,
        y: artifact.arrays.y as Int32Array,
        source: artifact.arrays.source as Int32Array,
      },
      generatedRows: json.generatedRows,
      acceptance: json.acceptance ?? Number.NaN,
      acceptanceByClass: json.acceptanceByClass.map((v) => v ?? Number.NaN),
      scores: hasScores(artifact) ? { score: artifact.arrays.score as Float32Array, keep: artifact.arrays.keep as Int32Array } : null,
    };
  },
};

const nanToNull = (v: number): number | null => (Number.isFinite(v) ? v : null);

/** Does a filter_gc entry hold every generated row's score and keep flag? (entries of augc before
 * `export` hold only the kept rows: the evaluation needs no more, an export does) */
export function hasScores(artifact: Artifact): boolean {
  const json = artifact.json as { generatedRows?: number };
  const { score, keep } = artifact.arrays;
  return score instanceof Float32Array && keep instanceof Int32Array && score.length === json.generatedRows && keep.length === score.length;
}

/** The rows of `g` whose keep flag is 1. */
export function keepRows(g: Generated, keep: Uint8Array): Generated {
  const features = g.rows > 0 ? g.x.length / g.rows : 0;
  let n = 0;
  for (let i = 0; i < keep.length; i++) if (keep[i]) n++;
  const x = new Float32Array(n * features);
  const y = new Int32Array(n);
  const source = new Int32Array(n);
  let j = 0;
  for (let i = 0; i < g.rows; i++) {
    if (!keep[i]) continue;
    x.set(g.x.subarray(i * features, (i + 1) * features), j * features);
    y[j] = g.y[i];
    source[j] = g.source[i];
    j++;
  }
  return { x, y, source, rows: n };
}
