/**
 * From streamed columns to a dataset, the same for CSV, ARFF and Parquet: the label and partition
 * columns, declared and inferred column types, columns declared `ignore` left out, categories coded
 * in sorted order, and the checks every tabular source gets — a declared column the file lacks (with
 * did-you-mean), an ignored label or partition, no feature columns, a label that looks continuous,
 * one class only, a partition value that is not a part.
 */
import { suggestSpelling } from '../../../text/spelling.ts';
import { DataError, dataErrorAt } from '../errors.ts';
import { buildMetadata, describeColumns, PARTITION_NAMES, type PartitionName } from '../schema.ts';
import type { ColumnType, Dataset, DeclaredColumnType } from '../types.ts';
import { ColumnBuilder, IgnoredColumn, isNumeric, sortedCategories } from './column-builder.ts';

/** What a tabular source declares about its columns. */
export interface TableOptions {
  /** '' = the last column, '#i' = 0-based index (negative from the end), else a column name */
  label: string;
  /** declared types by name or '#i'; 'ignore': read past, not a feature */
  columns: Record<string, DeclaredColumnType>;
  /** declared class list (fixes the codes); undefined: the distinct labels, sorted */
  classes?: string[];
  /** the column that holds each row's part, when the file keeps its own split */
  partition?: string;
  /** part → the value the partition column holds for it; default train/validation/test (any case) */
  parts?: Partial<Record<PartitionName, string>>;
  /** categories a format declares (ARFF nominal attributes), in their declared order */
  categories?: Record<string, string[]>;
  /** a format's own order of the label's values (ARFF nominal); only the values present become classes */
  labelOrder?: Record<string, string[]>;
}

/** The streamed table: columns plus each row's line (or record) number for messages. */
export interface StreamedTable {
  columns: ColumnBuilder[];
  /** 1-based line of each row in a text file; the 0-based record in a binary one */
  lines: Int32Array;
  rows: number;
}

/**
 * A label of numbers looks continuous — a measurement, not classes — when it has more than two
 * distinct values and either some value has a fractional part (flare's 0.125, 0.25, …), or there
 * are more than 10 distinct values averaging fewer than 5 rows each (one value per few rows).
 */
function looksContinuous(label: ColumnBuilder, rows: number, distinct: number): boolean {
  if (label.text > 0 || distinct <= 2) return false;
  return label.fractional || (distinct > 10 && rows < 5 * distinct);
}

/** The index of a named or '#i' column; an unknown one is an error with did-you-mean. */
export function columnIndex(ref: string, names: string[], role: string, file: string): number {
  const hash = /^#(-?\d+)$/.exec(ref);
  if (hash) {
    const i = Number(hash[1]);
    const index = i < 0 ? names.length + i : i;
    if (index < 0 || index >= names.length)
      throw new DataError(`${file}: ${role} ${ref} is out of range (the file has ${names.length} columns).`, file).because(
        'unknownColumn',
        ref,
        `The columns are #0 … #${names.length - 1}.`,
      );
    return index;
  }
  const index = names.indexOf(ref);
  if (index >= 0) return index;
  const near = suggestSpelling(ref, names);
  const hint = near
    ? `Did you mean '${near}'?`
    : `The columns are ${names
        .slice(0, 20)
        .map((n) => `'${n}'`)
        .join(', ')}${names.length > 20 ? ', …' : ''}.`;
  throw new DataError(
    `${file}: no column '${ref}' for the ${role}; the file's columns are ${names.slice(0, 20).join(', ')}${names.length > 20 ? ', …' : ''}. ${hint}`,
    file,
  ).because('unknownColumn', ref, hint);
}

/** The label, partition and ignored columns of a table, resolved against its column names. */
export interface ColumnRoles {
  label: number;
  /** −1: no partition column */
  partition: number;
  /** the columns declared `ignore`, in file order */
  ignored: number[];
}

/**
 * Resolves the label ('' = the last column), the partition and the declared columns against the
 * file's column names: an unknown one is an error with did-you-mean, and a column declared `ignore`
 * may be neither the label nor the partition. Readers call it once the names are known, before the
 * rows stream, so a mistake costs no pass over a big file.
 */
