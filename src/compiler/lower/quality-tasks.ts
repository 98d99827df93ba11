/**
 * Lowering of issue 11 §2–3: which evaluate task of a cell also scores the reference models, which
 * ones measure the quality of their generated examples, and the oracle task (one per dataset and
 * repeat) that label fidelity needs. Kept apart from tasks.ts so the grid expansion stays readable.
 */
import type { DatasetMetadata } from '../../plan/dataset-metadata.ts';
import { deriveSeed } from '../../plan/seeds.ts';
import type { ArmNode, ClassifierNode, EvaluateTask, OracleTask, PartName, SplitNode } from '../../plan/types.ts';

export interface QualityContext {
  baseSeed: number;
  /** the arms of the cell's dataset, in spec order */
  arms: ArmNode[];
  arm: ArmNode;
  /** the arm's generate task (before any GC filter), null for the baseline */
  generateTask: string | null;
  split: SplitNode;
  metadata: DatasetMetadata | undefined;
  classifier: ClassifierNode;
  /** the part the originals come from: a shots axis' pool, else the training part */
  sourcePart: PartName;
  test: PartName;
  /** --smoke: the oracle trains on at most this many rows (null: the runtime's default) */
  oracleMaxRows: number | null;
}

/** --smoke: the oracle's rows (a smoke run checks that the oracle runs, not how good it is) */
export const SMOKE_ORACLE_ROWS = 500;

/** The part held out for choosing a regulariser: the classifier's early-stopping part, else a part
 * named 'validation'; never the training or test part; null when the split has none. */
export function heldOutPart(split: SplitNode, classifier: ClassifierNode, exclude: PartName[]): PartName | null {
  const parts = split.kind === 'partition' ? split.parts : Object.keys(split.ratios);
  for (const candidate of [classifier.earlyStopping?.part, 'validation']) {
    if (candidate && parts.includes(candidate) && !exclude.includes(candidate)) return candidate;
  }
  return null;
}

/**
 * Sets `references` on the cell's reference arm (the baseline; the first arm without one) and
 * `quality` on arms that add generated examples, adding their inputs to `deps`. Returns the oracle
 * task such an evaluate task needs (the same id for every cell of a dataset and repeat), or null.
 */
export function attachQuality(evaluate: EvaluateTask, q: QualityContext): OracleTask | null {
  const referenceArm = q.arms.find((a) => a.kind === 'baseline') ?? q.arms[0];
  const validation = heldOutPart(q.split, q.classifier, [q.sourcePart, q.test]);
  if (q.arm.name === referenceArm?.name) evaluate.references = { validation };
  if (!q.generateTask) return null;
  const id = `oracle:${evaluate.dataset}/r${evaluate.repeat}`;
  evaluate.quality = { oracle: id, generate: q.generateTask, real: q.sourcePart };
  evaluate.deps = [...new Set([...evaluate.deps, id, q.generateTask])];
  return {
    id,
    kind: 'oracle',
    deps: [`data:${evaluate.dataset}`],
    seed: deriveSeed(q.baseSeed, id),
    repeat: evaluate.repeat,
    cell: 'dataset' in evaluate.cell ? { dataset: evaluate.dataset } : {},
    dataset: evaluate.dataset,
    // images: a linear oracle (the network in plain JavaScript is too slow on thousands of pixels)
    model: q.metadata?.kind === 'image' ? 'logistic' : 'network',
    part: q.sourcePart,
    validation,
    ...(q.oracleMaxRows ? { maxRows: q.oracleMaxRows } : {}),
  };
}
