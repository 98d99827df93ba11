/**
 * A small SVG plotting module for the report: line charts with error bars (metric or gain against a
 * sweep axis, one line per arm) and scatter plots (the latent space). Hand-written because the
 * needs are narrow (two chart kinds, static output); the "nice" ticks are d3-scale's (steps of
 * 1, 2 or 5 × 10^k).
 */

import { scaleLinear } from 'd3-scale';

/** Tableau 10: distinguishable colours, in a fixed order so an arm keeps its colour across plots. */
export const PALETTE = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac'];

const W = 640;
const H = 400;
const M = { top: 40, right: 170, bottom: 50, left: 64 };

/** Text and attribute values escaped for SVG (XML). */
export const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
/** A coordinate rounded to hundredths. */
export const num = (x: number): string => (Math.round(x * 100) / 100).toString();

/**
 * Tick values covering [lo, hi]: about `count` steps of 1, 2 or 5 × 10^k, from d3-scale. d3 computes
 * each tick as a whole multiple of the step (not by adding the step up), so a tick at zero is 0 and
 * not 3.5e-18 — the hand-written loop it replaced printed such labels for ranges that cross zero.
 */
export function niceTicks(lo: number, hi: number, count = 5): number[] {
  if (!(hi > lo)) return [lo];
  return scaleLinear().domain([lo, hi]).ticks(count);
}

type XScale = { at: (i: number) => number; ticks: { pos: number; label: string }[] };

/** Positions of the x labels: log scale for positive numbers spanning ≥ 20×, linear for numbers, else evenly spaced. */
function xScale(labels: string[], left: number, width: number): XScale {
  const values = labels.map(Number);
  const numeric = labels.length > 1 && values.every((v, i) => labels[i].trim() !== '' && Number.isFinite(v));
  const even = (i: number) => left + (labels.length === 1 ? width / 2 : (i * width) / (labels.length - 1));
  if (!numeric) return { at: even, ticks: labels.map((label, i) => ({ pos: even(i), label })) };
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  const log = lo > 0 && hi / lo >= 20;
  const f = (v: number) => (log ? Math.log(v) : v);
  const at = (i: number) => (hi === lo ? left + width / 2 : left + ((f(values[i]) - f(lo)) / (f(hi) - f(lo))) * width);
  return { at, ticks: labels.map((label, i) => ({ pos: at(i), label })) };
}

export interface ChartPoint {
  /** index into the chart's x labels */
  x: number;
  y: number;
  low?: number;
  high?: number;
}

export interface LineChartSpec {
  title: string;
  xLabel: string;
  yLabel: string;
  xLabels: string[];
  series: { name: string; points: ChartPoint[] }[];
  /** draw a dashed line at y = 0 (gain plots) */
  zeroLine?: boolean;
}

