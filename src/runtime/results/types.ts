/**
 * results.json: what a run measured, one record per cell × repeat × arm. Its JSON Schema
 * (results.schema.json beside this file) is the source of truth; these types mirror it. The file
 * holds no timestamps or timings (those go to the run file), so two runs of the same spec on the
 * same backend write the same bytes.
 */
import type { MetricName, ReportNode } from '../../plan/types.ts';

export const RESULTS_SCHEMA_VERSION = '2.0.0';

export interface RunRecord {
  /** the evaluate task's id */
  taskId: string;
  arm: string;
  dataset: string;
  /** axis name → printable label of the value of this cell */
  cell: Record<string, string>;
  repeat: number;
  /** the classifier's seed: shared by all arms of a cell and repeat (paired comparisons) */
  seed: number;
  metrics: Partial<Record<MetricName, number>>;
  perClassF1: number[];
  confusion: number[][];
  counts: { originals: number; generated: number; kept: number; train: number; test: number };
  /** GC acceptance rate (null without a filter) */
  acceptance: number | null;
  acceptanceByClass: (number | null)[] | null;
  /** (since 2.0.0, replaces classifierEpochs) the classifier's optimizer steps: the budget (equal
   * across the arms of a cell unless the spec says `per_arm`), the steps trained (fewer when early
   * stopping ended the training) and the step of the kept weights (the best validation check under
   * early stopping, else the last step) */
  classifierSteps: { budget: number; trained: number; kept: number };
}

export interface FigureRecord {
  taskId: string;
  kind: 'latent' | 'samples' | 'interpolation' | 'reconstructions';
  /** the VAE or arm it shows */
  target: string;
  /** axis name → label of the cell it shows, for the axes that tell it apart from the other figures of
   * the same report line (a β or d sweep gives one figure per VAE); empty when the line has one figure */
  cell?: Record<string, string>;
  title: string;
  /** files written beside the report, relative to the results file's folder */
  files: string[];
  /** a markdown table for tabular data (no image) */
  table: string | null;
  caption: string;
}

export interface ResultsFile {
  resultsSchemaVersion: string;
  augcVersion: string;
  backend: { name: string; version: string };
  experiment: { name: string; title: string; seed: number; repeats: number };
  /** spec path relative to its project folder, and its SHA-256 */
  spec: { path: string; sha256: string };
  compilerVersion: string;
  smoke: boolean;
  overrides: { path: string; value: string }[];
  metrics: MetricName[];
  axes: { name: string; kind: string; labels: string[] }[];
  arms: { name: string; kind: 'baseline' | 'augment'; description: string }[];
  /** the arm every other is compared with (null when the spec has no baseline) */
  baseline: string | null;
  datasets: string[];
  report: {
    /** the markdown file, relative to the results file's folder */
    path: string;
    /** a handlebars template (absolute), or null for the built-in one */
    template: string | null;
    tables: ReportNode['tables'];
    plots: ReportNode['plots'];
  };
  runs: RunRecord[];
  figures: FigureRecord[];
}
