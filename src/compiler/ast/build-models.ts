/** CST → AST for the model blocks: vae, classifier and gc settings and layer stacks. */
import type { IToken } from 'chevrotain';
import type * as C from '../../../grammar/cst-types.ts';
import { list, mustWord, nodeRange, numberLiteral, word, after } from './build-values.ts';
import type * as A from './types.ts';

function layers(node: C.LayersCstNode | undefined): A.Layers | null {
  if (!node) return null;
  const c = node.children;
  const range = nodeRange(node);
  if (c.Conv) {
    const lists = c.list ?? [];
    return {
      kind: 'conv',
      filters: list(lists[0]),
      kernel: numberLiteral(c.NumberLiteral?.[0]),
      dense: c.Dense ? list(lists[1]) : null,
      range,
    };
  }
  return { kind: 'dense', widths: list(c.list?.[0]), range };
}

export function vaeSetting(node: C.VaeSettingCstNode): A.VaeSetting | null {
  const c = node.children;
  if (c.modeSetting) {
    const m = c.modeSetting[0].children;
    const keyword = mustWord((m.Single ?? m.PerClass)?.[0], nodeRange(c.modeSetting[0]));
    return {
      kind: 'mode',
      keyword,
      on: word(m.Name?.[0]),
      mixIn: numberLiteral(m.NumberLiteral?.[0]),
      mixInKeyword: word(m.MixIn?.[0]),
      range: nodeRange(node),
    };
  }
  if (c.latentSetting) {
    const m = c.latentSetting[0].children;
    return {
      kind: 'latent',
      keyword: mustWord(m.Latent?.[0], nodeRange(node)),
      value: numberLiteral(m.NumberLiteral?.[0]),
      range: nodeRange(node),
    };
  }
  if (c.betaSetting) {
    const m = c.betaSetting[0].children;
    return {
      kind: 'beta',
      keyword: mustWord(m.Beta?.[0], nodeRange(node)),
      norm: !!m.Norm,
      value: numberLiteral(m.NumberLiteral?.[0]),
      warmup: m.Warmup ? numberLiteral(after(m.NumberLiteral, m.Warmup[0])) : null,
      range: nodeRange(node),
    };
  }
  if (c.encoderSetting || c.decoderSetting) {
    const isEncoder = !!c.encoderSetting;
    const m = (c.encoderSetting ?? c.decoderSetting)![0].children as { Encoder?: IToken[]; Decoder?: IToken[]; layers?: C.LayersCstNode[] };
    return {
      kind: isEncoder ? 'encoder' : 'decoder',
      keyword: mustWord((m.Encoder ?? m.Decoder)?.[0], nodeRange(node)),
      layers: layers(m.layers?.[0]),
      range: nodeRange(node),
    };
  }
  if (c.activationSetting || c.likelihoodSetting) {
    const isActivation = !!c.activationSetting;
    const m = (c.activationSetting ?? c.likelihoodSetting)![0].children as {
      Activation?: IToken[];
      Likelihood?: IToken[];
      Name?: IToken[];
    };
    return {
      kind: isActivation ? 'activation' : 'likelihood',
      keyword: mustWord((m.Activation ?? m.Likelihood)?.[0], nodeRange(node)),
      value: word(m.Name?.[0]),
      range: nodeRange(node),
    };
  }
  if (c.trainSetting) return trainSetting(c.trainSetting[0], nodeRange(node));
  return null;
}

/** `train steps N epochs N batch B lr X` (any subset, any order), shared by vae and classifier blocks. */
function trainSetting(node: C.TrainSettingCstNode, range: A.Node['range']): A.VaeSetting & { kind: 'train' } {
  const m = node.children;
  const options = (m.trainOption ?? []).flatMap((o) => {
    const k = o.children.Steps ?? o.children.Epochs ?? o.children.Batch ?? o.children.Lr;
    const key = word(k?.[0]);
    return key ? [{ key, value: numberLiteral(o.children.NumberLiteral?.[0]) }] : [];
  });
  return { kind: 'train', keyword: mustWord(m.Train?.[0], range), options, range };
}

export function classifierSetting(node: C.ClassifierSettingCstNode): A.ClassifierSetting | null {
  const c = node.children;
  const range = nodeRange(node);
  if (c.Mlp) return { kind: 'mlp', keyword: mustWord(c.Mlp[0], range), widths: list(c.list?.[0]), range };
  if (c.Cnn)
    return {
      kind: 'cnn',
      keyword: mustWord(c.Cnn[0], range),
      filters: list(c.list?.[0]),
      dense: c.Dense ? list(c.list?.[1]) : null,
      range,
    };
  if (c.Logistic) return { kind: 'logistic', keyword: mustWord(c.Logistic[0], range), range };
  if (c.Batchnorm) return { kind: 'batchnorm', keyword: mustWord(c.Batchnorm[0], range), range };
  if (c.activationSetting) {
    const m = c.activationSetting[0].children;
    return { kind: 'activation', keyword: mustWord(m.Activation?.[0], range), value: word(m.Name?.[0]), range };
  }
  if (c.numberSetting) {
    const m = c.numberSetting[0].children;
    const key = (m.Dropout ?? m.WeightDecay ?? m.Epochs ?? m.Batch ?? m.Lr)?.[0];
    const keyword = mustWord(key, range);
    return {
      kind: keyword.text as 'dropout' | 'weight_decay' | 'epochs' | 'batch' | 'lr',
      keyword,
      value: numberLiteral(m.NumberLiteral?.[0]),
      perArm: word(m.PerArm?.[0]),
      range,
    };
  }
  if (c.trainSetting) return trainSetting(c.trainSetting[0], range);
  if (c.earlyStopSetting) {
    const m = c.earlyStopSetting[0].children;
    const every = m.Every ? numberLiteral(after(m.NumberLiteral, m.Every[0])) : null;
    const patience = m.Patience ? numberLiteral(after(m.NumberLiteral, m.Patience[0])) : null;
    return {
      kind: 'early_stop',
      keyword: mustWord(m.EarlyStop?.[0], range),
      part: word(m.Name?.[0]),
      every,
      patience,
      monitor: m.Monitor ? word(m.Name?.[1]) : null,
      off: word(m.Off?.[0]),
      range,
    };
  }
  return null;
}

export function gcSetting(node: C.GcSettingCstNode): A.GcSetting | null {
  const c = node.children;
  const range = nodeRange(node);
  const n = numberLiteral(c.NumberLiteral?.[0]);
  if (c.Noise) return { kind: 'noise', keyword: mustWord(c.Noise[0], range), sigma: n, range };
  if (c.EarlyCheckpoint) return { kind: 'early_checkpoint', keyword: mustWord(c.EarlyCheckpoint[0], range), step: n, range };
  if (c.Classifier) return { kind: 'classifier', keyword: mustWord(c.Classifier[0], range), name: word(c.Name?.[0]), range };
  if (c.Keep) return { kind: 'keep', keyword: mustWord(c.Keep[0], range), value: n, range };
  return null;
}
