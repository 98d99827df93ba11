import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { afterEach, describe, expect, it } from 'vitest';
import type { Plan } from '../../../src/plan/types.ts';
import { OutputError, runExperiment } from '../../../src/runtime/execution/run-experiment.ts';
import { validateResults } from '../../../src/runtime/results/validate-results.ts';
import type { ResultsFile } from '../../../src/runtime/results/types.ts';
import { mean, std } from '../../../src/runtime/reports/stats.ts';
import { renderReport } from '../../../src/runtime/reports/render-report.ts';
import { fakeComponents, fakeDataLayer, newCalls } from '../execution/fixtures/fake-components.ts';
import { toyPlan } from '../execution/fixtures/toy-plan.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A throwaway project folder (with package.json) holding specs/toy.aug and the plan pointing at it. */
function project(): { root: string; plan: Plan } {
  const root = mkdtempSync(join(process.cwd(), 'scratch', 'report-test-'));
  dirs.push(root);
  mkdirSync(join(root, 'specs'));
  writeFileSync(join(root, 'package.json'), '{}');
  writeFileSync(join(root, 'specs', 'toy.aug'), '// toy\n');
  const plan = toyPlan({ reportPath: join(root, 'reports', 'toy.md') });
  plan.spec.path = join(root, 'specs', 'toy.aug');
  return { root, plan };
}

async function run(plan: Plan, extra: { outDir?: string; cacheDir?: string | null; allowOutside?: boolean } = {}) {
  const calls = newCalls();
  const outcome = await runExperiment({
    plan,
    components: fakeComponents(calls),
    data: fakeDataLayer(calls),
    augcVersion: '0.1.0',
    ...extra,
  });
  return { outcome, calls };
}

/** The cells of a markdown table row "| label | a | b |" by the label in the first column. */
function tableRow(markdown: string, heading: string, label: string): string[] {
  const section = markdown.slice(markdown.indexOf(heading));
  const line = section.split('\n').find((l) => l.startsWith(`| ${label} |`))!;
  return line
    .split('|')
    .slice(2, -1)
    .map((c) => c.trim());
}

