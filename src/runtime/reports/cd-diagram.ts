/**
 * The critical-difference diagram of Demšar (JMLR 2006, Fig. 1), as SVG: the competitors' mean
 * ranks on an axis from 1 (best, left) to k, the Nemenyi critical difference drawn as a bar above
 * it, and thick lines joining groups of competitors whose mean ranks differ by less than the CD
 * (not significantly different). The better half is labelled on the left, the rest on the right.
 */
import { esc, num } from './svg-chart.ts';

/** A competitor's label and mean rank. */
export interface RankedCompetitor {
  name: string;
  meanRank: number;
}

const ROW = 18;
const CHAR = 6.6; // approximate width of a character at font-size 12, for the label margins

/**
 * Maximal groups (index ranges into `sorted`, ascending mean rank) whose spread of mean ranks is
 * below `cd`: each is drawn as one line. A group inside a larger one is left out; single
 * competitors form no group.
 */
export function nonSignificantGroups(sorted: number[], cd: number): [number, number][] {
  const groups: [number, number][] = [];
  for (let i = 0; i < sorted.length; i++) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] - sorted[i] < cd) j++;
    if (j > i && !groups.some(([a, b]) => a <= i && j <= b)) groups.push([i, j]);
  }
  return groups;
}

/** The diagram for competitors with mean ranks among k = competitors.length, at critical difference `cd`. */
export function cdDiagramSvg(competitors: RankedCompetitor[], cd: number, title: string): string {
  const k = competitors.length;
  const sorted = [...competitors].sort((a, b) => a.meanRank - b.meanRank || a.name.localeCompare(b.name));
  const leftCount = Math.ceil(k / 2);
  const labelText = (c: RankedCompetitor) => `${c.name} (${c.meanRank.toFixed(2)})`;
  // wide enough for the longest label, and for the axis title left of the axis
  const margin = Math.max(140, 24 + CHAR * Math.max(...sorted.map((c) => labelText(c).length)));
  const axisWidth = Math.max(320, 70 * (k - 1));
  const width = Math.round(2 * margin + axisWidth);
  const axisY = 78;
  const groups = nonSignificantGroups(
    sorted.map((c) => c.meanRank),
    cd,
  );
  const groupTop = axisY + 14;
  const labelsTop = groupTop + groups.length * 8 + 16;
  const height = Math.round(labelsTop + Math.max(leftCount, k - leftCount) * ROW + 16);
  const x = (rank: number) => margin + ((rank - 1) / Math.max(1, k - 1)) * axisWidth;

  const parts: string[] = [];
  parts.push(`<text x="${num(width / 2)}" y="20" text-anchor="middle" font-size="14" font-weight="bold">${esc(title)}</text>`);
  // the axis, rank 1 on the left
  parts.push(`<line x1="${num(x(1))}" y1="${axisY}" x2="${num(x(k))}" y2="${axisY}" stroke="#333"/>`);
  for (let r = 1; r <= k; r++) {
    parts.push(`<line x1="${num(x(r))}" y1="${axisY - 6}" x2="${num(x(r))}" y2="${axisY}" stroke="#333"/>`);
    parts.push(`<text x="${num(x(r))}" y="${axisY - 10}" text-anchor="middle" font-size="11">${r}</text>`);
    if (r < k) parts.push(`<line x1="${num(x(r + 0.5))}" y1="${axisY - 3}" x2="${num(x(r + 0.5))}" y2="${axisY}" stroke="#333"/>`);
  }
  // left of the axis: above it the CD bar may reach the far end
  parts.push(`<text x="${num(x(1) - 10)}" y="${axisY + 4}" text-anchor="end" font-size="11" fill="#555">mean rank (1 = best)</text>`);
  // the critical difference, as a bar of its length above the axis
  if (Number.isFinite(cd)) {
    const cdY = 44;
    const end = x(1 + Math.min(cd, k - 1));
    parts.push(`<line x1="${num(x(1))}" y1="${cdY}" x2="${num(end)}" y2="${cdY}" stroke="#333" stroke-width="2"/>`);
    parts.push(`<line x1="${num(x(1))}" y1="${cdY - 4}" x2="${num(x(1))}" y2="${cdY + 4}" stroke="#333"/>`);
    parts.push(`<line x1="${num(end)}" y1="${cdY - 4}" x2="${num(end)}" y2="${cdY + 4}" stroke="#333"/>`);
    parts.push(
      `<text x="${num((x(1) + end) / 2)}" y="${cdY - 6}" text-anchor="middle" font-size="11">CD = ${cd.toFixed(2)}${cd > k - 1 ? ' (longer than the axis)' : ''}</text>`,
    );
  }
  // groups whose members are not significantly different
  groups.forEach(([i, j], g) => {
    const y = groupTop + g * 8;
    parts.push(
      `<line x1="${num(x(sorted[i].meanRank) - 4)}" y1="${y}" x2="${num(x(sorted[j].meanRank) + 4)}" y2="${y}" stroke="#000" stroke-width="3"/>`,
    );
  });
  // each competitor: a line down from its mean rank, then out to its label
  sorted.forEach((c, i) => {
    const left = i < leftCount;
    const row = left ? i : k - 1 - i;
    const y = labelsTop + row * ROW;
    const at = x(c.meanRank);
    const edge = left ? margin - 12 : width - margin + 12;
    parts.push(`<polyline points="${num(at)},${axisY} ${num(at)},${y} ${num(edge)},${y}" fill="none" stroke="#4e79a7"/>`);
    parts.push(
      `<text x="${num(left ? edge - 4 : edge + 4)}" y="${y + 4}" text-anchor="${left ? 'end' : 'start'}" font-size="12">${esc(labelText(c))}</text>`,
    );
  });
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    ...parts,
    '</svg>',
    '',
  ].join('\n');
}
