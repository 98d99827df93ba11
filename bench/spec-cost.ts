/**
 * The cost of checking a spec near the size limit (1 MB): generated specs of several shapes (many
 * arms, many undefined names, many data lines, many sweeps or VAEs, one huge list, 100,000 `[`),
 * each compiled in this process with a metadata reader that answers at once. Prints CPU time, wall
 * time, the resident-memory high-water mark and the diagnostics count per shape. Goal: every shape
 * under 2 s and 300 MB. Not a test: run `npx tsx bench/spec-cost.ts`.
 */
import { compileSource } from '../src/compiler/index.ts';
import { MAX_SPEC_BYTES } from '../src/compiler/syntax/source-text.ts';
import { fakeReadMetadata } from '../test/compiler/helpers.ts';

const HEAD = `experiment big "t" {
  seed 1
  repeats 5
  data d = mnist()
  split d stratified { pool 0.5, validation 0.1, test 0.4 }
  vae v { per_class on shots latent 2 beta 1.0 encoder dense [8] train steps 10 }
  classifier net { mlp [8] train steps 300 }
  sweep shots in [2, 3] per_class from pool
  arm baseline
`;

/** HEAD, then `line(i)` for i = 0, 1, … until the text is just under the size limit. */
function fill(line: (i: number) => string, tail = '}\n'): string {
  const parts = [HEAD];
  let size = HEAD.length + tail.length;
  for (let i = 0; ; i++) {
    const next = line(i);
    if (size + next.length > MAX_SPEC_BYTES - 16) break;
    parts.push(next);
    size += next.length;
  }
  return parts.join('') + tail;
}

const SHAPES: Record<string, () => string> = {
  'arms (valid)': () => fill((i) => `  arm a${i} = v.prior(alpha 1.0) count same\n`),
  'arms (undefined VAEs)': () => fill((i) => `  arm a${i} = w${i}.prior(alpha 1.0)\n`),
  'misspelt statements': () => fill((i) => `  swep x${i} in [1]\n`),
  'data lines': () => fill((i) => `  data d${i} = mnist()\n`),
  sweeps: () => fill((i) => `  sweep s${i} in [1, 2] per_class from pool\n`),
  vaes: () => fill((i) => `  vae v${i} { single on pool latent 2 beta 1.0 }\n`),
  'one long line of names': () => fill((i) => ` a${i}`, '\n}\n'),
  'one huge list': () => `${HEAD}  sweep generated in [${Array.from({ length: 80_000 }, (_, i) => (i % 3) + 2).join(', ')}]\n}\n`,
  "100,000 '['": () => `experiment x "t" {\n  arm a = v.prior(alpha ${'['.repeat(100_000)}`,
};

let peak = process.memoryUsage().rss;
const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
for (const [name, make] of Object.entries(SHAPES)) {
  const text = make();
  globalThis.gc?.();
  peak = process.memoryUsage().rss;
  const cpu = process.cpuUsage();
  const t0 = performance.now();
  const result = await compileSource(text, 'bench.aug', { readMetadata: fakeReadMetadata });
  const wall = performance.now() - t0;
  const used = process.cpuUsage(cpu);
  peak = Math.max(peak, process.memoryUsage().rss);
  console.log(
    `spec-cost  ${name.padEnd(24)} ${(text.length / 1e6).toFixed(2)} MB  cpu ${((used.user + used.system) / 1000).toFixed(0).padStart(5)} ms  wall ${wall.toFixed(0).padStart(5)} ms  peak rss ${(peak / 1e6).toFixed(0).padStart(4)} MB  diagnostics ${result.diagnostics.length}`,
  );
}
clearInterval(sampler);
