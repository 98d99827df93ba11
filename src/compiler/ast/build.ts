/**
 * CST → AST: one function per grammar rule (named after it), each reading the typed CST children
 * generated in grammar/cst-types.ts. Recovered statements can lack any child, so every read
 * tolerates absence and yields `null`; the checks report what is missing. Values and model blocks
 * are read in build-values.ts and build-models.ts.
 */
import type { CstNode, IToken } from 'chevrotain';
import type * as C from '../../../grammar/cst-types.ts';
import type { SourceRange } from '../diagnostics/diagnostic.ts';
import { classifierSetting, gcSetting, vaeSetting } from './build-models.ts';
import { after, call, list, mustWord, nodeRange, numberLiteral, ok, stringLiteral, tokenRange, word } from './build-values.ts';
import type * as A from './types.ts';

export { tokenRange } from './build-values.ts';

export function experimentHeader(node: C.ExperimentHeaderCstNode): A.ExperimentHeader {
  const c = node.children;
  return { name: word(c.Name?.[0]), title: stringLiteral(c.StringLiteral?.[0]), range: nodeRange(node) };
}

function armOption(node: C.ArmOptionCstNode): A.ArmOption | null {
  const c = node.children;
  const range = nodeRange(node);
  if (c.Count) {
    const value: A.NumberLiteral | A.NameAtom | null = c.NumberLiteral
      ? numberLiteral(c.NumberLiteral[0])
      : ok(c.Name?.[0])
        ? { kind: 'name', text: c.Name[0].image, range: tokenRange(c.Name[0]) }
        : null;
    return { kind: 'count', keyword: mustWord(c.Count[0], range), value, range };
  }
  if (c.Filter) return { kind: 'filter', keyword: mustWord(c.Filter[0], range), call: call(c.call?.[0]), name: word(c.Name?.[0]), range };
  if (c.OnlyGenerated) return { kind: 'only_generated', keyword: mustWord(c.OnlyGenerated[0], range), range };
  return null;
}

function reportItem(node: C.ReportItemCstNode): A.ReportItem | null {
  const c = node.children;
  const range = nodeRange(node);
  if (c.Table)
    return {
      kind: 'table',
      metric: word(c.Name?.[0]),
      rows: word(after(c.Name, c.Rows?.[0])),
      cols: word(after(c.Name, c.Cols?.[0])),
      range,
    };
  if (c.Plot) return { kind: 'plot', metric: word(c.Name?.[0]), gain: !!c.Gain, over: word(after(c.Name, c.Over?.[0])), range };
  if (c.figureItem) {
    const f = c.figureItem[0].children;
    const keywordToken = (f.Latent ?? f.Samples ?? f.Interpolation ?? f.Reconstructions)?.[0];
    const keyword = mustWord(keywordToken, range);
    const target = f.StringLiteral ? stringLiteral(f.StringLiteral[0]) : null;
    return {
      kind: keyword.text as 'latent',
      keyword,
      target: target ? { text: target.value, range: target.range } : word(f.Name?.[0]),
      range,
    };
  }
  if (c.exportItem) {
    const e = c.exportItem[0].children;
    return { kind: 'export', keyword: mustWord(e.Export?.[0], range), what: compact((e.Name ?? []).map(word)), range };
  }
  return null;
}

const compact = <T>(xs: (T | null)[]): T[] => xs.filter((x): x is T => x !== null);

