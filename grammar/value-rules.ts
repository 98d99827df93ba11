/**
 * Grammar rules for values: calls with arguments (`proben1("thyroid", permutation 1)`,
 * `shared.interpolate(k 3, alpha 0.5)`), atoms, flat lists and column maps. The base of the .aug
 * grammar (Chevrotain grammar inheritance: AugValueRules ← AugModelRules ← AugParser; only the
 * most derived class calls performSelfAnalysis).
 */
import { CstParser, type IParserConfig } from 'chevrotain';
import * as T from './tokens.ts';

/** Calls, arguments, atoms, lists and maps (no performSelfAnalysis: a base class). */
export class AugValueRules extends CstParser {
  constructor(config?: IParserConfig) {
    super(T.allTokens, config);
  }

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
}
