/**
 * Every user-supplied string a report renders — the title, experiment, arm, axis, dataset, class
 * and column names, axis labels — goes through `escapeMarkdown` before it reaches markdown, because
 * reports are rendered by GitHub, GitLab and documentation sites and shared. What it neutralises:
 * - `|`, which would split a table cell (and so shift every column after it);
 * - `<` and `>`, raw HTML (`<script>`, `<img onerror=…>`) and autolinks (`<javascript:…>`);
 * - `[` and `]`, link and image syntax (`[x](javascript:alert(1))`, `![x](…)`);
 * - backticks, which would open or close a code span, and the backslash itself;
 * - line breaks, which would end a table row or a heading.
 * Emphasis characters (`*`, `_`) are left alone: they change no structure and no behaviour, and
 * escaping them would show backslashes in identifiers such as `weighted_f1` inside code spans.
 */
import type { ResultsFile } from '../results/types.ts';

const SPECIAL = /[\\|[\]`<>\r\n]/g;
const REPLACEMENT: Record<string, string> = {
  '\\': '\\\\',
  '|': '\\|',
  '[': '\\[',
  ']': '\\]',
  '`': '\\`',
  '<': '&lt;',
  '>': '&gt;',
  '\r': ' ',
  '\n': ' ',
};

/** `text` safe inside markdown prose, headings and table cells. */
export function escapeMarkdown(text: string): string {
  return text.replace(SPECIAL, (c) => REPLACEMENT[c]);
}

/** Fields of results.json that are not user text: paths, hashes, versions, ids, and markdown that
 * was escaped when it was made (a figure's `table`). */
const NOT_USER_TEXT = new Set([
  'taskId',
  'files',
  'path',
  'template',
  'sha256',
  'resultsSchemaVersion',
  'augcVersion',
  'compilerVersion',
  'backend',
  'table',
  'provenance',
]);

function escapeDeep(value: unknown): unknown {
  if (typeof value === 'string') return escapeMarkdown(value);
  if (Array.isArray(value)) return value.map(escapeDeep);
  if (value && typeof value === 'object' && !ArrayBuffer.isView(value)) {
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) out[escapeMarkdown(key)] = NOT_USER_TEXT.has(key) ? v : escapeDeep(v);
    return out;
  }
  return value;
}

/**
 * A copy of `results` whose every user string (and every record key, such as a cell's axis names)
 * is escaped for markdown. The report is rendered from this copy only, so no table builder can
 * forget to escape; names stay equal to each other (an arm's name and a run's `arm` escape alike).
 */
export function escapeResultsForMarkdown(results: ResultsFile): ResultsFile {
  return escapeDeep(results) as ResultsFile;
}
