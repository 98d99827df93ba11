/** generate: make new examples from the originals with a latent recipe (through a trained VAE) or
 * an input-space baseline. Cached as x, y and source arrays. */
import type { Generated, TrainedVae } from '../../components.ts';
import type { TaskHandler } from '../types.ts';
import { openOriginals } from './task-inputs.ts';

export const generateHandler: TaskHandler<'generate', Generated> = {
  kind: 'generate',
  cacheable: true,
  async run(task, ctx) {
    const { originals } = await openOriginals(ctx, task.dataset, task.originals);
    const vae = task.vaeTask ? await ctx.need<TrainedVae>(task.vaeTask) : null;
    const generated = await ctx.components.generate(vae, originals, {
      seed: task.seed,
      recipe: task.recipe,
      plusNoise: task.plusNoise,
      count: task.count,
    });
    assertFinite(generated.x, task.id);
    return generated;
  },
  save: (g) => ({ json: { rows: g.rows }, arrays: { x: g.x, y: g.y, source: g.source } }),
  load: (artifact) => ({
    rows: (artifact.json as { rows: number }).rows,
    x: artifact.arrays.x as Float32Array,
    y: artifact.arrays.y as Int32Array,
    source: artifact.arrays.source as Int32Array,
  }),
};

/** A generated example with a NaN or infinite value means the VAE diverged: fail the task. */
export function assertFinite(x: Float32Array, taskId: string): void {
  for (let i = 0; i < x.length; i++) {
    if (!Number.isFinite(x[i])) throw new Error(`task '${taskId}' produced a non-finite value (${x[i]}) at position ${i}`);
  }
}
