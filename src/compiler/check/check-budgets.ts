/**
 * Checks of the classifier's training budget — what makes the arms of a cell comparable:
 *   AUG2031 steps and epochs both given; AUG2032 `per_arm` after something else than `epochs`;
 *   AUG2033 `epochs N per_arm` with augmented arms (their step counts differ within a cell);
 *   AUG2034 a shots axis but no validation part to stop on; AUG2035 `cap` on another axis;
 *   AUG3012 (data-aware) fewer than DEFAULTS.minClassifierSteps optimizer steps in some cell.
 */
import type { DatasetMetadata } from '../../plan/dataset-metadata.ts';
import type * as A from '../ast/types.ts';
import { statementsOf } from '../ast/types.ts';
import { START_OF_FILE } from '../diagnostics/diagnostic.ts';
import { evaluateSteps, shotRows } from '../bind/budgets.ts';
import { defaultClassifierDeclaration } from '../bind/bound-models.ts';
import { partClassCounts, partRows, splitOf } from '../bind/datasets.ts';
import { classifierOf } from '../bind/models.ts';
import type { ClassifierNode } from '../../plan/types.ts';
import { DEFAULTS } from '../language.ts';
import type { CheckContext } from './context.ts';
import { checkNumber } from './values.ts';

/** A classifier block's budget settings: one of steps/epochs, `per_arm` only after epochs, `every` and `train` numbers in range. */
export function checkClassifierBudget(classifier: A.ClassifierDeclaration, ctx: CheckContext): void {
  const budgets: A.Word[] = [];
  for (const s of classifier.settings) {
    if (s.kind === 'epochs') budgets.push(s.keyword);
    if ((s.kind === 'dropout' || s.kind === 'weight_decay' || s.kind === 'batch' || s.kind === 'lr') && s.perArm)
      ctx.accept('perArmNotAfterEpochs', s.perArm, [s.keyword.text], { hint: "Write 'epochs N per_arm', or drop 'per_arm'." });
    if (s.kind === 'train') {
      for (const o of s.options) {
        if (o.key.text === 'steps' || o.key.text === 'epochs') budgets.push(o.key);
        const rule = o.key.text === 'lr' ? { min: 0, exclusiveMin: true, max: 10 } : { integer: true, min: 1 };
        checkNumber(ctx, o.value, `'${o.key.text}'`, rule);
      }
    }
    if (s.kind === 'early_stop') checkNumber(ctx, s.every, "'every'", { integer: true, min: 1 });
  }
  // two `epochs` are already a duplicate setting (AUG2015); steps next to epochs is this one
  const kinds = new Set(budgets.map((b) => b.text));
  if (kinds.has('steps') && kinds.has('epochs')) {
    const second = budgets[1];
    ctx.accept('classifierStepsAndEpochs', second, [classifier.name.text], {
      hint: "'train steps N' gives every arm of a cell the same N steps; 'epochs N' counts passes over the cell's originals.",
    });
  }
}

/** `epochs N per_arm` on the evaluating classifier, with arms that add rows: their step counts differ. */
export function checkEqualArmBudgets(spec: A.SpecAst, ctx: CheckContext): void {
  const classifier = ctx.bound.evaluatingClassifier;
  const epochs = classifier?.settings.find((s): s is A.ClassifierSetting & { kind: 'epochs' } => s.kind === 'epochs' && s.perArm !== null);
  if (!classifier || !epochs?.perArm) return;
  const augmented = statementsOf(spec, 'arm').filter((a) => a.recipe);
  if (augmented.length === 0) return;
  ctx.accept('unequalArmBudgets', epochs.perArm, [epochs.value?.text ?? 'N', classifier.name.text], {
    hint: "Drop 'per_arm': 'epochs N' then counts the cell's originals, the same number of steps for every arm. Or give 'train steps N'.",
    related: [
      { message: `Arm '${augmented[0].name.text}' adds rows to the originals.`, file: ctx.spec.file, range: augmented[0].name.range },
    ],
  });
}

