/**
 * The evaluate task's two diagnostics beside its score (issue 11 §2–3): the reference models of the
 * cell (majority class and L2 logistic regression on the same originals and test rows), and the
 * quality of the arm's generated examples (label fidelity, detection AUC, mean KS). Neither changes
 * what the arm's classifier trains on.
 */
import type { EvaluateTask } from '../../../plan/types.ts';
import type { Generated, LabeledData } from '../../components.ts';
import type { PreparedData } from '../../data/types.ts';
import { detectionAuc, gather, labelFidelity, matchedSample, meanKs } from '../../evaluation/generated-quality.ts';
import { oraclePredict, type Oracle } from '../../evaluation/oracle.ts';
import { scoreReferenceModels } from '../../evaluation/reference-models.ts';
import { Random } from '../../random.ts';
import type { GeneratedQuality, ReferenceRecord } from '../../results/types.ts';
import type { HandlerContext } from '../types.ts';
import { partRows } from './task-inputs.ts';

/** The reference models' scores for the task's cell, or null when the task does not carry them. */
export function referenceRecord(
  task: EvaluateTask,
  ctx: HandlerContext,
  prepared: PreparedData,
  originals: LabeledData,
  test: LabeledData,
): ReferenceRecord | null {
  if (!task.references) return null;
  const part = task.references.validation;
  const validation = part ? ctx.data.toLabeledData(prepared, partRows(prepared, part, task.id)) : null;
  // the part the originals come from (a shots task's pool): its majority class breaks ties
  const shotsTask =
    'shots' in task.originals ? ctx.plan.tasks.find((t) => t.id === (task.originals as { shots: string }).shots) : undefined;
  const source = shotsTask?.kind === 'sample_shots' ? shotsTask.from : 'part' in task.originals ? task.originals.part : null;
  const sourceRows = source ? prepared.parts[source] : undefined;
  const tieBreak = sourceRows ? Int32Array.from(sourceRows, (r) => prepared.dataset.y[r]) : null;
  const s = scoreReferenceModels(originals, validation, test, task.metrics, task.seed, tieBreak);
  return {
    majority: s.majority,
    majorityClass: s.majorityClass,
    logistic: s.logistic,
    logisticLambda: s.lambda,
    lambdaChosenOn: s.lambdaChosenOn,
    // a per-class sample is balanced whatever the data's class proportions; a part keeps them
    balancedSample: 'shots' in task.originals,
  };
}

/** Quality of the generated examples the arm added (all generated, and those a GC kept). */
export async function generatedQuality(
  task: EvaluateTask,
  ctx: HandlerContext,
  prepared: PreparedData,
  kept: Generated | null,
): Promise<GeneratedQuality | null> {
  if (!task.quality || !kept) return null;
  const all = await ctx.need<Generated>(task.quality.generate);
  const oracle = await ctx.need<Oracle>(task.quality.oracle);
  const real = ctx.data.toLabeledData(prepared, partRows(prepared, task.quality.real, task.id));
  const F = real.features;
  const rng = new Random(task.seed);
  const matched = matchedSample(real.y, kept.y, real.numClasses, rng);
  const realX = gather(real.x, F, matched.real);
  const genX = gather(kept.x, F, matched.generated);
  return {
    labelFidelity: labelFidelity(all.y, oraclePredict(oracle, all.x, all.rows)),
    labelFidelityKept: labelFidelity(kept.y, oraclePredict(oracle, kept.x, kept.rows)),
    detectionAuc: matched.real.length > 0 ? detectionAuc(realX, genX, F, rng.seed()) : null,
    // per-feature fidelity is for tables; pixels of images are not features in that sense
    meanKs: real.imageShape === null && matched.real.length > 0 ? meanKs(realX, genX, F) : null,
    oracleHeldOutF1: oracle.heldOutWeightedF1,
    comparedRows: matched.real.length,
  };
}
