/**
 * Chevrotain recognition errors → catalog diagnostics, with did-you-mean for a misspelt keyword
 * (an identifier where the grammar expected keywords: `latnet 50` in a vae block).
 */
import { EOF, tokenMatcher, type IRecognitionException, type IToken, type TokenType } from 'chevrotain';
import * as T from '../../../grammar/tokens.ts';
import { allTokens } from '../../../grammar/tokens.ts';
import { makeDiagnostic } from '../diagnostics/catalog.ts';
import type { Diagnostic, SourceRange } from '../diagnostics/diagnostic.ts';
import { suggestSpelling } from '../../text/spelling.ts';
import { keywordWord, type ExpectedPayload } from './parser-instance.ts';

const TOKEN_BY_NAME = new Map(allTokens.map((t) => [t.name, t]));

/** Setting keywords a block accepts, for the error when its `}` is expected and a word is found. */
const BLOCK_SETTINGS: Record<string, string[]> = {
  vaeDeclaration: ['single', 'per_class', 'latent', 'beta', 'encoder', 'decoder', 'activation', 'likelihood', 'train'],
  classifierDeclaration: [
    'mlp',
    'cnn',
    'logistic',
    'activation',
    'batchnorm',
    'dropout',
    'weight_decay',
    'epochs',
    'batch',
    'lr',
    'train',
    'early_stop',
  ],
  gcDeclaration: ['noise', 'early_checkpoint', 'classifier', 'keep'],
  reportDeclaration: ['table', 'plot', 'latent', 'samples', 'interpolation', 'reconstructions'],
  trainSetting: ['steps', 'epochs', 'batch', 'lr'],
};
const STATEMENT_WORDS = [
  'seed',
  'repeats',
  'data',
  'split',
  'vae',
  'classifier',
  'gc',
  'sweep',
  'arm',
  'metric',
  'report',
  'train',
  'test',
  'classify',
];
/** Words that may continue a statement after its required part (`arm x = … count 5`). */
const CONTINUATIONS: Record<string, string[]> = {
  Arm: ['count', 'filter', 'only_generated'],
  Data: ['scale'],
  Report: ['template'],
  Sweep: ['per_class', 'from', 'cap'],
  Split: ['partition', 'stratified'],
};
const CONTEXT: Record<string, string> = {
  vaeDeclaration: 'a vae block',
  classifierDeclaration: 'a classifier block',
  gcDeclaration: 'a gc block',
  reportDeclaration: 'the report block',
  trainSetting: "a 'train' setting",
  statement: 'the experiment',
};

function describe(name: string): string {
  const type = TOKEN_BY_NAME.get(name);
  const word = type && keywordWord(type);
  if (word) return `'${word}'`;
  if (name === 'Name' || name === 'Identifier') return 'a name';
  if (name === 'NumberLiteral') return 'a number';
  if (name === 'StringLiteral') return 'a string';
  if (name === 'EOF') return 'the end of the statement';
  return String(type?.LABEL ?? name);
}

/** "'a', 'b' or 'c'" (at most eight, then "…"). */
export function listOfAlternatives(items: string[]): string {
  const unique = [...new Set(items)];
  const shown = unique.length > 8 ? [...unique.slice(0, 8), '…'] : unique;
  return shown.length <= 1 ? (shown[0] ?? 'something else') : `${shown.slice(0, -1).join(', ')} or ${shown[shown.length - 1]}`;
}

function rangeOf(t: IToken): SourceRange {
  return {
    start: { line: t.startLine ?? 1, column: t.startColumn ?? 1, offset: t.startOffset },
    end: { line: t.endLine ?? 1, column: (t.endColumn ?? 0) + 1, offset: (t.endOffset ?? t.startOffset) + 1 },
  };
}

function decode(e: IRecognitionException): ExpectedPayload {
  try {
    return JSON.parse(e.message) as ExpectedPayload;
  } catch {
    return { kind: 'mismatch', expected: [], rule: e.context?.ruleStack?.at(-1) ?? 'statement' };
  }
}

/** One diagnostic for one parser error in a statement segment. */
export function syntaxDiagnostic(
  e: IRecognitionException,
  segment: IToken[],
  follow: IToken | undefined,
  file: string,
  topRule: string,
): Diagnostic {
  const payload = decode(e);
  let expected = payload.expected;
  let rule = payload.rule;
  if (payload.kind === 'redundant') {
    const continuation = CONTINUATIONS[segment[0]?.tokenType.name] ?? [];
    expected = topRule === 'statement' ? [...continuation, ...STATEMENT_WORDS].map((w) => `'${w}'`) : [];
    rule = topRule;
  } else {
    const innermost = [...(e.context?.ruleStack ?? [])].reverse().find((r) => BLOCK_SETTINGS[r]);
    if (expected.includes('RCurly') && innermost) {
      // the settings first: a misspelt setting is far more likely than a missing brace
      expected = [...BLOCK_SETTINGS[innermost].map((w) => `'${w}'`), ...expected];
      rule = innermost;
    }
  }
  const described = expected.map((n) => (n.startsWith("'") ? n : describe(n)));
  const token = e.token;
  if (!token || tokenMatcher(token, EOF) || token.tokenType === EOF) {
    const lastToken = segment[segment.length - 1];
    const end = rangeOf(lastToken).end;
    const before = follow ? `'${follow.image}'` : 'the end of the file';
    // a block left open: say that, not the list of settings it could still take
    const what = payload.expected.includes('RCurly') && CONTEXT[rule] ? `'}' to close ${CONTEXT[rule]}` : listOfAlternatives(described);
    return makeDiagnostic('unexpectedEndOfFile', file, { start: end, end }, [what, before]);
  }
  const keywords = described.filter((d) => /^'[a-z_]+'$/.test(d)).map((d) => d.slice(1, -1));
  const isWord = token.tokenType === T.Identifier || keywordWord(token.tokenType as TokenType) !== undefined;
  if (isWord && keywords.length > 0 && !expected.includes('Name')) {
    const suggestion = suggestSpelling(token.image, keywords);
    return makeDiagnostic(
      'unknownKeyword',
      file,
      rangeOf(token),
      [token.image, CONTEXT[rule] ?? `'${rule}'`, listOfAlternatives(described)],
      {
        hint: suggestion ? `Did you mean '${suggestion}'?` : undefined,
      },
    );
  }
  return makeDiagnostic('unexpectedToken', file, rangeOf(token), [listOfAlternatives(described), `'${token.image}'`]);
}