/** One statement CST node → its AST node (null if recovery left nothing usable). */
export function statement(node: C.StatementCstNode): A.Statement | null {
  const c = node.children;
  const range = nodeRange(node);
  const value = (s: { children: { NumberLiteral?: IToken[] } }, kind: 'seed' | 'repeats', k: IToken | undefined): A.ValueStatement => ({
    kind,
    keyword: mustWord(k, range),
    value: numberLiteral(s.children.NumberLiteral?.[0]),
    range,
  });
  if (c.seedStatement) return value(c.seedStatement[0], 'seed', c.seedStatement[0].children.Seed?.[0]);
  if (c.repeatsStatement) return value(c.repeatsStatement[0], 'repeats', c.repeatsStatement[0].children.Repeats?.[0]);
  if (c.dataDeclaration) {
    const d = c.dataDeclaration[0].children;
    const name = word(d.Name?.[0]);
    if (!name) return null;
    return { kind: 'data', name, source: call(d.call?.[0]), scale: d.Scale ? word(after(d.Name, d.Scale[0])) : null, range };
  }
  if (c.splitStatement) {
    const s = c.splitStatement[0].children;
    const dataset = word(s.Name?.[0]);
    if (!dataset) return null;
    const ratios = (s.ratio ?? []).flatMap((r) => {
      const part = word(r.children.Name?.[0]);
      const v = numberLiteral(r.children.NumberLiteral?.[0]);
      return part && v ? [{ part, value: v }] : [];
    });
    return { kind: 'split', dataset, mode: word((s.Partition ?? s.Stratified)?.[0]), ratios, range };
  }
  const block = <K extends 'vae' | 'classifier' | 'gc', S>(kind: K, n: { children: { Name?: IToken[] } }, settings: S[]) => {
    const name = word(n.children.Name?.[0]);
    return name ? { kind, name, settings, range } : null;
  };
  if (c.vaeDeclaration) return block('vae', c.vaeDeclaration[0], compact((c.vaeDeclaration[0].children.vaeSetting ?? []).map(vaeSetting)));
  if (c.classifierDeclaration)
    return block(
      'classifier',
      c.classifierDeclaration[0],
      compact((c.classifierDeclaration[0].children.classifierSetting ?? []).map(classifierSetting)),
    );
  if (c.gcDeclaration) return block('gc', c.gcDeclaration[0], compact((c.gcDeclaration[0].children.gcSetting ?? []).map(gcSetting)));
  if (c.sweepStatement) {
    const s = c.sweepStatement[0].children;
    const axis = word(s.Name?.[0]);
    if (!axis) return null;
    const ofNames = s.Of
      ? (s.Name ?? []).filter((t) => t.startOffset > s.Of![0].startOffset && (!s.In || t.startOffset < s.In[0].startOffset))
      : [];
    return {
      kind: 'sweep',
      axis,
      of: compact(ofNames.map(word)),
      values: list(s.list?.[0]),
      perClass: word(s.PerClass?.[0]),
      from: s.From ? word(after(s.Name, s.From[0])) : null,
      cap: word(s.Cap?.[0]),
      range,
    };
  }
  if (c.armDeclaration) {
    const a = c.armDeclaration[0].children;
    const nameString = stringLiteral(a.StringLiteral?.[0]);
    const name = nameString ? { text: nameString.value, range: nameString.range } : word(a.Name?.[0]);
    if (!name) return null;
    return {
      kind: 'arm',
      name,
      recipe: call(a.call?.[0]),
      plus: call(a.call?.[1]),
      options: compact((a.armOption ?? []).map(armOption)),
      range,
    };
  }
  if (c.metricStatement) return { kind: 'metric', names: compact((c.metricStatement[0].children.Name ?? []).map(word)), range };
  if (c.reportDeclaration) {
    const r = c.reportDeclaration[0].children;
    return {
      kind: 'report',
      path: stringLiteral(r.StringLiteral?.[0]),
      template: r.Template ? stringLiteral(r.StringLiteral?.[1]) : null,
      items: compact((r.reportItem ?? []).map(reportItem)),
      range,
    };
  }
  const part = (kind: A.PartStatement['kind'], n: { children: { Name?: IToken[] } }, k: IToken | undefined): A.PartStatement => ({
    kind,
    keyword: mustWord(k, range),
    value: word(n.children.Name?.[0]),
    range,
  });
  if (c.trainOnStatement) return part('train_on', c.trainOnStatement[0], c.trainOnStatement[0].children.Train?.[0]);
  if (c.testOnStatement) return part('test_on', c.testOnStatement[0], c.testOnStatement[0].children.Test?.[0]);
  if (c.classifyStatement) return part('classify_with', c.classifyStatement[0], c.classifyStatement[0].children.Classify?.[0]);
  if (c.whenStatement) return whenStatement(c.whenStatement[0], range);
  return null;
}

function whenStatement(node: C.WhenStatementCstNode, range: SourceRange): A.WhenStatement | null {
  const w = node.children;
  const names = (w.Name ?? []).filter(ok);
  const axis = word(names[0]);
  if (!axis) return null;
  const setAt = w.Set?.[0]?.startOffset ?? Infinity;
  // the path: the name right after `set`, then the name after each `.`; a name after the path is the value
  const pathTokens: IToken[] = [];
  const first = names.find((t) => t.startOffset > setAt);
  if (first) pathTokens.push(first);
  for (const dot of w.Dot ?? []) {
    const next = after(names, dot);
    if (next) pathTokens.push(next);
  }
  const lastPath = pathTokens[pathTokens.length - 1];
  const valueName = names.find((t) => lastPath && t.startOffset > lastPath.startOffset && !pathTokens.includes(t));
  const path = first ? { text: pathTokens.map((t) => t.image).join('.'), range: tokenRange(first, lastPath) } : null;
  const settingNumber = (w.NumberLiteral ?? []).find((t) => t.startOffset > setAt);
  const setting: A.NumberLiteral | A.NameAtom | null = settingNumber
    ? numberLiteral(settingNumber)
    : valueName
      ? { kind: 'name', text: valueName.image, range: tokenRange(valueName) }
      : null;
  // the axis value: the name or number between the axis and `set`
  const valueToken = [...names.slice(1), ...(w.NumberLiteral ?? [])].find((t) => t.startOffset < setAt);
  return { kind: 'when', axis, value: word(valueToken), path, setting, range };
}

/** The whole spec's AST from the parsed header and statements. */
export function buildAst(file: string, header: CstNode | null, statements: CstNode[]): A.SpecAst {
  return {
    file,
    header: header ? experimentHeader(header as C.ExperimentHeaderCstNode) : null,
    statements: compact(statements.map((s) => statement(s as C.StatementCstNode))),
  };
}
