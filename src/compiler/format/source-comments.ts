/**
 * Comments of a spec. The lexer skips comments (the parser never sees them), so the formatter
 * finds them in the gaps between tokens: a gap holds only whitespace and comments, and lexing the
 * gap alone with the same comment patterns as grammar/tokens.ts gives each comment exactly.
 */
import type { IToken } from 'chevrotain';

/** One comment as written, with where it sits relative to the tokens around it. */
export interface SourceComment {
  text: string;
  start: number;
  end: number;
  /** index of the token after the comment (tokens.length when it ends the file) */
  beforeToken: number;
  /** true when only whitespace separates it from the start of its line (or the file) */
  ownLine: boolean;
  /** true when a blank line separates it from what precedes it */
  blankBefore: boolean;
}

// the same patterns as LineComment and BlockComment in grammar/tokens.ts
const COMMENT = /\/\/[^\n\r]*|\/\*[\s\S]*?\*\//g;

/** Number of line breaks in a stretch of whitespace. */
export function lineBreaks(whitespace: string): number {
  return whitespace.match(/\r\n|\r|\n/g)?.length ?? 0;
}

/** Every comment of `text`, in order, placed relative to `tokens` (the lexer's non-skipped tokens). */
export function collectComments(text: string, tokens: readonly IToken[]): SourceComment[] {
  const comments: SourceComment[] = [];
  for (let i = 0; i <= tokens.length; i++) {
    const gapStart = i === 0 ? 0 : (tokens[i - 1].endOffset ?? tokens[i - 1].startOffset) + 1;
    const gapEnd = i === tokens.length ? text.length : tokens[i].startOffset;
    if (gapEnd <= gapStart) continue;
    const gap = text.slice(gapStart, gapEnd);
    let previousEnd = 0;
    for (const match of gap.matchAll(COMMENT)) {
      const before = gap.slice(previousEnd, match.index);
      const atStart = i === 0 && previousEnd === 0;
      comments.push({
        text: match[0].replace(/[ \t]+$/, ''),
        start: gapStart + match.index,
        end: gapStart + match.index + match[0].length,
        beforeToken: i,
        ownLine: atStart || lineBreaks(before) > 0,
        blankBefore: !atStart && lineBreaks(before) > 1,
      });
      previousEnd = match.index + match[0].length;
    }
  }
  return comments;
}
