/**
 * Hover text for keywords, options, recipes and sources, taken from the language reference
 * (docs/language.md) so the editor shows what the reference says and the two cannot drift. For a
 * word it gathers: the synopsis lines of the section that mention it, and the table rows whose
 * first cell is that word (defaults and ranges), with the section as a heading.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const REFERENCE = join(dirname(fileURLToPath(import.meta.url)), '../../docs/language.md');

interface Section {
  heading: string;
  /** lines of the section's code blocks */
  synopsis: string[];
  tables: { header: string[]; rows: string[][] }[];
}

const cells = (line: string) =>
  line
    .trim()
    .replace(/^\||\|$/g, '')
    .split('|')
    .map((c) => c.trim());

/** The reference's construct sections (everything before "## Diagnostics"). */
export function parseReference(markdown: string): Section[] {
  const body = markdown.split(/^## Diagnostics/m)[0];
  const sections: Section[] = [];
  for (const chunk of body.split(/^#{2,3} /m).slice(1)) {
    const lines = chunk.split('\n');
    // the worked example and the table of contents are not reference text
    if (/^(A first spec|Contents)/.test(lines[0])) continue;
    const section: Section = { heading: lines[0].trim(), synopsis: [], tables: [] };
    let inCode = false;
    for (let i = 1; i < lines.length; i++) {
      const line = lines[i];
      if (line.startsWith('```')) inCode = !inCode;
      else if (inCode) section.synopsis.push(line);
      else if (line.startsWith('|') && lines[i + 1]?.startsWith('|---')) {
        const table = { header: cells(line), rows: [] as string[][] };
        for (i += 2; lines[i]?.startsWith('|'); i++) table.rows.push(cells(lines[i]));
        section.tables.push(table);
        i--;
      }
    }
    sections.push(section);
  }
  return sections;
}

let cached: Section[] | undefined;
function reference(): Section[] {
  if (!cached) {
    try {
      cached = parseReference(readFileSync(REFERENCE, 'utf8'));
    } catch {
      cached = [];
    }
  }
  return cached;
}

const escapeRegExp = (word: string) => word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Markdown documentation of a word of the language, or undefined when the reference does not mention it. */
export function referenceDoc(word: string, sections: Section[] = reference()): string | undefined {
  // a segment of a dotted path (`vae.pc.mix_in`) is not the keyword itself
  const whole = new RegExp(`(^|[^A-Za-z0-9_.])${escapeRegExp(word)}([^A-Za-z0-9_.]|$)`);
  const rowMatches = (first: string) =>
    first === word || first.startsWith(`\`${word}\``) || first.startsWith(`\`${word}(`) || first === `\`${word}\``;
  const parts: string[] = [];
  let heading: string | undefined;
  for (const section of sections) {
    // synopsis lines only count where the word is code, not inside a trailing comment
    // grammar lines (with NAME-style placeholders) first, then examples
    const lines = section.synopsis
      .filter((l) => whole.test(l.split('//')[0]))
      .sort((a, b) => Number(/[A-Z]{2,}/.test(b)) - Number(/[A-Z]{2,}/.test(a)));
    const rows = section.tables.flatMap((t) =>
      t.rows.filter((r) => rowMatches(r[0])).map((r) => t.header.map((h, i) => `${h}: ${r[i] ?? ''}`).join(' · ')),
    );
    if (lines.length === 0 && rows.length === 0) continue;
    heading ??= section.heading;
    parts.push(...rows);
    if (lines.length)
      parts.push(
        `\`\`\`aug\n${lines
          .slice(0, 3)
          .map((l) => l.trim())
          .join('\n')}\n\`\`\``,
      );
    if (parts.length >= 3) break;
  }
  if (!heading) return undefined;
  return [`**${word}** — ${heading} (docs/language.md)`, ...parts].join('\n\n');
}
