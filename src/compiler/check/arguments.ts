/**
 * Checking call arguments against their schema (bind/arguments.ts sorts them into keys): unknown
 * keys with did-you-mean, missing required ones, exclusive pairs, and each value's type and range.
 */
import type * as A from '../ast/types.ts';
import { didYouMean } from '../../text/spelling.ts';
import { argumentsOf, type ArgumentMap, type CallSchema, type ParamType } from '../bind/arguments.ts';
import type { CheckContext } from './context.ts';
import { atomText, checkNumberAtom } from './values.ts';

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
    if (sub?.kind !== 'name' || sub.text !== type.sub) {
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
