/**
 * The models a spec declares, resolved: `vae`, `classifier` and `gc` blocks (and inline `gc(...)`
 * filters) as plan nodes with every default explicit and each GC's classifier looked up. What
 * needs the data (β_norm, epochs → steps) is left to lowering, per dataset and cell.
 */
import type * as A from '../ast/types.ts';
import { argumentsOf, numberArg, textArg } from './arguments.ts';
import { DEFAULTS, INLINE_GC } from '../language.ts';
import type { BetaPolicy, ClassifierNode, GcNode, Layers, VaeNode } from '../../plan/types.ts';

const numbers = (list: A.ListValue | null | undefined): number[] =>
  (list?.items ?? []).flatMap((i) => (i.kind === 'number' ? [i.value] : []));

function layersOf(layers: A.Layers): Layers {
  if (layers.kind === 'dense') return { kind: 'dense', widths: numbers(layers.widths) };
  return {
    kind: 'conv',
    filters: numbers(layers.filters),
    kernel: layers.kernel?.value ?? DEFAULTS.vae.convKernel,
    dense: numbers(layers.dense),
  };
}

/** The decoder mirrors the encoder when not given. */
function mirror(encoder: Layers): Layers {
  if (encoder.kind === 'dense') return { kind: 'dense', widths: [...encoder.widths].reverse() };
  return { kind: 'conv', filters: [...encoder.filters].reverse(), kernel: encoder.kernel, dense: [...encoder.dense].reverse() };
}

/**
 * A VAE with every default explicit. β_norm's `resolved` and epochs → steps need the data, so
 * lowering fills them in per dataset and cell (lower/models.ts); here `resolved` is 0 and `steps`
 * is the spec's steps (or the default).
 */
export function vaeOf(vae: A.VaeDeclaration, defaultTrainOn: string): VaeNode {
  const get = <K extends A.VaeSetting['kind']>(kind: K) => vae.settings.find((s): s is A.VaeSetting & { kind: K } => s.kind === kind);
  const mode = get('mode');
  const beta = get('beta');
  const encoder = get('encoder')?.layers ? layersOf(get('encoder')!.layers!) : structuredClone(DEFAULTS.vae.encoder);
  const decoder = get('decoder')?.layers ? layersOf(get('decoder')!.layers!) : mirror(encoder);
  const train = get('train')?.options ?? [];
  const option = (k: string) => train.find((o) => o.key.text === k)?.value?.value;
  const epochs = option('epochs') ?? null;
  const betaPolicy: BetaPolicy = beta?.norm
    ? { kind: 'norm', value: beta.value?.value ?? 1, resolved: 0 }
    : { kind: 'value', value: beta?.value?.value ?? DEFAULTS.vae.beta };
  const isPerClass = mode?.keyword.text === 'per_class';
  return {
    name: vae.name.text,
    mode: isPerClass ? 'per_class' : 'single',
    mixIn: isPerClass ? (mode?.mixIn?.value ?? DEFAULTS.vae.mixIn) : 0,
    trainOn: mode?.on?.text ?? defaultTrainOn,
    latent: get('latent')?.value?.value ?? DEFAULTS.vae.latent,
    beta: betaPolicy,
    betaWarmupSteps: beta?.warmup?.value ?? DEFAULTS.vae.betaWarmupSteps,
    encoder,
    decoder,
    activation: (get('activation')?.value?.text as VaeNode['activation']) ?? DEFAULTS.vae.activation,
    likelihood: (get('likelihood')?.value?.text as VaeNode['likelihood']) ?? DEFAULTS.vae.likelihood,
    train: {
      steps: option('steps') ?? DEFAULTS.vae.train.steps,
      epochs,
      batch: option('batch') ?? DEFAULTS.vae.train.batch,
      lr: option('lr') ?? DEFAULTS.vae.train.lr,
      optimizer: 'adam',
    },
  };
}

/**
 * A classifier block → ClassifierNode with every default explicit. `parts`: the parts every dataset
 * in use defines; with a `validation` part and no `early_stop` setting the classifier stops early on
 * it (the default), `early_stop off` trains the whole budget.
 */
