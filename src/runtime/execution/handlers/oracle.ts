/** oracle: train the label-fidelity oracle on a whole part of a dataset, once per dataset and
 * repeat (src/runtime/evaluation/oracle.ts). Cached as its weights. */
import { loadOracle, saveOracle, trainOracle, type Oracle } from '../../evaluation/oracle.ts';
import type { TaskHandler } from '../types.ts';
import { partRows } from './task-inputs.ts';

export const oracleHandler: TaskHandler<'oracle', Oracle> = {
  kind: 'oracle',
  cacheable: true,
  async run(task, ctx) {
    const prepared = await ctx.prepared(task.dataset);
    const rowsOf = (part: string) => {
      return ctx.data.toLabeledData(prepared, partRows(prepared, part, task.id));
    };
    const train = rowsOf(task.part);
    const validation = task.validation ? rowsOf(task.validation) : null;
    return trainOracle(task.model, train, validation, task.seed, task.maxRows ?? undefined);
  },
  save: saveOracle,
  load: (artifact) => loadOracle(artifact),
};
