/**
 * Hover: what the compiler knows about the word under the cursor. A declared name shows its
 * resolved meaning (a dataset's rows, classes and columns from its metadata; a VAE's settings
 * after defaults, with β_norm's value per dataset; an arm's recipe, count and filter; a
 * classifier's settings), a keyword or option shows the language reference's text.
 */
import type { Plan, TrainVaeTask, VaeNode } from '../plan/types.ts';
import type { DatasetMetadata } from '../plan/dataset-metadata.ts';
import type { SourceRange } from '../compiler/diagnostics/diagnostic.ts';
import { DEFAULTS } from '../compiler/language.ts';
import { tokenAt, type DocumentAnalysis } from './document-analysis.ts';
import { referenceDoc } from './reference-docs.ts';
import { indexSymbols, symbolAt, type IndexedSymbol } from './symbol-index.ts';

export interface HoverText {
  markdown: string;
  range: SourceRange;
}

/** At most this many columns are listed (PROBEN1 gene has 120). */
const MAX_COLUMNS = 12;

const fixed = (x: number) => (Number.isInteger(x) ? String(x) : x.toPrecision(4).replace(/\.?0+$/, ''));
const plural = (n: number, word: string) => `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;

/** Rows, classes, features and columns of a dataset. */
export function datasetHover(name: string, source: string, m: DatasetMetadata): string {
  const classes = m.classes.map((c) => `${c.label} (${c.count})`).join(', ');
  const lines = [
    `**data ${name}** = \`${source}\``,
    `${plural(m.rows, 'row')}, ${plural(m.classes.length, 'class').replace('classs', 'classes')}: ${classes}`,
    m.imageShape
      ? `images ${m.imageShape.join('×')}`
      : `${plural(m.features, 'feature')} (${m.encodedFeatures} after encoding: N of β\\_norm)`,
  ];
  const parts = Object.entries(m.parts);
  if (parts.length) lines.push(`own partition: ${parts.map(([p, n]) => `${p} ${n}`).join(', ')}`);
  if (m.columns.length) {
    const shown = m.columns.slice(0, MAX_COLUMNS).map((c) => `\`${c.name}\` ${c.type}`);
    lines.push(`columns: ${shown.join(', ')}${m.columns.length > MAX_COLUMNS ? `, … (${m.columns.length} in all)` : ''}`);
  }
  return lines.join('\n\n');
}

function layers(l: VaeNode['encoder']): string {
  return l.kind === 'dense'
    ? `dense [${l.widths.join(', ')}]`
    : `conv [${l.filters.join(', ')}] kernel ${l.kernel} dense [${l.dense.join(', ')}]`;
}

/** β per dataset: from the plan's train_vae tasks when it compiled, else β_norm = value·d/N from the metadata. */
function betaLines(vae: VaeNode, plan: Plan | null, metadata: Map<string, DatasetMetadata>): string[] {
  if (vae.beta.kind === 'value') return [`β = ${fixed(vae.beta.value)}`];
  const scale = vae.beta.value;
  const perDataset = new Map<string, Set<number>>();
  for (const task of plan?.tasks ?? []) {
    if (task.kind !== 'train_vae' || (task as TrainVaeTask).vae.name !== vae.name) continue;
    const t = task as TrainVaeTask;
    perDataset.set(t.dataset, (perDataset.get(t.dataset) ?? new Set()).add(t.vae.betaValue));
  }
  if (perDataset.size === 0) for (const [name, m] of metadata) perDataset.set(name, new Set([(scale * vae.latent) / m.encodedFeatures]));
  const values = [...perDataset].map(([d, v]) => `${d}: ${[...v].map(fixed).join(', ')}`);
  return [
    `β = β\\_norm = ${fixed(scale)}·d/N${values.length ? ` → ${values.join('; ')}` : ' (N unknown: the dataset metadata could not be read)'}`,
  ];
}

