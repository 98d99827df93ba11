/**
 * Test helpers: fake dataset metadata (so compiler tests need no data files), a compile helper
 * rooted in the project, and `«…»` markers that say where a diagnostic must point.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileSource, type CompileOptions, type CompileResult, type MetadataReader } from '../../src/compiler/index.ts';
import type { DataSource } from '../../src/plan/types.ts';
import type { DatasetMetadata } from '../../src/runtime/data/types.ts';

export const PROJECT_ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');
/** Where test specs pretend to live (inside the project, so report paths resolve inside it). */
export const FAKE_SPEC_PATH = join(PROJECT_ROOT, 'specs/case.aug');
/** Small real data files (CSV) that the fake reader reads with the real data layer. */
export const FIXTURES = join(PROJECT_ROOT, 'test/compiler/fixtures');
/** The data layer's fixtures (PROBEN1 sets, CSV, Parquet, ARFF), read for real; also the search path
 * of PROBEN1 names the fake reader does not know. */
export const DATA_FIXTURES = join(PROJECT_ROOT, 'test/fixtures/data');

const tabularColumns = (n: number, continuous: number) =>
  Array.from({ length: n }, (_, i) => ({
    name: `x${i}`,
    type: i < continuous ? ('continuous' as const) : ('binary' as const),
    min: 0,
    max: 1,
    missing: 0,
  }));

/** MNIST as the data layer describes it: 10 classes of 1000 images, values in [0,1]. */
export const MNIST_METADATA: DatasetMetadata = {
  ref: 'mnist',
  kind: 'image',
  rows: 10000,
  features: 784,
  encodedFeatures: 784,
  imageShape: [28, 28, 1],
  classes: Array.from({ length: 10 }, (_, i) => ({ label: String(i), count: 1000 })),
  parts: {},
  partClassCounts: {},
  columns: [],
  valueRange: [0, 1],
};

/** PROBEN1 thyroid: 21 inputs in [0,1] (6 continuous), 3 classes, the standard partition. */
export const THYROID_METADATA: DatasetMetadata = {
  ref: 'proben1:thyroid',
  kind: 'tabular',
  rows: 7200,
  features: 21,
  encodedFeatures: 21,
  imageShape: null,
  classes: [
    { label: '1', count: 166 },
    { label: '2', count: 368 },
    { label: '3', count: 6666 },
  ],
  parts: { train: 3600, validation: 1800, test: 1800 },
  partClassCounts: { train: [83, 184, 3333], validation: [41, 92, 1667], test: [42, 92, 1666] },
  columns: tabularColumns(21, 6),
  valueRange: [0, 1],
};

/** The other PROBEN1 sets: input dimension and class count matter to the compiler. */
const PROBEN1_SHAPES: Record<string, [number, number[]]> = {
  card: [51, [307, 383]],
  diabetes: [8, [500, 268]],
  gene: [120, [765, 762, 1648]],
  glass: [9, [70, 76, 17, 13, 9, 29]],
  horse: [58, [224, 85, 55]],
};

function proben1(name: string): DatasetMetadata {
  if (name === 'thyroid') return THYROID_METADATA;
  const [features, counts] = PROBEN1_SHAPES[name];
  const rows = counts.reduce((a, b) => a + b, 0);
  const train = Math.floor(rows / 2);
  const validation = Math.floor(rows / 4);
  const share = (f: number) => counts.map((c) => Math.floor(c * f));
  return {
    ref: `proben1:${name}`,
    kind: 'tabular',
    rows,
    features,
    encodedFeatures: features,
    imageShape: null,
    classes: counts.map((count, i) => ({ label: String(i + 1), count })),
    parts: { train, validation, test: rows - train - validation },
    partClassCounts: { train: share(0.5), validation: share(0.25), test: share(0.25) },
    columns: tabularColumns(features, features),
    valueRange: [0, 1],
  };
}

/** A fake `readMetadata`: known sources answer at once; csv files of FIXTURES are read for real;
 * other csv/idx/images files "do not exist". */
export const fakeReadMetadata: MetadataReader = async (source: DataSource) => {
  switch (source.kind) {
    case 'mnist':
    case 'fashion_mnist':
      return MNIST_METADATA;
    case 'proben1':
      // the six reference sets are faked; any other name or a path reads the PROBEN1 fixtures for real
      if (!source.path && (source.name === 'thyroid' || source.name in PROBEN1_SHAPES)) return proben1(source.name);
      return (await import('../../src/runtime/data/index.ts')).readMetadata(source, {
        resolve: { env: { AUGC_DATA_PATH: DATA_FIXTURES }, download: false },
      });
    case 'csv':
    case 'parquet':
    case 'arff':
      // the small data fixtures of the tests are read for real (declared classes, data checks)
      if (source.path.startsWith(FIXTURES) || source.path.startsWith(DATA_FIXTURES))
        return (await import('../../src/runtime/data/index.ts')).readMetadata(source);
      throw new Error(`cannot read ${source.path}: no such file`);
    default:
      throw new Error(`cannot read ${source.kind} data: no such file`);
  }
};

/** Compile test text at the fake spec path with fake metadata. */
export function compile(text: string, options: CompileOptions = {}): Promise<CompileResult> {
  return compileSource(text, FAKE_SPEC_PATH, { readMetadata: fakeReadMetadata, projectRoot: PROJECT_ROOT, ...options });
}

/** Strip `«` and `»` from a case and return the 1-based line and column of `«`. */
export function unmark(marked: string): { text: string; line: number; column: number } {
  const at = marked.indexOf('«');
  if (at < 0) throw new Error('case has no « marker');
  const before = marked.slice(0, at);
  const line = before.split('\n').length;
  const column = at - before.lastIndexOf('\n');
  return { text: marked.replace('«', '').replace('»', ''), line, column };
}
