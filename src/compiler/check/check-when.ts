/** Checks of `when dataset X set PATH VALUE` statements (their settings: see ../variants.ts; the dataset is bound). */
import type * as A from '../ast/types.ts';
import type { CheckContext } from './context.ts';

/** `when` names the dataset axis. */
export function checkWhenTarget(when: A.WhenStatement, ctx: CheckContext): void {
  if (when.axis.text !== 'dataset')
    ctx.accept('unknownOption', when.axis, ["'when' axis", when.axis.text], { hint: "Only 'when dataset NAME set …' is supported." });
}
