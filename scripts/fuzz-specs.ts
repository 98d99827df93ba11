/**
 * The long fuzzer: N seeded mutations of every committed spec (default 10,000 in all), each
 * compiled with the test suite's fake metadata reader. Fails (exit 1) on a throw, an internal
 * error (AUG2999) or a compile over the CPU budget, printing the seed and the mutated text.
 * `npm test` runs a few hundred of the same mutations (test/compiler/syntax/robustness.test.ts).
 *
 *   npx tsx scripts/fuzz-specs.ts [--total 10000] [--seed 1] [--budget-ms 1500]
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Random } from '../src/runtime/random.ts';
import { compile, PROJECT_ROOT } from '../test/compiler/helpers.ts';
import { mutate, tokenSpans } from '../test/compiler/syntax/mutations.ts';

const { values } = parseArgs({
  options: {
    total: { type: 'string', default: '10000' },
    seed: { type: 'string', default: '1' },
    'budget-ms': { type: 'string', default: '1500' },
  },
});
const total = Number(values.total);
const budget = Number(values['budget-ms']);
const specs = readdirSync(join(PROJECT_ROOT, 'specs')).filter((f) => f.endsWith('.aug'));
const random = new Random(Number(values.seed));
let worst = { ms: 0, what: '' };
const counts = { compiled: 0, withDiagnostics: 0 };
const start = performance.now();
for (let i = 0; i < total; i++) {
  const name = specs[i % specs.length];
  const text = readFileSync(join(PROJECT_ROOT, 'specs', name), 'utf8');
  const spans = tokenSpans(text);
  const m = mutate(text, spans, random);
  const cpu = process.cpuUsage();
  let result: Awaited<ReturnType<typeof compile>>;
  try {
    result = await compile(m.text);
  } catch (err) {
    console.error(`mutation ${i} of ${name} (${m.kind}) threw: ${(err as Error).stack}\n--- text ---\n${m.text}`);
    process.exit(1);
  }
  const used = process.cpuUsage(cpu);
  const ms = (used.user + used.system) / 1000;
  if (ms > worst.ms) worst = { ms, what: `mutation ${i} of ${name} (${m.kind})` };
  const crash = result.diagnostics.find((d) => d.code === 'AUG2999');
  if (crash || ms > budget) {
    console.error(
      `mutation ${i} of ${name} (${m.kind}): ${crash ? crash.message : `${ms.toFixed(0)} ms CPU, over the ${budget} ms budget`}\n--- text ---\n${m.text}`,
    );
    process.exit(1);
  }
  counts.compiled++;
  if (result.diagnostics.length) counts.withDiagnostics++;
  if ((i + 1) % 1000 === 0)
    console.log(
      `${i + 1}/${total} mutations, ${((performance.now() - start) / 1000).toFixed(0)} s, slowest ${worst.ms.toFixed(0)} ms CPU (${worst.what})`,
    );
}
console.log(
  `fuzz: ${counts.compiled} mutations of ${specs.length} specs, 0 throws, 0 internal errors; ${counts.withDiagnostics} with diagnostics; slowest ${worst.ms.toFixed(0)} ms CPU (${worst.what})`,
);
