/**
 * Figures per cell: a report line whose VAE changes with a swept axis (β, d, dataset, shots) is
 * lowered to one figure task per VAE. These helpers name the cell each figure shows — only by the
 * axes that tell it apart from the other figures of its line — and group the figures of a line
 * again for the report (a row of small multiples, each labelled with its cell).
 */
import type { Plan } from '../../plan/types.ts';
import { cellLabels } from '../results/build-results.ts';
import { canonicalJson } from '../results/canonical-json.ts';
import type { FigureRecord } from '../results/types.ts';
import { markdownTable } from './markdown-table.ts';

/** Images side by side in one row of the report. */
export const FIGURES_PER_ROW = 4;

/** For each figure task: what it shows (VAE or arm) and the labels of the axes that vary within its line. */
export function figureCells(plan: Plan): Map<string, { target: string; cell: Record<string, string> }> {
  const lines = new Map<string, { id: string; target: string; labels: Record<string, string> }[]>();
  for (const t of plan.tasks) {
    if (t.kind !== 'figure') continue;
    const line = canonicalJson(t.figure, 0);
    const target = 'vae' in t.figure ? t.figure.vae : t.figure.arm;
    lines.set(line, [...(lines.get(line) ?? []), { id: t.id, target, labels: cellLabels(t.cell, plan.axes) }]);
  }
  const out = new Map<string, { target: string; cell: Record<string, string> }>();
  for (const members of lines.values()) {
    const varying = plan.axes.map((a) => a.name).filter((axis) => new Set(members.map((m) => m.labels[axis])).size > 1);
    for (const m of members) out.set(m.id, { target: m.target, cell: Object.fromEntries(varying.map((axis) => [axis, m.labels[axis]])) });
  }
  return out;
}

/** "beta = 0.1, latent = 5" ('' for no axes). */
export function cellText(cell: Record<string, string> | undefined): string {
  return Object.entries(cell ?? {})
    .map(([axis, label]) => `${axis} = ${label}`)
    .join(', ');
}

/** One report line's figures with the files relative to the report. */
export interface FigureGroup {
  title: string;
  kind: FigureRecord['kind'];
  target: string;
  /** one entry per figure: its cell's label ('' when the line has one figure) */
  members: (FigureRecord & { label: string })[];
  /** markdown of the images side by side (labelled by cell), or null for one figure / tabular data */
  multiples: string | null;
  /** the caption when all members share it, else null (each member keeps its own) */
  caption: string | null;
}

/** Group the figures of one report line (same kind and target, each labelled by a different cell). */
export function groupFigures(figures: FigureRecord[]): FigureGroup[] {
  const groups: FigureGroup[] = [];
  for (const f of figures) {
    const member = { ...f, label: cellText(f.cell) };
    const same =
      member.label === ''
        ? undefined
        : groups.find(
            (g) => g.kind === f.kind && g.target === f.target && g.members.every((m) => m.label !== '' && m.label !== member.label),
          );
    if (same) same.members.push(member);
    else groups.push({ title: f.title, kind: f.kind, target: f.target, members: [member], multiples: null, caption: null });
  }
  for (const g of groups) {
    const captions = new Set(g.members.map((m) => m.caption));
    g.caption = captions.size === 1 ? g.members[0].caption : null;
    if (g.members.length > 1 && g.members.every((m) => m.files.length > 0)) g.multiples = multiplesMarkdown(g);
  }
  return groups;
}

/** Rows of at most FIGURES_PER_ROW images, each a markdown table headed by the cells' labels. */
function multiplesMarkdown(g: FigureGroup): string {
  const rows: string[] = [];
  for (let i = 0; i < g.members.length; i += FIGURES_PER_ROW) {
    const chunk = g.members.slice(i, i + FIGURES_PER_ROW);
    rows.push(
      markdownTable(
        chunk.map((m) => m.label),
        [chunk.map((m) => m.files.map((file) => `![${g.title}, ${m.label}](${file})`).join(' '))],
      ),
    );
  }
  return rows.join('\n\n');
}