export function classifierOf(classifier: A.ClassifierDeclaration, parts: readonly string[] = []): ClassifierNode {
  const node: ClassifierNode = { name: classifier.name.text, ...structuredClone(DEFAULTS.classifier) };
  let earlyStop: 'default' | 'set' = 'default';
  for (const s of classifier.settings) {
    switch (s.kind) {
      case 'mlp':
        node.kind = 'mlp';
        node.hidden = numbers(s.widths);
        break;
      case 'cnn':
        node.kind = 'cnn';
        node.convFilters = numbers(s.filters);
        node.hidden = s.dense ? numbers(s.dense) : [...DEFAULTS.classifier.hidden];
        break;
      case 'logistic':
        node.kind = 'logistic';
        node.hidden = [];
        break;
      case 'activation':
        if (s.value) node.activation = s.value.text as ClassifierNode['activation'];
        break;
      case 'batchnorm':
        node.batchNorm = true;
        break;
      case 'epochs':
        if (s.value) setBudget(node, 'epochs', s.value.value);
        if (s.perArm) node.epochsPer = 'arm';
        break;
      case 'train':
        for (const o of s.options) {
          if (!o.value) continue;
          if (o.key.text === 'steps' || o.key.text === 'epochs') setBudget(node, o.key.text, o.value.value);
          else if (o.key.text === 'batch' || o.key.text === 'lr') node[o.key.text] = o.value.value;
        }
        break;
      case 'dropout':
      case 'batch':
      case 'lr':
        if (s.value) node[s.kind] = s.value.value;
        break;
      case 'weight_decay':
        if (s.value) node.weightDecay = s.value.value;
        break;
      case 'early_stop':
        earlyStop = 'set';
        node.earlyStopping = s.off
          ? null
          : {
              part: s.part?.text ?? 'validation',
              every: s.every?.value ?? DEFAULTS.every,
              patience: s.patience?.value ?? DEFAULTS.patience,
              monitor: s.monitor?.text === 'weighted_f1' ? 'weighted_f1' : 'loss',
            };
        break;
    }
  }
  if (earlyStop === 'default' && parts.includes(DEFAULTS.validationPart))
    node.earlyStopping = { part: DEFAULTS.validationPart, every: DEFAULTS.every, patience: DEFAULTS.patience, monitor: 'loss' };
  return node;
}

/** `train steps N` or `epochs N`: the one budget of the classifier (the checker rejects both). */
function setBudget(node: ClassifierNode, kind: 'steps' | 'epochs', value: number): void {
  node.steps = kind === 'steps' ? value : null;
  node.epochs = kind === 'epochs' ? value : null;
}

function gcClassifier(name: string | undefined, gcName: string, classifiers: Map<string, ClassifierNode>): ClassifierNode {
  const named = name ? classifiers.get(name) : undefined;
  return named ? structuredClone(named) : { name: `${gcName}_classifier`, ...structuredClone(DEFAULTS.gcClassifier) };
}

/** A gc block → GcNode (its classifier resolved, or the default GC classifier). */
export function gcOf(gc: A.GcDeclaration, classifiers: Map<string, ClassifierNode>): GcNode {
  let negatives: GcNode['negatives'] = { ...DEFAULTS.gc.negatives };
  let keep = DEFAULTS.gc.keep;
  let classifierName: string | undefined;
  for (const s of gc.settings) {
    if (s.kind === 'noise') negatives = { kind: 'noise', sigma: s.sigma?.value ?? 0.1 };
    if (s.kind === 'early_checkpoint') negatives = { kind: 'early_checkpoint', step: s.step?.value ?? 1 };
    if (s.kind === 'keep' && s.value) keep = s.value.value;
    if (s.kind === 'classifier') classifierName = s.name?.text;
  }
  return { name: gc.name.text, negatives, classifier: gcClassifier(classifierName, gc.name.text, classifiers), keep };
}

/** An inline `filter gc(...)` of an arm, named after the arm. */
export function inlineGcOf(call: A.Call, name: string, classifiers: Map<string, ClassifierNode>): GcNode {
  const { map } = argumentsOf(call, INLINE_GC);
  const negatives: GcNode['negatives'] = map.has('early_checkpoint')
    ? { kind: 'early_checkpoint', step: numberArg(map, 'early_checkpoint', 1) }
    : { kind: 'noise', sigma: numberArg(map, 'noise', DEFAULTS.gc.negatives.sigma) };
  return {
    name,
    negatives,
    classifier: gcClassifier(textArg(map, 'classifier'), name, classifiers),
    keep: numberArg(map, 'keep', DEFAULTS.gc.keep),
  };
}
