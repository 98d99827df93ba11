/**
 * The .aug grammar: a Chevrotain `CstParser` with error recovery on, so a spec with several
 * syntax errors reports all of them in one run. Rules are class fields (a typo in a SUBRULE is a
 * compile error) and named in camelCase to match the visitor in src/compiler/ast/build.ts.
 *
 * The grammar is deliberately shallow: values (numbers, strings, names, lists) are parsed here
 * and their meaning (is `alpha` a known argument? is `[2, 0]` a valid layer list?) is checked by
 * src/compiler/check, which gives better messages than a parse error could.
 */
import { CstParser, type CstNode, type IParserErrorMessageProvider, type IToken } from 'chevrotain';
import * as T from './tokens.ts';

export class AugParser extends CstParser {
  constructor(errorMessageProvider?: IParserErrorMessageProvider) {
    super(T.allTokens, { recoveryEnabled: true, maxLookahead: 3, nodeLocationTracking: 'full', ...(errorMessageProvider ? { errorMessageProvider } : {}) });
    this.performSelfAnalysis();
  }

  /** spec := experiment NAME STRING? { statement* } */
  spec = this.RULE('spec', () => {
    this.SUBRULE(this.experimentHeader);
    this.MANY(() => this.SUBRULE(this.statement));
    this.CONSUME(T.RCurly);
  });

  experimentHeader = this.RULE('experimentHeader', () => {
    this.CONSUME(T.Experiment);
    this.CONSUME(T.Name);
    this.OPTION(() => this.CONSUME(T.StringLiteral));
    this.CONSUME(T.LCurly);
  });

