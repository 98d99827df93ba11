/** Checks of `when dataset X set PATH VALUE` statements (their settings: see ../variants.ts). */
import type * as A from '../ast/types.ts';
import { didYouMean } from '../../text/spelling.ts';
import type { CheckContext } from './context.ts';
import { resolveName } from './symbols.ts';

/** `when` names the dataset axis and a declared dataset. */
export function checkWhenTarget(when: A.WhenStatement, ctx: CheckContext): void {
  if (when.axis.text !== 'dataset') {
    ctx.accept('unknownOption', when.axis, ["'when' axis", when.axis.text], { hint: "Only 'when dataset NAME set …' is supported." });
    return;
  }
  resolveName(ctx, 'data', when.value, ctx.symbols.datasets, didYouMean);
}
