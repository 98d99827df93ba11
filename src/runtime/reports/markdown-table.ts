/**
 * Every table of a report, in one layout: `| a | b |` rows under a `|---|---|` rule. Cells are
 * markdown already (user text escaped with escape-markdown.ts by the caller).
 *
 * The markdown-table package was weighed for this (issue 14 §7): it cannot write this layout (its
 * rule is `| - |` or `| --- |` padded to the column), so adopting it would rewrite the text of every
 * committed report for the same rendered tables, and it would only replace these few lines.
 */

/** One table row: `| a | b |`. */
export const markdownRow = (cells: readonly string[]): string => `| ${cells.join(' | ')} |`;

/** The header, the rule and the rows, one line each. */
export function markdownTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  return [markdownRow(header), `|${'---|'.repeat(header.length)}`, ...rows.map(markdownRow)].join('\n');
}