/** A shots axis while the evaluating classifier has nothing to stop on. */
export function checkShotsCanStop(_spec: A.SpecAst, ctx: CheckContext): void {
  const sweep = ctx.symbols.axes.get('shots');
  if (!sweep) return;
  const classifier = ctx.bound.evaluatingClassifier;
  if (classifier?.settings.some((s) => s.kind === 'early_stop')) return; // on a part, or off on purpose
  if (ctx.bound.commonParts.includes(DEFAULTS.validationPart)) return; // stops on it by default
  const dataset = ctx.bound.lackingPart(DEFAULTS.validationPart);
  if (!dataset) return;
  const parts = ctx.bound.partsOf(dataset).map((p) => `'${p}'`);
  ctx.accept(
    'shotsWithoutValidation',
    sweep.axis,
    [dataset, parts.length > 0 ? parts.join(', ') : 'no parts', classifier?.name.text ?? 'default'],
    {
      hint: `Give the split a validation part, e.g. 'split ${dataset} stratified { pool 0.6, validation 0.2, test 0.2 }'; the classifier then stops early on it and keeps its best weights.`,
    },
  );
}

/** `cap` belongs to a `sweep shots … per_class` axis. */
export function checkShotsCap(sweep: A.SweepStatement, ctx: CheckContext): void {
  if (sweep.cap && sweep.axis.text !== 'shots') ctx.accept('capWithoutShots', sweep.cap, [sweep.axis.text], { hint: "Remove 'cap'." });
}

/** One cell's classifier budget: its label and step count. */
interface CellBudget {
  label: string;
  steps: number;
}

/** The cells of one dataset and their step budgets (the baseline arm's, which is the smallest under per_arm). */
function cellBudgets(ctx: CheckContext, dataset: string, meta: DatasetMetadata, budget: ClassifierNode, prefix: string): CellBudget[] {
  const split = splitOf(ctx.symbols, dataset, 0, meta);
  const sweep = ctx.symbols.axes.get('shots');
  const steps = (rows: number) => evaluateSteps(budget, rows) ?? evaluateSteps({ ...budget, epochsPer: 'cell' }, rows)!;
  if (!sweep) {
    const part = ctx.bound.trainOn;
    const rows = partRows(split, part, meta);
    return [{ label: `${prefix}training part '${part}' (${rows} rows)`, steps: steps(rows) }];
  }
  const parts = ctx.bound.commonParts;
  const from = sweep.from?.text ?? (parts.includes(DEFAULTS.shotsFrom) ? DEFAULTS.shotsFrom : DEFAULTS.trainOn);
  const counts = partClassCounts(split, from, meta);
  const values = (sweep.values?.items ?? []).filter((i): i is A.NumberLiteral => i.kind === 'number');
  return values.map((v) => {
    const rows = shotRows(v.value, counts, sweep.cap !== null);
    return { label: `${prefix}shots=${v.text} (${rows} rows)`, steps: steps(rows) };
  });
}

/** AUG3012: the evaluating classifier's budget in its smallest cell is below the minimum. */
export function checkClassifierStepsPerCell(ctx: CheckContext): void {
  const declaration = ctx.bound.evaluatingClassifier;
  const budget = classifierOf(declaration ?? defaultClassifierDeclaration(ctx.spec));
  const datasets = ctx.bound.datasetsInUse;
  const cells = datasets.flatMap((name) => {
    const meta = ctx.metadata.get(name);
    return meta ? cellBudgets(ctx, name, meta, budget, datasets.length > 1 ? `dataset=${name}, ` : '') : [];
  });
  const short = cells.filter((c) => c.steps < DEFAULTS.minClassifierSteps);
  if (short.length === 0) return;
  const worst = short.reduce((a, b) => (b.steps < a.steps ? b : a));
  const label = short.length > 1 ? `${worst.label} (and ${short.length - 1} more cell${short.length > 2 ? 's' : ''})` : worst.label;
  const setting = declaration?.settings.find(
    (s) => s.kind === 'epochs' || (s.kind === 'train' && s.options.some((o) => o.key.text === 'steps' || o.key.text === 'epochs')),
  );
  // at the budget setting; the built-in default classifier at the experiment's name
  const at: A.Node = setting ?? declaration?.name ?? ctx.spec.header?.name ?? { range: ctx.spec.header?.range ?? START_OF_FILE };
  ctx.accept('fewClassifierSteps', at, [budget.name, worst.steps, label, DEFAULTS.minClassifierSteps], {
    hint: `Give it 'train steps N' with N of ${DEFAULTS.minClassifierSteps} or more (the same for every arm, early stopping on a validation part keeps the best weights), or more epochs.`,
  });
}
