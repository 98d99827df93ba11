/**
 * What the handlers open with, said once: a task's prepared dataset and its originals (a
 * sample_shots task's rows or a split part) as labeled data, and a named split part whose absence
 * is an error that names the task (a plan written by another augc version may name parts this
 * dataset's split does not make).
 */
import type { PartName } from '../../../plan/types.ts';
import type { LabeledData } from '../../components.ts';
import type { PreparedData } from '../../data/types.ts';
import type { HandlerContext } from '../types.ts';

/** The originals a task names: the rows of a sample_shots task, or a whole split part. */
export type OriginalsRef = { shots: string } | { part: PartName };

/** The prepared dataset and the task's originals, as labeled data. */
export async function openOriginals(
  ctx: HandlerContext,
  dataset: string,
  originals: OriginalsRef,
): Promise<{ prepared: PreparedData; originals: LabeledData }> {
  const prepared = await ctx.prepared(dataset);
  return { prepared, originals: ctx.data.toLabeledData(prepared, await ctx.originalRows(dataset, originals)) };
}

/** The row indices of a split part, or an error naming the task that needs it. */
export function partRows(prepared: PreparedData, part: string, taskId: string): Int32Array {
  const rows = prepared.parts[part];
  if (!rows) throw new Error(`task '${taskId}' needs the part '${part}', which the dataset's split does not define`);
  return rows;
}
