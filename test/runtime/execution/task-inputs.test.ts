import { describe, expect, it } from 'vitest';
import { openOriginals, partRows } from '../../../src/runtime/execution/handlers/task-inputs.ts';
import type { PreparedData } from '../../../src/runtime/data/types.ts';
import type { HandlerContext } from '../../../src/runtime/execution/types.ts';

const prepared = { parts: { train: Int32Array.from([0, 2]), test: Int32Array.from([1]) } } as unknown as PreparedData;

describe('task inputs', () => {
  it('returns a split part, and names the task and part when the split lacks it', () => {
    expect([...partRows(prepared, 'train', 't1')]).toEqual([0, 2]);
    expect(() => partRows(prepared, 'validation', 'evaluate#3')).toThrow(
      "task 'evaluate#3' needs the part 'validation', which the dataset's split does not define",
    );
  });

  it('opens the prepared dataset and the originals the task names', async () => {
    const asked: unknown[] = [];
    const ctx = {
      prepared: async (name: string) => (name === 'glass' ? prepared : Promise.reject(new Error(name))),
      originalRows: async (dataset: string, originals: unknown) => {
        asked.push([dataset, originals]);
        return Int32Array.from([2]);
      },
      data: { toLabeledData: (_p: PreparedData, rows: Int32Array) => ({ rows: rows.length, first: rows[0] }) },
    } as unknown as HandlerContext;
    const opened = await openOriginals(ctx, 'glass', { shots: 'shots#0' });
    expect(opened.prepared).toBe(prepared);
    expect(opened.originals).toEqual({ rows: 1, first: 2 });
    expect(asked).toEqual([['glass', { shots: 'shots#0' }]]);
  });
});