describe('runExperiment (fake components)', () => {
  it('writes a schema-valid results.json and a report whose table numbers equal it', async () => {
    const { root, plan } = project();
    const { outcome } = await run(plan);
    const resultsPath = join(root, 'reports', 'toy.results.json');
    const results = JSON.parse(readFileSync(resultsPath, 'utf8')) as ResultsFile;
    expect(validateResults(results).ok).toBe(true);
    expect(results.runs).toHaveLength(12);
    expect(results.runs[0]).toMatchObject({
      arm: 'baseline',
      cell: { shots: '4' },
      repeat: 0,
      counts: { originals: 12, train: 12, test: 36 },
    });
    const report = readFileSync(join(root, 'reports', 'toy.md'), 'utf8');
    for (const shots of ['4', '8']) {
      const cells = tableRow(report, '### weighted_f1 by shots', shots);
      results.arms.forEach((arm, i) => {
        const values = results.runs.filter((r) => r.arm === arm.name && r.cell.shots === shots).map((r) => r.metrics.weighted_f1!);
        expect(values).toHaveLength(2);
        expect(cells[i].replace(/\*\*/g, '')).toContain(`${mean(values).toFixed(3)} ± ${std(values).toFixed(3)}`);
      });
    }
    expect(report).toContain('## Paired comparison with the baseline');
    const gcRuns = results.runs.filter((r) => r.arm === 'noise+gc' && r.cell.shots === '8');
    const acceptance = (100 * mean(gcRuns.map((r) => r.acceptance!))).toFixed(1);
    expect(report).toContain(
      `| noise+gc | shots = 8 | 24 | 24 | ${mean(gcRuns.map((r) => r.counts.kept))} | ${acceptance}% | ${mean(gcRuns.map((r) => r.counts.train))} |`,
    );
    expect(report).toContain('| noise | shots = 4 | 12 | 12 | 12 | – | 24 |');
    expect(report).toMatch(/\| noise \| \*\*all cells\*\* \| [+−±]\d\.\d{3} \| \[[+−±]\d\.\d{3}, [+−±]\d\.\d{3}\] \| \d\/4 \|/);
    expect(report).toContain(`| spec SHA-256 | \`${'a'.repeat(64)}\` |`);
    expect(outcome.run.provenance.wallSeconds).toBeGreaterThan(0);
    // plots: one line per arm, with error bars
    const svg = readFileSync(join(root, 'reports', 'toy-figures', 'weighted_f1-over-shots.svg'), 'utf8');
    expect(svg.match(/class="series"/g)).toHaveLength(3);
    const gain = readFileSync(join(root, 'reports', 'toy-figures', 'gain-weighted_f1-over-shots.svg'), 'utf8');
    expect(gain.match(/class="series"/g)).toHaveLength(2);
    // figures: latent scatter with real and generated marked, samples as a PNG grid (3 classes × 8 of 2×2 scaled ×28)
    const latent = readFileSync(join(root, 'reports', 'toy-figures', 'latent-shared.svg'), 'utf8');
    expect(latent.match(/class="real"/g)).toHaveLength(54);
    expect(latent.match(/class="generated"/g)).toHaveLength(12);
    const png = PNG.sync.read(readFileSync(join(root, 'reports', 'toy-figures', 'samples-noise.png')));
    expect([png.width, png.height]).toEqual([4 * (2 * 28 + 2) + 2, 3 * (2 * 28 + 2) + 2]); // 4 generated per class
    expect(report).toContain("![Generated samples of arm 'noise'](toy-figures/samples-noise.png)");
  });

  it('interpolation strips and reconstructions become PNG grids', async () => {
    const { root, plan } = project();
    const base = plan.tasks.find((t) => t.id === 'figure:latent/shared')!;
    plan.tasks.push(
      { ...base, id: 'figure:interpolation/shared', figure: { kind: 'interpolation', vae: 'shared' }, generateTask: null } as never,
      { ...base, id: 'figure:reconstructions/shared', figure: { kind: 'reconstructions', vae: 'shared' }, generateTask: null } as never,
    );
    const { outcome } = await run(plan);
    const byKind = Object.fromEntries(outcome.results.figures.map((f) => [f.kind, f]));
    expect(byKind.interpolation.files).toEqual(['toy-figures/interpolation-shared.png']);
    const strip = PNG.sync.read(readFileSync(join(root, 'reports', 'toy-figures', 'interpolation-shared.png')));
    expect([strip.width, strip.height]).toEqual([8 * 58 + 2, 3 * 58 + 2]); // 8 steps × 3 classes, 2×2 images scaled ×28
    const recon = PNG.sync.read(readFileSync(join(root, 'reports', 'toy-figures', 'reconstructions-shared.png')));
    expect(recon.height).toBe(2 * 58 + 2); // originals above reconstructions
    // the fake VAE keeps features 0–1 exactly and replaces 2–3 by the training means
    const fig = outcome.execution.figures.find((f) => f.taskId === 'figure:reconstructions/shared')!;
    const original = fig.data.arrays.original as Float32Array;
    const reconstructed = fig.data.arrays.reconstructed as Float32Array;
    expect(reconstructed[0]).toBeCloseTo(original[0], 5);
    expect(reconstructed[1]).toBeCloseTo(original[1], 5);
  });

  it('a figure line with one figure per cell (a swept VAE) becomes labelled small multiples', async () => {
    const { root, plan } = project();
    const base = plan.tasks.find((t) => t.id === 'figure:latent/shared')!;
    // its own seed, as the lowering derives each figure's from its id (a task with the same inputs would share the entry)
    plan.tasks.push({ ...base, id: 'figure:latent/shared/shots=8', cell: { shots: 8 }, seed: base.seed + 1 } as never);
    const { outcome } = await run(plan);
    const latent = outcome.results.figures.filter((f) => f.kind === 'latent');
    expect(latent.map((f) => [f.taskId, f.cell, f.files])).toEqual([
      ['figure:latent/shared', { shots: '4' }, ['toy-figures/latent-shared-shots-4.svg']],
      ['figure:latent/shared/shots=8', { shots: '8' }, ['toy-figures/latent-shared-shots-8.svg']],
    ]);
    expect(outcome.results.figures.find((f) => f.kind === 'samples')!.cell).toEqual({});
    expect(readFileSync(join(root, 'reports', 'toy-figures', 'latent-shared-shots-8.svg'), 'utf8')).toContain('shots = 8');
    const report = readFileSync(join(root, 'reports', 'toy.md'), 'utf8');
    const section = report.slice(report.indexOf("### Latent of VAE 'shared'"), report.indexOf('### Generated samples'));
    expect(section).toContain(
      "| shots = 4 | shots = 8 |\n|---|---|\n| ![Latent of VAE 'shared', shots = 4](toy-figures/latent-shared-shots-4.svg) | ![Latent of VAE 'shared', shots = 8](toy-figures/latent-shared-shots-8.svg) |",
    );
    // both cells encode the same 54 real and 12 generated points here, so they share one caption
    expect(section.match(/Latent means of 54 real \(dots\) and 12 generated/g)).toHaveLength(1);
    expect(report.match(/### Latent of VAE/g)).toHaveLength(1);
  });

  it('two fresh runs write byte-identical results.json', async () => {
    const { root, plan } = project();
    await run(plan, { cacheDir: join(root, 'cache-a') });
    const first = readFileSync(join(root, 'reports', 'toy.results.json'));
    await run(plan, { cacheDir: join(root, 'cache-b') });
    expect(readFileSync(join(root, 'reports', 'toy.results.json')).equals(first)).toBe(true);
  });

  it('refuses an output folder outside the project unless allowed', async () => {
    const { plan } = project();
    const outside = mkdtempSync(join(process.cwd(), 'scratch', 'outside-'));
    dirs.push(outside);
    await expect(run(plan, { outDir: join(outside, '..', '..', '..', 'elsewhere') })).rejects.toThrow(OutputError);
    await expect(run(plan, { outDir: '/tmp/augc-outside' })).rejects.toThrow(/outside the spec's project folder .*--allow-outside/);
    const { outcome } = await run(plan, { outDir: outside, allowOutside: true });
    expect(existsSync(outcome.paths.report)).toBe(true);
  });

  it('a smoke run without --out writes to smoke/ beside the report, never over it', async () => {
    const { root, plan } = project();
    plan.smoke = true;
    const { outcome } = await run(plan);
    expect(outcome.paths.report).toBe(join(root, 'reports', 'smoke', 'toy.md'));
    expect(existsSync(join(root, 'reports', 'toy.md'))).toBe(false);
    expect(readFileSync(outcome.paths.report, 'utf8')).toContain('> **Smoke run** (`--smoke`)');
  });

  it('an unwritable output folder fails before any training, naming the folder', async () => {
    const { root, plan } = project();
    writeFileSync(join(root, 'blocked'), 'a file, not a folder');
    const { calls, outcome } = await run(plan, { outDir: join(root, 'blocked', 'out') }).then(
      (r) => ({ ...r, outcome: r.outcome as unknown }),
      (e: Error) => ({ calls: null, outcome: e }),
    );
    expect(calls).toBeNull();
    expect((outcome as Error).message).toMatch(/cannot write to the output folder .*blocked\/out \(ENOTDIR\)/);
  });

  it('a failing task writes nothing', async () => {
    const { root, plan } = project();
    const calls = newCalls();
    const failing = runExperiment({
      plan,
      components: fakeComponents(calls, { failVae: () => 'loss is NaN' }),
      data: fakeDataLayer(calls),
      augcVersion: '0.1.0',
    });
    await expect(failing).rejects.toThrow("task 'vae:shared/-/r0' (train_vae) failed: loss is NaN");
    expect(existsSync(join(root, 'reports', 'toy.results.json'))).toBe(false);
    expect(existsSync(join(root, 'reports', 'toy.md'))).toBe(false);
  });

  it('re-renders the report from results.json alone (a custom template)', async () => {
    const { root, plan } = project();
    await run(plan);
    const resultsPath = join(root, 'reports', 'toy.results.json');
    const results = JSON.parse(readFileSync(resultsPath, 'utf8')) as ResultsFile;
    writeFileSync(join(root, 'mine.hbs'), '{{title}}: {{#each tables}}[{{title}}]{{/each}} best={{runs.length}}\n');
    results.report.template = join(root, 'mine.hbs');
    const { markdown } = renderReport(results, null, resultsPath);
    expect(markdown).toBe('Toy experiment: [weighted_f1 by shots] best=12\n');
  });

  it('tabular figures of several cells are shown one after the other, each named by its cell', async () => {
    const { root, plan } = project();
    await run(plan);
    const resultsPath = join(root, 'reports', 'toy.results.json');
    const results = JSON.parse(readFileSync(resultsPath, 'utf8')) as ResultsFile;
    const tabular = (shots: string, table: string) => ({
      taskId: `fig:samples:noise/0/shots=${shots}`,
      kind: 'samples' as const,
      target: 'noise',
      cell: { shots },
      title: "Generated samples of arm 'noise'",
      files: [],
      table,
      caption: `rows of ${shots}`,
    });
    results.figures = [tabular('4', '| a |\n|---|\n| 1 |'), tabular('8', '| a |\n|---|\n| 2 |')];
    const { markdown } = renderReport(results, null, resultsPath);
    const section = markdown.slice(markdown.indexOf('## Figures'), markdown.indexOf('## Provenance'));
    expect(section).toBe(
      "## Figures\n\n### Generated samples of arm 'noise'\n\n**shots = 4**\n\n| a |\n|---|\n| 1 |\n\nrows of 4\n\n**shots = 8**\n\n| a |\n|---|\n| 2 |\n\nrows of 8\n\n",
    );
  });
});

describe('the baseline along axes that change only the VAEs', () => {
  it('says the baseline is retrained per beta, latent or generated cell, and says nothing for a shots axis', async () => {
    const { root, plan } = project();
    await run(plan);
    const resultsPath = join(root, 'reports', 'toy.results.json');
    const results = JSON.parse(readFileSync(resultsPath, 'utf8')) as ResultsFile;
    const note = 'The baseline uses no VAE and no generated examples';
    expect(renderReport(results, null, resultsPath).markdown).not.toContain(note);
    results.axes = [...results.axes, { name: 'beta', kind: 'beta', labels: ['0.5'] }];
    expect(renderReport(results, null, resultsPath).markdown).toContain(
      'The baseline uses no VAE and no generated examples, so the axis `beta` does not change it:',
    );
    results.axes = [
      ...results.axes,
      { name: 'd', kind: 'latent', labels: ['2'] },
      { name: 'generated', kind: 'generated', labels: ['20'] },
    ];
    expect(renderReport(results, null, resultsPath).markdown).toContain('so the axes `beta`, `d` and `generated` do not change it:');
    results.baseline = null;
    expect(renderReport(results, null, resultsPath).markdown).not.toContain(note);
  });
});

describe('provenance', () => {
  it('records the git commit and dirty flag of the spec repository as they were when the run started', async () => {
    const { root, plan } = project();
    const git = (...args: string[]) =>
      execFileSync('git', ['-c', 'user.name=augc', '-c', 'user.email=augc@example.org', ...args], { cwd: root, encoding: 'utf8' }).trim();
    git('init', '-q');
    await run(plan);
    git('add', '-A');
    git('commit', '-qm', 'first run');
    const commit = git('rev-parse', 'HEAD');
    // the second run (a new title) rewrites the tracked results and report: dirty only after it started
    plan.experiment.title = 'Toy experiment, renamed';
    const { outcome } = await run(plan);
    expect(outcome.run.provenance.git).toEqual({ commit, dirty: false });
    expect(git('status', '--porcelain', '--untracked-files=no')).toContain('reports/toy.results.json');
    writeFileSync(join(root, 'specs', 'toy.aug'), '// toy, edited\n');
    expect((await run(plan)).outcome.run.provenance.git).toEqual({ commit, dirty: true });
  });
});
