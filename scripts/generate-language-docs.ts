/**
 * Fills the first-spec example (specs/quickstart.aug) and the "Diagnostics" section of
 * docs/language.md, the latter from the catalog and the tested cases
 * (test/compiler/diagnostic-cases.ts): for each code its message template, a spec that triggers
 * it, the compiler's actual output, and the fix. Run: npx tsx scripts/generate-language-docs.ts
 * (test/compiler/language-docs.test.ts checks the section is current).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CATALOG, compileSource, formatDiagnostics } from '../src/compiler/index.ts';
import { DIAGNOSTIC_CASES, type DiagnosticCase } from '../test/compiler/diagnostic-cases.ts';
import { fakeReadMetadata, unmark } from '../test/compiler/helpers.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const DOC = join(root, 'docs/language.md');
const BEGIN = '<!-- BEGIN GENERATED: diagnostics (scripts/generate-language-docs.ts) -->';
const END = '<!-- END GENERATED -->';
/** Where the examples pretend the project lives. */
const DOC_ROOT = '/home/me/project';
const QUICKSTART = '<!-- BEGIN GENERATED: quickstart (scripts/generate-language-docs.ts) -->';

/** Codes no spec text can trigger, described in words. */
const WITHOUT_SPEC: Record<string, string> = {
  AUG1008:
    'The file is not valid UTF-8 (for example Latin-1 text); the message gives the offset of the first bad byte. Save the spec as UTF-8.',
  AUG1009: 'The file contains a NUL byte, so it is binary (an image, an archive), not a spec.',
  AUG1010: 'The file is larger than 256 KB; specs are small hand-written files, so it is refused before parsing.',
  AUG1012: "The file cannot be read: `augc check no/such.aug` prints `Cannot read 'no/such.aug': no such file.` and exits 2.",
  AUG1014:
    'A file with more than 100 problems shows the first 100 (in source order) and then this one line with the count of the rest, so a broken or generated spec cannot flood the terminal.',
  AUG2999: 'A check itself failed (a bug in augc). The other checks still run; please report the message.',
};

function changedLines(before: string, after: string): string[] {
  const old = new Set(before.split('\n'));
  return after.split('\n').filter((line) => !old.has(line) && line.trim() !== '');
}

async function section(c: DiagnosticCase): Promise<string> {
  const { text } = unmark(c.spec);
  const file = 'specs/demo.aug';
  const result = await compileSource(text, join(root, file), { readMetadata: fakeReadMetadata, projectRoot: root, ...(c.options ?? {}) });
  const shown = result.diagnostics
    .filter((d) => d.code === c.code)
    .map((d) => ({ ...d, file, related: d.related?.map((r) => ({ ...r, file })) }));
  const output = formatDiagnostics(shown, { sources: { [file]: text } }).replace(/\n*Found \d+ (error|warning)s?\.\n$/, '\n');
  // the project's own location would make the page differ between checkouts: show a fixed one
  const portable = output.split(root).join(DOC_ROOT);
  const options = c.options?.overrides
    ? `\n(compiled with ${c.options.overrides.map((o) => `\`--set ${o.path}=${o.value}\``).join(' ')})\n`
    : '';
  const fix = changedLines(text, c.twin);
  const fixText = fix.length
    ? `Fix:\n\n\`\`\`\n${fix.join('\n')}\n\`\`\``
    : c.options?.overrides
      ? 'Fix: drop or correct the override.'
      : 'Fix: remove the offending text.';
  return `\`\`\`\n${text.trimEnd()}\n\`\`\`\n${options}\n\`\`\`\n${portable.trimEnd()}\n\`\`\`\n\n${fixText}\n`;
}

/** The generated markdown for every code in the catalog. */
export async function diagnosticsSection(): Promise<string> {
  const parts: string[] = [];
  for (const entry of Object.values(CATALOG)) {
    const heading = `### ${entry.code} (${entry.severity})\n\n${entry.template.replace(/\{(\d+)\}/g, '…')}\n`;
    const c = DIAGNOSTIC_CASES.find((x) => x.code === entry.code);
    parts.push(c ? `${heading}\n${await section(c)}` : `${heading}\n${WITHOUT_SPEC[entry.code] ?? ''}\n`);
  }
  return parts.join('\n');
}

/** Replace the text between a BEGIN marker and the END marker that follows it. */
function fill(doc: string, begin: string, content: string): string {
  const start = doc.indexOf(begin);
  const end = doc.indexOf(END, start);
  return `${doc.slice(0, start + begin.length)}\n${content}${doc.slice(end)}`;
}

/** docs/language.md with the generated sections replaced. */
export async function languageDoc(): Promise<string> {
  const quickstart = readFileSync(join(root, 'specs/quickstart.aug'), 'utf8');
  let doc = readFileSync(DOC, 'utf8');
  doc = fill(doc, QUICKSTART, `\`\`\`\n${quickstart.trimEnd()}\n\`\`\`\n`);
  return fill(doc, BEGIN, await diagnosticsSection());
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(DOC, await languageDoc());
  console.log('wrote docs/language.md');
}
