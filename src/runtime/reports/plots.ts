/** The report's SVG plots: a metric against a sweep axis per arm (mean ± std), or the paired gain
 * over the baseline per arm (mean with its 95% interval). */
import type { MetricName } from '../../plan/types.ts';
import type { ResultsFile, RunRecord } from '../results/types.ts';
import { mean, pairedSummary, std } from './stats.ts';
import { combinations, metricValues } from './tables.ts';
import { lineChart, type ChartPoint } from './svg-chart.ts';

export interface PlotFile {
  /** file name (no folder), e.g. "weighted_f1-over-shots.svg" */
  name: string;
  title: string;
  svg: string;
}

const slug = (s: string): string => s.replace(/[^A-Za-z0-9_.-]+/g, '-').replace(/^-+|-+$/g, '') || 'all';

/** Default plots (when the report names none) only for axes with several values, and only when the
 * other axes give at most this many combinations — beyond that a table reads better. */
const MAX_DEFAULT_PLOTS_PER_AXIS = 4;

/** The plots a report spec asks for (or a metric plot per swept axis when it names none). */
export function buildPlots(results: ResultsFile): PlotFile[] {
  const combinationsBesides = (name: string) => results.axes.filter((a) => a.name !== name).reduce((n, a) => n * a.labels.length, 1);
  const specs = results.report.plots.length
    ? results.report.plots
    : results.axes
        .filter((a) => a.labels.length > 1 && combinationsBesides(a.name) <= MAX_DEFAULT_PLOTS_PER_AXIS)
        .map((a) => ({ metric: results.metrics[0], over: a.name, kind: 'metric' as const }));
  return specs.flatMap((spec) => {
    const axis = results.axes.find((a) => a.name === spec.over);
    if (!axis) return [];
    const others = results.axes.map((a) => a.name).filter((n) => n !== spec.over);
    return combinations(results, others).flatMap((fixed) => {
      const where = Object.entries(fixed)
        .map(([k, v]) => `${k} = ${v}`)
        .join(', ');
      const suffix = where ? ` (${where})` : '';
      const name = `${spec.kind === 'gain' ? 'gain-' : ''}${spec.metric}-over-${spec.over}${Object.values(fixed)
        .map((v) => `-${slug(v)}`)
        .join('')}.svg`;
      if (spec.kind === 'gain') {
        if (!results.baseline) return [];
        const title = `Gain in ${spec.metric} over ${results.baseline}${suffix}`;
        const series = results.arms
          .filter((a) => a.name !== results.baseline)
          .map((a) => ({ name: a.name, points: gainPoints(results, spec.metric, a.name, axis.name, axis.labels, fixed) }));
        return [
          {
            name,
            title,
            svg: lineChart({
              title,
              xLabel: axis.name,
              yLabel: `${spec.metric} gain (95% interval)`,
              xLabels: axis.labels,
              series,
              zeroLine: true,
            }),
          },
        ];
      }
      const title = `${spec.metric} against ${spec.over}${suffix}`;
      const series = results.arms.map((a) => ({
        name: a.name,
        points: axis.labels.flatMap((label, x): ChartPoint[] => {
          const v = metricValues(results.runs, spec.metric, a.name, { ...fixed, [axis.name]: label });
          if (!v.length) return [];
          const m = mean(v);
          const s = std(v);
          return [{ x, y: m, low: m - s, high: m + s }];
        }),
      }));
      return [
        { name, title, svg: lineChart({ title, xLabel: axis.name, yLabel: `${spec.metric} (mean ± std)`, xLabels: axis.labels, series }) },
      ];
    });
  });
}

function gainPoints(
  results: ResultsFile,
  metric: MetricName,
  arm: string,
  axis: string,
  labels: string[],
  fixed: Record<string, string>,
): ChartPoint[] {
  const matches = (r: RunRecord, label: string) => r.cell[axis] === label && Object.entries(fixed).every(([k, v]) => r.cell[k] === v);
  return labels.flatMap((label, x): ChartPoint[] => {
    const key = (r: RunRecord) => `${JSON.stringify(r.cell)}#${r.repeat}`;
    const base = new Map(
      results.runs.filter((r) => r.arm === results.baseline && matches(r, label)).map((r) => [key(r), r.metrics[metric]]),
    );
    const diffs = results.runs
      .filter((r) => r.arm === arm && matches(r, label))
      .flatMap((r) => {
        const b = base.get(key(r));
        const v = r.metrics[metric];
        return typeof b === 'number' && typeof v === 'number' ? [v - b] : [];
      });
    if (!diffs.length) return [];
    const s = pairedSummary(diffs);
    return [{ x, y: s.meanGain, low: Number.isFinite(s.low) ? s.low : undefined, high: Number.isFinite(s.high) ? s.high : undefined }];
  });
}
