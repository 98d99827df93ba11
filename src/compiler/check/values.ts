/**
 * Value checks shared by every statement: integer or number, inside a range. Each reports one
 * diagnostic at the literal (AUG2009 wrong type, AUG2008 out of range) and returns whether the
 * value is usable.
 */
import type * as A from '../ast/types.ts';
import type { NumberRule } from '../bind/arguments.ts';
import type { CheckContext } from './context.ts';

/** Human wording of a rule: "an integer ≥ 1", "a number in (0, 1]". */
export function describeRule(rule: NumberRule): string {
  const what = rule.integer ? 'an integer' : 'a number';
  const { min, max } = rule;
  if (min !== undefined && max !== undefined)
    return `${what} in ${rule.exclusiveMin ? '(' : '['}${min}, ${max}${rule.exclusiveMax ? ')' : ']'}`;
  if (min !== undefined) return `${what} ${rule.exclusiveMin ? '>' : '≥'} ${min}`;
  if (max !== undefined) return `${what} ${rule.exclusiveMax ? '<' : '≤'} ${max}`;
  return what;
}

/** True when `value` meets the rule. */
export function satisfies(value: number, rule: NumberRule): boolean {
  if (!Number.isFinite(value)) return false;
  if (rule.integer && !Number.isInteger(value)) return false;
  if (rule.min !== undefined && (rule.exclusiveMin ? value <= rule.min : value < rule.min)) return false;
  if (rule.max !== undefined && (rule.exclusiveMax ? value >= rule.max : value > rule.max)) return false;
  return true;
}

/** Check a number literal against a rule; `label` names it in the message ("'latent'"). */
export function checkNumber(ctx: CheckContext, literal: A.NumberLiteral | null, label: string, rule: NumberRule): boolean {
  if (!literal) return false;
  if (rule.integer && !literal.isInteger) {
    ctx.accept('wrongType', literal, [label, describeRule(rule), literal.text]);
    return false;
  }
  if (!satisfies(literal.value, rule)) {
    ctx.accept('outOfRange', literal, [label, describeRule(rule), literal.text]);
    return false;
  }
  return true;
}

/** Check an atom is a number literal satisfying a rule. */
export function checkNumberAtom(
  ctx: CheckContext,
  atom: A.Atom | A.ListItem | undefined,
  label: string,
  rule: NumberRule,
  at: A.Node,
): boolean {
  if (atom?.kind !== 'number') {
    ctx.accept('wrongType', atom ?? at, [label, describeRule(rule), atom ? atomText(atom) : 'nothing']);
    return false;
  }
  return checkNumber(ctx, atom, label, rule);
}

/** A list of positive integers (layer widths, conv filters). */
export function checkWidths(ctx: CheckContext, list: A.ListValue | null, label: string): boolean {
  if (!list) return false;
  if (list.items.length === 0) {
    ctx.accept('outOfRange', list, [label, 'a non-empty list of integers ≥ 1', '[]']);
    return false;
  }
  return list.items.every((item) => checkNumberAtom(ctx, item, label, { integer: true, min: 1 }, list));
}

/** An atom as the user wrote it, for messages. */
export function atomText(atom: A.Atom | A.ListItem): string {
  switch (atom.kind) {
    case 'number':
      return atom.text;
    case 'string':
      return JSON.stringify(atom.value);
    case 'name':
      return atom.text;
    case 'norm':
      return `norm ${atom.value.text}`;
    case 'list':
      return '[…]';
    case 'map':
      return '{…}';
  }
}

/** Report a setting given twice in one block ("'latent' is set twice in vae 'shared'"). */
export function checkSettingsOnce(ctx: CheckContext, settings: { kind: string; keyword: A.Word }[], where: string): void {
  const seen = new Map<string, A.Word>();
  for (const s of settings) {
    const first = seen.get(s.kind);
    if (first)
      ctx.accept('duplicateSetting', s.keyword, [s.keyword.text, where], {
        related: [{ message: 'First set here.', file: ctx.spec.file, range: first.range }],
      });
    else seen.set(s.kind, s.keyword);
  }
}
