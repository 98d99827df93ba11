/**
 * Seeded random mutations of the example specs — deleted, duplicated and swapped tokens,
 * truncation, random bytes — must never make the compiler throw or crash a check (AUG2999):
 * every result is a plan or at least one diagnostic.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Random } from '../../../src/runtime/random.ts';
import { compile, PROJECT_ROOT } from '../helpers.ts';
import { mutate, tokenSpans } from './mutations.ts';

const SPECS = readdirSync(join(PROJECT_ROOT, 'specs'))
  .filter((f) => f.endsWith('.aug'))
  .map((f) => readFileSync(join(PROJECT_ROOT, 'specs', f), 'utf8'));
const MUTATIONS_PER_SPEC = 250;
/** CPU time one mutated spec may take to compile: the specs are a few KB, so anything near this
 * is a cost that grows faster than the text (the long fuzzer is scripts/fuzz-specs.ts). */
const CPU_BUDGET_MS = 1500;

describe('robustness under random mutations', () => {
  it.each(SPECS.map((text, i) => [i, text] as const))(`spec %i: ${MUTATIONS_PER_SPEC} mutations never throw`, async (index, text) => {
    const random = new Random(1000 + index);
    const spans = tokenSpans(text);
    let withDiagnostics = 0;
    for (let i = 0; i < MUTATIONS_PER_SPEC; i++) {
      const m = mutate(text, spans, random);
      let result: Awaited<ReturnType<typeof compile>>;
      const cpu = process.cpuUsage();
      try {
        result = await compile(m.text);
      } catch (err) {
        throw new Error(`mutation ${i} (${m.kind}) threw: ${(err as Error).stack}\n--- text ---\n${m.text}`);
      }
      const used = process.cpuUsage(cpu);
      expect((used.user + used.system) / 1000, `mutation ${i} (${m.kind}) took too long`).toBeLessThan(CPU_BUDGET_MS);
      const crashes = result.diagnostics.filter((d) => d.code === 'AUG2999');
      expect(crashes.map((d) => `${m.kind}: ${d.message}`)).toEqual([]);
      expect(result.plan !== null || result.diagnostics.length > 0).toBe(true);
      if (result.diagnostics.length > 0) withDiagnostics++;
    }
    // most mutations break something; a few (inside comments, swapping equal tokens) do not
    expect(withDiagnostics).toBeGreaterThan(MUTATIONS_PER_SPEC * 0.5);
  });
});
