/**
 * CST → AST: one function per grammar rule (named after it), each reading the typed CST children
 * generated in grammar/cst-types.ts. Recovered statements can lack any child, so every read
 * tolerates absence and yields `null`; the checks report what is missing.
 */
import type { CstNode, IToken } from 'chevrotain';
import type * as C from '../../../grammar/cst-types.ts';
import type { SourceRange } from '../diagnostics/diagnostic.ts';
import type * as A from './types.ts';

/** The source range from the start of `first` to the end of `last`. */
export function tokenRange(first: IToken, last: IToken = first): SourceRange {
  return {
    start: { line: first.startLine ?? 1, column: first.startColumn ?? 1, offset: first.startOffset },
    end: { line: last.endLine ?? 1, column: (last.endColumn ?? 0) + 1, offset: (last.endOffset ?? last.startOffset) + 1 },
  };
}

/** The range spanning every token under a CST node. */
function nodeRange(node: CstNode): SourceRange {
  const loc = node.location;
  if (loc && Number.isFinite(loc.startOffset) && loc.startLine !== undefined) {
    return {
      start: { line: loc.startLine, column: loc.startColumn ?? 1, offset: loc.startOffset },
      end: { line: loc.endLine ?? loc.startLine, column: (loc.endColumn ?? 0) + 1, offset: (loc.endOffset ?? loc.startOffset) + 1 },
    };
  }
  const tokens = collectTokens(node);
  return tokens.length ? tokenRange(tokens[0], tokens[tokens.length - 1]) : { start: { line: 1, column: 1, offset: 0 }, end: { line: 1, column: 1, offset: 0 } };
}

function collectTokens(node: CstNode): IToken[] {
  const out: IToken[] = [];
  for (const list of Object.values(node.children)) {
    for (const child of list ?? []) {
      if ('image' in child) out.push(child as IToken);
      else out.push(...collectTokens(child as CstNode));
    }
  }
  return out.sort((a, b) => a.startOffset - b.startOffset);
}

const ok = (t: IToken | undefined): t is IToken => !!t && !t.isInsertedInRecovery && Number.isFinite(t.startOffset);
const word = (t: IToken | undefined): A.Word | null => (ok(t) ? { text: t.image, range: tokenRange(t) } : null);
const mustWord = (t: IToken | undefined, fallback: SourceRange): A.Word => word(t) ?? { text: '', range: fallback };

function numberLiteral(t: IToken | undefined): A.NumberLiteral | null {
  if (!ok(t)) return null;
  return { kind: 'number', value: Number(t.image), isInteger: /^-?\d+$/.test(t.image), text: t.image, range: tokenRange(t) };
}

function stringLiteral(t: IToken | undefined): A.StringLiteral | null {
  if (!ok(t)) return null;
  let value: string;
  try {
    value = JSON.parse(t.image) as string;
  } catch {
    value = t.image.slice(1, -1);
  }
  return { kind: 'string', value, range: tokenRange(t) };
}

/** The first token of `tokens` after `marker` (used where one rule consumes several names). */
function after(tokens: IToken[] | undefined, marker: IToken | undefined): IToken | undefined {
  if (!tokens || !marker) return undefined;
  return tokens.find((t) => t.startOffset > marker.startOffset);
}

/** `experiment NAME "title" {` → its AST node. */
export function experimentHeader(node: C.ExperimentHeaderCstNode): A.ExperimentHeader {
  const c = node.children;
  return { name: word(c.Name?.[0]), title: stringLiteral(c.StringLiteral?.[0]), range: nodeRange(node) };
}

function list(node: C.ListCstNode | undefined): A.ListValue | null {
  if (!node) return null;
  const items: A.ListItem[] = [];
  for (const item of node.children.listItem ?? []) {
    const c = item.children;
    const range = nodeRange(item);
    if (c.Norm) {
      const value = numberLiteral(c.NumberLiteral?.[0]);
      if (value) items.push({ kind: 'norm', value, range });
    } else if (c.NumberLiteral) {
      const n = numberLiteral(c.NumberLiteral[0]);
      if (n) items.push(n);
    } else if (c.StringLiteral) {
      const s = stringLiteral(c.StringLiteral[0]);
      if (s) items.push(s);
    } else if (ok(c.Name?.[0])) items.push({ kind: 'name', text: c.Name[0].image, range });
  }
  return { kind: 'list', items, range: nodeRange(node) };
}

