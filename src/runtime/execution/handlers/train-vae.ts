/** train_vae: train one VAE (or one per class) on a split part or on the cell's shots. Cached as the
 * model's own Artifact (save / loadVae) with its data layout, which the directory cache writes as
 * TensorFlow.js model files (models/vae-files.ts). */
import type { TrainedVae } from '../../components.ts';
import type { TaskHandler } from '../types.ts';
import { attachDataLayout, saveVaeArtifact, vaeDataLayout } from '../../models/vae-files.ts';
import { openOriginals } from './task-inputs.ts';

export const trainVaeHandler: TaskHandler<'train_vae', TrainedVae> = {
  kind: 'train_vae',
  cacheable: true,
  async run(task, ctx) {
    const origin = task.vae.trainOn === 'shots' ? { shots: requireShots(task.shots, task.id) } : { part: task.vae.trainOn };
    const { prepared, originals: data } = await openOriginals(ctx, task.dataset, origin);
    const vae = await ctx.components.trainVae(task.vae, data, {
      seed: task.seed,
      checkpoints: task.checkpoints,
      onStep: (record, totalSteps) => ctx.progress({ done: record.step, total: totalSteps, loss: record.total, unit: 'step' }),
    });
    // what the saved files need to turn decoded rows back into the dataset's columns
    return attachDataLayout(vae, vaeDataLayout(task.dataset, prepared));
  },
  save: (vae) => saveVaeArtifact(vae),
  load: (artifact, ctx) => ctx.components.loadVae(artifact),
  dispose: (vae) => vae.dispose(),
};

function requireShots(shots: string | null, taskId: string): string {
  if (!shots) throw new Error(`task '${taskId}' trains on shots but names no sample_shots task`);
  return shots;
}
