/** oracle: train the label-fidelity oracle on a whole part of a dataset, once per dataset and
 * repeat (src/runtime/evaluation/oracle.ts). Cached as its weights. */
import { loadOracle, saveOracle, trainOracle, type Oracle } from '../../evaluation/oracle.ts';
import type { TaskHandler } from '../types.ts';

export const oracleHandler: TaskHandler<'oracle', Oracle> = {
  kind: 'oracle',
  cacheable: true,
  async run(task, ctx) {
    const prepared = await ctx.prepared(task.dataset);
    const rowsOf = (part: string) => {
      const rows = prepared.parts[part];
      if (!rows) throw new Error(`task '${task.id}' needs the part '${part}', which the dataset's split does not define`);
      return ctx.data.toLabeledData(prepared, rows);
    };
    const train = rowsOf(task.part);
    const validation = task.validation ? rowsOf(task.validation) : null;
    return trainOracle(task.model, train, validation, task.seed, task.maxRows ?? undefined);
  },
  save: saveOracle,
  load: (artifact) => loadOracle(artifact),
};