export function columnRoles(names: string[], options: Pick<TableOptions, 'label' | 'columns' | 'partition'>, file: string): ColumnRoles {
  const label = options.label === '' ? names.length - 1 : columnIndex(options.label, names, 'label', file);
  const partition = options.partition ? columnIndex(options.partition, names, 'partition', file) : -1;
  const ignored = new Set<number>();
  for (const [key, type] of Object.entries(options.columns)) {
    const j = columnIndex(key, names, 'declared column type (columns {} or type.COLUMN)', file);
    if (type !== 'ignore') continue;
    if (j === label) throw ignoredInUse(key, names[j], 'label', options.label === '', file);
    if (j === partition) throw ignoredInUse(key, names[j], 'partition', false, file);
    ignored.add(j);
  }
  return { label, partition, ignored: [...ignored].sort((a, b) => a - b) };
}

/** An ignored column that is the label or the partition: `detail` says which ("it is the label"). */
function ignoredInUse(key: string, name: string, role: 'label' | 'partition', byDefault: boolean, file: string): DataError {
  const detail =
    role === 'partition' ? 'it is the partition column' : `it is the label${byDefault ? ' (the last column, as no label is named)' : ''}`;
  const hint =
    role === 'label'
      ? `An ignored column is read past, so it cannot hold the classes: name another label column (label "…" in a spec, label=… in a reference), or declare '${key}' with another type.`
      : `An ignored column is read past, so it cannot give each row's part: declare '${key}' with another type, or drop the partition.`;
  return new DataError(`${file}: column '${name}' is declared ignore, but ${detail}. ${hint}`, file).because(
    'ignoredColumnInUse',
    key,
    hint,
    detail,
  );
}

/** One builder per column of the file: the label's keeps more distinct values, an ignored one keeps nothing. */
export function tableColumns(names: string[], roles: ColumnRoles, maxLabels: number): ColumnBuilder[] {
  const ignored = new Set(roles.ignored);
  return names.map((name, j) =>
    ignored.has(j) ? new IgnoredColumn(name) : new ColumnBuilder(name, j === roles.label ? maxLabels : undefined),
  );
}

/** Builds the dataset: features in file order (label, partition and ignored columns removed), classes, partition. */
export function finishTable(table: StreamedTable, options: TableOptions, file: string, ref: string): Dataset {
  const names = table.columns.map((c) => c.name);
  const { label, partition, ignored } = columnRoles(names, options, file);
  const featureIndex = names.map((_, j) => j).filter((j) => j !== label && j !== partition && !ignored.includes(j));
  if (featureIndex.length === 0) {
    const roles = [`the label '${names[label]}'`];
    if (partition >= 0) roles.push(`the partition '${names[partition]}'`);
    if (ignored.length > 0) roles.push(`${ignored.length} declared ignore (${ignored.map((j) => `'${names[j]}'`).join(', ')})`);
    const used = roles.length === 1 ? roles[0] : `${roles.slice(0, -1).join(', ')} and ${roles[roles.length - 1]}`;
    const detail = `its ${names.length} column${names.length === 1 ? ' is' : 's are'} ${used}`;
    throw new DataError(
      `${file}: no feature columns: the file's ${names.length} column${names.length === 1 ? ' is' : 's are'} ${used}.`,
      file,
    ).because(
      'noFeatures',
      null,
      'A classifier needs at least one input column besides the label; check the delimiter and the label column.',
      detail,
    );
  }
  const order = options.labelOrder?.[names[label]];
  const { y, classNames } = readLabels(table, table.columns[label], options.classes, file, order);
  const parts = partition >= 0 ? readPartition(table, table.columns[partition], options.parts, file) : {};
  const rows = table.rows;
  const features = featureIndex.length;
  const x = new Float32Array(rows * features);
  const types: ColumnType[] = [];
  const categories: (string[] | undefined)[] = [];
  featureIndex.forEach((j, f) => {
    const column = table.columns[j];
    const declared = (options.columns[names[j]] ?? options.columns[`#${j}`]) as ColumnType | undefined;
    const known = options.categories?.[names[j]];
    const type = known ? (declared ?? 'categorical') : columnType(column, declared, file);
    types.push(type);
    if (type === 'continuous' || (type === 'binary' && column.text === 0)) {
      if (type === 'binary' && column.thirdNumberLine !== null) {
        throw dataErrorAt(
          file,
          column.thirdNumberLine,
          `column '${names[j]}' is declared binary but holds a third value (${column.firstNumbers.join(', ')}).`,
        );
      }
      const values = column.numbers.values();
      for (let i = 0; i < rows; i++) x[i * features + f] = values[i];
      return;
    }
    const cats = categoriesOf(column, known, file);
    if (type === 'binary' && cats.order.length > 2) {
      throw new DataError(
        `${file}: column '${names[j]}' is declared binary but holds ${cats.order.length} values (${cats.order.slice(0, 4).join(', ')}…).`,
        file,
      );
    }
    const codes = column.codes!.values();
    for (let i = 0; i < rows; i++) x[i * features + f] = codes[i] < 0 ? NaN : cats.remap[codes[i]];
    categories[f] = cats.order;
  });
  const columns = describeColumns(
    x,
    rows,
    featureIndex.map((j) => names[j]),
    types,
    categories,
  );
  columns.forEach((c, f) => {
    if (c.type === 'binary' && categories[f]) c.categories = categories[f];
  });
  const metadata = buildMetadata({ ref, kind: 'tabular', rows, columns, classNames, y, partition: parts });
  if (ignored.length > 0) metadata.ignoredColumns = ignored.map((j) => names[j]);
  return { metadata, x, y, partition: parts };
}

