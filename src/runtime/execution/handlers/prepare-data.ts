/** prepare_data: load the dataset, split it, fit the preprocessing. Cheap and deterministic, so it is
 * recomputed on demand rather than cached (and only when a task that needs it must run). */
import type { PreparedData } from '../../data/types.ts';
import type { TaskHandler } from '../types.ts';

export const prepareDataHandler: TaskHandler<'prepare_data', PreparedData> = {
  kind: 'prepare_data',
  cacheable: false,
  async run(task, ctx) {
    const node = ctx.plan.datasets.find((d) => d.name === task.dataset);
    if (!node) throw new Error(`the plan has no dataset '${task.dataset}'`);
    return ctx.data.prepareData(node, { baseDir: ctx.baseDir });
  },
};
