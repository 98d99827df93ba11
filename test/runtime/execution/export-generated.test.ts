/**
 * `export` in a report block, end to end (issue 16 §4): a tiny spec on the 30 patients (mixed
 * columns, the file's own partition) runs through the real runtime and writes each augmenting arm's
 * generated examples per cell and repeat as CSV, from the generate and filter_gc outputs in the
 * cache: the rows are the generate task's decoded rows, gc_score and kept are the filter's, the kept
 * count is what the evaluation trained on, and the file loads back through augc's csv loader with
 * the same rows. Also: `export kept`, results.json and the report's section, a run without export,
 * and a filter entry of an older augc (no scores) computed again.
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCommand } from '../../../src/cli/commands/run.ts';
import { compileSource } from '../../../src/compiler/index.ts';
import type { FilterTask, GenerateTask, Plan } from '../../../src/plan/types.ts';
import { loadDataset, parseDataRef, prepareData } from '../../../src/runtime/data/index.ts';
import type { PreparedData } from '../../../src/runtime/data/types.ts';
import { ArtifactCache } from '../../../src/runtime/execution/artifact-cache.ts';
import { realComponents, realDataLayer } from '../../../src/runtime/execution/real-modules.ts';
import { runExperiment, type RunExperimentResult } from '../../../src/runtime/execution/run-experiment.ts';
import type { RunManifest } from '../../../src/runtime/execution/task-runner.ts';
import { validateResults } from '../../../src/runtime/results/validate-results.ts';

const PATIENTS = join(import.meta.dirname, '../../fixtures/data/tables/patients.csv');
const spec = (exported: string) => `
experiment patients "Generated data out" {
  seed 5
  repeats 2
  data patients = csv("patients.csv", label "outcome", partition "split")
  split patients partition
  vae pooled { single on train latent 2 encoder dense [8] likelihood mixed train steps 20 batch 8 lr 1e-2 }
  classifier net { mlp [8] train steps 10 batch 8 lr 1e-2 }
  sweep shots in [2, 3] per_class from train
  arm baseline
  arm noise = pooled.noise(alpha 0.5) count 4
  arm filtered = pooled.noise(alpha 1.0) count 6 filter gc(noise sigma 0.5, keep 0.5)
  arm over = oversample() count 2
  metric weighted_f1
  report "out/patients.md" { table weighted_f1 rows shots cols arm ${exported} }
}
`;
const DATA_COLUMNS = 'age,sex,smoker,blood,dose,severity';

let root: string;
const cache = () => join(root, '.augc');

async function run(text: string): Promise<RunExperimentResult & { plan: Plan }> {
  writeFileSync(join(root, 'patients.aug'), text);
  const compiled = await compileSource(text, join(root, 'patients.aug'));
  expect(compiled.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  const plan = compiled.plan as Plan;
  const outcome = await runExperiment({
    plan,
    components: await realComponents(),
    data: await realDataLayer(),
    augcVersion: 'test',
    cacheDir: cache(),
    backend: 'wasm',
  });
  return { ...outcome, plan };
}

/** A CSV file as header and rows of fields (the export writes no quoted fields for this data). */
function readCsv(path: string): { header: string[]; rows: string[][] } {
  const [head, ...lines] = readFileSync(path, 'utf8').trimEnd().split('\n');
  return { header: head.split(','), rows: lines.map((l) => l.split(',')) };
}

/** A task's cache key, as the run's manifest in the cache records it. */
function keyOf(taskId: string): string {
  const dir = join(cache(), 'manifests');
  const manifest = JSON.parse(readFileSync(join(dir, readdirSync(dir)[0]), 'utf8')) as RunManifest;
  return manifest.keys[taskId];
}

/** A stored task output of the run. */
async function stored(taskId: string) {
  return (await new ArtifactCache(cache()).read(keyOf(taskId)))!;
}