/** The declared type (text in a declared continuous column is an error), else the inferred one. */
function columnType(column: ColumnBuilder, declared: ColumnType | undefined, file: string): ColumnType {
  const textAt = (why: string) =>
    dataErrorAt(
      file,
      column.firstText!.line,
      `text '${column.firstText!.value}' in numeric column '${column.name}' (${why}); mark it missing or declare the column categorical.`,
    );
  if (declared === 'continuous' && column.text > 0) throw textAt('declared continuous');
  if (declared) return declared;
  if (column.text === 0)
    return column.numeric > 0 && column.firstNumbers.length <= 2 && column.firstNumbers.every((v) => v === 0 || v === 1)
      ? 'binary'
      : 'continuous';
  if (column.numeric > column.text) throw textAt(`${column.numeric} of its ${column.numeric + column.text} values are numbers`);
  return 'categorical';
}

/** Categories in sorted (or declared) order, and the remap from dictionary codes to their index. */
function categoriesOf(column: ColumnBuilder, declared: string[] | undefined, file: string): { order: string[]; remap: Int32Array } {
  const distinct = column.distinct();
  if (!distinct)
    throw new DataError(
      `${file}: column '${column.name}' has more than ${10_000} distinct values, too many to be categorical; declare it continuous if it holds numbers, or leave it out: columns { ${column.name} ignore } in a spec, type.${column.name}=ignore in a reference.`,
      file,
    );
  const order = declared ?? sortedCategories(distinct);
  const index = new Map(order.map((c, k) => [c, k]));
  const remap = Int32Array.from(distinct, (value) => index.get(value) ?? -1);
  const outside = distinct.findIndex((_, k) => remap[k] < 0);
  if (outside >= 0)
    throw new DataError(
      `${file}: column '${column.name}' holds '${distinct[outside]}', which is not one of its declared values (${order.join(', ')}).`,
      file,
    );
  return { order, remap };
}

/** Class codes per row: declared order (a label outside it is an error at its line), else sorted. */
function readLabels(
  table: StreamedTable,
  label: ColumnBuilder,
  declared: string[] | undefined,
  file: string,
  order?: string[],
): { y: Int32Array; classNames: string[] } {
  if (label.firstMissingLine !== null)
    throw dataErrorAt(file, label.firstMissingLine, `empty label ('${label.firstMissingText}') in the class column '${label.name}'.`);
  const distinct = label.distinct();
  const codes = label.codes?.values();
  if (!distinct || !codes) throw continuousLabel(label, table.rows, null, file);
  const classNames = declared ?? (order ? order.filter((v) => distinct.includes(v)) : sortedCategories(distinct));
  const index = new Map(classNames.map((c, k) => [c, k]));
  const remap = Int32Array.from(distinct, (value) => index.get(value) ?? -1);
  const y = new Int32Array(table.rows);
  for (let i = 0; i < table.rows; i++) {
    const k = remap[codes[i]];
    if (k < 0)
      throw dataErrorAt(
        file,
        table.lines[i],
        `unknown label '${distinct[codes[i]]}' in the class column; the declared classes are ${classNames.join(', ')}.`,
      );
    y[i] = k;
  }
  if (!declared && looksContinuous(label, table.rows, distinct.length)) throw continuousLabel(label, table.rows, distinct, file);
  if (!declared && classNames.length < 2)
    throw new DataError(
      `${file}: the class column '${label.name}' holds only one class ('${classNames[0]}'); a classifier needs two or more.`,
      file,
    );
  return { y, classNames };
}

