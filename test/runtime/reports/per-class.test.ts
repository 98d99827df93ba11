/** Per-class F1 and confusion matrices: means and sums over repeats, and thinning for many classes. */
import { describe, expect, it } from 'vitest';
import { MAX_CLASSES, perClassCells, perClassMarkdown, shownClasses } from '../../../src/runtime/reports/per-class.ts';
import { cdDiagramSvg, nonSignificantGroups } from '../../../src/runtime/reports/cd-diagram.ts';
import { fewRepeatsWarning } from '../../../src/runtime/reports/statistics-sections.ts';
import type { ResultsFile, RunRecord } from '../../../src/runtime/results/types.ts';

function results(runs: Partial<RunRecord>[]): ResultsFile {
  return {
    axes: [{ name: 'shots', kind: 'shots', labels: ['5'] }],
    arms: [
      { name: 'baseline', kind: 'baseline', description: '' },
      { name: 'vae', kind: 'augment', description: '' },
    ],
    baseline: 'baseline',
    runs: runs as RunRecord[],
  } as unknown as ResultsFile;
}

describe('per-class tables', () => {
  it('averages F1 and sums confusion matrices over repeats', () => {
    const run = (arm: string, repeat: number, f1: number[], confusion: number[][]): Partial<RunRecord> => ({
      arm,
      repeat,
      cell: { shots: '5' },
      perClassF1: f1,
      confusion,
    });
    const [cell] = perClassCells(
      results([
        run(
          'baseline',
          0,
          [0.8, 0.6, 0.4],
          [
            [8, 2, 0],
            [1, 3, 1],
            [0, 1, 4],
          ],
        ),
        run(
          'baseline',
          1,
          [0.6, 0.6, 0.2],
          [
            [6, 2, 2],
            [1, 3, 1],
            [0, 3, 2],
          ],
        ),
        run(
          'vae',
          0,
          [0.9, 0.7, 0.5],
          [
            [9, 1, 0],
            [1, 4, 0],
            [0, 2, 3],
          ],
        ),
      ]),
    );
    expect(cell.cell).toBe('shots = 5');
    expect(cell.classes).toEqual([0, 1, 2]);
    expect(cell.support).toEqual([10, 5, 5]);
    expect(cell.f1[0].map((x) => Number(x.toFixed(10)))).toEqual([0.7, 0.6, 0.3]);
    expect(cell.confusion[0]).toEqual([
      [14, 4, 2],
      [2, 6, 2],
      [0, 4, 6],
    ]);
    const md = perClassMarkdown(cell);
    expect(md).toContain('| 0 | 10 | 0.700 | 0.900 |');
    expect(md).toContain('| 2 | 0 | 4 | 6 |');
    expect(md).not.toContain('Showing');
  });

  it('with many classes keeps the 6 best supported and the 4 worst by any arm, with an "other" column', () => {
    // 12 classes: support 100 − c (classes 0 … 5 most supported); F1 lowest for classes 11, 7, 9, 8 (in one arm or the other)
    const support = Array.from({ length: 12 }, (_, c) => 100 - c);
    const baseF1 = [0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.8, 0.3, 0.4, 0.9, 0.8, 0.1];
    const vaeF1 = [0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.8, 0.9, 0.9, 0.2, 0.8, 0.9];
    expect(shownClasses(support, [baseF1, vaeF1])).toEqual([0, 1, 2, 3, 4, 5, 7, 8, 9, 11]);
    expect(shownClasses(support, [baseF1, vaeF1])).toHaveLength(MAX_CLASSES);
    const confusion = support.map((s, t) => support.map((_, p) => (p === t ? s - 11 : 1)));
    const [cell] = perClassCells(
      results([
        { arm: 'baseline', repeat: 0, cell: { shots: '5' }, perClassF1: baseF1, confusion },
        { arm: 'vae', repeat: 0, cell: { shots: '5' }, perClassF1: vaeF1, confusion },
      ]),
    );
    // class 0: 89 right, one to each of the 9 other shown classes, one each to classes 6 and 10 → "other" = 2
    expect(cell.confusion[0][0]).toEqual([89, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2]);
    const md = perClassMarkdown(cell);
    expect(md).toContain('Showing 10 of 12 classes: the 6 with the most test examples and the 4 with the lowest F1 of any arm');
    expect(md).toContain('| true \\ predicted | 0 | 1 | 2 | 3 | 4 | 5 | 7 | 8 | 9 | 11 | other |');

    // with the dataset's class names (results 2.1.0), the same thinned classes by name
    const named = results([
      { arm: 'baseline', repeat: 0, dataset: 'beans', cell: { shots: '5' }, perClassF1: baseF1, confusion },
      { arm: 'vae', repeat: 0, dataset: 'beans', cell: { shots: '5' }, perClassF1: vaeF1, confusion },
    ]);
    const names = Array.from({ length: 12 }, (_, c) => `bean ${String.fromCharCode(97 + c)}`);
    named.classNames = { beans: names, other: ['x'] };
    const [withNames] = perClassCells(named);
    expect(withNames.names).toEqual([0, 1, 2, 3, 4, 5, 7, 8, 9, 11].map((c) => names[c]));
    const namedMd = perClassMarkdown(withNames);
    expect(namedMd).toContain('| bean l | 89 | 0.100 | 0.900 |');
    expect(namedMd).toContain(
      '| true \\ predicted | bean a | bean b | bean c | bean d | bean e | bean f | bean h | bean i | bean j | bean l | other |',
    );
    expect(namedMd).toContain('| bean h | 1 | 1 | 1 | 1 | 1 | 1 | 82 | 1 | 1 | 1 | 2 |');
  });
});

describe('critical-difference diagram', () => {
  it('joins maximal groups whose mean ranks differ by less than the CD', () => {
    expect(nonSignificantGroups([1.25, 2.25, 2.5], 1.35)).toEqual([[0, 2]]);
    expect(nonSignificantGroups([1.25, 2.25, 2.5], 1.1)).toEqual([
      [0, 1],
      [1, 2],
    ]);
    expect(nonSignificantGroups([1, 1.5, 2, 4], 1.1)).toEqual([[0, 2]]);
    expect(nonSignificantGroups([1, 3, 5], 1)).toEqual([]);
  });

  it('draws every competitor with its mean rank and the CD bar', () => {
    const svg = cdDiagramSvg(
      [
        { name: 'baseline', meanRank: 2.5 },
        { name: 'vae <d=2>', meanRank: 1.25 },
        { name: 'gc', meanRank: 2.25 },
      ],
      1.1,
      'Mean rank',
    );
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg).toContain('CD = 1.10');
    expect(svg).toContain('vae &lt;d=2&gt; (1.25)');
    expect(svg.match(/stroke-width="3"/g)).toHaveLength(2);
  });
});

describe('few repeats', () => {
  it('warns below 5 repeats with the interval factor t/√n', () => {
    expect(fewRepeatsWarning(2)).toContain('mean ± 8.98 × the standard deviation');
    expect(fewRepeatsWarning(3)).toContain('mean ± 2.48 ×');
    expect(fewRepeatsWarning(1)).toContain('One repeat per cell');
    expect(fewRepeatsWarning(5)).toBe('');
  });
});
