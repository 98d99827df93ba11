/**
 * Completion: the keywords the grammar accepts at the cursor (Chevrotain's content assist over
 * the current statement's tokens, so they come from grammar/ and cannot drift), and the names
 * that fit the word before the cursor: declared VAEs, classifiers, GCs, datasets, parts and axes,
 * recipe names after `VAE.`, a csv file's column names inside `csv(...)`, metric names, and what `export` writes.
 */
import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { IToken, TokenType } from 'chevrotain';
import { parse as parseCsv } from 'csv-parse/sync';
import type * as A from '../compiler/ast/types.ts';
import { argumentsOf, textArg } from '../compiler/bind/arguments.ts';
import {
  ACTIVATIONS,
  AXES,
  CLASSIFIER_ACTIVATIONS,
  COLUMN_TYPES,
  COUNT_WORDS,
  EXPORT_WORDS,
  INLINE_GC,
  LIKELIHOODS,
  METRICS,
  RECIPES,
  SCALES,
  SOURCES,
} from '../compiler/language.ts';
import { augParser, keywordWord } from '../compiler/syntax/parser-instance.ts';
import type { DocumentAnalysis } from './document-analysis.ts';

export type CompletionKind = 'keyword' | 'name' | 'recipe' | 'source' | 'value' | 'column' | 'metric' | 'argument';

export interface Completion {
  label: string;
  kind: CompletionKind;
  detail?: string;
}

/** Words that open a statement (what may start a line in the experiment body). */
const STATEMENT_RULE = 'statement';
/** Bytes of a csv file read to find its header line. */
const CSV_HEAD_BYTES = 64 * 1024;

const WORD = /^[A-Za-z_][A-Za-z0-9_]*$/;
const endOf = (t: IToken) => (t.endOffset ?? t.startOffset) + 1;

/** The tokens before the cursor, and the word being typed (a token ending at the cursor). */
function prefixAt(tokens: readonly IToken[], offset: number): { before: IToken[]; partial: string } {
  const before = tokens.filter((t) => endOf(t) <= offset);
  const last = before[before.length - 1];
  if (last && endOf(last) === offset && WORD.test(last.image)) return { before: before.slice(0, -1), partial: last.image };
  return { before, partial: '' };
}

/** The statement the cursor is in: the last statement starting before it, or null before the first. */
function statementAt(spec: A.SpecAst, offset: number): A.Statement | null {
  let found: A.Statement | null = null;
  for (const s of spec.statements) if (s.range.start.offset < offset) found = s;
  return found;
}

/** Keywords Chevrotain's content assist allows after `segment` in the statement rule. */
function grammarKeywords(segment: IToken[]): { keywords: string[]; wantsName: boolean } {
  let paths: { nextTokenType: TokenType }[] = [];
  try {
    paths = augParser.computeContentAssist(STATEMENT_RULE, segment);
  } catch {
    paths = [];
  }
  const keywords = new Set<string>();
  let wantsName = false;
  for (const p of paths) {
    const word = keywordWord(p.nextTokenType);
    if (word) keywords.add(word);
    else if (p.nextTokenType.name === 'Name' || p.nextTokenType.name === 'Identifier') wantsName = true;
  }
  return { keywords: [...keywords], wantsName };
}

/** Column names of a csv source: the metadata's when it was read, else the file's header line. */
function csvColumns(a: DocumentAnalysis, data: A.DataDeclaration | undefined, call: A.Call | null): string[] {
  const fromMetadata = data ? a.metadata.get(data.name.text)?.columns.map((c) => c.name) : undefined;
  if (fromMetadata?.length) return fromMetadata;
  if (!call) return [];
  const path = textArg(argumentsOf(call, SOURCES.csv).map, 'path');
  if (!path) return [];
  try {
    const bytes = readFileSync(`${dirname(a.path)}/${path}`)
      .subarray(0, CSV_HEAD_BYTES)
      .toString('utf8');
    const firstLine = bytes.split(/\r?\n/)[0];
    const delimiter = [',', ';', '\t'].sort((x, y) => firstLine.split(y).length - firstLine.split(x).length)[0];
    const rows = parseCsv(firstLine, { delimiter, relax_quotes: true }) as string[][];
    return rows[0] ?? [];
  } catch {
    return [];
  }
}

