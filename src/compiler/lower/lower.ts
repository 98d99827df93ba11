/**
 * Lowering a checked spec to the execution plan (src/plan/types.ts): every default
 * explicit, every seed fixed, β_norm resolved, paths absolute, the grid expanded into tasks.
 * Runs only on a spec without errors; its metadata map holds every dataset in use.
 */
import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import { AUGC_VERSION } from '../../version.ts';
import type { DatasetMetadata } from '../../plan/dataset-metadata.ts';
import type * as A from '../ast/types.ts';
import { statementsOf } from '../ast/types.ts';
import type { BoundSpec } from '../bind/bind.ts';
import { partRows } from '../bind/datasets.ts';
import { DEFAULTS, EXPORT_WORDS } from '../language.ts';
import { PLAN_SCHEMA_VERSION, type MetricName, type Plan, type ReportNode, type VaeNode } from '../../plan/types.ts';
import { lowerAxis } from './arms.ts';
import { lowerModelSet, SMOKE } from './model-set.ts';
export { SMOKE } from './model-set.ts';
import { lowerDataset } from './datasets.ts';
import { resolveVae } from './models.ts';
import { buildTasks } from './tasks.ts';

export interface LowerInput {
  /** the spec, bound (bind/bind.ts) */
  bound: BoundSpec;
  metadata: Map<string, DatasetMetadata>;
  source: string;
  specPath: string;
  specDir: string;
  smoke: boolean;
  overrides: { path: string; value: string }[];
  /** per-dataset variants of the spec (`when dataset X set …` applied), bound */
  variants?: Map<string, BoundSpec>;
}

const value = (spec: A.SpecAst, kind: 'seed' | 'repeats') => statementsOf(spec, kind)[0]?.value?.value;

/** The plan of a checked spec. */
export function lowerSpec(input: LowerInput): Plan {
  const { bound, metadata, smoke } = input;
  const { spec, symbols } = bound;
  const seed = value(spec, 'seed') ?? DEFAULTS.seed;
  const repeats = smoke ? SMOKE.repeats : (value(spec, 'repeats') ?? DEFAULTS.repeats);
  const name = spec.header?.name?.text ?? 'experiment';
  const trainOn = bound.trainOn;
  const test = bound.testPart;
  const metrics = (statementsOf(spec, 'metric')[0]?.names.map((n) => n.text) as MetricName[] | undefined) ?? DEFAULTS.metrics;

  const datasets = new Map(
    [...symbols.datasets.values()].flatMap((d) => {
      const node = lowerDataset(d, symbols, input.specDir, seed, metadata.get(d.name.text));
      return node ? [[node.name, node] as const] : [];
    }),
  );
  const inUse = bound.datasetsInUse;
  const firstDataset = inUse[0] ?? [...datasets.keys()][0];

  const base = lowerModelSet(bound, smoke);
  const variants = new Map([...(input.variants ?? [])].map(([dataset, v]) => [dataset, lowerModelSet(v, smoke)]));
  const { classifiers, classifier, gcs, vaes, arms } = base;
  const parts = bound.commonParts;
  const axes = [...symbols.axes.values()].map((s) =>
    lowerAxis(s, [...vaes.keys()], parts.includes(DEFAULTS.shotsFrom) ? DEFAULTS.shotsFrom : trainOn),
  );

  // the plan's VAE nodes: resolved for the first dataset (β_norm, epochs → steps), smoke-clipped
  const firstMeta = metadata.get(firstDataset);
  const planVae = (v: VaeNode): VaeNode => {
    const rows =
      v.trainOn === 'shots'
        ? Number(axes.find((a) => a.axis.name === 'shots')?.axis.values[0] ?? 0) * (firstMeta?.classes.length ?? 1)
        : firstMeta
          ? partRows(datasets.get(firstDataset)!.split, v.trainOn, firstMeta)
          : 0;
    const { betaValue: _unused, ...resolved } = resolveVae(v, {}, firstMeta?.encodedFeatures ?? 0, rows);
    if (smoke) resolved.train = { ...resolved.train, steps: Math.min(resolved.train.steps, SMOKE.maxVaeSteps) };
    return resolved;
  };
  for (const a of axes) {
    if (a.axis.target.kind !== 'beta') continue;
    const firstVae = vaes.get(a.axis.target.vaes[0]);
    a.axis.values = a.axis.values.map((v) =>
      typeof v === 'object' && v.kind === 'norm'
        ? { ...v, resolved: (v.value * (firstVae?.latent ?? 1)) / Math.max(1, firstMeta?.encodedFeatures ?? 1) }
        : v,
    );
  }

  const report = lowerReport(
    spec,
    input.specDir,
    name,
    metrics,
    axes.map((a) => a.axis.name),
  );
  const tasks = buildTasks({
    seed,
    repeats,
    datasets,
    defaultDataset: firstDataset,
    metadata,
    axes,
    models: (dataset) => variants.get(dataset) ?? base,
    trainOn,
    test,
    metrics,
    figures: report.figures,
    maxVaeSteps: smoke ? SMOKE.maxVaeSteps : null,
    smokeCaps: smoke ? SMOKE : null,
  });

  return {
    schemaVersion: PLAN_SCHEMA_VERSION,
    compiler: { name: 'augc', version: AUGC_VERSION },
    spec: { path: input.specPath, sha256: createHash('sha256').update(input.source).digest('hex') },
    overrides: input.overrides,
    smoke,
    experiment: { name, title: spec.header?.title?.value ?? name, seed, repeats },
    datasets: [...datasets.values()],
    vaes: [...vaes.values()].map(planVae),
    classifiers: [...classifiers.values()],
    gcs: [...gcs.values()],
    classifier: classifier.name,
    trainOn,
    test,
    axes: axes.map((a) => a.axis),
    arms,
    metrics,
    report,
    tasks,
  };
}

function lowerReport(spec: A.SpecAst, specDir: string, experiment: string, metrics: MetricName[], axes: string[]): ReportNode {
  const report = statementsOf(spec, 'report')[0];
  const defaultRows = axes[0] ?? '-';
  const node: ReportNode = {
    path: resolve(specDir, report?.path?.value ?? DEFAULTS.reportPath(experiment)),
    template: report?.template ? resolve(specDir, report.template.value) : null,
    tables: [],
    plots: [],
    figures: [],
  };
  const exported: string[] = [];
  for (const item of report?.items ?? []) {
    if (item.kind === 'table')
      node.tables.push({ metric: (item.metric?.text ?? metrics[0]) as MetricName, rows: item.rows?.text ?? defaultRows, cols: 'arm' });
    else if (item.kind === 'plot')
      node.plots.push({
        metric: (item.metric?.text ?? metrics[0]) as MetricName,
        over: item.over?.text ?? defaultRows,
        kind: item.gain ? 'gain' : 'metric',
      });
    else if (item.kind === 'samples') node.figures.push({ kind: 'samples', arm: item.target?.text ?? '' });
    else if (item.kind === 'export') exported.push(...item.what.map((w) => w.text));
    else node.figures.push({ kind: item.kind, vae: item.target?.text ?? '' });
  }
  // in a fixed order, each once; absent without an export item (plans without one stay as they were)
  const exports = EXPORT_WORDS.filter((w) => exported.includes(w));
  if (exports.length) node.export = exports;
  if (!report || node.tables.length === 0) node.tables.push({ metric: metrics[0], rows: defaultRows, cols: 'arm' });
  return node;
}
