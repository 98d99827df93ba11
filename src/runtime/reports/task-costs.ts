/**
 * "Where the time went": task time by kind, from the run file's timings, and the classifier's cost
 * per training (an evaluate task trains the arm's classifier once and scores it), with the mean
 * number of optimizer steps trained from results.json. Timings live in the run file, not in
 * results.json, because they change from run to run; a report rendered without the run file has no
 * such section.
 */
import type { TaskKind } from '../../plan/types.ts';
import type { ResultsFile } from '../results/types.ts';
import { formatSeconds } from './durations.ts';
import { markdownTable } from './markdown-table.ts';
import type { RunFile } from './provenance.ts';
import { mean } from './stats.ts';

/** What a task of each kind does, in report words (the order is the table's). */
const KIND_TEXT: Record<TaskKind, string> = {
  prepare_data: 'load and split the data',
  sample_shots: 'draw the labelled examples',
  oracle: 'train the label-fidelity oracle',
  train_vae: 'train a VAE',
  generate: 'generate examples',
  filter_gc: 'train the GC filter and filter',
  evaluate: 'train and score a classifier',
  figure: 'draw a figure',
};

export interface KindCost {
  kind: TaskKind;
  count: number;
  /** summed task time, s */
  seconds: number;
  /** the median of one task's time, s */
  median: number;
}

export interface TaskCosts {
  kinds: KindCost[];
  /** the evaluate tasks: one training of an arm's classifier each (null when there are none) */
  classifier: { trainings: number; meanSeconds: number; medianSeconds: number; meanSteps: number | null; msPerStep: number | null } | null;
}

/** Task time by kind: computed tasks' own time, and for outputs read from the cache the time they took
 * when they were made (when the run file records it). */
export function taskCosts(run: RunFile, results: ResultsFile): TaskCosts {
  const byKind = new Map<TaskKind, number[]>();
  for (const t of run.timings) {
    const seconds = t.status === 'computed' ? t.seconds : t.status === 'cached' ? t.computeSeconds : undefined;
    if (seconds === undefined) continue;
    const list = byKind.get(t.kind) ?? [];
    list.push(seconds);
    byKind.set(t.kind, list);
  }
  const kinds = (Object.keys(KIND_TEXT) as TaskKind[])
    .filter((k) => byKind.has(k))
    .map((kind) => {
      const list = byKind.get(kind)!;
      return { kind, count: list.length, seconds: sum(list), median: median(list) };
    });
  const evaluate = byKind.get('evaluate');
  let classifier: TaskCosts['classifier'] = null;
  if (evaluate?.length) {
    const steps = results.runs.map((r) => r.classifierSteps?.trained).filter((s): s is number => typeof s === 'number' && s > 0);
    const meanSteps = steps.length ? mean(steps) : null;
    const meanSeconds = mean(evaluate);
    classifier = {
      trainings: evaluate.length,
      meanSeconds,
      medianSeconds: median(evaluate),
      meanSteps,
      msPerStep: meanSteps ? (meanSeconds * 1000) / meanSteps : null,
    };
  }
  return { kinds, classifier };
}

/** The section's markdown, or null without timings. */
export function taskCostsMarkdown(run: RunFile | null, results: ResultsFile): string | null {
  if (!run?.timings?.length) return null;
  const costs = taskCosts(run, results);
  if (!costs.kinds.length) return null;
  const total = sum(costs.kinds.map((k) => k.seconds));
  const table = markdownTable(
    ['task', 'tasks', 'task time', 'share', 'median per task'],
    costs.kinds.map((k) => [
      `${KIND_TEXT[k.kind]} (\`${k.kind}\`)`,
      String(k.count),
      clock(k.seconds),
      `${((100 * k.seconds) / total).toFixed(0)}%`,
      clock(k.median),
    ]),
  );
  const lines = [table];
  const c = costs.classifier;
  if (c) {
    const steps =
      c.meanSteps !== null && c.msPerStep !== null
        ? `; ${c.meanSteps.toFixed(0)} optimizer steps trained on average, so about ${c.msPerStep.toFixed(c.msPerStep < 10 ? 1 : 0)} ms per step, the validation checks and the scoring included`
        : '';
    lines.push(
      '',
      `**The classifier's cost per training:** ${clock(c.meanSeconds)} on average over ${c.trainings} trainings (median ${clock(c.medianSeconds)})${steps}.`,
    );
  }
  const unknown = run.timings.filter((t) => t.status === 'cached' && t.computeSeconds === undefined).length;
  if (run.provenance.tasksCached > 0) {
    lines.push(
      '',
      `This run read ${run.provenance.tasksCached} outputs from the cache: they count with the time they took when they were made${unknown ? `, except ${unknown} whose cache entries record no time (written by an older augc, or unreadable)` : ''}; tasks whose outputs this run did not need at all (a VAE behind generated data read from the cache) are not counted. The cache's earlier runs are the place to read their cost.`,
    );
  }
  lines.push(
    '',
    `Task time is each task's own wall time on its worker thread (${run.provenance.backend.threads ?? 1} thread${(run.provenance.backend.threads ?? 1) === 1 ? '' : 's'} per worker), with the run's other tasks and any other work on the machine beside it: on a shared machine, an upper bound.`,
  );
  return lines.join('\n');
}

function sum(xs: readonly number[]): number {
  return xs.reduce((a, b) => a + b, 0);
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** "0.84 s" below 10 s (many tasks take a fraction of a second), else as the wall time: "33.1 s", "4 min 05 s". */
function clock(s: number): string {
  return s < 10 ? `${s.toFixed(2)} s` : formatSeconds(s);
}
