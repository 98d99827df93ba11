/**
 * Render the markdown report from results.json (and the run file, when present): tables, the paired
 * comparison, SVG plots and the figures the run wrote, through a handlebars template — the built-in
 * one, or the spec's `template "x.hbs"`. Needs no model, so `augc report` re-renders in a moment.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import Handlebars from 'handlebars';
import type { ResultsFile } from '../results/types.ts';
import { baselineStrength, markWeakComparisonRows, markWeakTableRows } from './baseline-report.ts';
import { comparisonMarkdown, pairedComparisons } from './comparisons.ts';
import { escapeResultsForMarkdown } from './escape-markdown.ts';
import { cellText, groupFigures } from './figure-cells.ts';
import { generatedDataSection } from './generated-data.ts';
import { buildPlots } from './plots.ts';
import { sampleCountsMarkdown } from './sample-counts.ts';
import { statisticsSections } from './statistics-sections.ts';
import { formatSeconds } from './durations.ts';
import type { RunFile } from './provenance.ts';
import { taskCostsMarkdown } from './task-costs.ts';
import { buildTables, tableMarkdown } from './tables.ts';

const DEFAULT_TEMPLATE = new URL('./default-template.hbs', import.meta.url);

/** The files of one run's output, all derived from the report's path. */
export interface OutputPaths {
  dir: string;
  report: string;
  results: string;
  run: string;
  /** folder of plots and figures, and its name relative to `dir` */
  figures: string;
  figuresRel: string;
  /** folder of the generated data `export` writes */
  data: string;
}

/** Output files for a report named `<stem>.md` in `dir`. */
export function outputPaths(dir: string, reportName: string): OutputPaths {
  const stem = basename(reportName).replace(/\.md$/i, '');
  return {
    dir,
    report: join(dir, `${stem}.md`),
    results: join(dir, `${stem}.results.json`),
    run: join(dir, `${stem}.run.json`),
    figures: join(dir, `${stem}-figures`),
    figuresRel: `${stem}-figures`,
    data: join(dir, `${stem}-data`),
  };
}

/** Render the report of `results` (read from `resultsPath`) to its markdown file; returns its text. */
export function renderReport(raw: ResultsFile, run: RunFile | null, resultsPath: string): { path: string; markdown: string } {
  // everything below renders from the escaped copy: user strings cannot add markup (escape-markdown.ts)
  const results = escapeResultsForMarkdown(raw);
  const dir = dirname(resolve(resultsPath));
  const reportPath = resolve(dir, raw.report.path);
  const paths = outputPaths(dir, basename(reportPath));
  mkdirSync(paths.figures, { recursive: true });
  // plots are all re-made from results.json: drop those of an earlier rendering (figures stay)
  for (const name of readdirSync(paths.figures)) if (/-over-.*\.svg$/.test(name)) rmSync(join(paths.figures, name));
  // SVG escapes its own text (svg-chart.ts): plots are drawn from the raw names
  const plots = buildPlots(raw).map((plot) => {
    writeFileSync(join(paths.figures, plot.name), plot.svg);
    return { title: plot.title, file: `${paths.figuresRel}/${plot.name}` };
  });
  const primary = results.metrics[0];
  const figures = results.figures.map((f) => ({
    ...f,
    label: cellText(f.cell),
    files: f.files.map((file) => relative(dirname(reportPath), join(dir, file)) || file),
  }));
  const comparisonRows = pairedComparisons(results, primary);
  const statistics = statisticsSections(results, comparisonRows, paths.figures, paths.figuresRel);
  const context = {
    title: results.experiment.title || results.experiment.name,
    experiment: results.experiment,
    singleRepeat: results.experiment.repeats < 2,
    spec: results.spec,
    smoke: results.smoke,
    overrides: results.overrides,
    augcVersion: results.augcVersion,
    compilerVersion: results.compilerVersion,
    backend: results.backend,
    baseline: results.baseline ?? 'none',
    // axes that change only the VAEs or the generated count: the baseline is trained again in each of their cells
    vaeOnlyAxes: results.baseline ? vaeOnlyAxesText(results.axes) : '',
    arms: results.arms,
    metrics: results.metrics,
    // rows whose baseline is weaker than a reference model carry ⚠: their gains are no findings
    tables: markWeakTableRows(buildTables(results), results).map((t) => ({ title: t.title, markdown: tableMarkdown(t), model: t })),
    comparison: comparisonRows.length
      ? {
          metric: primary,
          markdown: comparisonMarkdown(markWeakComparisonRows(comparisonRows, results)),
          rows: comparisonRows,
          note: statistics.poolingNote,
        }
      : null,
    // few-repeats warning, cross-dataset rank tests with their CD diagrams, per-class F1 and confusion matrices
    fewRepeats: statistics.fewRepeats,
    crossDataset: statistics.crossDataset,
    perClass: statistics.perClass,
    sampleCounts: sampleCountsMarkdown(results),
    // the reference models beside the baseline, the weak-baseline warnings and the balanced-shots notes
    baselineStrength: baselineStrength(results),
    plots,
    figures,
    figureGroups: groupFigures(figures),
    // where `export` in the report block wrote the generated examples (null: it exports nothing)
    generatedData: generatedDataSection(results, dir, dirname(reportPath)),
    provenance: run?.provenance ?? { git: { commit: null, dirty: null }, node: 'unknown' },
    wallTime: run ? wallTimeText(run) : 'unknown (no run file)',
    // task time by kind and the classifier's cost per training (from the run file's timings)
    taskCosts: taskCostsMarkdown(run, raw),
    resultsFile: relative(dirname(reportPath), resolve(resultsPath)),
    runs: results.runs,
  };
  const source = results.report.template ? readTemplate(results.report.template) : readFileSync(DEFAULT_TEMPLATE, 'utf8');
  const markdown = Handlebars.compile(source, { noEscape: true, strict: false })(context).replace(/\n{3,}/g, '\n\n');
  writeFileSync(reportPath, markdown);
  return { path: reportPath, markdown };
}

/** "the axis `beta` does" / "the axes `beta` and `latent` do" for the axes that change only the VAEs or the generated count; '' when none. */
export function vaeOnlyAxesText(axes: ResultsFile['axes']): string {
  const names = axes.filter((a) => a.kind === 'beta' || a.kind === 'latent' || a.kind === 'generated').map((a) => `\`${a.name}\``);
  if (names.length === 0) return '';
  return names.length === 1 ? `the axis ${names[0]} does` : `the axes ${names.slice(0, -1).join(', ')} and ${names[names.length - 1]} do`;
}

function readTemplate(path: string): string {
  if (!existsSync(path)) throw new Error(`the report template ${path} does not exist`);
  return readFileSync(path, 'utf8');
}

function wallTimeText(run: RunFile): string {
  const p = run.provenance;
  const wall = formatSeconds(p.wallSeconds);
  if (!p.tasksCached || p.computeSeconds === undefined) return `${wall} (${p.tasksComputed} tasks computed)`;
  return `${wall} for this run (${p.tasksComputed} tasks computed, ${p.tasksCached} read from the cache); the tasks behind the results that this run computed or read took ${formatSeconds(p.computeSeconds)} of task time when computed ("Where the time went" says what that leaves out)`;
}
