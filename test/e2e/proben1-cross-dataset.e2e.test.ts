/**
 * e2e (slow, about 1–3 minutes on two cores): a reduced real run of specs/proben1.aug — `--smoke`,
 * two datasets and one β (`--set sweep.dataset=card,glass --set sweep.beta=1`) — renders the
 * cross-dataset section end to end: the ranks printed match the scores in results.json, the tests and
 * the critical-difference diagram are there, and the paired comparison does not pool across datasets.
 * Skips, saying why, when AUGC_DATA_PATH is unset.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCommand } from '../../src/cli/commands/run.ts';
import type { ResultsFile } from '../../src/runtime/results/types.ts';
import { textSink } from '../fixtures/text-sink.ts';

const work = mkdtempSync(join(process.cwd(), 'scratch', 'e2e-proben1-cross-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const quiet = { write: () => true, isTTY: false } as unknown as NodeJS.WriteStream;
const skip = !process.env.AUGC_DATA_PATH;

/** Ranks of three or so scores, 1 = highest, ties averaged: written out again here so the test does not reuse the code under test. */
function ranks(scores: number[]): number[] {
  return scores.map((s) => {
    const above = scores.filter((t) => t > s).length;
    const equal = scores.filter((t) => t === s).length;
    return above + (equal + 1) / 2;
  });
}

describe('e2e: proben1 across datasets', () => {
  it.skipIf(skip)(
    `reduced --smoke run renders the cross-dataset section${skip ? ' (skipped: needs PROBEN1: set AUGC_DATA_PATH)' : ''}`,
    async () => {
      const out = join(work, 'out');
      const stderr = textSink();
      const flags = { smoke: true, quiet: true, out, cacheDir: join(work, 'cache'), set: ['sweep.dataset=card,glass', 'sweep.beta=1'] };
      expect(await runCommand(join(process.cwd(), 'specs', 'proben1.aug'), flags, { stdout: quiet, stderr })).toBe(0);
      const results = JSON.parse(readFileSync(join(out, 'proben1.results.json'), 'utf8')) as ResultsFile;
      const report = readFileSync(join(out, 'proben1.md'), 'utf8');
      expect(report).toContain('## Across datasets');
      expect(report).toContain('| dataset | baseline | vae (beta = 1) | vae+gc (beta = 1) |');
      // each printed rank is the rank of that arm's score among the arms on that dataset (one repeat: the score itself)
      const arms = ['baseline', 'vae', 'vae+gc'];
      const meanRanks = [0, 0, 0];
      for (const dataset of ['card', 'glass']) {
        const scores = arms.map((arm) => results.runs.find((r) => r.arm === arm && r.cell.dataset === dataset)!.metrics.weighted_f1!);
        const rounded = scores.map((s) => Number(s.toFixed(12)));
        const r = ranks(rounded);
        r.forEach((x, i) => {
          meanRanks[i] += x / 2;
        });
        const cells = scores.map((s, i) => `${s.toFixed(3)} (${Number.isInteger(r[i]) ? r[i] : r[i].toFixed(1)})`);
        expect(report).toContain(`| ${dataset} | ${cells.join(' | ')} |`);
      }
      expect(report).toMatch(
        new RegExp(`\\| \\*\\*mean rank\\*\\* \\| ${meanRanks.map((m) => `(\\*\\*)?${m.toFixed(2)}(\\*\\*)?`).join(' \\| ')} \\|`),
      );
      expect(report).toContain('Friedman test over 2 datasets and 3 competitors');
      // two datasets: no signed-rank p-value can be below 2/2² = 0.5
      expect(report).toContain('With 2 datasets the smallest p-value any arm can reach is 0.500');
      expect(report).toMatch(/\| vae \(beta = 1\) \| [+−±]\d\.\d{3} \| \d\/\d\/\d \|/);
      expect(existsSync(join(out, 'proben1-figures', 'cd-weighted_f1-over-datasets.svg'))).toBe(true);
      expect(report).toContain('Pairs are not pooled across datasets');
      expect(report).not.toContain('**all cells**');
      expect(report).toContain('## Per class');
      expect(report).toContain('<details><summary>dataset = card, beta = 1</summary>');
    },
    900_000,
  );
});
