/**
 * Parsing a spec: lex, split the experiment body into statements, parse each statement with the
 * Chevrotain grammar (recovery on), and turn every lexer and parser error into a diagnostic.
 *
 * Why statements are parsed one by one: Chevrotain's recovery re-syncs within a rule, but an
 * unclosed `(` or `{` can make it swallow the rest of the file as one broken statement. The body
 * of an experiment is a list of statements that each begin with a keyword (`data`, `vae`, `arm`, …),
 * so we cut the token stream at those keywords first (panic-mode recovery at statement level), and
 * a mistake in one statement never hides the statements after it.
 */
import type { CstNode, IRecognitionException, IToken, TokenType } from 'chevrotain';
import * as T from '../../../grammar/tokens.ts';
import { augLexer } from '../../../grammar/tokens.ts';
import { makeDiagnostic } from '../diagnostics/catalog.ts';
import type { Diagnostic, SourceRange } from '../diagnostics/diagnostic.ts';
import { augParser } from './parser-instance.ts';
import { syntaxDiagnostic } from './syntax-errors.ts';

export interface ParsedSpec {
  /** `experiment NAME "title" {` (null when missing) */
  header: CstNode | null;
  statements: CstNode[];
  diagnostics: Diagnostic[];
}

/** Statement keywords that open a statement anywhere at depth 0. */
const STATEMENT_KEYWORDS = new Set<TokenType>([
  T.When,
  T.Seed,
  T.Repeats,
  T.Data,
  T.Split,
  T.Vae,
  T.Sweep,
  T.Arm,
  T.Metric,
  T.Report,
  T.Classify,
  T.Test,
  T.Classifier,
  T.Gc,
  T.Train,
]);
/** After these tokens the grammar expects a name, so a keyword there is a name, not a statement. */
const NAME_EXPECTED_AFTER = new Set<TokenType>([
  T.When,
  T.Set,
  T.Arm,
  T.Of,
  T.On,
  T.From,
  T.Count,
  T.Filter,
  T.With,
  T.Data,
  T.Sweep,
  T.Split,
  T.Vae,
  T.Classifier,
  T.Gc,
  T.Rows,
  T.Cols,
  T.Over,
  T.Plot,
  T.Table,
  T.Latent,
  T.Samples,
  T.Interpolation,
  T.Reconstructions,
  T.Scale,
  T.Metric,
  T.Activation,
  T.Likelihood,
  T.Experiment,
  T.Equals,
  T.Dot,
  T.Plus,
  T.Comma,
  T.LParen,
  T.LBracket,
]);
const OPENERS = new Set<TokenType>([T.LCurly, T.LBracket, T.LParen]);
const CLOSERS = new Set<TokenType>([T.RCurly, T.RBracket, T.RParen]);

/** Most syntax errors reported per file; past that the rest is noise. */
const MAX_SYNTAX_ERRORS = 50;
/** Deepest bracket nesting a statement may have. The grammar's deepest is 2 (`{ … [ … ] }`); a
 * statement past this is reported once (AUG1013) and not parsed, so 100,000 `[` cost one diagnostic
 * and linear time instead of one recovery error per bracket. */
export const MAX_NESTING = 16;

function isStatementStart(tokens: IToken[], i: number, depth: number): boolean {
  const t = tokens[i];
  const previous = tokens[i - 1];
  const firstOnLine = !previous || previous.endLine! < t.startLine!;
  // an unknown word starting a line at depth 0 is a misspelt statement (`swep beta in …`): parse it
  // on its own so the error names it and the statement before it stays intact
  if (t.tokenType === T.Identifier) return depth === 0 && firstOnLine && !NAME_EXPECTED_AFTER.has(previous?.tokenType as TokenType);
  if (!STATEMENT_KEYWORDS.has(t.tokenType)) return false;
  const next = tokens[i + 1];
  // `classifier NAME {` and `gc NAME {` open declarations; inside a gc block `classifier small` is a setting
  if ((t.tokenType === T.Classifier || t.tokenType === T.Gc) && tokens[i + 2]?.tokenType !== T.LCurly) return false;
  // `train on PART` / `test on PART`; inside a vae block `train steps …` is a setting
  if ((t.tokenType === T.Train || t.tokenType === T.Test) && next?.tokenType !== T.On) return false;
  if (depth > 0) return firstOnLine; // an unclosed bracket: a keyword starting a line ends it
  return !previous || firstOnLine || !NAME_EXPECTED_AFTER.has(previous.tokenType);
}

function rangeOf(first: IToken, last: IToken = first): SourceRange {
  return {
    start: { line: first.startLine ?? 1, column: first.startColumn ?? 1, offset: first.startOffset },
    end: { line: last.endLine ?? 1, column: (last.endColumn ?? 0) + 1, offset: (last.endOffset ?? last.startOffset) + 1 },
  };
}

