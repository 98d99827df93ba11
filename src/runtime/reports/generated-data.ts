/**
 * The report's "Generated data" section: where `export` in the report block wrote each arm's
 * generated examples (results.json's `generatedData`), one line per arm, cell and repeat, with the
 * number of examples and how many of them the arm trains on. Null when nothing was exported.
 */
import { relative, resolve } from 'node:path';
import type { ResultsFile } from '../results/types.ts';
import { cellText } from './figure-cells.ts';
import { markdownTable } from './markdown-table.ts';

/** With more rows than this the table is folded (a sweep exports one file per arm, cell and repeat). */
const FOLD_ABOVE = 12;

export interface GeneratedDataSection {
  /** the export folder, relative to the report */
  folder: string;
  /** what the files hold and their columns, in a sentence or two */
  intro: string;
  markdown: string;
  /** the table is long enough to be folded */
  folded: boolean;
}

/**
 * The section for `results` (already escaped for markdown), whose files are relative to
 * `resultsDir`; links are made relative to the report's folder `reportDir`.
 */
export function generatedDataSection(results: ResultsFile, resultsDir: string, reportDir: string): GeneratedDataSection | null {
  const data = results.generatedData;
  if (!data) return null;
  const link = (path: string) => relative(reportDir, resolve(resultsDir, path)) || path;
  const images = data.files.some((f) => f.format === 'png+idx');
  const both = data.exported.includes('generated') && data.exported.includes('kept');
  const what = both
    ? 'every generated example, with a `kept` column (1: the arm trains on it)'
    : data.exported.includes('kept')
      ? 'the generated examples each arm trains on (those its GC filter kept; all of them without a filter)'
      : 'every generated example (a filtered arm trains on those its GC kept)';
  const columns = images
    ? 'Images are PNG files per class (`png/CLASS/`) with an IDX image and label file, and `index.csv` lists each file with its label, arm, cell, repeat and GC score'
    : 'Each CSV has the dataset’s columns (categories by name), then `label`, `arm`, `cell`, `repeat` and `gc_score` (empty without a filter)';
  const intro = `${data.files.length} file(s) in \`${link(data.folder)}/\`: ${what}. ${columns}${both ? ', then `kept`' : ''}.`;
  const rows = data.files.map((f) => [
    f.arm,
    cellText(f.cell) || '–',
    String(f.repeat),
    String(f.rows),
    f.filtered ? String(f.kept) : 'all',
    `[${f.path.split('/').slice(-3).join('/')}](${link(f.path)})`,
  ]);
  return {
    folder: link(data.folder),
    intro,
    markdown: markdownTable(['arm', 'cell', 'repeat', 'examples', 'trained on', 'file'], rows),
    folded: rows.length > FOLD_ABOVE,
  };
}
