/**
 * e2e (slow): every example spec in specs/ completes with --smoke through the real compiler, data
 * layer and TensorFlow.js runtime; on the quickstart spec, the report's table numbers equal
 * results.json and a second run trains nothing. Specs that need PROBEN1 skip, with the reason,
 * when AUGC_DATA_PATH is unset. Smoke keeps a spec's whole grid, so specs with large grids take
 * minutes even with tiny step counts (mnist-fewshot: 173 tasks, ~20 s per CNN evaluation on wasm);
 * those run only with AUGC_E2E_ALL=1 and otherwise skip, saying so.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCommand } from '../../src/cli/commands/run.ts';
import type { ResultsFile } from '../../src/runtime/results/types.ts';
import { mean, std } from '../../src/runtime/reports/stats.ts';
import { textSink } from '../fixtures/text-sink.ts';

const specsDir = join(process.cwd(), 'specs');
const specs = readdirSync(specsDir)
  .filter((f) => f.endsWith('.aug'))
  .sort();
const work = mkdtempSync(join(process.cwd(), 'scratch', 'e2e-smoke-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const needsProben1 = (file: string) => /proben1\s*\(/.test(readFileSync(join(specsDir, file), 'utf8'));
/** Specs whose smoke run takes well under a minute here; the rest need AUGC_E2E_ALL=1. */
const QUICK = new Set(['quickstart.aug', 'thyroid-fewshot.aug']);
function skipReason(file: string): string | null {
  if (needsProben1(file) && !process.env.AUGC_DATA_PATH) return 'needs PROBEN1: set AUGC_DATA_PATH to a folder that holds proben1/';
  if (!QUICK.has(file) && !process.env.AUGC_E2E_ALL) return 'slow (minutes): set AUGC_E2E_ALL=1';
  return null;
}
const quiet = { write: () => true, isTTY: false } as unknown as NodeJS.WriteStream;

describe('e2e: --smoke completes every example spec', () => {
  for (const spec of specs) {
    const reason = skipReason(spec);
    it.skipIf(reason !== null)(
      `${spec}${reason ? ` (skipped: ${reason})` : ''}`,
      async () => {
        const out = join(work, spec.replace(/\.aug$/, ''));
        const stderr = textSink();
        const code = await runCommand(
          join(specsDir, spec),
          { smoke: true, quiet: true, out, cacheDir: join(out, 'cache') },
          { stdout: quiet, stderr },
        );
        expect(stderr.text(), 'stderr').toBe('');
        expect(code).toBe(0);
        const resultsFile = readdirSync(out).find((f) => f.endsWith('.results.json'))!;
        const results = JSON.parse(readFileSync(join(out, resultsFile), 'utf8')) as ResultsFile;
        expect(results.smoke).toBe(true);
        expect(results.runs.length).toBeGreaterThan(0);
        for (const run of results.runs) for (const v of Object.values(run.metrics)) expect(v).toBeGreaterThanOrEqual(0);
        // smoke plans score a stratified sample of about 100 test rows (plan field testLimit)
        for (const run of results.runs) expect(run.counts.test).toBeLessThanOrEqual(110);
      },
      600_000,
    );
  }
});

describe('e2e: quickstart report', () => {
  it.skipIf(!specs.includes('quickstart.aug'))(
    'table numbers equal results.json; a second run hits the cache',
    async () => {
      const out = join(work, 'quickstart-twice');
      const flags = { smoke: true, quiet: true, out, cacheDir: join(out, 'cache') };
      expect(await runCommand(join(specsDir, 'quickstart.aug'), flags, { stdout: quiet, stderr: quiet })).toBe(0);
      const firstBytes = readFileSync(join(out, 'quickstart.results.json'), 'utf8');
      const results = JSON.parse(firstBytes) as ResultsFile;
      const report = readFileSync(join(out, 'quickstart.md'), 'utf8');
      const table = results.report.tables[0] ?? { metric: results.metrics[0], rows: results.axes[0].name };
      const axis = results.axes.find((a) => a.name === table.rows)!;
      // the results tables follow the '## Results' heading (the baseline-strength section before it
      // has rows of the same cells)
      const resultsPart = report.slice(report.indexOf('\n## Results\n')).split('\n');
      for (const label of axis.labels) {
        // a row whose baseline is weaker than a reference model carries ⚠ after its label
        const line = resultsPart.find((l) => l.startsWith(`| ${label} |`) || l.startsWith(`| ${label} ⚠ |`))!;
        const cells = line
          .split('|')
          .slice(2, -1)
          .map((c) => c.replace(/\*\*/g, '').trim());
        results.arms.forEach((arm, i) => {
          const values = results.runs.filter((r) => r.arm === arm.name && r.cell[axis.name] === label).map((r) => r.metrics[table.metric]!);
          const printed = values.length > 1 ? `${mean(values).toFixed(3)} ± ${std(values).toFixed(3)}` : mean(values).toFixed(3);
          expect(cells[i].split(' (')[0]).toBe(printed);
        });
      }
      const stdout = textSink();
      expect(await runCommand(join(specsDir, 'quickstart.aug'), { ...flags, quiet: false, json: true }, { stdout, stderr: quiet })).toBe(0);
      expect(JSON.parse(stdout.text())).toMatchObject({ computed: 0 });
      expect(readFileSync(join(out, 'quickstart.results.json'), 'utf8')).toBe(firstBytes);
    },
    600_000,
  );
});