/** The call whose parentheses enclose the end of `before`, with the tokens since its `(`. */
function enclosingCall(before: IToken[]): { callee: string; target: string | null; args: IToken[] } | null {
  let depth = 0;
  for (let i = before.length - 1; i >= 0; i--) {
    const image = before[i].image;
    if (image === ')') depth++;
    else if (image === '(') {
      if (depth === 0) {
        const callee = before[i - 1]?.image ?? '';
        const target = before[i - 2]?.image === '.' ? (before[i - 3]?.image ?? null) : null;
        return { callee, target, args: before.slice(i + 1) };
      }
      depth--;
    }
  }
  return null;
}

/** Is the cursor after `export WORD, … ,` (the list of what a report exports)? */
function inExportList(before: IToken[]): boolean {
  for (let i = before.length - 1; i >= 0; i--) {
    const image = before[i].image;
    if (image === 'export') return true;
    if (image !== ',' && !WORD.test(image)) return false;
    // a word must follow a comma or `export`: `export generated kept` is not a list
    if (image !== ',' && before[i - 1]?.image !== ',' && before[i - 1]?.image !== 'export') return false;
  }
  return false;
}

const names = (items: Iterable<string>, kind: CompletionKind, detail?: string): Completion[] =>
  [...items].map((label) => ({ label, kind, ...(detail ? { detail } : {}) }));

