/** Assemble results.json from a plan and what the executor measured. */
import type { ArmNode, Axis, AxisValue, Cell, Plan } from '../../plan/types.ts';
import type { BackendInfo, EvaluationRecord } from '../execution/types.ts';
import { baselineChecks } from '../evaluation/baseline-strength.ts';
import { canonicalJson } from './canonical-json.ts';
import { RESULTS_SCHEMA_VERSION, type FigureRecord, type GeneratedDataFiles, type ResultsFile, type RunRecord } from './types.ts';

export interface BuildResultsInput {
  plan: Plan;
  evaluations: EvaluationRecord[];
  figures: FigureRecord[];
  backend: BackendInfo;
  augcVersion: string;
  /** spec path relative to its project folder */
  specPath: string;
  /** report path relative to the results file's folder */
  reportPath: string;
  /** the files `export` in the report block wrote (absent: it exports nothing) */
  generatedData?: GeneratedDataFiles;
}

/** The results file of a run, in a fixed order (plan order of the evaluate tasks). */
export function buildResults(input: BuildResultsInput): ResultsFile {
  const { plan } = input;
  const baseline = plan.arms.find((a) => a.kind === 'baseline')?.name ?? null;
  const results: ResultsFile = {
    resultsSchemaVersion: RESULTS_SCHEMA_VERSION,
    augcVersion: input.augcVersion,
    backend: { name: input.backend.name, version: input.backend.version },
    experiment: { ...plan.experiment },
    spec: { path: input.specPath, sha256: plan.spec.sha256 },
    compilerVersion: plan.compiler.version,
    smoke: plan.smoke,
    overrides: plan.overrides.map((o) => ({ path: o.path, value: o.value })),
    metrics: [...plan.metrics],
    axes: plan.axes.map((a) => ({ name: a.name, kind: a.target.kind, labels: [...a.labels] })),
    arms: plan.arms.map((a) => ({
      name: a.name,
      kind: a.kind,
      description: describeArm(a, plan),
      variesWith: variantAxesOf(a, plan.axes),
    })),
    baseline,
    datasets: plan.datasets.map((d) => d.name),
    classNames: classNamesByDataset(input.evaluations),
    report: {
      path: input.reportPath,
      template: plan.report.template,
      tables: plan.report.tables.map((t) => ({ ...t })),
      plots: plan.report.plots.map((p) => ({ ...p })),
    },
    runs: input.evaluations.map((e) => runRecord(e, plan.axes)),
    figures: input.figures,
    ...(input.generatedData ? { generatedData: input.generatedData } : {}),
  };
  // the baseline against the reference models, per cell (a weak baseline's gains are no finding)
  const checks = baselineChecks(results);
  return checks.length ? { ...results, baselineChecks: checks } : results;
}

/** Each dataset's class names, as its evaluate records carry them (records cached by an augc
 * older than results 2.1.0 carry none: that dataset is left out, and its classes are numbered). */
function classNamesByDataset(evaluations: EvaluationRecord[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const e of evaluations) if (e.classNames && !(e.dataset in out)) out[e.dataset] = [...e.classNames];
  return out;
}

/** results.json's bytes: canonical JSON (sorted keys, fixed number form) and a final newline. */
export function serializeResults(results: ResultsFile): string {
  return `${canonicalJson(results, 2)}\n`;
}

function runRecord(e: EvaluationRecord, axes: Axis[]): RunRecord {
  return {
    taskId: e.taskId,
    arm: e.arm,
    dataset: e.dataset,
    cell: cellLabels(e.cell as Cell, axes),
    repeat: e.repeat,
    seed: e.seed,
    metrics: { ...e.metrics },
    perClassF1: [...e.perClassF1],
    confusion: e.confusion.map((row) => [...row]),
    counts: { ...e.counts },
    acceptance: e.acceptance,
    acceptanceByClass: e.acceptanceByClass ? [...e.acceptanceByClass] : null,
    classifierSteps: { ...e.classifierSteps },
    ...(e.references ? { references: { ...e.references } } : {}),
    ...(e.quality ? { quality: { ...e.quality } } : {}),
  };
}

/** axis name → printable label of the cell's value on it. */
export function cellLabels(cell: Cell, axes: Axis[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const axis of axes) {
    if (!(axis.name in cell)) continue;
    const value = cell[axis.name];
    const index = axis.values.findIndex((v) => sameValue(v, value));
    out[axis.name] = index >= 0 ? (axis.labels[index] ?? String(value)) : formatValue(value);
  }
  return out;
}

const sameValue = (a: AxisValue, b: AxisValue): boolean => canonicalJson(a, 0) === canonicalJson(b, 0);
const formatValue = (v: AxisValue): string => (typeof v === 'object' ? canonicalJson(v, 0) : String(v));

/** The axes that change only VAEs or the generated count and that change this arm: β or d of its VAE, or its `count generated`. */
export function variantAxesOf(arm: ArmNode, axes: Axis[]): string[] {
  return axes
    .filter((x) =>
      x.target.kind === 'beta' || x.target.kind === 'latent'
        ? arm.vae !== null && x.target.vaes.includes(arm.vae)
        : x.target.kind === 'generated' && arm.count?.kind === 'axis' && arm.count.axis === x.name,
    )
    .map((x) => x.name);
}

/** One line saying what an arm does: "shared.noise(alpha 1) + noise(alpha 0.5), count same, filter gc". */
export function describeArm(arm: ArmNode, plan: Plan): string {
  if (arm.kind === 'baseline') {
    const shots = plan.axes.find((a) => a.target.kind === 'shots');
    return `the originals only (${shots ? `the ${shots.name} per class drawn from '${(shots.target as { from: string }).from}'` : `part '${plan.trainOn}'`})`;
  }
  const recipe = arm.recipe;
  const args = recipe
    ? Object.entries(recipe)
        .filter(([k]) => k !== 'kind')
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')
    : '';
  let text = `${arm.vae ? `${arm.vae}.` : ''}${recipe?.kind ?? '?'}(${args})`;
  if (arm.plusNoise) text += ` + noise(alpha ${arm.plusNoise.alpha})`;
  if (arm.count)
    text += `, count ${arm.count.kind === 'fixed' ? arm.count.perClass : arm.count.kind === 'axis' ? arm.count.axis : arm.count.kind}`;
  if (arm.filter) text += `, filter ${arm.filter}`;
  text = arm.onlyGenerated ? `generated only: ${text}` : `originals + ${text}`;
  return text;
}
