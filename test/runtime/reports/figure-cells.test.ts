import { describe, expect, it } from 'vitest';
import { cellText, groupFigures } from '../../../src/runtime/reports/figure-cells.ts';
import type { FigureRecord } from '../../../src/runtime/results/types.ts';

const figure = (taskId: string, cell: Record<string, string>, extra: Partial<FigureRecord> = {}): FigureRecord => ({
  taskId,
  kind: 'latent',
  target: 'planar',
  cell,
  title: "Latent of VAE 'planar'",
  files: [`f/${taskId}.svg`],
  table: null,
  caption: `caption of ${taskId}`,
  ...extra,
});

describe('figures per cell', () => {
  it('names a cell by its varying axes', () => {
    expect(cellText({ beta: '0.1', latent: '5' })).toBe('beta = 0.1, latent = 5');
    expect(cellText({})).toBe('');
    expect(cellText(undefined)).toBe('');
  });

  it('puts the figures of one line side by side, at most four per row, each caption kept when they differ', () => {
    const cells = ['0.1', '0.5', '1', '2', '4'].map((b, i) => figure(`fig:${i}`, { beta: b }));
    const [group, ...rest] = groupFigures([...cells, figure('fig:samples', {}, { kind: 'samples', target: 'arm' })]);
    expect(rest.map((g) => [g.kind, g.members.length, g.multiples])).toEqual([['samples', 1, null]]);
    expect(group.members.map((m) => m.label)).toEqual(['beta = 0.1', 'beta = 0.5', 'beta = 1', 'beta = 2', 'beta = 4']);
    expect(group.caption).toBeNull();
    const tables = group.multiples!.split('\n\n');
    expect(tables).toHaveLength(2);
    expect(tables[0].split('\n')[0]).toBe('| beta = 0.1 | beta = 0.5 | beta = 1 | beta = 2 |');
    expect(tables[1]).toBe("| beta = 4 |\n|---|\n| ![Latent of VAE 'planar', beta = 4](f/fig:4.svg) |");
  });

  it('keeps two unlabelled lines of the same target apart, and tabular figures out of image rows', () => {
    expect(groupFigures([figure('a', {}), figure('b', {})]).map((g) => g.members.length)).toEqual([1, 1]);
    const tabular = groupFigures([
      figure('a', { d: '2' }, { files: [], table: '| x |' }),
      figure('b', { d: '5' }, { files: [], table: '| y |' }),
    ]);
    expect(tabular.map((g) => [g.members.length, g.multiples])).toEqual([[2, null]]);
  });
});