/** A line chart with error bars, one coloured line per series, legend at the right. */
export function lineChart(spec: LineChartSpec): string {
  const plotW = W - M.left - M.right;
  const plotH = H - M.top - M.bottom;
  const ys = spec.series.flatMap((s) => s.points.flatMap((p) => [p.y, p.low ?? p.y, p.high ?? p.y])).filter(Number.isFinite);
  if (spec.zeroLine) ys.push(0);
  let lo = ys.length ? Math.min(...ys) : 0;
  let hi = ys.length ? Math.max(...ys) : 1;
  if (hi - lo < 1e-9) {
    lo -= 0.05;
    hi += 0.05;
  }
  const pad = (hi - lo) * 0.05;
  const ticks = niceTicks(lo - pad, hi + pad);
  const yLo = Math.min(ticks[0], lo - pad);
  const yHi = Math.max(ticks[ticks.length - 1], hi + pad);
  const y = (v: number) => M.top + plotH - ((v - yLo) / (yHi - yLo)) * plotH;
  const x = xScale(spec.xLabels, M.left + 24, plotW - 48); // inset: points never sit on the axes
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`,
    `<rect width="${W}" height="${H}" fill="white"/>`,
    `<text x="${W / 2 - M.right / 2 + M.left / 2}" y="22" text-anchor="middle" font-size="14">${esc(spec.title)}</text>`,
  ];
  for (const t of ticks) {
    out.push(`<line x1="${M.left}" x2="${M.left + plotW}" y1="${num(y(t))}" y2="${num(y(t))}" stroke="#e5e5e5"/>`);
    out.push(`<text x="${M.left - 6}" y="${num(y(t) + 4)}" text-anchor="end">${esc(String(t))}</text>`);
  }
  for (const t of x.ticks) out.push(`<text x="${num(t.pos)}" y="${M.top + plotH + 18}" text-anchor="middle">${esc(t.label)}</text>`);
  out.push(`<line x1="${M.left}" x2="${M.left + plotW}" y1="${M.top + plotH}" y2="${M.top + plotH}" stroke="#333"/>`);
  out.push(`<line x1="${M.left}" x2="${M.left}" y1="${M.top}" y2="${M.top + plotH}" stroke="#333"/>`);
  if (spec.zeroLine)
    out.push(`<line x1="${M.left}" x2="${M.left + plotW}" y1="${num(y(0))}" y2="${num(y(0))}" stroke="#333" stroke-dasharray="4 3"/>`);
  out.push(`<text x="${M.left + plotW / 2}" y="${H - 10}" text-anchor="middle">${esc(spec.xLabel)}</text>`);
  out.push(`<text transform="translate(16 ${M.top + plotH / 2}) rotate(-90)" text-anchor="middle">${esc(spec.yLabel)}</text>`);
  spec.series.forEach((s, i) => {
    const colour = PALETTE[i % PALETTE.length];
    const pts = s.points.filter((p) => Number.isFinite(p.y));
    // a small horizontal offset per series keeps overlapping error bars apart
    const dx = (i - (spec.series.length - 1) / 2) * 3;
    const path = pts.map((p, k) => `${k ? 'L' : 'M'}${num(x.at(p.x) + dx)},${num(y(p.y))}`).join(' ');
    out.push(`<g class="series" data-name="${esc(s.name)}" stroke="${colour}" fill="${colour}">`);
    if (pts.length > 1) out.push(`<path d="${path}" fill="none" stroke-width="2"/>`);
    for (const p of pts) {
      const cx = num(x.at(p.x) + dx);
      if (p.low !== undefined && p.high !== undefined && Number.isFinite(p.low) && Number.isFinite(p.high)) {
        out.push(`<line x1="${cx}" x2="${cx}" y1="${num(y(p.low))}" y2="${num(y(p.high))}" stroke-width="1.5"/>`);
        for (const v of [p.low, p.high])
          out.push(`<line x1="${num(x.at(p.x) + dx - 4)}" x2="${num(x.at(p.x) + dx + 4)}" y1="${num(y(v))}" y2="${num(y(v))}"/>`);
      }
      out.push(`<circle cx="${cx}" cy="${num(y(p.y))}" r="3.5"/>`);
    }
    out.push('</g>');
    const ly = M.top + 10 + i * 20;
    out.push(`<line x1="${W - M.right + 16}" x2="${W - M.right + 40}" y1="${ly}" y2="${ly}" stroke="${colour}" stroke-width="2"/>`);
    out.push(`<text x="${W - M.right + 46}" y="${ly + 4}">${esc(s.name)}</text>`);
  });
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}

export interface ScatterSpec {
  title: string;
  xLabel: string;
  yLabel: string;
  /** n × 2, row-major */
  points: Float32Array;
  classes: Int32Array;
  /** 1 = generated (drawn as ×), 0 = real (drawn as a dot) */
  generated: Int32Array;
  classNames: string[];
}

/** A scatter plot coloured by class; real points as dots, generated ones as crosses. */
export function scatterChart(spec: ScatterSpec): string {
  const n = spec.classes.length;
  const plotW = W - M.left - M.right;
  const plotH = H - M.top - M.bottom;
  const xs = Array.from({ length: n }, (_, i) => spec.points[2 * i]);
  const ys = Array.from({ length: n }, (_, i) => spec.points[2 * i + 1]);
  const range = (v: number[]) => {
    const lo = v.length ? Math.min(...v) : 0;
    const hi = v.length ? Math.max(...v) : 1;
    const pad = (hi - lo || 1) * 0.05;
    return [lo - pad, hi + pad] as const;
  };
  const [x0, x1] = range(xs);
  const [y0, y1] = range(ys);
  const sx = (v: number) => M.left + ((v - x0) / (x1 - x0)) * plotW;
  const sy = (v: number) => M.top + plotH - ((v - y0) / (y1 - y0)) * plotH;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`,
    `<rect width="${W}" height="${H}" fill="white"/>`,
    `<text x="${M.left + plotW / 2}" y="22" text-anchor="middle" font-size="14">${esc(spec.title)}</text>`,
    `<rect x="${M.left}" y="${M.top}" width="${plotW}" height="${plotH}" fill="none" stroke="#333"/>`,
  ];
  for (const t of niceTicks(x0, x1)) out.push(`<text x="${num(sx(t))}" y="${M.top + plotH + 16}" text-anchor="middle">${t}</text>`);
  for (const t of niceTicks(y0, y1)) out.push(`<text x="${M.left - 6}" y="${num(sy(t) + 4)}" text-anchor="end">${t}</text>`);
  out.push(`<text x="${M.left + plotW / 2}" y="${H - 10}" text-anchor="middle">${esc(spec.xLabel)}</text>`);
  out.push(`<text transform="translate(16 ${M.top + plotH / 2}) rotate(-90)" text-anchor="middle">${esc(spec.yLabel)}</text>`);
  for (let i = 0; i < n; i++) {
    const colour = PALETTE[spec.classes[i] % PALETTE.length];
    const cx = sx(xs[i]);
    const cy = sy(ys[i]);
    if (spec.generated[i])
      out.push(
        `<path class="generated" d="M${num(cx - 3)},${num(cy - 3)}L${num(cx + 3)},${num(cy + 3)}M${num(cx - 3)},${num(cy + 3)}L${num(cx + 3)},${num(cy - 3)}" stroke="${colour}" stroke-width="1.2"/>`,
      );
    else out.push(`<circle class="real" cx="${num(cx)}" cy="${num(cy)}" r="2.5" fill="${colour}" fill-opacity="0.7"/>`);
  }
  spec.classNames.forEach((name, c) => {
    const ly = M.top + 10 + c * 18;
    if (c > 20) return;
    out.push(
      `<circle cx="${W - M.right + 24}" cy="${ly}" r="4" fill="${PALETTE[c % PALETTE.length]}"/><text x="${W - M.right + 34}" y="${ly + 4}">${esc(name)}</text>`,
    );
  });
  const ly = M.top + 10 + Math.min(spec.classNames.length, 21) * 18 + 8;
  out.push(`<circle cx="${W - M.right + 24}" cy="${ly}" r="2.5" fill="#555"/><text x="${W - M.right + 34}" y="${ly + 4}">real</text>`);
  out.push(
    `<path d="M${W - M.right + 21},${ly + 15}L${W - M.right + 27},${ly + 21}M${W - M.right + 21},${ly + 21}L${W - M.right + 27},${ly + 15}" stroke="#555"/><text x="${W - M.right + 34}" y="${ly + 22}">generated</text>`,
  );
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}
