/**
 * Tokens of the .aug language (Chevrotain).
 *
 * Keywords are contextual: every keyword token also belongs to the `Name` category, so a word
 * like `noise`, `test` or `shots` can still name a part, an arm or an axis where the grammar
 * expects a name. Keywords carry `longer_alt: Identifier` so that `latent_dim` lexes as one
 * identifier, not as the keyword `latent` followed by `_dim`.
 *
 * ORDER MATTERS in `allTokens`: the lexer tries patterns in order and takes the first match, so
 * keywords must come before `Identifier`, and `Number` before the punctuation `.`.
 */
import { createToken, Lexer, type TokenType } from 'chevrotain';

/** Any word usable as a name: identifiers and (contextual) keywords. */
export const Name = createToken({ name: 'Name', pattern: Lexer.NA });
export const Identifier = createToken({ name: 'Identifier', pattern: /[A-Za-z_][A-Za-z0-9_]*/, categories: [Name] });

const keywordTokens: TokenType[] = [];
/** A keyword token named after the word, e.g. `kw('per_class')` → token `PerClass`. */
function kw(word: string, inNameCategory = true): TokenType {
  const tokenName = word
    .split('_')
    .map((p) => p[0].toUpperCase() + p.slice(1))
    .join('');
  const token = createToken({
    name: tokenName,
    pattern: new RegExp(word),
    longer_alt: Identifier,
    categories: inNameCategory ? [Name] : [],
  });
  keywordTokens.push(token);
  return token;
}

// statements
export const Experiment = kw('experiment');
export const Seed = kw('seed');
export const Repeats = kw('repeats');
export const Data = kw('data');
export const Scale = kw('scale');
export const Split = kw('split');
export const Partition = kw('partition');
export const Stratified = kw('stratified');
export const Vae = kw('vae');
export const Classifier = kw('classifier');
export const Classify = kw('classify');
export const With = kw('with');
export const When = kw('when');
// biome-ignore lint/suspicious/noShadowRestrictedNames: kw() names each token after its word; the parser uses it as T.Set
export const Set = kw('set');
export const Gc = kw('gc');
export const Sweep = kw('sweep');
export const Of = kw('of');
export const In = kw('in');
export const From = kw('from');
export const Arm = kw('arm');
export const Count = kw('count');
export const Filter = kw('filter');
export const OnlyGenerated = kw('only_generated');
export const Metric = kw('metric');
export const Report = kw('report');
export const Template = kw('template');
export const Train = kw('train');
export const Test = kw('test');
export const On = kw('on');
// vae settings
export const Single = kw('single');
export const PerClass = kw('per_class');
export const MixIn = kw('mix_in');
export const Latent = kw('latent');
export const Beta = kw('beta');
/** `norm` is reserved (not a name): `[norm 1.0, 0.5]` must not read `norm` as a name. */
export const Norm = kw('norm', false);
export const Warmup = kw('warmup');
export const Encoder = kw('encoder');
export const Decoder = kw('decoder');
export const Dense = kw('dense');
export const Conv = kw('conv');
export const Kernel = kw('kernel');
export const Activation = kw('activation');
export const Likelihood = kw('likelihood');
export const Steps = kw('steps');
export const Epochs = kw('epochs');
export const Batch = kw('batch');
export const Lr = kw('lr');
// classifier settings
export const Mlp = kw('mlp');
export const Cnn = kw('cnn');
export const Logistic = kw('logistic');
export const Batchnorm = kw('batchnorm');
export const Dropout = kw('dropout');
export const WeightDecay = kw('weight_decay');
export const EarlyStop = kw('early_stop');
export const Patience = kw('patience');
export const Monitor = kw('monitor');
export const Every = kw('every');
export const Off = kw('off');
export const PerArm = kw('per_arm');
export const Cap = kw('cap');
// gc settings
export const Noise = kw('noise');
export const Sigma = kw('sigma');
export const EarlyCheckpoint = kw('early_checkpoint');
export const Step = kw('step');
export const Keep = kw('keep');
// report items
export const Table = kw('table');
export const Rows = kw('rows');
export const Cols = kw('cols');
export const Plot = kw('plot');
export const Gain = kw('gain');
export const Over = kw('over');
export const Samples = kw('samples');
export const Interpolation = kw('interpolation');
export const Reconstructions = kw('reconstructions');
export const Export = kw('export');

/** Every keyword's spelling, for did-you-mean on a misspelt keyword. */
export const KEYWORDS: readonly TokenType[] = keywordTokens;

// literals: integers, decimals, scientific notation (1e-3); a leading minus so `alpha -1` lexes
// and the checker (not the lexer) reports the out-of-range value
export const NumberLiteral = createToken({ name: 'NumberLiteral', pattern: /-?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/ });
export const StringLiteral = createToken({ name: 'StringLiteral', pattern: /"(?:[^"\\\r\n]|\\.)*"/ });
/** A string missing its closing quote: lexed as a token so the parser can report it precisely. */
export const UnterminatedString = createToken({ name: 'UnterminatedString', pattern: /"(?:[^"\\\r\n]|\\.)*/ });

export const LCurly = createToken({ name: 'LCurly', pattern: /{/, label: "'{'" });
export const RCurly = createToken({ name: 'RCurly', pattern: /}/, label: "'}'" });
export const LBracket = createToken({ name: 'LBracket', pattern: /\[/, label: "'['" });
export const RBracket = createToken({ name: 'RBracket', pattern: /]/, label: "']'" });
export const LParen = createToken({ name: 'LParen', pattern: /\(/, label: "'('" });
export const RParen = createToken({ name: 'RParen', pattern: /\)/, label: "')'" });
export const Comma = createToken({ name: 'Comma', pattern: /,/, label: "','" });
export const Equals = createToken({ name: 'Equals', pattern: /=/, label: "'='" });
export const Dot = createToken({ name: 'Dot', pattern: /\./, label: "'.'" });
export const Plus = createToken({ name: 'Plus', pattern: /\+/, label: "'+'" });

export const WhiteSpace = createToken({ name: 'WhiteSpace', pattern: /[ \t\r\n\f\v\u00a0\ufeff]+/, group: Lexer.SKIPPED });
export const LineComment = createToken({ name: 'LineComment', pattern: /\/\/[^\n\r]*/, group: Lexer.SKIPPED });
export const BlockComment = createToken({ name: 'BlockComment', pattern: /\/\*[\s\S]*?\*\//, group: Lexer.SKIPPED });
/** `/*` without its `*\/`: swallows the rest of the file; reported as a syntax error. */
export const UnterminatedComment = createToken({ name: 'UnterminatedComment', pattern: /\/\*[\s\S]*/ });

/** All tokens in lexing order (see the note at the top on why the order matters). */
export const allTokens: TokenType[] = [
  WhiteSpace,
  LineComment,
  BlockComment,
  UnterminatedComment,
  StringLiteral,
  UnterminatedString,
  NumberLiteral,
  // longest first: `interpolation` must be tried before `in`, `steps` before `step`
  ...[...keywordTokens].sort((a, b) => String(b.PATTERN).length - String(a.PATTERN).length),
  Identifier,
  Name,
  LCurly,
  RCurly,
  LBracket,
  RBracket,
  LParen,
  RParen,
  Comma,
  Equals,
  Dot,
  Plus,
];

/** The .aug lexer; `positionTracking: 'full'` gives every token its line and column. */
export const augLexer = new Lexer(allTokens, { positionTracking: 'full', ensureOptimizations: false });
