/**
 * Grammar rules for the model blocks: `vae NAME { … }`, `classifier NAME { … }`, `gc NAME { … }`
 * and their settings. Extends the value rules; extended by the statement grammar in parser.ts.
 */
import type { IParserConfig } from 'chevrotain';
import * as T from './tokens.ts';
import { AugValueRules } from './value-rules.ts';

/** vae, classifier and gc blocks and their settings. */
export class AugModelRules extends AugValueRules {
  constructor(config?: IParserConfig) {
    super(config);
  }

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
    this.OR([
      { ALT: () => this.CONSUME(T.Steps) },
      { ALT: () => this.CONSUME(T.Epochs) },
      { ALT: () => this.CONSUME(T.Batch) },
      { ALT: () => this.CONSUME(T.Lr) },
    ]);
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
      { ALT: () => this.SUBRULE(this.trainSetting) },
      { ALT: () => this.SUBRULE(this.earlyStopSetting) },
    ]);
  });

  /**
   * dropout X | weight_decay X | epochs N [per_arm] | batch B | lr X. `per_arm` (epochs over each arm's own rows, the
   * confounded budget) is parsed after any of them so the CST stays one shape; the checker accepts it
   * only after `epochs`.
   */
  numberSetting = this.RULE('numberSetting', () => {
    this.OR([
      { ALT: () => this.CONSUME(T.Dropout) },
      { ALT: () => this.CONSUME(T.WeightDecay) },
      { ALT: () => this.CONSUME(T.Epochs) },
      { ALT: () => this.CONSUME(T.Batch) },
      { ALT: () => this.CONSUME(T.Lr) },
    ]);
    this.CONSUME(T.NumberLiteral);
    this.OPTION(() => this.CONSUME(T.PerArm));
  });

  /** early_stop on PART [every K steps] [patience P] [monitor loss|weighted_f1] | early_stop off */
  earlyStopSetting = this.RULE('earlyStopSetting', () => {
    this.CONSUME(T.EarlyStop);
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.On);
          this.CONSUME(T.Name);
          this.OPTION(() => {
            this.CONSUME(T.Every);
            this.CONSUME(T.NumberLiteral);
            this.CONSUME(T.Steps);
          });
          this.OPTION2(() => {
            this.CONSUME(T.Patience);
            this.CONSUME2(T.NumberLiteral);
          });
          this.OPTION3(() => {
            this.CONSUME(T.Monitor);
            this.CONSUME2(T.Name);
          });
        },
      },
      { ALT: () => this.CONSUME(T.Off) },
    ]);
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
}
