/**
 * The .aug grammar: a Chevrotain `CstParser` with error recovery on, so a spec with several
 * syntax errors reports all of them in one run. Rules are class fields (a typo in a SUBRULE is a
 * compile error) and named in camelCase to match the visitor in src/compiler/ast/build.ts.
 *
 * The grammar is deliberately shallow: values (numbers, strings, names, lists) are parsed here
 * and their meaning (is `alpha` a known argument? is `[2, 0]` a valid layer list?) is checked by
 * src/compiler/check, which gives better messages than a parse error could.
 */
import type { IParserErrorMessageProvider } from 'chevrotain';
import { AugModelRules } from './model-rules.ts';
import * as T from './tokens.ts';

/** The whole .aug grammar (recovery on); `spec` is the top rule, `statement` parses one statement. */
export class AugParser extends AugModelRules {
  constructor(errorMessageProvider?: IParserErrorMessageProvider) {
    super({
      recoveryEnabled: true,
      maxLookahead: 3,
      nodeLocationTracking: 'full',
      ...(errorMessageProvider ? { errorMessageProvider } : {}),
    });
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
      { ALT: () => this.SUBRULE(this.whenStatement) },
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

  /** sweep AXIS [of VAE, ...] in [values] [per_class] [from PART] [cap] */
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
    this.OPTION4(() => this.CONSUME(T.Cap));
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
      { ALT: () => this.SUBRULE(this.exportItem) },
    ]);
  });

  /** export generated | export kept | export generated, kept — the generated examples written beside the report */
  exportItem = this.RULE('exportItem', () => {
    this.CONSUME(T.Export);
    this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.CONSUME(T.Name) });
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

  /** when dataset NAME set PATH VALUE — a setting for the cells of one dataset (vae.pc.mix_in 0.0) */
  whenStatement = this.RULE('whenStatement', () => {
    this.CONSUME(T.When);
    this.CONSUME(T.Name);
    this.OR([{ ALT: () => this.CONSUME2(T.Name) }, { ALT: () => this.CONSUME(T.NumberLiteral) }]);
    this.CONSUME(T.Set);
    this.CONSUME3(T.Name);
    this.MANY(() => {
      this.CONSUME(T.Dot);
      this.CONSUME4(T.Name);
    });
    this.OR2([{ ALT: () => this.CONSUME2(T.NumberLiteral) }, { ALT: () => this.CONSUME5(T.Name) }]);
  });
}