function atom(node: C.AtomCstNode): A.Atom | null {
  const c = node.children;
  if (c.NumberLiteral) return numberLiteral(c.NumberLiteral[0]);
  if (c.StringLiteral) return stringLiteral(c.StringLiteral[0]);
  if (c.Name) return ok(c.Name[0]) ? { kind: 'name', text: c.Name[0].image, range: tokenRange(c.Name[0]) } : null;
  if (c.list) return list(c.list[0]);
  if (c.map) {
    const entries = (c.map[0].children.mapEntry ?? []).flatMap((e) => {
      const names = e.children.Name ?? [];
      const key = e.children.StringLiteral ? stringLiteral(e.children.StringLiteral[0]) : null;
      const keyWord = key ? { text: key.value, range: key.range } : word(names[0]);
      const value = word(names[key ? 0 : 1]);
      return keyWord && value ? [{ key: keyWord, value }] : [];
    });
    return { kind: 'map', entries, range: nodeRange(c.map[0]) };
  }
  return null;
}

function call(node: C.CallCstNode | undefined): A.Call | null {
  if (!node) return null;
  const c = node.children;
  const range = nodeRange(node);
  const hasTarget = !!c.Dot && (c.Name?.length ?? 0) >= 2;
  const args = (c.argument ?? []).map((a) => ({
    atoms: (a.children.atom ?? []).map(atom).filter((x): x is A.Atom => x !== null),
    range: nodeRange(a),
  }));
  return { target: hasTarget ? word(c.Name[0]) : null, callee: mustWord(c.Name?.[hasTarget ? 1 : 0], range), args, range };
}

function layers(node: C.LayersCstNode | undefined): A.Layers | null {
  if (!node) return null;
  const c = node.children;
  const range = nodeRange(node);
  if (c.Conv) {
    const lists = c.list ?? [];
    return { kind: 'conv', filters: list(lists[0]), kernel: numberLiteral(c.NumberLiteral?.[0]), dense: c.Dense ? list(lists[1]) : null, range };
  }
  return { kind: 'dense', widths: list(c.list?.[0]), range };
}

function vaeSetting(node: C.VaeSettingCstNode): A.VaeSetting | null {
  const c = node.children;
  if (c.modeSetting) {
    const m = c.modeSetting[0].children;
    const keyword = mustWord((m.Single ?? m.PerClass)?.[0], nodeRange(c.modeSetting[0]));
    return { kind: 'mode', keyword, on: word(m.Name?.[0]), mixIn: numberLiteral(m.NumberLiteral?.[0]), mixInKeyword: word(m.MixIn?.[0]), range: nodeRange(node) };
  }
  if (c.latentSetting) {
    const m = c.latentSetting[0].children;
    return { kind: 'latent', keyword: mustWord(m.Latent?.[0], nodeRange(node)), value: numberLiteral(m.NumberLiteral?.[0]), range: nodeRange(node) };
  }
  if (c.betaSetting) {
    const m = c.betaSetting[0].children;
    return { kind: 'beta', keyword: mustWord(m.Beta?.[0], nodeRange(node)), norm: !!m.Norm, value: numberLiteral(m.NumberLiteral?.[0]), warmup: m.Warmup ? numberLiteral(after(m.NumberLiteral, m.Warmup[0])) : null, range: nodeRange(node) };
  }
  if (c.encoderSetting || c.decoderSetting) {
    const isEncoder = !!c.encoderSetting;
    const m = (c.encoderSetting ?? c.decoderSetting)![0].children as { Encoder?: IToken[]; Decoder?: IToken[]; layers?: C.LayersCstNode[] };
    return { kind: isEncoder ? 'encoder' : 'decoder', keyword: mustWord((m.Encoder ?? m.Decoder)?.[0], nodeRange(node)), layers: layers(m.layers?.[0]), range: nodeRange(node) };
  }
  if (c.activationSetting || c.likelihoodSetting) {
    const isActivation = !!c.activationSetting;
    const m = (c.activationSetting ?? c.likelihoodSetting)![0].children as { Activation?: IToken[]; Likelihood?: IToken[]; Name?: IToken[] };
    return { kind: isActivation ? 'activation' : 'likelihood', keyword: mustWord((m.Activation ?? m.Likelihood)?.[0], nodeRange(node)), value: word(m.Name?.[0]), range: nodeRange(node) };
  }
  if (c.trainSetting) {
    const m = c.trainSetting[0].children;
    const options = (m.trainOption ?? []).flatMap((o) => {
      const k = o.children.Steps ?? o.children.Epochs ?? o.children.Batch ?? o.children.Lr;
      const key = word(k?.[0]);
      return key ? [{ key, value: numberLiteral(o.children.NumberLiteral?.[0]) }] : [];
    });
    return { kind: 'train', keyword: mustWord(m.Train?.[0], nodeRange(node)), options, range: nodeRange(node) };
  }
  return null;
}

