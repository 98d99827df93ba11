/**
 * Parquet files, read with hyparquet (a maintained, dependency-free reader in pure JavaScript):
 * the schema gives the column names, then one row group at a time is decoded and its cells go into
 * typed columns, so memory holds the parsed table plus one row group, never the whole file's
 * decoded rows. Numbers (ints, floats, bigints) are numbers, booleans 0/1, strings text, nulls
 * missing; the same checks as CSV follow (table.ts). Nested columns are not read; a column declared
 * `ignore` is not decoded at all (a nested one included).
 */
import { stat } from 'node:fs/promises';
import { asyncBufferFromFile, type FileMetaData, parquetMetadataAsync, parquetRead, parquetSchema } from 'hyparquet';
import type { TableSourceOptions } from '../../../plan/types.ts';
import { DataError, describeFsError } from '../errors.ts';
import type { Dataset } from '../types.ts';
import { GrowingArray } from './column-builder.ts';
import { userPath, type SourceContext } from './context.ts';
import { columnRoles, finishTable, tableColumns } from './table.ts';

/** A Parquet cell as a column builder takes it (null = missing). */
function cellValue(value: unknown, column: string, row: number, file: string): string | number | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return Number.isNaN(value) ? null : value;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'string') return value;
  if (value instanceof Date) return value.getTime();
  throw new DataError(
    `${file}: record ${row}: column '${column}' holds a nested value (${Object.prototype.toString.call(value)}); augc reads flat columns of numbers, booleans and strings.`,
    file,
    row,
  );
}

/** Loads a Parquet file as a tabular dataset. */
export async function loadParquet(source: TableSourceOptions, ctx: SourceContext): Promise<Dataset> {
  const file = userPath(ctx, source.path);
  try {
    await stat(file);
  } catch (err) {
    throw new DataError(`Cannot read Parquet file '${file}': ${describeFsError(err)}.`, file);
  }
  const buffer = await asyncBufferFromFile(file);
  let metadata: FileMetaData;
  try {
    metadata = await parquetMetadataAsync(buffer);
  } catch (err) {
    throw new DataError(`${file}: not a readable Parquet file (${(err as Error).message}).`, file);
  }
  const names = parquetSchema(metadata).children.map((c) => c.element.name);
  if (names.length === 0) throw new DataError(`${file}: the Parquet schema has no columns.`, file);
  const roles = columnRoles(names, { label: source.label, columns: source.columns, partition: source.partition ?? undefined }, file);
  const columns = tableColumns(names, roles, 100_000);
  // ignored columns are not even decoded: hyparquet reads the others, in this order
  const read = names.map((_, j) => j).filter((j) => !roles.ignored.includes(j));
  const selected = roles.ignored.length > 0 ? read.map((j) => names[j]) : undefined;
  const lines = new GrowingArray((n) => new Int32Array(n));
  let rowStart = 0;
  for (const group of metadata.row_groups) {
    const rowEnd = rowStart + Number(group.num_rows);
    let rows: unknown[][] = [];
    try {
      await parquetRead({ file: buffer, metadata, rowStart, rowEnd, columns: selected, onComplete: (r: unknown[][]) => (rows = r) });
    } catch (err) {
      throw new DataError(`${file}: rows ${rowStart}–${rowEnd - 1} cannot be decoded (${(err as Error).message}).`, file, rowStart);
    }
    rows.forEach((row, k) => {
      const record = rowStart + k;
      for (let k = 0; k < read.length; k++) {
        const j = read[k];
        const value = cellValue(row[k], names[j], record, file); // row k: the k-th column read
        if (value === null || value === '') columns[j].addMissing(record);
        else columns[j].add(value, record);
      }
      lines.push(record);
    });
    rowStart = rowEnd;
  }
  if (rowStart === 0) throw new DataError(`${file}: the Parquet file holds no rows.`, file);
  return finishTable(
    { columns, lines: lines.values(), rows: rowStart },
    {
      label: source.label,
      columns: source.columns,
      classes: source.classes ?? undefined,
      partition: source.partition ?? undefined,
      parts: source.parts ?? undefined,
    },
    // row numbers of a binary file are records, not lines: messages say "file:record"
    file,
    ctx.ref,
  );
}