/** Row i of raw (decoded) rows as the export writes its data fields: categories by name, 7 digits. */
function rawFields(prepared: PreparedData, raw: Float32Array, i: number): string[] {
  const meta = prepared.dataset.metadata;
  return meta.columns.map((c, j) => {
    const v = raw[i * meta.features + j];
    if (Number.isNaN(v)) return '';
    return c.categories ? c.categories[Math.round(v)] : String(Number(v.toPrecision(7)));
  });
}

describe('export in a report block (tables)', () => {
  let both: RunExperimentResult & { plan: Plan };
  let prepared: PreparedData;
  beforeAll(async () => {
    mkdirSync(join(process.cwd(), 'scratch'), { recursive: true });
    root = mkdtempSync(join(process.cwd(), 'scratch', 'export-generated-'));
    writeFileSync(join(root, 'package.json'), '{}');
    copyFileSync(PATIENTS, join(root, 'patients.csv'));
    both = await run(spec('export generated, kept'));
    prepared = await prepareData(both.plan.datasets[0], { baseDir: root });
  }, 180_000);
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('writes one CSV per augmenting arm, cell and repeat under <report>-data/<arm>/<cell>/', () => {
    const dir = join(root, 'out', 'patients-data');
    expect(readdirSync(dir).sort()).toEqual(['filtered', 'noise', 'over']);
    for (const arm of ['filtered', 'noise', 'over']) {
      expect(readdirSync(join(dir, arm)).sort()).toEqual(['shots=2', 'shots=3']);
      for (const cell of ['shots=2', 'shots=3']) expect(readdirSync(join(dir, arm, cell)).sort()).toEqual(['repeat-0.csv', 'repeat-1.csv']);
    }
    // nothing left of the temporary folder
    expect(readdirSync(join(root, 'out')).filter((n) => n.includes('partial'))).toEqual([]);
  });

  it('each file holds the generate task’s rows decoded, with labels, provenance, the GC’s scores and kept flags', async () => {
    const gens = both.plan.tasks.filter((t): t is GenerateTask => t.kind === 'generate');
    const filters = new Map(both.plan.tasks.filter((t): t is FilterTask => t.kind === 'filter_gc').map((t) => [t.generate, t]));
    expect(gens).toHaveLength(12);
    const classes = prepared.dataset.metadata.classes.map((c) => c.label);
    for (const task of gens) {
      const cell = `shots=${task.cell.shots}`;
      const { header, rows } = readCsv(join(root, 'out', 'patients-data', task.arm, cell, `repeat-${task.repeat}.csv`));
      expect(header.join(',')).toBe(`${DATA_COLUMNS},label,arm,cell,repeat,gc_score,kept`);
      const generated = await stored(task.id);
      const y = generated.arrays.y as Int32Array;
      const x = generated.arrays.x as Float32Array;
      expect(rows).toHaveLength(y.length);
      // counts per class as the recipe makes them: `count 4` / `count 6` / `count 2` per class
      expect(y.length).toBe({ noise: 4, filtered: 6, over: 2 }[task.arm]! * 2);
      const filter = filters.get(task.id);
      const score = filter ? ((await stored(filter.id)).arrays.score as Float32Array) : null;
      const keep = filter ? ((await stored(filter.id)).arrays.keep as Int32Array) : null;
      const raw = prepared.preprocessor.inverse(x);
      rows.forEach((fields, i) => {
        expect(fields.slice(0, 6)).toEqual(rawFields(prepared, raw, i));
        expect(fields.slice(6, 10)).toEqual([classes[y[i]], task.arm, cell, String(task.repeat)]);
        expect(fields[10]).toBe(score ? String(Number(score[i].toPrecision(7))) : '');
        expect(fields[11]).toBe(keep ? String(keep[i]) : '1');
      });
      if (score) {
        // the scores are the filter's decisions: kept exactly where P(real) ≥ keep 0.5
        for (const fields of rows) expect(fields[11]).toBe(Number(fields[10]) >= 0.5 ? '1' : '0');
      }
      // the kept rows are what the evaluation trained on
      const record = both.results.runs.find(
        (r) => r.arm === task.arm && r.repeat === task.repeat && r.cell.shots === String(task.cell.shots),
      )!;
      expect(rows.filter((f) => f[11] === '1')).toHaveLength(record.counts.kept);
      expect(rows).toHaveLength(record.counts.generated);
    }
  });

  it('the GC filter kept some rows and dropped others somewhere, so the kept column is not trivially all ones', () => {
    const kept = both.results.runs.filter((r) => r.arm === 'filtered').map((r) => r.counts.kept);
    expect(kept.some((k) => k < 12)).toBe(true);
    expect(kept.some((k) => k > 0)).toBe(true);
  });

  it('round trip: a file loads back through the csv loader as a dataset with the same rows and labels', async () => {
    const file = join(root, 'out', 'patients-data', 'filtered', 'shots=3', 'repeat-1.csv');
    const back = await loadDataset(parseDataRef(`csv:${file},label=label`));
    const { rows } = readCsv(file);
    const meta = prepared.dataset.metadata;
    expect(back.metadata.rows).toBe(rows.length);
    expect(back.metadata.columns.map((c) => c.name)).toEqual([
      ...meta.columns.map((c) => c.name),
      'arm',
      'cell',
      'repeat',
      'gc_score',
      'kept',
    ]);
    expect(back.metadata.columns.slice(0, 6).map((c) => c.type)).toEqual(meta.columns.map((c) => c.type));
    const width = back.metadata.features;
    rows.forEach((fields, i) => {
      expect(back.metadata.classes[back.y[i]].label).toBe(fields[6]);
      meta.columns.forEach((c, j) => {
        const got = back.x[i * width + j];
        if (fields[j] === '') expect(got).toBeNaN();
        else if (c.categories) expect(back.metadata.columns[j].categories![got]).toBe(fields[j]);
        else expect(got).toBe(Math.fround(Number(fields[j])));
      });
    });
  });

  it('a file of an arm without a filter (gc_score empty, kept all 1) loads back too, with its rows', async () => {
    const file = join(root, 'out', 'patients-data', 'noise', 'shots=2', 'repeat-0.csv');
    const back = await loadDataset(parseDataRef(`csv:${file},label=label`));
    expect(back.metadata.rows).toBe(8);
    expect(back.metadata.classes.map((c) => [c.label, c.count])).toEqual([
      ['ill', 4],
      ['well', 4],
    ]);
  });

  it('results.json lists every file (valid against the schema) and the report has a Generated data section', () => {
    const data = both.results.generatedData!;
    expect(validateResults(JSON.parse(readFileSync(both.paths.results, 'utf8'))).ok).toBe(true);
    expect(data.exported).toEqual(['generated', 'kept']);
    expect(data.folder).toBe('patients-data');
    expect(data.files).toHaveLength(12);
    const first = data.files.find((f) => f.taskId === 'gen:filtered/shots=3/r1')!;
    expect(first).toEqual({
      taskId: 'gen:filtered/shots=3/r1',
      arm: 'filtered',
      dataset: 'patients',
      cell: { shots: '3' },
      repeat: 1,
      format: 'csv',
      path: 'patients-data/filtered/shots=3/repeat-1.csv',
      rows: 12,
      kept: both.results.runs.find((r) => r.taskId === 'eval:filtered/shots=3/r1')!.counts.kept,
      filtered: true,
    });
    expect(data.files.find((f) => f.taskId === 'gen:noise/shots=2/r0')).toMatchObject({ rows: 8, kept: 8, filtered: false });
    const report = readFileSync(both.paths.report, 'utf8');
    expect(report).toContain('## Generated data\n\n12 file(s) in `patients-data/`: every generated example, with a `kept` column');
    expect(report).toContain('| arm | cell | repeat | examples | trained on | file |');
    expect(report).toContain(
      `| filtered | shots = 3 | 1 | 12 | ${first.kept} | [filtered/shots=3/repeat-1.csv](patients-data/filtered/shots=3/repeat-1.csv) |`,
    );
    expect(report).toContain(
      '| noise | shots = 2 | 0 | 8 | all | [noise/shots=2/repeat-0.csv](patients-data/noise/shots=2/repeat-0.csv) |',
    );
  });

  it('`export kept` writes the kept rows only, from the cache (nothing computed), replacing the folder', async () => {
    const before = readCsv(join(root, 'out', 'patients-data', 'filtered', 'shots=3', 'repeat-1.csv'));
    const kept = await run(spec('export kept'));
    expect(kept.execution.computed).toBe(0);
    const after = readCsv(join(root, 'out', 'patients-data', 'filtered', 'shots=3', 'repeat-1.csv'));
    expect(after.header.join(',')).toBe(`${DATA_COLUMNS},label,arm,cell,repeat,gc_score`);
    expect(after.rows).toEqual(before.rows.filter((f) => f[11] === '1').map((f) => f.slice(0, 11)));
    expect(kept.results.generatedData!.exported).toEqual(['kept']);
  });

  it('`augc run --json` names the data folder; the plain summary says where it went', async () => {
    writeFileSync(join(root, 'patients.aug'), spec('export generated, kept'));
    const capture = () => {
      const text: string[] = [];
      return { text, stream: { write: (c: string) => text.push(c) > 0, isTTY: false } as unknown as NodeJS.WriteStream };
    };
    const [out, err] = [capture(), capture()];
    const code = await runCommand(
      join(root, 'patients.aug'),
      { json: true, cacheDir: join(root, 'cli-cache'), jobs: '1' },
      { stdout: out.stream, stderr: err.stream },
    );
    expect(code, err.text.join('')).toBe(0);
    expect(JSON.parse(out.text.join(''))).toMatchObject({ runs: 16, data: join(root, 'out', 'patients-data') });
    const plain = capture();
    expect(
      await runCommand(
        join(root, 'patients.aug'),
        { cacheDir: join(root, 'cli-cache'), jobs: '1' },
        { stdout: plain.stream, stderr: err.stream },
      ),
    ).toBe(0);
    expect(plain.text.join('')).toContain(
      `augc: wrote the generated data to ${join(root, 'out', 'patients-data').replace(`${process.cwd()}/`, '')}/ (12 file(s))\n`,
    );
  }, 60_000);

  it('a run without export writes no data folder and no generatedData, and leaves an earlier folder alone', async () => {
    const plain = await run(spec(''));
    expect(plain.results.generatedData).toBeUndefined();
    expect(readFileSync(plain.paths.results, 'utf8')).not.toContain('generatedData');
    expect(readFileSync(plain.paths.report, 'utf8')).not.toContain('## Generated data');
    expect(existsSync(join(root, 'out', 'patients-data', 'noise'))).toBe(true);
    expect(plain.execution.computed).toBe(0);
  });

  it('a filter entry cached without scores (an older augc) is computed again, to the same decisions', async () => {
    const task = both.plan.tasks.find((t): t is FilterTask => t.kind === 'filter_gc' && t.id === 'gc:filtered/shots=2/r0')!;
    const key = keyOf(task.id);
    const store = new ArtifactCache(cache());
    const entry = (await store.read(key))!;
    const { score, keep, ...older } = entry.arrays;
    await store.write(key, { json: entry.json, arrays: older });
    const again = await run(spec('export generated, kept'));
    expect(again.execution.timings.filter((t) => t.status === 'computed').map((t) => t.id)).toEqual([task.id]);
    const restored = (await store.read(key))!;
    expect(Array.from(restored.arrays.score as Float32Array)).toEqual(Array.from(score as Float32Array));
    expect(Array.from(restored.arrays.keep as Int32Array)).toEqual(Array.from(keep as Int32Array));
    expect(readFileSync(again.paths.results, 'utf8')).toBe(readFileSync(both.paths.results, 'utf8'));
  }, 60_000);
});