function classifierSetting(node: C.ClassifierSettingCstNode): A.ClassifierSetting | null {
  const c = node.children;
  const range = nodeRange(node);
  if (c.Mlp) return { kind: 'mlp', keyword: mustWord(c.Mlp[0], range), widths: list(c.list?.[0]), range };
  if (c.Cnn) return { kind: 'cnn', keyword: mustWord(c.Cnn[0], range), filters: list(c.list?.[0]), dense: c.Dense ? list(c.list?.[1]) : null, range };
  if (c.Logistic) return { kind: 'logistic', keyword: mustWord(c.Logistic[0], range), range };
  if (c.Batchnorm) return { kind: 'batchnorm', keyword: mustWord(c.Batchnorm[0], range), range };
  if (c.activationSetting) {
    const m = c.activationSetting[0].children;
    return { kind: 'activation', keyword: mustWord(m.Activation?.[0], range), value: word(m.Name?.[0]), range };
  }
  if (c.numberSetting) {
    const m = c.numberSetting[0].children;
    const key = (m.Dropout ?? m.Epochs ?? m.Batch ?? m.Lr)?.[0];
    const keyword = mustWord(key, range);
    return { kind: keyword.text as 'dropout' | 'epochs' | 'batch' | 'lr', keyword, value: numberLiteral(m.NumberLiteral?.[0]), range };
  }
  if (c.earlyStopSetting) {
    const m = c.earlyStopSetting[0].children;
    return { kind: 'early_stop', keyword: mustWord(m.EarlyStop?.[0], range), part: word(m.Name?.[0]), patience: numberLiteral(m.NumberLiteral?.[0]), range };
  }
  return null;
}

function gcSetting(node: C.GcSettingCstNode): A.GcSetting | null {
  const c = node.children;
  const range = nodeRange(node);
  const n = numberLiteral(c.NumberLiteral?.[0]);
  if (c.Noise) return { kind: 'noise', keyword: mustWord(c.Noise[0], range), sigma: n, range };
  if (c.EarlyCheckpoint) return { kind: 'early_checkpoint', keyword: mustWord(c.EarlyCheckpoint[0], range), step: n, range };
  if (c.Classifier) return { kind: 'classifier', keyword: mustWord(c.Classifier[0], range), name: word(c.Name?.[0]), range };
  if (c.Keep) return { kind: 'keep', keyword: mustWord(c.Keep[0], range), value: n, range };
  return null;
}

function armOption(node: C.ArmOptionCstNode): A.ArmOption | null {
  const c = node.children;
  const range = nodeRange(node);
  if (c.Count) {
    const value: A.NumberLiteral | A.NameAtom | null = c.NumberLiteral ? numberLiteral(c.NumberLiteral[0]) : ok(c.Name?.[0]) ? { kind: 'name', text: c.Name[0].image, range: tokenRange(c.Name[0]) } : null;
    return { kind: 'count', keyword: mustWord(c.Count[0], range), value, range };
  }
  if (c.Filter) return { kind: 'filter', keyword: mustWord(c.Filter[0], range), call: call(c.call?.[0]), name: word(c.Name?.[0]), range };
  if (c.OnlyGenerated) return { kind: 'only_generated', keyword: mustWord(c.OnlyGenerated[0], range), range };
  return null;
}

