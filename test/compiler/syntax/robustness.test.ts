/**
 * Seeded random mutations of the example specs — deleted, duplicated and swapped tokens,
 * truncation, random bytes — must never make the compiler throw or crash a check (AUG2999):
 * every result is a plan or at least one diagnostic.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { augLexer } from '../../../grammar/tokens.ts';
import { Random } from '../../../src/runtime/random.ts';
import { compile, PROJECT_ROOT } from '../helpers.ts';

const SPECS = readdirSync(join(PROJECT_ROOT, 'specs')).filter((f) => f.endsWith('.aug')).map((f) => readFileSync(join(PROJECT_ROOT, 'specs', f), 'utf8'));
const MUTATIONS_PER_SPEC = 250;

type Span = [number, number];

function tokenSpans(text: string): Span[] {
  return augLexer.tokenize(text).tokens.map((t) => [t.startOffset, (t.endOffset ?? t.startOffset) + 1]);
}

/** One random mutation of `text`. */
export function mutate(text: string, spans: Span[], random: Random): { kind: string; text: string } {
  const pick = () => spans[random.int(spans.length)];
  switch (random.int(6)) {
    case 0: {
      const [a, b] = pick();
      return { kind: 'delete token', text: text.slice(0, a) + text.slice(b) };
    }
    case 1: {
      const [a, b] = pick();
      return { kind: 'duplicate token', text: text.slice(0, b) + ' ' + text.slice(a, b) + text.slice(b) };
    }
    case 2: {
      let [s1, s2] = [pick(), pick()];
      if (s1[0] > s2[0]) [s1, s2] = [s2, s1];
      if (s1[1] > s2[0]) return { kind: 'swap (overlap)', text };
      return { kind: 'swap tokens', text: text.slice(0, s1[0]) + text.slice(...s2) + text.slice(s1[1], s2[0]) + text.slice(...s1) + text.slice(s2[1]) };
    }
    case 3:
      return { kind: 'truncate', text: text.slice(0, random.int(text.length)) };
    case 4: {
      const at = random.int(text.length);
      const bytes = Array.from({ length: 1 + random.int(8) }, () => String.fromCharCode(random.int(256)));
      return { kind: 'random bytes', text: text.slice(0, at) + bytes.join('') + text.slice(at) };
    }
    default: {
      // several deletions at once
      let out = text;
      for (let i = 0; i < 3; i++) {
        const s = tokenSpans(out);
        if (s.length === 0) break;
        const [a, b] = s[random.int(s.length)];
        out = out.slice(0, a) + out.slice(b);
      }
      return { kind: 'delete three tokens', text: out };
    }
  }
}

describe('robustness under random mutations', () => {
  it.each(SPECS.map((text, i) => [i, text] as const))(`spec %i: ${MUTATIONS_PER_SPEC} mutations never throw`, async (index, text) => {
    const random = new Random(1000 + index);
    const spans = tokenSpans(text);
    let withDiagnostics = 0;
    for (let i = 0; i < MUTATIONS_PER_SPEC; i++) {
      const m = mutate(text, spans, random);
      let result;
      try {
        result = await compile(m.text);
      } catch (err) {
        throw new Error(`mutation ${i} (${m.kind}) threw: ${(err as Error).stack}\n--- text ---\n${m.text}`);
      }
      const crashes = result.diagnostics.filter((d) => d.code === 'AUG2999');
      expect(crashes.map((d) => `${m.kind}: ${d.message}`)).toEqual([]);
      expect(result.plan !== null || result.diagnostics.length > 0).toBe(true);
      if (result.diagnostics.length > 0) withDiagnostics++;
    }
    // most mutations break something; a few (inside comments, swapping equal tokens) do not
    expect(withDiagnostics).toBeGreaterThan(MUTATIONS_PER_SPEC * 0.5);
  });
});