function continuousLabel(label: ColumnBuilder, rows: number, distinct: string[] | null, file: string): DataError {
  const count = distinct ? `${distinct.length} distinct numbers` : 'more distinct values than can be classes';
  const examples = distinct ? ` (${sortedCategories(distinct).slice(0, 4).join(', ')}, …)` : '';
  const some = (distinct ?? ['0', '1']).slice(0, 3);
  const hint = `If the values are classes, declare them: classes [${some.map((c) => `"${c}"`).join(', ')}, …] in a spec, classes=${some.join('|')}|… in a reference; augc compares classifiers and does no regression.`;
  const detail = `it holds ${count} over ${rows} rows${examples}, which looks like a measurement, not classes`;
  return new DataError(
    `${file}: the label column '${label.name}' holds ${count} over ${rows} rows${examples}, which looks like a measurement, not classes.`,
    file,
  ).because('continuousLabel', label.name, hint, detail);
}

const PART_WORDS: Record<PartitionName, string[]> = {
  train: ['train', 'training', 'tr'],
  validation: ['validation', 'valid', 'val', 'dev'],
  test: ['test', 'testing', 'tst'],
};

/** Rows of each part, from the partition column's values (train/validation/test, or as mapped). */
function readPartition(table: StreamedTable, column: ColumnBuilder, mapping: TableOptions['parts'], file: string): Dataset['partition'] {
  if (column.firstMissingLine !== null)
    throw dataErrorAt(file, column.firstMissingLine, `empty value in the partition column '${column.name}'; every row needs its part.`);
  const distinct = column.distinct();
  const codes = column.codes?.values();
  const expected = PARTITION_NAMES.map((p) => mapping?.[p] ?? p);
  if (!distinct || !codes || distinct.length > 3) {
    throw new DataError(
      `${file}: the partition column '${column.name}' holds ${distinct ? distinct.length : 'thousands of'} distinct values; a partition has the parts ${expected.join(', ')}.`,
      file,
    );
  }
  const partOf = distinct.map((value) => {
    const mapped = PARTITION_NAMES.find((p) => mapping?.[p] === value);
    if (mapped) return mapped;
    if (mapping && Object.keys(mapping).length > 0) return undefined;
    return PARTITION_NAMES.find((p) => PART_WORDS[p].includes(value.toLowerCase()));
  });
  const counts = new Map<PartitionName, number>();
  for (let i = 0; i < table.rows; i++) {
    const part = partOf[codes[i]];
    if (!part) {
      const hint = isNumeric(distinct[codes[i]])
        ? ' Map values to parts: parts { "1" train, "2" test } in a spec, parts=train:1|test:2 in a reference.'
        : '';
      throw dataErrorAt(
        file,
        table.lines[i],
        `partition value '${distinct[codes[i]]}' in column '${column.name}' is not a part; expected ${expected.join(', ')}.${hint}`,
      );
    }
    counts.set(part, (counts.get(part) ?? 0) + 1);
  }
  const out: Dataset['partition'] = {};
  const filled = new Map<PartitionName, number>();
  for (const [part, n] of counts) out[part] = new Int32Array(n);
  for (let i = 0; i < table.rows; i++) {
    const part = partOf[codes[i]]!;
    const k = filled.get(part) ?? 0;
    out[part]![k] = i;
    filled.set(part, k + 1);
  }
  if (!out.train)
    throw new DataError(
      `${file}: the partition column '${column.name}' names no training rows (${[...counts.keys()].join(', ')} only).`,
      file,
    );
  return out;
}
