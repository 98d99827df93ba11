/** Lowering `sweep` axes and the grid of cells they span. */
import type * as A from '../ast/types.ts';
import type { Axis, AxisValue, Cell } from '../../plan/types.ts';

/** A value's label in a printed table ("β_norm 1", "0.5") and its compact form in ids ("norm1"). */
function labels(item: A.ListItem): { label: string; key: string } {
  switch (item.kind) {
    case 'norm':
      return { label: `β_norm ${item.value.value}`, key: `norm${item.value.value}` };
    case 'number':
      return { label: String(item.value), key: String(item.value) };
    case 'string':
      return { label: item.value, key: item.value };
    case 'name':
      return { label: item.text, key: item.text };
  }
}

export interface LoweredAxis {
  axis: Axis;
  /** compact value forms used in cell keys and task ids */
  keys: string[];
}

/** A sweep statement → the plan's axis (β values as policies, shots `from` made explicit). */
export function lowerAxis(sweep: A.SweepStatement, allVaes: string[], defaultShotsFrom: string): LoweredAxis {
  const items = sweep.values?.items ?? [];
  const values: AxisValue[] = items.map((i): AxisValue => {
    if (i.kind === 'norm') return { kind: 'norm', value: i.value.value, resolved: 0 };
    if (sweep.axis.text === 'beta' && i.kind === 'number') return { kind: 'value', value: i.value };
    return i.kind === 'number' ? i.value : i.kind === 'string' ? i.value : i.text;
  });
  const vaes = sweep.of.length ? sweep.of.map((w) => w.text) : allVaes;
  const target: Axis['target'] =
    sweep.axis.text === 'shots'
      ? { kind: 'shots', from: sweep.from?.text ?? defaultShotsFrom, ...(sweep.cap ? { cap: true } : {}) }
      : sweep.axis.text === 'beta'
        ? { kind: 'beta', vaes }
        : sweep.axis.text === 'latent'
          ? { kind: 'latent', vaes }
          : sweep.axis.text === 'generated'
            ? { kind: 'generated' }
            : { kind: 'dataset' };
  const l = items.map(labels);
  return { axis: { name: sweep.axis.text, target, values, labels: l.map((x) => x.label) }, keys: l.map((x) => x.key) };
}

export interface GridCell {
  cell: Cell;
  /** `shots=5,beta=norm1`, or `-` with no axes */
  key: string;
  /** value index per axis, in axis order */
  index: number[];
}

/** The cartesian product of the axes, first axis varying slowest. */
export function gridCells(axes: LoweredAxis[]): GridCell[] {
  let cells: GridCell[] = [{ cell: {}, key: '', index: [] }];
  for (const { axis, keys } of axes) {
    const next: GridCell[] = [];
    for (const c of cells) {
      axis.values.forEach((value, i) => {
        next.push({
          cell: { ...c.cell, [axis.name]: value },
          key: c.key ? `${c.key},${axis.name}=${keys[i]}` : `${axis.name}=${keys[i]}`,
          index: [...c.index, i],
        });
      });
    }
    cells = next;
  }
  return cells.map((c) => ({ ...c, key: c.key || '-' }));
}

/** The key of a cell restricted to some axes (`-` when none apply). */
export function partialKey(axes: LoweredAxis[], cell: GridCell, include: (axis: Axis) => boolean): string {
  const parts = axes.flatMap((a, i) => (include(a.axis) ? [`${a.axis.name}=${a.keys[cell.index[i]]}`] : []));
  return parts.length ? parts.join(',') : '-';
}
