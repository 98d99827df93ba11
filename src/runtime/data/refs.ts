/**
 * Dataset reference strings, as the command line writes them:
 *   proben1:thyroid   proben1:thyroid:2   proben1:cancer2   proben1:PATH.dt   csv:PATH   csv:PATH,label=class,missing=?,header=no,classes=a|b
 *   mnist   fashion-mnist   iris   idx:IMAGES,LABELS   images:DIR
 */
import { DataError } from './errors.ts';
import { splitProben1Name } from './proben1-sets.ts';
import type { CsvSource, DataSource, DeclaredColumnType } from './types.ts';

const USAGE =
  'expected one of proben1:NAME[:1|2|3], proben1:FILE.dt, csv:PATH[,label=COL], mnist, fashion-mnist, iris, idx:IMAGES,LABELS, images:DIR, parquet:PATH, arff:PATH';

/** Parses a CLI reference into a data source (paths stay as written; loaders resolve them). */
export function parseDataRef(ref: string): DataSource {
  const colon = ref.indexOf(':');
  const scheme = (colon < 0 ? ref : ref.slice(0, colon)).trim().toLowerCase();
  const rest = colon < 0 ? '' : ref.slice(colon + 1);
  switch (scheme) {
    case 'mnist':
    case 'iris':
      return { kind: scheme };
    case 'fashion-mnist':
    case 'fashion_mnist':
      return { kind: 'fashion_mnist' };
    case 'proben1':
      return parseProben1(ref, rest);
    case 'csv':
      return parseCsv(ref, rest);
    case 'parquet':
    case 'arff':
      return parseTable(scheme, ref, rest);
    case 'idx': {
      const [images, labels, extra] = rest.split(',');
      if (!images || !labels || extra !== undefined)
        throw new DataError(`Bad data reference '${ref}': idx needs two files, idx:IMAGES,LABELS.`);
      return { kind: 'idx', images, labels };
    }
    case 'images':
      if (!rest) throw new DataError(`Bad data reference '${ref}': images needs a folder, images:DIR.`);
      return { kind: 'images', dir: rest };
    default:
      throw new DataError(`Unknown data reference '${ref}'; ${USAGE}.`);
  }
}