/** Lex and parse a spec's text into CST nodes and syntax diagnostics. Never throws on any input. */
export function parseSpec(text: string, file: string): ParsedSpec {
  const diagnostics: Diagnostic[] = [];
  const lexed = augLexer.tokenize(text);
  for (const e of lexed.errors) {
    const range: SourceRange = {
      start: { line: e.line ?? 1, column: e.column ?? 1, offset: e.offset },
      end: { line: e.line ?? 1, column: (e.column ?? 1) + e.length, offset: e.offset + e.length },
    };
    diagnostics.push(makeDiagnostic('unexpectedCharacter', file, range, [text.slice(e.offset, e.offset + 1)]));
  }
  const tokens: IToken[] = [];
  for (const t of lexed.tokens) {
    if (t.tokenType === T.UnterminatedString) {
      diagnostics.push(makeDiagnostic('unterminatedString', file, rangeOf(t)));
      // parse on as if the quote were closed, so the statement reports nothing more
      tokens.push({ ...t, tokenType: T.StringLiteral, tokenTypeIdx: T.StringLiteral.tokenTypeIdx!, image: `${t.image}"` });
    } else if (t.tokenType === T.UnterminatedComment) diagnostics.push(makeDiagnostic('unterminatedComment', file, rangeOf(t)));
    else tokens.push(t);
  }
  const result: ParsedSpec = { header: null, statements: [], diagnostics };
  if (tokens.length === 0) return result;

  // the experiment's closing brace is the file's last token; a block left open inside is reported
  // by its own statement (the statement cutting below ends it at the next statement keyword)
  let body = tokens;
  const last = tokens[tokens.length - 1];
  if (last.tokenType === T.RCurly) body = tokens.slice(0, -1);
  else diagnostics.push(endOfFileDiagnostic("'}' to close the experiment", last, file));

  // text before `experiment`: report it once and parse from the experiment keyword on
  const experimentAt = body.findIndex((t) => t.tokenType === T.Experiment);
  if (experimentAt > 0) {
    diagnostics.push(
      makeDiagnostic('textOutsideExperiment', file, rangeOf(body[0]), [`'${body[0].image}'`], {
        hint: 'A spec starts with \'experiment NAME "title" {\'.',
      }),
    );
    return parseBody(body.slice(experimentAt), body === tokens ? undefined : last, file, result);
  }
  return parseBody(body, body === tokens ? undefined : last, file, result);
}

/** Cut the body (from `experiment` on) into header and statements and parse each. */
function parseBody(body: IToken[], closingBrace: IToken | undefined, file: string, result: ParsedSpec): ParsedSpec {
  const diagnostics = result.diagnostics;
  /** a statement's tokens, where it ends in `body` (for the token that follows it), and the first
   * token past MAX_NESTING when it nests too deep */
  interface Segment {
    tokens: IToken[];
    end: number;
    tooDeep: IToken | null;
  }
  const segments: Segment[] = [{ tokens: [], end: 0, tooDeep: null }];
  let depth = 0;
  for (let i = 0; i < body.length; i++) {
    const t = body[i];
    if (isStatementStart(body, i, depth) && (segments.length > 1 || segments[0].tokens.length > 0)) {
      segments.push({ tokens: [], end: i, tooDeep: null });
      depth = 0;
    }
    const segment = segments[segments.length - 1];
    segment.tokens.push(t);
    segment.end = i + 1;
    if (OPENERS.has(t.tokenType)) {
      depth++;
      if (depth > MAX_NESTING && !segment.tooDeep) segment.tooDeep = t;
    } else if (CLOSERS.has(t.tokenType)) depth = Math.max(0, depth - 1);
  }
  const header = segments[0].tokens[0]?.tokenType === T.Experiment ? segments[0] : null;
  const statementSegments = header ? segments.slice(1) : segments;
  const followOf = (segment: Segment): IToken | undefined => body[segment.end] ?? closingBrace;
  if (!header) {
    diagnostics.push(
      makeDiagnostic('textOutsideExperiment', file, rangeOf(body[0]), [`'${body[0].image}'`], {
        hint: 'A spec starts with \'experiment NAME "title" {\'.',
      }),
    );
  } else {
    result.header = runRule('experimentHeader', header.tokens, file, followOf(header), diagnostics);
  }
  for (const segment of statementSegments) {
    if (diagnostics.length >= MAX_SYNTAX_ERRORS) break;
    if (segment.tooDeep) {
      diagnostics.push(
        makeDiagnostic('nestingTooDeep', file, rangeOf(segment.tooDeep), [MAX_NESTING], {
          hint: 'Lists and blocks in a spec nest at most two deep; look for a missing closing bracket.',
        }),
      );
      continue;
    }
    const node = runRule('statement', segment.tokens, file, followOf(segment), diagnostics);
    if (node) result.statements.push(node);
  }
  return result;
}

function endOfFileDiagnostic(expected: string, lastToken: IToken, file: string): Diagnostic {
  const range = rangeOf(lastToken);
  return makeDiagnostic('unexpectedEndOfFile', file, { start: range.end, end: range.end }, [expected, 'the end of the file']);
}

function runRule(
  rule: 'experimentHeader' | 'statement',
  segment: IToken[],
  file: string,
  follow: IToken | undefined,
  out: Diagnostic[],
): CstNode | null {
  augParser.input = segment;
  let node: CstNode | null = null;
  try {
    node = augParser[rule]();
  } catch (err) {
    // recovery is on, so the parser should not throw; if it does, report it at the segment
    out.push(
      makeDiagnostic('unexpectedToken', file, rangeOf(segment[0]), ['a statement', `'${segment[0].image}' (${(err as Error).message})`]),
    );
    return null;
  }
  // recovery can report one error per token of a broken statement: keep the file's first few
  for (const e of (augParser.errors as IRecognitionException[]).slice(0, Math.max(1, MAX_SYNTAX_ERRORS - out.length))) {
    out.push(syntaxDiagnostic(e, segment, follow, file, rule));
  }
  return node;
}