/** The VAE as the plan has it, or its written settings over the defaults when the spec has errors. */
function resolvedVae(name: string, a: DocumentAnalysis): VaeNode {
  const planned = a.result.plan?.vaes.find((v) => v.name === name);
  if (planned) return planned;
  const d = DEFAULTS.vae;
  const vae: VaeNode = {
    name,
    mode: d.mode,
    mixIn: d.mixIn,
    trainOn: 'train',
    latent: d.latent,
    beta: { kind: 'value', value: d.beta },
    betaWarmupSteps: d.betaWarmupSteps,
    encoder: d.encoder,
    decoder: d.encoder,
    activation: d.activation,
    likelihood: d.likelihood,
    train: { ...d.train },
  };
  let decoderWritten = false;
  for (const s of a.symbols.vaes.get(name)?.settings ?? []) {
    if (s.kind === 'mode') Object.assign(vae, { mode: s.keyword.text, trainOn: s.on?.text ?? vae.trainOn, mixIn: s.mixIn?.value ?? 0 });
    else if (s.kind === 'latent' && s.value) vae.latent = s.value.value;
    else if (s.kind === 'beta' && s.value)
      vae.beta = s.norm ? { kind: 'norm', value: s.value.value, resolved: 0 } : { kind: 'value', value: s.value.value };
    else if (s.kind === 'likelihood' || s.kind === 'activation') Object.assign(vae, { [s.kind]: s.value?.text ?? vae[s.kind] });
    else if ((s.kind === 'encoder' || s.kind === 'decoder') && s.layers) {
      const numbers = (l: { items: { kind: string; value?: unknown }[] } | null) =>
        (l?.items ?? []).flatMap((i) => (i.kind === 'number' ? [i.value as number] : []));
      const l = s.layers;
      const layers: VaeNode['encoder'] =
        l.kind === 'dense'
          ? { kind: 'dense', widths: numbers(l.widths) }
          : { kind: 'conv', filters: numbers(l.filters), kernel: l.kernel?.value ?? DEFAULTS.vae.convKernel, dense: numbers(l.dense) };
      vae[s.kind] = layers;
      decoderWritten ||= s.kind === 'decoder';
    } else if (s.kind === 'train') {
      for (const o of s.options)
        if (o.value && ['steps', 'epochs', 'batch', 'lr'].includes(o.key.text)) Object.assign(vae.train, { [o.key.text]: o.value.value });
    }
  }
  // the decoder mirrors the encoder unless written
  if (!decoderWritten && vae.encoder.kind === 'dense') vae.decoder = { kind: 'dense', widths: [...vae.encoder.widths].reverse() };
  return vae;
}

function vaeHover(name: string, a: DocumentAnalysis): string {
  const v = resolvedVae(name, a);
  const train = v.train.epochs !== null ? `epochs ${v.train.epochs}` : `steps ${v.train.steps}`;
  return [
    `**vae ${name}**${a.result.plan ? '' : ' (settings as written; the spec does not compile yet)'}`,
    `${v.mode} on ${v.trainOn}${v.mode === 'per_class' ? ` mix_in ${v.mixIn}` : ''} · latent d = ${v.latent} · ${v.likelihood} likelihood · ${v.activation}`,
    ...betaLines(v, a.result.plan, a.metadata),
    `encoder ${layers(v.encoder)} · decoder ${layers(v.decoder)}`,
    `train ${train} batch ${v.train.batch} lr ${v.train.lr} (${v.train.optimizer})${v.betaWarmupSteps ? ` · β warm-up ${v.betaWarmupSteps} steps` : ''}`,
  ].join('\n\n');
}

function armHover(name: string, a: DocumentAnalysis): string {
  const decl = a.symbols.arms.get(name);
  const written = decl ? a.text.slice(decl.range.start.offset, decl.range.end.offset) : `arm ${name}`;
  const lines = [`**arm ${name}**`, `\`\`\`aug\n${written}\n\`\`\``];
  const arm = a.result.plan?.arms.find((x) => x.name === name);
  if (arm) {
    if (arm.kind === 'baseline') lines.push('baseline: the originals only');
    else {
      const recipe = arm.recipe
        ? `${arm.recipe.kind}(${Object.entries(arm.recipe)
            .filter(([k]) => k !== 'kind')
            .map(([k, v]) => `${k} ${v}`)
            .join(', ')})`
        : '—';
      const count = !arm.count
        ? 'same'
        : arm.count.kind === 'fixed'
          ? `${arm.count.perClass} per class`
          : arm.count.kind === 'axis'
            ? `the '${arm.count.axis}' axis`
            : arm.count.kind;
      lines.push(
        `recipe ${arm.vae ? `${arm.vae}.` : ''}${recipe}${arm.plusNoise ? ` + noise(alpha ${arm.plusNoise.alpha})` : ''} · count ${count} · filter ${arm.filter ?? 'none'}${arm.onlyGenerated ? ' · only generated' : ''}`,
      );
    }
  }
  return lines.join('\n\n');
}