function reportItem(node: C.ReportItemCstNode): A.ReportItem | null {
  const c = node.children;
  const range = nodeRange(node);
  if (c.Table) return { kind: 'table', metric: word(c.Name?.[0]), rows: word(after(c.Name, c.Rows?.[0])), cols: word(after(c.Name, c.Cols?.[0])), range };
  if (c.Plot) return { kind: 'plot', metric: word(c.Name?.[0]), gain: !!c.Gain, over: word(after(c.Name, c.Over?.[0])), range };
  if (c.figureItem) {
    const f = c.figureItem[0].children;
    const keywordToken = (f.Latent ?? f.Samples ?? f.Interpolation ?? f.Reconstructions)?.[0];
    const keyword = mustWord(keywordToken, range);
    const target = f.StringLiteral ? stringLiteral(f.StringLiteral[0]) : null;
    return { kind: keyword.text as 'latent', keyword, target: target ? { text: target.value, range: target.range } : word(f.Name?.[0]), range };
  }
  return null;
}

const compact = <T>(xs: (T | null)[]): T[] => xs.filter((x): x is T => x !== null);

/** One statement CST node → its AST node (null if recovery left nothing usable). */
export function statement(node: C.StatementCstNode): A.Statement | null {
  const c = node.children;
  const range = nodeRange(node);
  const value = (s: { children: { NumberLiteral?: IToken[] } }, kind: 'seed' | 'repeats', k: IToken | undefined): A.ValueStatement => ({ kind, keyword: mustWord(k, range), value: numberLiteral(s.children.NumberLiteral?.[0]), range });
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
  if (c.classifierDeclaration) return block('classifier', c.classifierDeclaration[0], compact((c.classifierDeclaration[0].children.classifierSetting ?? []).map(classifierSetting)));
  if (c.gcDeclaration) return block('gc', c.gcDeclaration[0], compact((c.gcDeclaration[0].children.gcSetting ?? []).map(gcSetting)));
  if (c.sweepStatement) {
    const s = c.sweepStatement[0].children;
    const axis = word(s.Name?.[0]);
    if (!axis) return null;
    const ofNames = s.Of ? (s.Name ?? []).filter((t) => t.startOffset > s.Of![0].startOffset && (!s.In || t.startOffset < s.In[0].startOffset)) : [];
    return { kind: 'sweep', axis, of: compact(ofNames.map(word)), values: list(s.list?.[0]), perClass: word(s.PerClass?.[0]), from: s.From ? word(after(s.Name, s.From[0])) : null, range };
  }
  if (c.armDeclaration) {
    const a = c.armDeclaration[0].children;
    const nameString = stringLiteral(a.StringLiteral?.[0]);
    const name = nameString ? { text: nameString.value, range: nameString.range } : word(a.Name?.[0]);
    if (!name) return null;
    return { kind: 'arm', name, recipe: call(a.call?.[0]), plus: call(a.call?.[1]), options: compact((a.armOption ?? []).map(armOption)), range };
  }
  if (c.metricStatement) return { kind: 'metric', names: compact((c.metricStatement[0].children.Name ?? []).map(word)), range };
  if (c.reportDeclaration) {
    const r = c.reportDeclaration[0].children;
    return { kind: 'report', path: stringLiteral(r.StringLiteral?.[0]), template: r.Template ? stringLiteral(r.StringLiteral?.[1]) : null, items: compact((r.reportItem ?? []).map(reportItem)), range };
  }
  const part = (kind: A.PartStatement['kind'], n: { children: { Name?: IToken[] } }, k: IToken | undefined): A.PartStatement => ({ kind, keyword: mustWord(k, range), value: word(n.children.Name?.[0]), range });
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
  const setting: A.NumberLiteral | A.NameAtom | null = settingNumber ? numberLiteral(settingNumber) : valueName ? { kind: 'name', text: valueName.image, range: tokenRange(valueName) } : null;
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
