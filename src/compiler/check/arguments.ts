/**
 * Call arguments (`proben1("thyroid", permutation 1)`, `shared.interpolate(k 3, alpha 0.5)`,
 * `gc(noise sigma 0.1, keep 0.5)`): an argument is a run of atoms; a leading name is its key.
 * A schema per callee says which keys exist, which are positional, and what their values are.
 */
import type * as A from '../ast/types.ts';
import { didYouMean } from '../../text/spelling.ts';
import type { CheckContext } from './context.ts';
import { atomText, checkNumberAtom, type NumberRule } from './values.ts';

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

/** Sort a call's arguments into keys, without reporting anything (lowering uses this too). */
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

/** Check a call against its schema; returns the arguments for further checks. */
export function checkArguments(ctx: CheckContext, call: A.Call, schema: CallSchema, what: string): ArgumentMap {
  const { map, unknown } = argumentsOf(call, schema);
  const keys = Object.keys(schema.params);
  for (const { atom } of unknown) {
    if (atom.kind === 'name')
      ctx.accept('unknownArgument', atom, [atom.text, what], {
        hint:
          didYouMean(atom.text, keys) ??
          (keys.length ? `${capitalise(what)} takes ${keys.map((k) => `'${k}'`).join(', ')}.` : `${capitalise(what)} takes no arguments.`),
      });
    else
      ctx.accept('unknownArgument', atom, [atomText(atom), what], {
        hint: schema.positional?.length ? undefined : `${capitalise(what)} takes named arguments only, such as '${keys[0] ?? ''} …'.`,
      });
  }
  for (const name of schema.required ?? []) {
    if (!map.has(name)) ctx.accept('missingArgument', call.callee, [capitalise(what), name]);
  }
  if (schema.exclusive) {
    const given = schema.exclusive.filter((k) => map.has(k));
    for (const extra of given.slice(1)) ctx.accept('duplicateSetting', map.get(extra)!.key, [extra, `${what} (with '${given[0]}')`]);
  }
  for (const [name, arg] of map) checkValue(ctx, name, schema.params[name], arg.values, arg.argument);
  return map;
}

function capitalise(s: string): string {
  return s[0]?.toUpperCase() + s.slice(1);
}

function checkValue(ctx: CheckContext, name: string, type: ParamType, values: A.Atom[], at: A.Node): void {
  const [value, ...extra] = values;
  const label = `'${name}'`;
  if (type.kind === 'keyed') {
    const [sub, number] = values;
    if (!sub || sub.kind !== 'name' || sub.text !== type.sub) {
      ctx.accept('missingArgument', sub ?? at, [label, type.sub]);
      return;
    }
    checkNumberAtom(ctx, number, `'${type.sub}'`, type.rule, at);
    return;
  }
  if (extra.length > 0) {
    ctx.accept('wrongType', extra[0], [label, 'one value', values.map(atomText).join(' ')]);
    return;
  }
  switch (type.kind) {
    case 'number':
      checkNumberAtom(ctx, value, label, type, at);
      return;
    case 'string':
      if (value?.kind !== 'string') ctx.accept('wrongType', value ?? at, [label, 'a string', value ? atomText(value) : 'nothing']);
      return;
    case 'strings':
      if (!(value?.kind === 'string' || (value?.kind === 'list' && value.items.every((i) => i.kind === 'string'))))
        ctx.accept('wrongType', value ?? at, [label, 'a string or a list of strings', value ? atomText(value) : 'nothing']);
      return;
    case 'boolean':
      if (!(value?.kind === 'name' && (value.text === 'true' || value.text === 'false')))
        ctx.accept('wrongType', value ?? at, [label, 'true or false', value ? atomText(value) : 'nothing']);
      return;
    case 'map':
      if (value?.kind !== 'map')
        ctx.accept('wrongType', value ?? at, [label, "a map like '{ age continuous }'", value ? atomText(value) : 'nothing']);
      return;
    case 'name':
      if (value?.kind !== 'name' && value?.kind !== 'string')
        ctx.accept('wrongType', value ?? at, [label, 'a name', value ? atomText(value) : 'nothing']);
      else if (type.values && value.kind === 'name' && !type.values.includes(value.text))
        ctx.accept('unknownOption', value, [name, value.text], { hint: didYouMean(value.text, type.values) });
      return;
  }
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
