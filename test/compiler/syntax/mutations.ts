/** Seeded random mutations of a spec's text, shared by the robustness test and the long fuzzer
 * (scripts/fuzz-specs.ts): deleted, duplicated and swapped tokens, truncation, random bytes. */
import { augLexer } from '../../../grammar/tokens.ts';
import type { Random } from '../../../src/runtime/random.ts';

export type Span = [number, number];

export function tokenSpans(text: string): Span[] {
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
      return { kind: 'duplicate token', text: `${text.slice(0, b)} ${text.slice(a, b)}${text.slice(b)}` };
    }
    case 2: {
      let [s1, s2] = [pick(), pick()];
      if (s1[0] > s2[0]) [s1, s2] = [s2, s1];
      if (s1[1] > s2[0]) return { kind: 'swap (overlap)', text };
      return {
        kind: 'swap tokens',
        text: text.slice(0, s1[0]) + text.slice(...s2) + text.slice(s1[1], s2[0]) + text.slice(...s1) + text.slice(s2[1]),
      };
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
