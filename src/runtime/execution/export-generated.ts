/**
 * `export` in a report block (issue 16 §4): each augmenting arm's generated examples, per cell and
 * repeat, written beside the report from the run's own task outputs — the generate task's rows and
 * its filter_gc task's scores and keep flags, read from the artifact store — so nothing is generated
 * again and the files hold exactly what the classifiers trained on.
 *
 *   <report name>-data/<arm>/<cell>/repeat-<r>.csv    tables: the dataset's columns (categories as
 *                                                     their names), then label, arm, cell, repeat,
 *                                                     gc_score (and kept, with `export generated, kept`)
 *   <report name>-data/<arm>/<cell>/repeat-<r>/       images: png/CLASS/NNNNN.png, images-idx3-ubyte,
 *                                                     labels-idx1-ubyte, index.csv (file, label, …)
 *
 * `<cell>` is the cell as task ids write it (`shots=5`, `beta=norm1,shots=20`), `all` without a
 * sweep. `export generated` writes every generated example, `export kept` those the arm trains on
 * (the ones its GC filter kept; all of them without a filter), both: every example with a `kept`
 * column of 1 and 0. The folder is written under a temporary name and then renamed into place, so a
 * run that fails while exporting leaves the previous folder as it was.
 */
import { renameSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { ExportedData, FilterTask, GenerateTask, Plan } from '../../plan/types.ts';
import type { Artifact } from '../components.ts';
import { writeImageIndex, writeImages, writeTableCsv } from '../data/export.ts';
import type { PreparedData } from '../data/types.ts';
import { cellLabels } from '../results/build-results.ts';
import type { GeneratedDataFile, GeneratedDataFiles } from '../results/types.ts';
import type { RequestedOutputs } from './executor.ts';
import { hasScores } from './handlers/filter-gc.ts';
import type { DataLayer } from './types.ts';

export interface GeneratedDataOptions {
  /** the folder to write, `<report name>-data` beside the report */
  folder: string;
  /** the results file's folder: paths in results.json are relative to it */
  resultsDir: string;
  data: DataLayer;
  /** the spec's folder, against which relative data paths resolve */
  baseDir: string;
}

/** The run's request for the generated data (null when the report exports nothing); after the run,
 * `files()` lists what `use` wrote. */
export function generatedDataExport(
  plan: Plan,
  options: GeneratedDataOptions,
): (RequestedOutputs & { files(): GeneratedDataFiles }) | null {
  const exported = plan.report.export;
  if (!exported?.length) return null;
  const generates = plan.tasks.filter((t): t is GenerateTask => t.kind === 'generate');
  const filterOf = new Map(plan.tasks.filter((t): t is FilterTask => t.kind === 'filter_gc').map((t) => [t.generate, t]));
  const written: GeneratedDataFile[] = [];
  return {
    tasks: generates.flatMap((g) => [g.id, ...(filterOf.has(g.id) ? [filterOf.get(g.id)!.id] : [])]),
    // a filter_gc entry cached before scores were kept cannot be exported: it is computed again
    usable: { filter_gc: hasScores },
    async use(read) {
      const partial = `${options.folder}.partial-${process.pid}`;
      rmSync(partial, { recursive: true, force: true });
      const prepared = new Map<string, Promise<PreparedData>>();
      const prepare = (dataset: string) => {
        if (!prepared.has(dataset)) {
          const node = plan.datasets.find((d) => d.name === dataset);
          if (!node) throw new Error(`the plan has no dataset '${dataset}'`);
          prepared.set(dataset, options.data.prepareData(node, { baseDir: options.baseDir }));
        }
        return prepared.get(dataset)!;
      };
      try {
        for (const task of generates) {
          const filter = filterOf.get(task.id);
          const rows = selectRows(task, await read(task.id), filter ? await read(filter.id) : null, exported);
          const file = await writeOne(task, rows, await prepare(task.dataset), partial, options.data);
          written.push({
            taskId: task.id,
            arm: task.arm,
            dataset: task.dataset,
            cell: cellLabels(task.cell, plan.axes),
            repeat: task.repeat,
            format: file.format,
            path: relative(options.resultsDir, join(options.folder, file.within)),
            rows: rows.y.length,
            kept: rows.keptCount,
            filtered: filter !== undefined,
          });
        }
        rmSync(options.folder, { recursive: true, force: true });
        renameSync(partial, options.folder);
      } catch (err) {
        rmSync(partial, { recursive: true, force: true });
        throw err;
      }
    },
    files: () => ({ exported: [...exported], folder: relative(options.resultsDir, options.folder), files: written }),
  };
}

/** The rows to write: encoded values, labels, GC scores (null without a filter) and kept flags (only
 * when both are exported). */
interface ExportRows {
  x: Float32Array;
  y: Int32Array;
  score: Float32Array | null;
  kept: Int32Array | null;
  keptCount: number;
}

function selectRows(task: GenerateTask, generated: Artifact, filtered: Artifact | null, exported: ExportedData[]): ExportRows {
  const x = generated.arrays.x;
  const y = generated.arrays.y;
  if (!(x instanceof Float32Array) || !(y instanceof Int32Array))
    throw new Error(`the stored output of '${task.id}' holds no generated rows`);
  const rows = y.length;
  const features = rows > 0 ? x.length / rows : 0;
  if (!filtered) return { x, y, score: null, kept: exported.length === 2 ? new Int32Array(rows).fill(1) : null, keptCount: rows };
  if (!hasScores(filtered)) throw new Error(`the stored GC decisions of '${task.id}' hold no scores`);
  const score = filtered.arrays.score as Float32Array;
  const keep = filtered.arrays.keep as Int32Array;
  if (score.length !== rows) throw new Error(`the GC scored ${score.length} rows of '${task.id}', which generated ${rows}`);
  const keptCount = keep.reduce((n, k) => n + (k ? 1 : 0), 0);
  if (exported.includes('generated')) return { x, y, score, kept: exported.includes('kept') ? keep : null, keptCount };
  // only the kept rows
  const out = { x: new Float32Array(keptCount * features), y: new Int32Array(keptCount), score: new Float32Array(keptCount) };
  let j = 0;
  for (let i = 0; i < rows; i++) {
    if (!keep[i]) continue;
    out.x.set(x.subarray(i * features, (i + 1) * features), j * features);
    out.y[j] = y[i];
    out.score[j] = score[i];
    j++;
  }
  return { ...out, kept: null, keptCount };
}

/** The cell as the task's id writes it (`gen:ARM/CELL/rR`), and its folder name (`all` for `-`). */
export function cellFolder(task: GenerateTask): { cell: string; folder: string } {
  const cell = task.id.slice(`gen:${task.arm}/`.length, task.id.lastIndexOf('/'));
  return { cell, folder: cell === '-' ? 'all' : cell.replaceAll('/', '_') };
}

/** Writes one arm, cell and repeat; returns where, relative to the export folder. */
async function writeOne(
  task: GenerateTask,
  rows: ExportRows,
  prepared: PreparedData,
  root: string,
  data: DataLayer,
): Promise<{ within: string; format: GeneratedDataFile['format'] }> {
  const meta = prepared.dataset.metadata;
  const { cell, folder } = cellFolder(task);
  const raw = data.decodeRows(prepared, rows.x, rows.y.length);
  const provenance = { arm: task.arm, cell, repeat: task.repeat, gcScore: rows.score, kept: rows.kept };
  if (meta.kind === 'image' && meta.imageShape) {
    const within = join(task.arm, folder, `repeat-${task.repeat}`);
    const classNames = meta.classes.map((c) => c.label);
    const { files } = await writeImages(join(root, within), meta.imageShape, raw, rows.y, classNames);
    await writeImageIndex(join(root, within, 'index.csv'), files, rows.y, classNames, provenance);
    return { within, format: 'png+idx' };
  }
  const within = join(task.arm, folder, `repeat-${task.repeat}.csv`);
  await writeTableCsv(join(root, within), meta, raw, rows.y, provenance);
  return { within, format: 'csv' };
}
