/**
 * Call arguments (`proben1("thyroid", permutation 1)`, `shared.interpolate(k 3, alpha 0.5)`,
 * `gc(noise sigma 0.1, keep 0.5)`): an argument is a run of atoms; a leading name is its key.
 * A schema per callee (src/compiler/language.ts) says which keys exist, which are positional, and
 * what their values are. Sorting arguments into keys reports nothing: the checker reports what is
 * wrong with them (check/arguments.ts), and binding and lowering read the values.
 */
import type * as A from '../ast/types.ts';

/** A number's allowed values: whole or not, and its bounds. */
export interface NumberRule {
  integer?: boolean;
  min?: number;
  max?: number;
  /** the bounds themselves are excluded */
  exclusiveMin?: boolean;
  exclusiveMax?: boolean;
}

export type ParamType =
  | ({ kind: 'number' } & NumberRule)
  | { kind: 'string' }
  | { kind: 'name'; values?: readonly string[] }
  | { kind: 'strings' } // a string or a list of strings
  | { kind: 'boolean' }
  | { kind: 'map' }
  /** `noise sigma 0.1`: the key is followed by a sub-key and a number */
  | { kind: 'keyed'; sub: string; rule: NumberRule };

export interface CallSchema {
  params: Record<string, ParamType>;
  positional?: readonly string[];
  required?: readonly string[];
  /** keys of which at most one may be given */
  exclusive?: readonly string[];
}

/** The arguments by key: the value atoms after the key (or the whole run for positionals). */
export type ArgumentMap = Map<string, { key: A.Node; values: A.Atom[]; argument: A.Argument }>;

/** Sort a call's arguments into keys, without reporting anything. */
export function argumentsOf(call: A.Call, schema: CallSchema): { map: ArgumentMap; unknown: { atom: A.Atom; argument: A.Argument }[] } {
  const map: ArgumentMap = new Map();
  const unknown: { atom: A.Atom; argument: A.Argument }[] = [];
  let position = 0;
  for (const argument of call.args) {
    const [first, ...rest] = argument.atoms;
    if (!first) continue;
    if (first.kind === 'name' && rest.length > 0) {
      if (first.text in schema.params) map.set(first.text, { key: first, values: rest, argument });
      else unknown.push({ atom: first, argument });
    } else if (first.kind === 'name' && schema.params[first.text]?.kind === 'keyed') {
      map.set(first.text, { key: first, values: [], argument });
    } else {
      const key = schema.positional?.[position++];
      if (key && !map.has(key)) map.set(key, { key: first, values: argument.atoms, argument });
      else unknown.push({ atom: first, argument });
    }
  }
  return { map, unknown };
}

/** Read a number argument (or the default). */
export function numberArg(map: ArgumentMap, name: string, fallback: number): number {
  const v = map.get(name)?.values;
  if (!v) return fallback;
  const atom = v[0]?.kind === 'name' ? v[1] : v[0];
  return atom?.kind === 'number' ? atom.value : fallback;
}

/** Read a string or name argument (or the default). */
export function textArg(map: ArgumentMap, name: string): string | undefined {
  const atom = map.get(name)?.values[0];
  if (atom?.kind === 'string') return atom.value;
  if (atom?.kind === 'name') return atom.text;
  return undefined;
}
