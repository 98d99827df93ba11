/**
 * The shared parser instance, built with an error-message provider that encodes what the parser
 * expected as JSON instead of prose; syntax-errors.ts decodes it into catalog diagnostics. This
 * replaces Chevrotain's default `Expecting --> '}' <--` messages.
 */
import type { IParserErrorMessageProvider, TokenType } from 'chevrotain';
import { AugParser } from '../../../grammar/parser.ts';

/** What the parser expected where it failed (token type names), and in which rule. */
export interface ExpectedPayload {
  kind: 'mismatch' | 'noViableAlt' | 'earlyExit' | 'redundant';
  expected: string[];
  rule: string;
}

const names = (types: TokenType[]) => [...new Set(types.map((t) => t.name))];

const errorMessageProvider: IParserErrorMessageProvider = {
  buildMismatchTokenMessage: ({ expected, ruleName }) =>
    JSON.stringify({ kind: 'mismatch', expected: [expected.name], rule: ruleName } satisfies ExpectedPayload),
  buildNotAllInputParsedMessage: ({ ruleName }) =>
    JSON.stringify({ kind: 'redundant', expected: [], rule: ruleName } satisfies ExpectedPayload),
  buildNoViableAltMessage: ({ expectedPathsPerAlt, ruleName }) =>
    JSON.stringify({
      kind: 'noViableAlt',
      expected: names(
        expectedPathsPerAlt
          .flat()
          .map((path) => path[0])
          .filter(Boolean),
      ),
      rule: ruleName,
    } satisfies ExpectedPayload),
  buildEarlyExitMessage: ({ expectedIterationPaths, ruleName }) =>
    JSON.stringify({
      kind: 'earlyExit',
      expected: names(expectedIterationPaths.map((path) => path[0]).filter(Boolean)),
      rule: ruleName,
    } satisfies ExpectedPayload),
};

/** The one parser (Chevrotain parsers are reusable: set `input`, call a rule). */
export const augParser = new AugParser(errorMessageProvider);

/** The spelling of a keyword token (`PerClass` → `per_class`), or undefined for other tokens. */
export function keywordWord(type: TokenType): string | undefined {
  const source = (type.PATTERN as RegExp | undefined)?.source;
  return source && /^[a-z_]+$/.test(source) ? source : undefined;
}
