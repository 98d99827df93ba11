/**
 * Hostile strings through a report: a title with HTML and a javascript: link, an arm name with
 * angle brackets, a pipe and handlebars braces, a class named with a pipe. Rendered tables keep
 * their column counts, and no raw HTML or link syntax from the strings survives.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { baselineChecks } from '../../../src/runtime/evaluation/baseline-strength.ts';
import { escapeMarkdown } from '../../../src/runtime/reports/escape-markdown.ts';
import { renderReport } from '../../../src/runtime/reports/render-report.ts';
import { scratchDirs } from '../../fixtures/scratch-dirs.ts';
import { weakBaselineResults } from './fixtures/weak-baseline-results.ts';

const scratch = scratchDirs('hostile-report-');
const TITLE = '<script>alert(1)</script> [x](javascript:alert(1))';
const ARM = '<img_src_onerror:alert(1)>|{{this}}';

/** Cells of a markdown table row: split on pipes that are not escaped. */
const cells = (row: string) =>
  row
    .trim()
    .replace(/^\|/, '')
    .replace(/(?<!\\)\|$/, '')
    .split(/(?<!\\)\|/);

/** Every table of the markdown: runs of lines starting with '|'. */
function tables(markdown: string): string[][] {
  const out: string[][] = [];
  let current: string[] = [];
  for (const line of [...markdown.split('\n'), '']) {
    if (line.startsWith('|')) current.push(line);
    else if (current.length) {
      out.push(current);
      current = [];
    }
  }
  return out;
}

describe('hostile strings in a report', () => {
  it('escapeMarkdown neutralises table, HTML, link and code-span syntax and keeps the rest', () => {
    expect(escapeMarkdown(ARM)).toBe('&lt;img_src_onerror:alert(1)&gt;\\|{{this}}');
    expect(escapeMarkdown(TITLE)).toBe('&lt;script&gt;alert(1)&lt;/script&gt; \\[x\\](javascript:alert(1))');
    expect(escapeMarkdown('a`b\\c\nd')).toBe('a\\`b\\\\c d');
    expect(escapeMarkdown('interpolation+noise β_norm 1')).toBe('interpolation+noise β_norm 1');
  });

  it('the rendered report has no raw HTML or links from user strings, and every table keeps its columns', () => {
    const results = weakBaselineResults({ balanced: false });
    results.experiment.title = TITLE;
    results.arms[1].name = ARM;
    for (const run of results.runs) if (run.arm === 'vae') run.arm = ARM;
    results.datasets = ['thy|roid'];
    for (const run of results.runs) run.dataset = 'thy|roid';
    results.baselineChecks = baselineChecks(results);
    const path = join(scratch(), 'hostile.results.json');
    writeFileSync(path, JSON.stringify(results));
    const md = renderReport(results, null, path).markdown;

    expect(md.split('\n')[0]).toBe(`# ${escapeMarkdown(TITLE)}`);
    expect(md).not.toContain('<script>');
    expect(md).not.toContain('<img');
    expect(md).not.toMatch(/(?<!\\)\]\(javascript:/);
    expect(md).toContain(escapeMarkdown(ARM));
    const found = tables(md);
    expect(found.length).toBeGreaterThanOrEqual(4);
    for (const table of found) {
      const width = cells(table[0]).length;
      for (const row of table) expect(cells(row), `row '${row}' of table '${table[0]}'`).toHaveLength(width);
    }
    // the arm's row is in the results table, with its escaped name as one cell
    expect(found.some((t) => t.some((row) => cells(row).some((c) => c.includes('&lt;img_src_onerror:alert(1)&gt;\\|{{this}}'))))).toBe(
      true,
    );
  });
});
