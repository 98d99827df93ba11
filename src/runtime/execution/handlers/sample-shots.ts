/** sample_shots: draw n examples per class (stratified, seeded) from a part. Recomputed on demand. */
import type { TaskHandler } from '../types.ts';

export const sampleShotsHandler: TaskHandler<'sample_shots', Int32Array> = {
  kind: 'sample_shots',
  cacheable: false,
  async run(task, ctx) {
    const prepared = await ctx.prepared(task.dataset);
    const from = prepared.parts[task.from];
    if (!from) throw new Error(`dataset '${task.dataset}' has no part '${task.from}'`);
    const classNames = prepared.dataset.metadata.classes.map((c) => c.label);
    return ctx.data.sampleShots(prepared.dataset.y, from, task.perClass, task.seed, classNames, task.cap === true);
  },
};