function classifierHover(name: string, a: DocumentAnalysis): string {
  const c =
    a.result.plan?.classifiers.find((x) => x.name === name) ?? a.result.plan?.gcs.find((g) => g.classifier.name === name)?.classifier;
  if (!c) return `**classifier ${name}**`;
  const used = a.result.plan?.classifier === name ? ' (evaluates the arms)' : '';
  const budget = Object.entries(c)
    .filter(([k, v]) => ['epochs', 'steps', 'batch', 'lr'].includes(k) && v !== null && v !== undefined)
    .map(([k, v]) => `${k} ${v}`)
    .join(' ');
  return [
    `**classifier ${name}**${used}`,
    `${c.kind} [${c.hidden.join(', ')}] · ${c.activation}${c.batchNorm ? ' · batch norm' : ''} · dropout ${c.dropout}`,
    `${budget} (${c.optimizer})`,
  ].join('\n\n');
}

function symbolHover(symbol: IndexedSymbol, a: DocumentAnalysis): string {
  switch (symbol.kind) {
    case 'data': {
      const m = a.metadata.get(symbol.name);
      const decl = a.symbols.datasets.get(symbol.name);
      const source = decl?.source ? a.text.slice(decl.source.range.start.offset, decl.source.range.end.offset) : '?';
      return m
        ? datasetHover(symbol.name, source, m)
        : `**data ${symbol.name}** = \`${source}\`\n\n(metadata not available: see the diagnostics)`;
    }
    case 'vae':
      return vaeHover(symbol.name, a);
    case 'arm':
      return armHover(symbol.name, a);
    case 'classifier':
      return classifierHover(symbol.name, a);
    case 'gc': {
      const g = a.result.plan?.gcs.find((x) => x.name === symbol.name);
      const negatives = g
        ? g.negatives.kind === 'noise'
          ? `noise sigma ${g.negatives.sigma}`
          : `early_checkpoint step ${g.negatives.step}`
        : '';
      return `**gc ${symbol.name}**${g ? `\n\nnegatives: ${negatives} · keep ${g.keep} · classifier ${g.classifier.name}` : ''}`;
    }
    case 'axis': {
      const axis = a.result.plan?.axes.find((x) => x.name === symbol.name);
      return `**sweep ${symbol.name}**${axis ? `\n\nvalues: ${axis.values.map((v) => (typeof v === 'object' ? `${v.kind} ${v.value}` : v)).join(', ')}` : ''}`;
    }
    case 'part': {
      const rows = [...a.metadata].flatMap(([d, m]) =>
        m.parts[symbol.name as 'train'] !== undefined ? [`${d}: ${m.parts[symbol.name as 'train']} rows`] : [],
      );
      return `**part ${symbol.name}**${rows.length ? `\n\n${rows.join('; ')}` : ''}`;
    }
  }
}

/** The hover at a character offset, or undefined when there is nothing to say. */
export function hoverAt(a: DocumentAnalysis, offset: number): HoverText | undefined {
  const found = symbolAt(indexSymbols(a.spec), offset);
  if (found) return { markdown: symbolHover(found.symbol, a), range: found.range };
  const token = tokenAt(a.tokens, offset);
  if (!token || !/^[A-Za-z_]/.test(token.image)) return undefined;
  const markdown = referenceDoc(token.image);
  if (!markdown) return undefined;
  const range: SourceRange = {
    start: { line: token.startLine ?? 1, column: token.startColumn ?? 1, offset: token.startOffset },
    end: { line: token.endLine ?? 1, column: (token.endColumn ?? 0) + 1, offset: (token.endOffset ?? token.startOffset) + 1 },
  };
  return { markdown, range };
}
