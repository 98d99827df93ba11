import { describe, expect, it } from 'vitest';
import { markdownRow, markdownTable } from '../../../src/runtime/reports/markdown-table.ts';

describe('markdownTable', () => {
  it('writes the layout of every report table: cells between pipes, one --- per column', () => {
    expect(markdownTable(['shots', 'baseline', 'noise'], [['5', '0.663 ± 0.020', '**0.689**']])).toBe(
      '| shots | baseline | noise |\n|---|---|---|\n| 5 | 0.663 ± 0.020 | **0.689** |',
    );
  });

  it('keeps an empty corner cell and a table without rows', () => {
    expect(markdownTable(['', 'a'], [])).toBe('|  | a |\n|---|---|');
    expect(markdownRow(['x'])).toBe('| x |');
  });
});