/** Names that fit after the previous tokens. */
function nameCompletions(a: DocumentAnalysis, before: IToken[], statement: A.Statement | null, depth: number): Completion[] {
  const prev = before[before.length - 1]?.image ?? '';
  const prev2 = before[before.length - 2]?.image ?? '';
  const s = a.symbols;
  const parts = new Set([...s.datasets.keys()].flatMap((d) => a.bound.partsOf(d)));
  const call = enclosingCall(before);
  if (call && statement?.kind === 'data' && call.callee === 'csv') {
    const columns = csvColumns(a, s.datasets.get(statement.name.text), statement.source);
    if (prev === 'label') return columns.map((c) => ({ label: WORD.test(c) ? c : `"${c}"`, kind: 'column', detail: 'column' }));
    const insideMap =
      before
        .slice(before.length - call.args.length)
        .reverse()
        .find((t) => t.image === '{' || t.image === '}')?.image === '{';
    if (insideMap && (prev === '{' || prev === ',')) return names(columns, 'column', 'column');
    if (insideMap) return names(COLUMN_TYPES, 'value', 'column type');
  }
  if (call && (prev === '(' || prev === ',')) {
    const schema = call.callee === 'gc' ? INLINE_GC : (RECIPES[call.callee] ?? SOURCES[call.callee]);
    if (schema) return names(Object.keys(schema.params), 'argument', `argument of ${call.callee}`);
  }
  if (call?.callee === 'gc' && prev === 'classifier') return names(s.classifiers.keys(), 'name', 'classifier');
  switch (prev) {
    case '.': {
      const latent = s.vaes.has(prev2);
      return Object.entries(RECIPES)
        .filter(([, r]) => r.needsVae === latent)
        .map(([label]) => ({ label, kind: 'recipe', detail: latent ? `recipe of vae ${prev2}` : 'recipe' }));
    }
    case '=':
      if (statement?.kind === 'data') return names(Object.keys(SOURCES), 'source', 'data source');
      if (statement?.kind === 'arm')
        return [
          ...names(s.vaes.keys(), 'name', 'vae'),
          ...Object.entries(RECIPES)
            .filter(([, r]) => !r.needsVae)
            .map(([label]) => ({ label, kind: 'recipe' as const, detail: 'input-space recipe' })),
        ];
      return [];
    case 'on':
    case 'from':
      return names(parts, 'name', 'part');
    case 'with':
      return names(s.classifiers.keys(), 'name', 'classifier');
    case 'filter':
      return [...names(s.gcs.keys(), 'name', 'gc'), { label: 'gc', kind: 'source', detail: 'inline gc(noise sigma S, keep X)' }];
    case 'metric':
    case 'table':
    case 'plot':
      return names(METRICS, 'metric', 'metric');
    case ',':
      return statement?.kind === 'metric'
        ? names(METRICS, 'metric', 'metric')
        : statement?.kind === 'sweep' && statement.axis.text === 'dataset'
          ? names(s.datasets.keys(), 'name', 'data')
          : statement?.kind === 'report' && inExportList(before)
            ? names(EXPORT_WORDS, 'value', 'export')
            : [];
    case '[':
      return statement?.kind === 'sweep' && statement.axis.text === 'dataset' ? names(s.datasets.keys(), 'name', 'data') : [];
    case 'rows':
    case 'over':
      return names(s.axes.keys(), 'name', 'axis');
    case 'cols':
      return names(['arm', ...s.axes.keys()], 'name', 'axis');
    case 'sweep':
      return names(AXES, 'value', 'axis');
    case 'of':
      return names(s.vaes.keys(), 'name', 'vae');
    case 'split':
      return names(s.datasets.keys(), 'name', 'data');
    case 'likelihood':
      return names(LIKELIHOODS, 'value');
    case 'activation':
      return names(statement?.kind === 'classifier' ? CLASSIFIER_ACTIVATIONS : ACTIVATIONS, 'value');
    case 'scale':
      return names(SCALES, 'value');
    case 'count':
      return names(COUNT_WORDS, 'value', 'count');
    case 'samples':
      return statement?.kind === 'report' && depth > 0 ? names(s.arms.keys(), 'name', 'arm') : [];
    case 'export':
      return statement?.kind === 'report' && depth > 0 ? names(EXPORT_WORDS, 'value', 'export') : [];
    case 'latent':
    case 'interpolation':
    case 'reconstructions':
      return statement?.kind === 'report' && depth > 0 ? names(s.vaes.keys(), 'name', 'vae') : [];
    case 'classifier':
      return statement?.kind === 'gc' && depth > 0 ? names(s.classifiers.keys(), 'name', 'classifier') : [];
    case 'dataset':
      return prev2 === 'when' ? names(s.datasets.keys(), 'name', 'data') : [];
    default:
      return [];
  }
}

/** Completions at a character offset. */
export function completionsAt(a: DocumentAnalysis, offset: number): Completion[] {
  const { before } = prefixAt(a.tokens, offset);
  const statement = statementAt(a.spec, offset);
  const startIndex = statement ? before.findIndex((t) => t.startOffset >= statement.range.start.offset) : -1;
  const segment = startIndex >= 0 ? before.slice(startIndex) : [];
  let depth = 0;
  for (const t of segment)
    depth += t.image === '{' || t.image === '(' || t.image === '[' ? 1 : t.image === '}' || t.image === ')' || t.image === ']' ? -1 : 0;
  const last = before[before.length - 1];
  const cursorLine = a.text.slice(0, offset).split('\n').length;
  const onNewLine = !last || (last.endLine ?? 0) < cursorLine;
  const out: Completion[] = [];
  const seen = new Set<string>();
  const add = (c: Completion) => {
    if (!seen.has(c.label)) {
      seen.add(c.label);
      out.push(c);
    }
  };
  // a new line at the experiment level: any statement may start here
  if ((segment.length === 0 || depth <= 0) && onNewLine) for (const k of grammarKeywords([]).keywords) add({ label: k, kind: 'keyword' });
  if (segment.length > 0) for (const k of grammarKeywords(segment).keywords) add({ label: k, kind: 'keyword' });
  for (const c of nameCompletions(a, before, statement && startIndex >= 0 ? statement : null, depth)) add(c);
  return out;
}