/** `proben1:NAME`, `proben1:NAME:P`, `proben1:NAMEp` (cancer2) or `proben1:PATH.dt` (a file). */
function parseProben1(ref: string, rest: string): DataSource {
  if (rest.endsWith('.dt') || rest.includes('/')) {
    const name = splitProben1Name(rest.replace(/^.*\//, '').replace(/\.dt$/, ''));
    return { kind: 'proben1', name: name?.stem ?? 'file', permutation: name?.permutation ?? 1, path: rest };
  }
  const [text, perm, extra] = rest.split(':');
  if (extra !== undefined)
    throw new DataError(`Bad data reference '${ref}'; write proben1:NAME, proben1:NAME:2 or proben1:path/to/file.dt.`);
  const permutation = perm === undefined ? undefined : Number(perm);
  if (permutation !== undefined && permutation !== 1 && permutation !== 2 && permutation !== 3) {
    throw new DataError(`Bad PROBEN1 permutation in '${ref}'; it is 1, 2 or 3.`);
  }
  const name = splitProben1Name(text, permutation);
  if (!name)
    throw new DataError(
      `Bad PROBEN1 set name in '${ref}'; a name is letters and digits ('cancer', 'heartc'), a trailing 1, 2 or 3 picks the permutation, and it must agree with ':P'.`,
    );
  return { kind: 'proben1', name: name.stem, permutation: name.permutation };
}

function parseCsv(ref: string, rest: string): CsvSource {
  const [path, ...options] = rest.split(',');
  if (!path) throw new DataError(`Bad data reference '${ref}': csv needs a file, csv:PATH.`);
  const source: CsvSource = {
    kind: 'csv',
    path,
    label: '',
    header: 'auto',
    delimiter: 'auto',
    missing: ['?'],
    columns: {},
  };
  for (const option of options) {
    const eq = option.indexOf('=');
    const key = option.slice(0, eq).trim();
    const value = option.slice(eq + 1);
    if (eq < 0) throw new DataError(`Bad csv option '${option}' in '${ref}'; write key=value.`);
    if (key === 'label') source.label = value;
    else if (key === 'missing') source.missing = value.split('|');
    else if (key === 'header') source.header = value === 'auto' ? 'auto' : ['yes', 'true', '1'].includes(value);
    else if (key === 'delimiter') source.delimiter = value === 'tab' ? '\t' : value === 'space' ? ' ' : value;
    else if (!tableOption(source, key, value, ref))
      throw new DataError(
        `Unknown csv option '${key}' in '${ref}'; the options are label, classes, missing, header, delimiter, partition, parts, type.COLUMN.`,
      );
  }
  return source;
}

/** `parquet:PATH[,label=COL][,classes=…][,partition=COL][,parts=train:A|test:B][,type.COL=…]`, same for arff. */
function parseTable(kind: 'parquet' | 'arff', ref: string, rest: string): DataSource {
  const [path, ...options] = rest.split(',');
  if (!path) throw new DataError(`Bad data reference '${ref}': ${kind} needs a file, ${kind}:PATH.`);
  const source: Extract<DataSource, { kind: 'parquet' | 'arff' }> = { kind, path, label: '', columns: {} };
  for (const option of options) {
    const eq = option.indexOf('=');
    if (eq < 0) throw new DataError(`Bad ${kind} option '${option}' in '${ref}'; write key=value.`);
    const key = option.slice(0, eq).trim();
    const value = option.slice(eq + 1);
    if (key === 'label') source.label = value;
    else if (!tableOption(source, key, value, ref))
      throw new DataError(`Unknown ${kind} option '${key}' in '${ref}'; the options are label, classes, partition, parts, type.COLUMN.`);
  }
  return source;
}

/** The options every tabular reference shares: classes, partition, parts, type.COL. */
function tableOption(
  source: {
    classes?: string[] | null;
    partition?: string | null;
    parts?: Partial<Record<'train' | 'validation' | 'test', string>> | null;
    columns: Record<string, DeclaredColumnType>;
  },
  key: string,
  value: string,
  ref: string,
): boolean {
  if (key === 'classes') source.classes = value.split('|').map((c) => c.trim());
  else if (key === 'partition') source.partition = value;
  else if (key === 'parts') source.parts = parseParts(value, ref);
  else if (key.startsWith('type.')) source.columns[key.slice(5)] = parseColumnType(value, ref);
  else return false;
  return true;
}

/** `train:A|validation:B|test:C` → the partition column's value of each part. */
function parseParts(value: string, ref: string): Partial<Record<'train' | 'validation' | 'test', string>> {
  const parts: Partial<Record<'train' | 'validation' | 'test', string>> = {};
  for (const pair of value.split('|')) {
    const [part, marker] = pair.split(':');
    if ((part !== 'train' && part !== 'validation' && part !== 'test') || !marker)
      throw new DataError(`Bad parts '${value}' in '${ref}'; write parts=train:VALUE|validation:VALUE|test:VALUE.`);
    parts[part] = marker;
  }
  return parts;
}

function parseColumnType(value: string, ref: string): DeclaredColumnType {
  if (value === 'continuous' || value === 'binary' || value === 'categorical' || value === 'ignore') return value;
  throw new DataError(
    `Unknown column type '${value}' in '${ref}'; it is continuous, binary, categorical or ignore (read past, not a feature).`,
  );
}

/** The canonical reference string of a source (what `DatasetMetadata.ref` holds). */
export function formatDataRef(source: DataSource): string {
  switch (source.kind) {
    case 'proben1':
      if (source.path) return `proben1:${source.path}`;
      return source.permutation === 1 ? `proben1:${source.name}` : `proben1:${source.name}:${source.permutation}`;
    case 'csv':
    case 'parquet':
    case 'arff':
      return `${source.kind}:${source.path}`;
    case 'idx':
      return `idx:${source.images},${source.labels}`;
    case 'images':
      return `images:${source.dir}`;
    case 'fashion_mnist':
      return 'fashion-mnist';
    default:
      return source.kind;
  }
}
