/**
 * Class names from the data to results.json and the report (results 2.1.0): a real run on a CSV whose
 * labels are words names its classes in the per-class F1 table, the confusion matrices, the latent
 * plot's legend and the samples table; a 2.0.0 results file (no names) still renders, numbered.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileSource } from '../../../src/compiler/index.ts';
import type { Plan } from '../../../src/plan/types.ts';
import { realComponents, realDataLayer } from '../../../src/runtime/execution/real-modules.ts';
import { runExperiment } from '../../../src/runtime/execution/run-experiment.ts';
import { perClassCells } from '../../../src/runtime/reports/per-class.ts';
import { renderReport } from '../../../src/runtime/reports/render-report.ts';
import type { ResultsFile } from '../../../src/runtime/results/types.ts';
import { validateResults } from '../../../src/runtime/results/validate-results.ts';

const FIXTURE = join(import.meta.dirname, '../../fixtures/data/csv/trees.csv');
const SPEC = `
experiment trees "Class names in results" {
  seed 3
  repeats 2
  data woods = csv("trees.csv", label "tree")
  split woods stratified { pool 0.5, validation 0.2, test 0.3 }
  vae shared { single on pool latent 2 encoder dense [8] decoder dense [8] likelihood gaussian train steps 40 batch 16 lr 1e-3 }
  classifier net { mlp [8] train steps 60 batch 8 lr 1e-2 }
  sweep shots in [4] per_class from pool
  arm baseline
  arm noise = shared.noise(alpha 0.5)
  metric weighted_f1
  report "trees.md" { table weighted_f1 rows shots cols arm  latent shared  samples noise }
}
`;
const NAMES = ['oak', 'pine', 'silver birch'];

/** The lines of the markdown table that follows `heading` (up to the first blank line after it). */
function tableAfter(markdown: string, heading: string, from = 0): string[] {
  const at = markdown.indexOf(heading, from);
  expect(at).toBeGreaterThanOrEqual(0);
  const lines = markdown.slice(at).split('\n');
  const start = lines.findIndex((l) => l.startsWith('|'));
  const end = lines.findIndex((l, i) => i > start && !l.startsWith('|'));
  return lines.slice(start, end);
}

describe('class names in results and reports', () => {
  let root: string;
  let results: ResultsFile;
  let report: string;
  beforeAll(async () => {
    mkdirSync(join(process.cwd(), 'scratch'), { recursive: true });
    root = mkdtempSync(join(process.cwd(), 'scratch', 'class-names-'));
    writeFileSync(join(root, 'package.json'), '{}');
    copyFileSync(FIXTURE, join(root, 'trees.csv'));
    writeFileSync(join(root, 'trees.aug'), SPEC);
    const compiled = await compileSource(SPEC, join(root, 'trees.aug'));
    expect(compiled.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const outcome = await runExperiment({
      plan: compiled.plan as Plan,
      components: await realComponents(),
      data: await realDataLayer(),
      augcVersion: 'test',
      cacheDir: null,
      backend: 'wasm',
    });
    results = JSON.parse(readFileSync(outcome.paths.results, 'utf8')) as ResultsFile;
    report = readFileSync(outcome.paths.report, 'utf8');
  }, 120_000);
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('results.json (2.1.0) holds the names of each dataset, valid against the schema', () => {
    expect(results.resultsSchemaVersion).toBe('2.1.0');
    expect(results.classNames).toEqual({ woods: NAMES });
    expect(validateResults(results).ok).toBe(true);
    const { classNames: _, ...without } = results;
    expect(validateResults(without)).toMatchObject({ ok: false });
  });

  it('the per-class F1 table names the classes, with the mean F1 over repeats of results.json', () => {
    const rows = tableAfter(report, 'Per-class F1, mean over repeats:');
    expect(rows[0]).toBe('| class | test examples | baseline | noise |');
    NAMES.forEach((name, c) => {
      const cells = rows[2 + c].split('|').map((s) => s.trim());
      expect(cells[1]).toBe(name);
      // 90 rows, 30 per class, test 0.3 of a stratified split: 9 per class
      expect(cells[2]).toBe('9');
      ['baseline', 'noise'].forEach((arm, a) => {
        const f1 = results.runs.filter((r) => r.arm === arm).map((r) => r.perClassF1[c]);
        expect(f1).toHaveLength(2);
        expect(cells[3 + a]).toBe(((f1[0] + f1[1]) / 2).toFixed(3));
      });
    });
  });

  it('each confusion matrix names its rows and columns, and its counts are the sums of results.json', () => {
    const rows = tableAfter(report, 'Confusion matrix of noise');
    expect(rows[0]).toBe('| true \\ predicted | oak | pine | silver birch |');
    const runs = results.runs.filter((r) => r.arm === 'noise');
    NAMES.forEach((name, t) => {
      const summed = NAMES.map((_, p) => runs[0].confusion[t][p] + runs[1].confusion[t][p]);
      expect(rows[2 + t]).toBe(`| ${name} | ${summed.join(' | ')} |`);
    });
    expect(report).toContain('Classes are named as the data names them');
  });

  it("the latent plot's legend and the samples table name the classes", () => {
    const figures = join(root, 'trees-figures');
    const latent = readdirSync(figures).find((f) => f.startsWith('latent') && f.endsWith('.svg'))!;
    const svg = readFileSync(join(figures, latent), 'utf8');
    for (const name of NAMES) expect(svg).toContain(`>${name}</text>`);
    const samples = results.figures.find((f) => f.kind === 'samples')!;
    const firstCells = samples
      .table!.split('\n')
      .slice(2)
      .map((l) => l.split('|')[1].trim());
    expect(new Set(firstCells)).toEqual(new Set(NAMES));
  });

  it('a 2.0.0 results file (no class names) is still read, and its classes are numbered', () => {
    const old = { ...structuredClone(results), resultsSchemaVersion: '2.0.0' } as ResultsFile;
    delete old.classNames;
    expect(validateResults(old).ok).toBe(true);
    expect(perClassCells(old)[0].names).toEqual(['0', '1', '2']);
    const path = join(root, 'old.results.json');
    writeFileSync(path, JSON.stringify({ ...old, report: { ...old.report, path: 'old.md' } }));
    const { path: md } = renderReport({ ...old, report: { ...old.report, path: 'old.md' } }, null, path);
    const rows = tableAfter(readFileSync(md, 'utf8'), 'Confusion matrix of baseline');
    expect(rows[0]).toBe('| true \\ predicted | 0 | 1 | 2 |');
  });
});
