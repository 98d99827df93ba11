/** evaluate: train the downstream classifier on the originals (+ generated, or generated only) and
 * score it on the test part. Its output is one row of results.json; cached as JSON. */
import type { EvaluateTask } from '../../../plan/types.ts';
import type { Generated, LabeledData } from '../../components.ts';
import { classNamesOf } from '../../data/class-names.ts';
import { stratifiedSplit } from '../../data/split.ts';
import type { EvaluationRecord, FilteredGenerated, TaskHandler } from '../types.ts';
import { generatedQuality, referenceRecord } from './evaluate-quality.ts';
import { openOriginals, partRows } from './task-inputs.ts';

export const evaluateHandler: TaskHandler<'evaluate', EvaluationRecord> = {
  kind: 'evaluate',
  cacheable: true,
  async run(task, ctx) {
    const { prepared, originals } = await openOriginals(ctx, task.dataset, task.originals);
    let generated: Generated | null = null;
    let filtered: FilteredGenerated | null = null;
    if (task.generated) {
      const output = await ctx.need<Generated | FilteredGenerated>(task.generated);
      filtered = 'kept' in output ? output : null;
      generated = 'kept' in output ? output.kept : output;
    }
    const train = generated ? (task.onlyGenerated ? withRows(originals, generated) : concatRows(originals, generated)) : originals;
    if (train.rows === 0) throw new Error(`task '${task.id}' has no training examples (every generated example was filtered out)`);
    const stop = task.classifier.earlyStopping;
    const validation = stop ? ctx.data.toLabeledData(prepared, partRows(prepared, stop.part, task.id)) : null;
    const testPart = partRows(prepared, task.test, task.id);
    const testRows = task.testLimit
      ? limitRows(testPart, prepared.dataset.y, prepared.dataset.metadata.classes.length, task.testLimit, task.seed)
      : testPart;
    const test = ctx.data.toLabeledData(prepared, testRows);
    // the same optimizer-step budget for every arm of the cell (null: `epochs E per_arm`, resolved on this arm's rows)
    const classifier = await ctx.components.trainClassifier(task.classifier, train, validation, {
      seed: task.seed,
      steps: task.steps ?? null,
      onProgress: ({ step, steps, loss }) => ctx.progress({ done: step, total: steps, loss, unit: 'step' }),
    });
    let predicted: Int32Array;
    try {
      predicted = argmaxRows(classifier.predictProba(test.x, test.rows), test.rows, test.numClasses, task.id);
    } finally {
      classifier.dispose();
    }
    const m = ctx.components.computeMetrics(test.y, predicted, test.numClasses);
    const metrics: Record<string, number> = {};
    for (const name of task.metrics) {
      if (!Number.isFinite(m[name])) throw new Error(`task '${task.id}': metric ${name} is ${m[name]}`);
      metrics[name] = m[name];
    }
    return {
      ...evaluationLabels(task),
      metrics,
      perClassF1: m.perClass.map((c) => c.f1),
      confusion: m.confusion,
      counts: {
        originals: originals.rows,
        generated: filtered ? filtered.generatedRows : (generated?.rows ?? 0),
        kept: generated?.rows ?? 0,
        train: train.rows,
        test: test.rows,
      },
      acceptance: filtered && Number.isFinite(filtered.acceptance) ? filtered.acceptance : null,
      acceptanceByClass: filtered ? filtered.acceptanceByClass.map((v) => (Number.isFinite(v) ? v : null)) : null,
      classifierSteps: { budget: classifier.stepBudget, trained: classifier.stepsTrained, kept: classifier.keptStep },
      classNames: classNamesOf(prepared.dataset.metadata),
      // diagnostics beside the score (issue 11 §2–3): written only where the plan asks for them
      ...(task.references ? { references: referenceRecord(task, ctx, prepared, originals, test) } : {}),
      ...(task.quality ? { quality: await generatedQuality(task, ctx, prepared, generated) } : {}),
    };
  },
  save: (record) => ({ json: record, arrays: {} }),
  load: (artifact) => artifact.json as EvaluationRecord,
};

/** Where an evaluation stands in the grid, from its task (the executor also stamps these on a
 * record read from the cache, which is keyed by the task's inputs only). */
export function evaluationLabels(task: EvaluateTask): Pick<EvaluationRecord, 'taskId' | 'arm' | 'dataset' | 'repeat' | 'seed' | 'cell'> {
  return { taskId: task.id, arm: task.arm, dataset: task.dataset, repeat: task.repeat, seed: task.seed, cell: task.cell };
}

/** `testLimit` (smoke plans): a stratified sample of about `limit` of the rows, seeded by the task's
 * seed, so every arm of a cell and repeat is scored on the same rows (all of them when they are few). */
export function limitRows(rows: Int32Array, y: Int32Array, numClasses: number, limit: number, seed: number): Int32Array {
  if (rows.length <= limit) return rows;
  const share = limit / rows.length;
  const { keep } = stratifiedSplit(
    Int32Array.from(rows, (r) => y[r]),
    numClasses,
    { keep: share, rest: 1 - share },
    seed,
  );
  return Int32Array.from(keep, (i) => rows[i]);
}

/** The originals' layout (groups, image shape) with the generated rows only. */
function withRows(like: LabeledData, g: Generated): LabeledData {
  return { ...like, x: g.x, y: g.y, rows: g.rows };
}

/** Originals followed by generated rows. */
export function concatRows(a: LabeledData, g: Generated): LabeledData {
  const x = new Float32Array(a.x.length + g.x.length);
  x.set(a.x);
  x.set(g.x, a.x.length);
  const y = new Int32Array(a.rows + g.rows);
  y.set(a.y);
  y.set(g.y, a.rows);
  return { ...a, x, y, rows: a.rows + g.rows };
}

/** Predicted class per row: the most probable (the first on ties). */
export function argmaxRows(proba: Float32Array, rows: number, classes: number, taskId: string): Int32Array {
  const out = new Int32Array(rows);
  for (let r = 0; r < rows; r++) {
    let best = 0;
    for (let c = 0; c < classes; c++) {
      const p = proba[r * classes + c];
      if (Number.isNaN(p)) throw new Error(`task '${taskId}': the classifier predicted NaN (training diverged)`);
      if (p > proba[r * classes + best]) best = c;
    }
    out[r] = best;
  }
  return out;
}