  statement = this.RULE('statement', () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.seedStatement) },
      { ALT: () => this.SUBRULE(this.repeatsStatement) },
      { ALT: () => this.SUBRULE(this.dataDeclaration) },
      { ALT: () => this.SUBRULE(this.splitStatement) },
      { ALT: () => this.SUBRULE(this.vaeDeclaration) },
      { ALT: () => this.SUBRULE(this.classifierDeclaration) },
      { ALT: () => this.SUBRULE(this.gcDeclaration) },
      { ALT: () => this.SUBRULE(this.sweepStatement) },
      { ALT: () => this.SUBRULE(this.armDeclaration) },
      { ALT: () => this.SUBRULE(this.metricStatement) },
      { ALT: () => this.SUBRULE(this.reportDeclaration) },
      { ALT: () => this.SUBRULE(this.trainOnStatement) },
      { ALT: () => this.SUBRULE(this.testOnStatement) },
      { ALT: () => this.SUBRULE(this.classifyStatement) },
    ]);
  });

  seedStatement = this.RULE('seedStatement', () => {
    this.CONSUME(T.Seed);
    this.CONSUME(T.NumberLiteral);
  });

  repeatsStatement = this.RULE('repeatsStatement', () => {
    this.CONSUME(T.Repeats);
    this.CONSUME(T.NumberLiteral);
  });

  /** data NAME = source(args) [scale minmax|standardize|none] */
  dataDeclaration = this.RULE('dataDeclaration', () => {
    this.CONSUME(T.Data);
    this.CONSUME(T.Name);
    this.CONSUME(T.Equals);
    this.SUBRULE(this.call);
    this.OPTION(() => {
      this.CONSUME(T.Scale);
      this.CONSUME2(T.Name);
    });
  });

  /** split NAME partition | split NAME stratified { part ratio, ... } */
  splitStatement = this.RULE('splitStatement', () => {
    this.CONSUME(T.Split);
    this.CONSUME(T.Name);
    this.OR([
      { ALT: () => this.CONSUME(T.Partition) },
      {
        ALT: () => {
          this.CONSUME(T.Stratified);
          this.CONSUME(T.LCurly);
          this.MANY_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.ratio) });
          this.CONSUME(T.RCurly);
        },
      },
    ]);
  });

  ratio = this.RULE('ratio', () => {
    this.CONSUME(T.Name);
    this.CONSUME(T.NumberLiteral);
  });

  /** NAME[.NAME](arg, ...) — a data source, a recipe or an inline filter */
  call = this.RULE('call', () => {
    this.CONSUME(T.Name);
    this.OPTION(() => {
      this.CONSUME(T.Dot);
      this.CONSUME2(T.Name);
    });
    this.CONSUME(T.LParen);
    this.MANY_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.argument) });
    this.CONSUME(T.RParen);
  });

  /** an argument is a run of atoms: `"thyroid"`, `alpha 1.0`, `noise sigma 0.1` */
  argument = this.RULE('argument', () => {
    this.AT_LEAST_ONE(() => this.SUBRULE(this.atom));
  });

  atom = this.RULE('atom', () => {
    this.OR([
      { ALT: () => this.CONSUME(T.NumberLiteral) },
      { ALT: () => this.CONSUME(T.StringLiteral) },
      { ALT: () => this.CONSUME(T.Name) },
      { ALT: () => this.SUBRULE(this.list) },
      { ALT: () => this.SUBRULE(this.map) },
    ]);
  });

  /** [item, ...] — flat: items are numbers, `norm X`, strings or names (never lists) */
  list = this.RULE('list', () => {
    this.CONSUME(T.LBracket);
    this.MANY_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.listItem) });
    this.CONSUME(T.RBracket);
  });

  listItem = this.RULE('listItem', () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.Norm);
          this.CONSUME(T.NumberLiteral);
        },
      },
      { ALT: () => this.CONSUME2(T.NumberLiteral) },
      { ALT: () => this.CONSUME(T.StringLiteral) },
      { ALT: () => this.CONSUME(T.Name) },
    ]);
  });

  /** { column type, ... } — csv column types */
  map = this.RULE('map', () => {
    this.CONSUME(T.LCurly);
    this.MANY_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.mapEntry) });
    this.CONSUME(T.RCurly);
  });

  mapEntry = this.RULE('mapEntry', () => {
    this.OR([{ ALT: () => this.CONSUME(T.Name) }, { ALT: () => this.CONSUME(T.StringLiteral) }]);
    this.CONSUME2(T.Name);
  });

  vaeDeclaration = this.RULE('vaeDeclaration', () => {
    this.CONSUME(T.Vae);
    this.CONSUME(T.Name);
    this.CONSUME(T.LCurly);
    this.MANY(() => this.SUBRULE(this.vaeSetting));
    this.CONSUME(T.RCurly);
  });

  vaeSetting = this.RULE('vaeSetting', () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.modeSetting) },
      { ALT: () => this.SUBRULE(this.latentSetting) },
      { ALT: () => this.SUBRULE(this.betaSetting) },
      { ALT: () => this.SUBRULE(this.encoderSetting) },
      { ALT: () => this.SUBRULE(this.decoderSetting) },
      { ALT: () => this.SUBRULE(this.activationSetting) },
      { ALT: () => this.SUBRULE(this.likelihoodSetting) },
      { ALT: () => this.SUBRULE(this.trainSetting) },
    ]);
  });

  /** single on PART | per_class on PART [mix_in X] */
  modeSetting = this.RULE('modeSetting', () => {
    this.OR([{ ALT: () => this.CONSUME(T.Single) }, { ALT: () => this.CONSUME(T.PerClass) }]);
    this.CONSUME(T.On);
    this.CONSUME(T.Name);
    this.OPTION(() => {
      this.CONSUME(T.MixIn);
      this.CONSUME(T.NumberLiteral);
    });
  });

  latentSetting = this.RULE('latentSetting', () => {
    this.CONSUME(T.Latent);
    this.CONSUME(T.NumberLiteral);
  });

  /** beta X | beta norm X, then optionally warmup STEPS */
  betaSetting = this.RULE('betaSetting', () => {
    this.CONSUME(T.Beta);
    this.OPTION(() => this.CONSUME(T.Norm));
    this.CONSUME(T.NumberLiteral);
    this.OPTION2(() => {
      this.CONSUME(T.Warmup);
      this.CONSUME2(T.NumberLiteral);
    });
  });

  encoderSetting = this.RULE('encoderSetting', () => {
    this.CONSUME(T.Encoder);
    this.SUBRULE(this.layers);
  });

  decoderSetting = this.RULE('decoderSetting', () => {
    this.CONSUME(T.Decoder);
    this.SUBRULE(this.layers);
  });

  /** dense [widths] | conv [filters] [kernel K] [dense [widths]] */
  layers = this.RULE('layers', () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.Dense);
          this.SUBRULE(this.list);
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.Conv);
          this.SUBRULE2(this.list);
          this.OPTION(() => {
            this.CONSUME(T.Kernel);
            this.CONSUME(T.NumberLiteral);
          });
          this.OPTION2(() => {
            this.CONSUME2(T.Dense);
            this.SUBRULE3(this.list);
          });
        },
      },
    ]);
  });

  activationSetting = this.RULE('activationSetting', () => {
    this.CONSUME(T.Activation);
    this.CONSUME(T.Name);
  });

  likelihoodSetting = this.RULE('likelihoodSetting', () => {
    this.CONSUME(T.Likelihood);
    this.CONSUME(T.Name);
  });

  /** train steps N | epochs N, batch B, lr X — in any order */
  trainSetting = this.RULE('trainSetting', () => {
    this.CONSUME(T.Train);
    this.AT_LEAST_ONE(() => this.SUBRULE(this.trainOption));
  });

  trainOption = this.RULE('trainOption', () => {
    this.OR([{ ALT: () => this.CONSUME(T.Steps) }, { ALT: () => this.CONSUME(T.Epochs) }, { ALT: () => this.CONSUME(T.Batch) }, { ALT: () => this.CONSUME(T.Lr) }]);
    this.CONSUME(T.NumberLiteral);
  });

  classifierDeclaration = this.RULE('classifierDeclaration', () => {
    this.CONSUME(T.Classifier);
    this.CONSUME(T.Name);
    this.CONSUME(T.LCurly);
    this.MANY(() => this.SUBRULE(this.classifierSetting));
    this.CONSUME(T.RCurly);
  });

  classifierSetting = this.RULE('classifierSetting', () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.Mlp);
          this.SUBRULE(this.list);
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.Cnn);
          this.SUBRULE2(this.list);
          this.OPTION(() => {
            this.CONSUME(T.Dense);
            this.SUBRULE3(this.list);
          });
        },
      },
      { ALT: () => this.CONSUME(T.Logistic) },
      { ALT: () => this.SUBRULE(this.activationSetting) },
      { ALT: () => this.CONSUME(T.Batchnorm) },
      { ALT: () => this.SUBRULE(this.numberSetting) },
      { ALT: () => this.SUBRULE(this.earlyStopSetting) },
    ]);
  });

  /** dropout X | epochs N | batch B | lr X */
  numberSetting = this.RULE('numberSetting', () => {
    this.OR([{ ALT: () => this.CONSUME(T.Dropout) }, { ALT: () => this.CONSUME(T.Epochs) }, { ALT: () => this.CONSUME(T.Batch) }, { ALT: () => this.CONSUME(T.Lr) }]);
    this.CONSUME(T.NumberLiteral);
  });

  earlyStopSetting = this.RULE('earlyStopSetting', () => {
    this.CONSUME(T.EarlyStop);
    this.CONSUME(T.On);
    this.CONSUME(T.Name);
    this.OPTION(() => {
      this.CONSUME(T.Patience);
      this.CONSUME(T.NumberLiteral);
    });
  });

  gcDeclaration = this.RULE('gcDeclaration', () => {
    this.CONSUME(T.Gc);
    this.CONSUME(T.Name);
    this.CONSUME(T.LCurly);
    this.MANY(() => this.SUBRULE(this.gcSetting));
    this.CONSUME(T.RCurly);
  });

  /** noise sigma S | early_checkpoint step T | classifier NAME | keep X */
  gcSetting = this.RULE('gcSetting', () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.Noise);
          this.CONSUME(T.Sigma);
          this.CONSUME(T.NumberLiteral);
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.EarlyCheckpoint);
          this.CONSUME(T.Step);
          this.CONSUME2(T.NumberLiteral);
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.Classifier);
          this.CONSUME(T.Name);
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.Keep);
          this.CONSUME3(T.NumberLiteral);
        },
      },
    ]);
  });

  /** sweep AXIS [of VAE, ...] in [values] [per_class] [from PART] */
  sweepStatement = this.RULE('sweepStatement', () => {
    this.CONSUME(T.Sweep);
    this.CONSUME(T.Name);
    this.OPTION(() => {
      this.CONSUME(T.Of);
      this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.CONSUME2(T.Name) });
    });
    this.CONSUME(T.In);
    this.SUBRULE(this.list);
    this.OPTION2(() => this.CONSUME(T.PerClass));
    this.OPTION3(() => {
      this.CONSUME(T.From);
      this.CONSUME3(T.Name);
    });
  });

  /** arm NAME | arm NAME = recipe [+ recipe] [count C] [filter F] [only_generated] */
  armDeclaration = this.RULE('armDeclaration', () => {
    this.CONSUME(T.Arm);
    this.OR([{ ALT: () => this.CONSUME(T.Name) }, { ALT: () => this.CONSUME(T.StringLiteral) }]);
    this.OPTION(() => {
      this.CONSUME(T.Equals);
      this.SUBRULE(this.call);
      this.OPTION2(() => {
        this.CONSUME(T.Plus);
        this.SUBRULE2(this.call);
      });
      this.MANY(() => this.SUBRULE(this.armOption));
    });
  });

  armOption = this.RULE('armOption', () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.Count);
          this.OR2([{ ALT: () => this.CONSUME(T.NumberLiteral) }, { ALT: () => this.CONSUME(T.Name) }]);
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.Filter);
          this.OR3([{ ALT: () => this.SUBRULE(this.call) }, { ALT: () => this.CONSUME2(T.Name) }]);
        },
      },
      { ALT: () => this.CONSUME(T.OnlyGenerated) },
    ]);
  });

  metricStatement = this.RULE('metricStatement', () => {
    this.CONSUME(T.Metric);
    this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.CONSUME(T.Name) });
  });

  /** report "path" [template "path"] [{ items }] */
  reportDeclaration = this.RULE('reportDeclaration', () => {
    this.CONSUME(T.Report);
    this.CONSUME(T.StringLiteral);
    this.OPTION(() => {
      this.CONSUME(T.Template);
      this.CONSUME2(T.StringLiteral);
    });
    this.OPTION2(() => {
      this.CONSUME(T.LCurly);
      this.MANY(() => this.SUBRULE(this.reportItem));
      this.CONSUME(T.RCurly);
    });
  });

  reportItem = this.RULE('reportItem', () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.Table);
          this.CONSUME(T.Name);
          this.OPTION(() => {
            this.CONSUME(T.Rows);
            this.CONSUME2(T.Name);
          });
          this.OPTION2(() => {
            this.CONSUME(T.Cols);
            this.CONSUME3(T.Name);
          });
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.Plot);
          this.CONSUME4(T.Name);
          this.OPTION3(() => this.CONSUME(T.Gain));
          this.CONSUME(T.Over);
          this.CONSUME5(T.Name);
        },
      },
      { ALT: () => this.SUBRULE(this.figureItem) },
    ]);
  });

  /** latent VAE | samples ARM | interpolation VAE | reconstructions VAE */
  figureItem = this.RULE('figureItem', () => {
    this.OR([
      { ALT: () => this.CONSUME(T.Latent) },
      { ALT: () => this.CONSUME(T.Samples) },
      { ALT: () => this.CONSUME(T.Interpolation) },
      { ALT: () => this.CONSUME(T.Reconstructions) },
    ]);
    this.OR2([{ ALT: () => this.CONSUME(T.Name) }, { ALT: () => this.CONSUME(T.StringLiteral) }]);
  });

  trainOnStatement = this.RULE('trainOnStatement', () => {
    this.CONSUME(T.Train);
    this.CONSUME(T.On);
    this.CONSUME(T.Name);
  });

  testOnStatement = this.RULE('testOnStatement', () => {
    this.CONSUME(T.Test);
    this.CONSUME(T.On);
    this.CONSUME(T.Name);
  });

  classifyStatement = this.RULE('classifyStatement', () => {
    this.CONSUME(T.Classify);
    this.CONSUME(T.With);
    this.CONSUME(T.Name);
  });
}

