/**
 * Memory of reading a big numeric CSV (issue 16 §2): generates a file of ROWS rows × 8 numbers + a
 * class column in a temporary folder (never in the project), then, each in a fresh Node process,
 * `readMetadata` (what `augc data describe` and `augc check` do) and `loadDataset` (what a run
 * does), and prints wall time, the peak resident memory (`process.resourceUsage().maxRSS`) and the
 * bytes of typed arrays held. Not part of `npm test` or `npm run bench`:
 *
 *     npx tsx bench/csv-memory.ts [ROWS]      # default 2,000,000 rows ≈ 200 MB
 */
import { execFileSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';

const ROWS = Number(process.argv[2] ?? 2_000_000);
const CLASSES = ['alpha', 'beta', 'gamma'];

/** Writes the file with a fixed LCG, so every run measures the same bytes. */
async function writeCsv(path: string): Promise<void> {
  const out = createWriteStream(path);
  let state = 16;
  const next = () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
  out.write('f1,f2,f3,f4,f5,f6,f7,f8,class\n');
  for (let i = 0; i < ROWS; i++) {
    const fields = Array.from({ length: 8 }, () => (next() * 1000).toFixed(5));
    if (!out.write(`${fields.join(',')},${CLASSES[i % 3]}\n`)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

/** One step in a fresh process: JSON with seconds, peak RSS and typed-array bytes. */
function measure(step: 'metadata' | 'load', path: string): { seconds: number; peakRssMb: number; arrayBuffersMb: number; rows: number } {
  const child = `
    const data = await import(${JSON.stringify(new URL('../src/runtime/data/index.ts', import.meta.url).href)});
    const source = data.parseDataRef(${JSON.stringify(`csv:${path},label=class`)});
    const t0 = performance.now();
    const result = ${step === 'metadata' ? 'await data.readMetadata(source)' : 'await data.loadDataset(source)'};
    const seconds = (performance.now() - t0) / 1000;
    const rows = result.rows ?? result.metadata.rows;
    console.log(JSON.stringify({ seconds, peakRssMb: process.resourceUsage().maxRSS / 1024, arrayBuffersMb: process.memoryUsage().arrayBuffers / 2 ** 20, rows }));
  `;
  const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', child], {
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  });
  return JSON.parse(out.trim().split('\n').pop()!);
}

const dir = mkdtempSync(join(tmpdir(), 'augc-csv-memory-'));
try {
  const path = join(dir, 'big.csv');
  await writeCsv(path);
  const mb = statSync(path).size / 2 ** 20;
  console.log(`file: ${ROWS.toLocaleString('en')} rows × 8 numbers + class, ${mb.toFixed(1)} MB`);
  for (const step of ['metadata', 'load'] as const) {
    const m = measure(step, path);
    console.log(
      `${step.padEnd(8)}  ${m.seconds.toFixed(1)} s  peak RSS ${m.peakRssMb.toFixed(0)} MB  typed arrays ${m.arrayBuffersMb.toFixed(0)} MB  rows ${m.rows}`,
    );
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
