/**
 * Turn figure data (computed by the executor's figure tasks) into files beside the report: the
 * latent scatter as SVG, image grids as PNG — or, for tabular data, a small markdown table of
 * decoded rows, since a row of a table is not a picture.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Artifact } from '../components.ts';
import type { FigureRecord } from '../results/types.ts';
import { cellText } from './figure-cells.ts';
import { imageGridPng } from './png-grid.ts';
import { escapeMarkdown } from './escape-markdown.ts';
import { markdownTable } from './markdown-table.ts';
import { scatterChart } from './svg-chart.ts';

interface FigureJson {
  kind: FigureRecord['kind'];
  title: string;
  imageShape: [number, number, number] | null;
  classNames: string[];
  columnNames?: string[];
  rows?: number;
  strips?: number;
  steps?: number;
  latent?: number;
  projection?: 'none' | 'pca';
  explained?: number;
  perClassModels?: boolean;
}

const MAX_TABLE_COLUMNS = 8;
const slug = (s: string): string => s.replace(/[^A-Za-z0-9_.-]+/g, '-').replace(/^-+|-+$/g, '');

/** Write one figure's files into `dir` (named relative to the results folder as `relDir/…`); `cell`
 * names the cell it shows when its report line has several figures (a β or d sweep). */
export function renderFigure(
  taskId: string,
  target: string,
  data: Artifact,
  dir: string,
  relDir: string,
  cell: Record<string, string> = {},
): FigureRecord {
  const json = data.json as FigureJson;
  mkdirSync(dir, { recursive: true });
  const cellSlug = Object.entries(cell)
    .map(([axis, label]) => `${axis}-${label}`)
    .join('-');
  const base = `${json.kind}-${slug(target)}${cellSlug ? `-${slug(cellSlug)}` : ''}`;
  const label = cellText(cell);
  const record: FigureRecord = { taskId, kind: json.kind, target, cell, title: json.title, files: [], table: null, caption: '' };
  const write = (name: string, bytes: string | Buffer) => {
    writeFileSync(join(dir, name), bytes);
    record.files.push(`${relDir}/${name}`);
  };
  const a = data.arrays;
  if (json.kind === 'latent') {
    const how =
      json.projection === 'pca'
        ? `projected from d = ${json.latent} on two principal components (${(100 * (json.explained ?? 0)).toFixed(0)}% of the variance)`
        : 'd = 2';
    write(
      `${base}.svg`,
      scatterChart({
        title: label ? `${json.title}, ${label}` : json.title,
        xLabel: json.projection === 'pca' ? 'PC 1' : 'z₁',
        yLabel: json.projection === 'pca' ? 'PC 2' : 'z₂',
        points: a.points as Float32Array,
        classes: a.y as Int32Array,
        generated: a.generated as Int32Array,
        classNames: json.classNames,
      }),
    );
    const generated = (a.generated as Int32Array).reduce((s, v) => s + v, 0);
    const own = json.perClassModels ? ' Each class is encoded by its own VAE, so classes share axes but not a latent space.' : '';
    record.caption = `Latent means of ${(a.y as Int32Array).length - generated} real (dots) and ${generated} generated (crosses) examples, coloured by class; ${how}.${own}`;
    return record;
  }
  const y = a.y as Int32Array;
  if (json.imageShape) {
    if (json.kind === 'samples') {
      const classes = json.classNames.length;
      const perClass = new Array<number>(classes).fill(0);
      for (const label of y) perClass[label]++;
      const perRow = Math.max(1, Math.min(8, Math.max(...perClass)));
      const size = json.imageShape.reduce((p, v) => p * v, 1);
      const pixels = new Float32Array(classes * perRow * size).fill(1);
      const used = new Array<number>(classes).fill(0);
      for (let i = 0; i < y.length; i++) {
        if (used[y[i]] >= perRow) continue;
        pixels.set((a.x as Float32Array).subarray(i * size, (i + 1) * size), (y[i] * perRow + used[y[i]]++) * size);
      }
      write(`${base}.png`, imageGridPng({ pixels, imageShape: json.imageShape, columns: perRow, count: classes * perRow }));
      record.caption = `Generated examples, one row per class (${json.classNames.join(', ')}).`;
    } else if (json.kind === 'interpolation') {
      write(
        `${base}.png`,
        imageGridPng({ pixels: a.x as Float32Array, imageShape: json.imageShape, columns: json.steps ?? 8, count: y.length }),
      );
      record.caption = `Decoded points on the straight line between the latent means of two examples of the same class; one strip per class.`;
    } else {
      const n = y.length;
      const pixels = new Float32Array((a.original as Float32Array).length * 2);
      pixels.set(a.original as Float32Array);
      pixels.set(a.reconstructed as Float32Array, (a.original as Float32Array).length);
      write(`${base}.png`, imageGridPng({ pixels, imageShape: json.imageShape, columns: n, count: 2 * n }));
      record.caption = `Top: originals; bottom: their reconstructions (decoder mean of the latent mean).`;
    }
    return record;
  }
  const names = json.columnNames ?? [];
  if (json.kind === 'reconstructions') {
    record.table = rowsTable(
      [...names.map((n) => `${n}`)],
      a.original as Float32Array,
      y,
      json.classNames,
      'original',
      a.reconstructed as Float32Array,
    );
    record.caption = 'Encoded originals and their reconstructions, first rows.';
  } else {
    record.table = rowsTable(names, a.raw as Float32Array, y, json.classNames, null, null);
    record.caption =
      json.kind === 'samples'
        ? 'Generated rows, decoded to raw values (first rows per class).'
        : 'One interpolation strip, decoded to raw values.';
  }
  return record;
}

/** A markdown table of the first rows (at most 12) and columns (at most 8). */
function rowsTable(
  columns: string[],
  x: Float32Array,
  y: Int32Array,
  classNames: string[],
  label: string | null,
  second: Float32Array | null,
): string {
  const rows = Math.min(12, y.length);
  const features = y.length ? x.length / y.length : 0;
  const shown = Math.min(features, MAX_TABLE_COLUMNS);
  // column and class names come from the data: escaped, like every user string of a report
  const head = Array.from({ length: shown }, (_, j) => escapeMarkdown(columns[j] ?? `x${j}`));
  const className = (c: number) => (classNames[c] === undefined ? String(c) : escapeMarkdown(classNames[c]));
  const more = features > shown ? ['…'] : [];
  const cells = (src: Float32Array, r: number) => [...Array.from({ length: shown }, (_, j) => formatValue(src[r * features + j])), ...more];
  const lines: string[][] = [];
  for (let r = 0; r < rows; r++) {
    lines.push([className(y[r]), ...(label ? [label] : []), ...cells(x, r)]);
    if (second) lines.push([className(y[r]), 'reconstructed', ...cells(second, r)]);
  }
  return markdownTable(['class', ...(label ? ['row'] : []), ...head, ...more], lines);
}

const formatValue = (v: number): string => (Number.isFinite(v) ? (Number.isInteger(v) ? String(v) : v.toFixed(3)) : '?');
