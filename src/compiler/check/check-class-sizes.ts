/**
 * Classes too small for the split (issue 17 §4), once metadata is read: a class that a stratified
 * split leaves without a row in some part, or that has no row in the training part of the source's
 * own partition, is an error naming the class (AUG3021); a class of a single row is a warning
 * (AUG3022), since it cannot be both learned and tested. Shots per class against the part they are
 * drawn from are AUG3002 (check-data-aware.ts).
 */
import type * as A from '../ast/types.ts';
import { apportion } from '../bind/datasets.ts';
import type { CheckContext } from './context.ts';

/** Where a class problem of a dataset is shown: the ratio of the part at fault, else the data name. */
function anchor(ctx: CheckContext, dataset: string, part: string | null): A.Node {
  const split = ctx.symbols.splits.get(dataset);
  const ratio = split?.ratios.find((r) => r.part.text === part);
  return ratio?.part ?? ctx.symbols.datasets.get(dataset)!.name;
}

/** Every class of every dataset in use has a row in every part it needs; single rows are warned. */
export function checkClassSizes(ctx: CheckContext): void {
  for (const name of ctx.bound.datasetsInUse) {
    const meta = ctx.metadata.get(name);
    if (!meta) continue;
    const split = ctx.symbols.splits.get(name);
    const stratified = split?.mode?.text === 'stratified' ? split.ratios.filter((r) => r.value.value > 0) : null;
    meta.classes.forEach((c, k) => {
      if (c.count === 0) return; // a declared class without rows is AUG3011
      const rows = `${c.count} row${c.count === 1 ? '' : 's'}`;
      if (stratified && stratified.length > 0) {
        const total = stratified.reduce((a, r) => a + r.value.value, 0);
        const shares = apportion(
          c.count,
          stratified.map((r) => r.value.value / total),
        );
        const empty = shares.indexOf(0);
        if (empty >= 0) {
          const part = stratified[empty].part.text;
          ctx.accept(
            'classTooSmall',
            anchor(ctx, name, part),
            [c.label, name, rows, `the stratified split gives part '${part}' none of them`],
            { hint: 'Give the class more rows, merge it with a near class, or use fewer parts.' },
          );
          return;
        }
      } else if (!split || split.mode?.text === 'partition') {
        const train = meta.partClassCounts.train;
        if (train && train[k] === 0) {
          ctx.accept(
            'classTooSmall',
            anchor(ctx, name, null),
            [c.label, name, rows, "the source's own partition has none of them in part 'train'"],
            { hint: 'A class the training part lacks cannot be learned; move some of its rows to the training part.' },
          );
          return;
        }
      }
      if (c.count === 1)
        ctx.accept('singleRowClass', anchor(ctx, name, null), [c.label, name], { hint: 'Give the class more rows, or drop its row.' });
    });
  }
}
