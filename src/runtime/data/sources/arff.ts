/**
 * ARFF files (Weka's and OpenML's format): `@attribute NAME TYPE` lines, then `@data` and one
 * comma-separated row per line (`?` = missing, values may be quoted with ' or "). Nominal
 * attributes `{a,b,c}` become categorical columns with their categories in the declared order;
 * numeric/real/integer attributes are numbers. The class is the last attribute unless `label`
 * names another (Weka's convention). Rows stream into typed columns like CSV's, with the same
 * checks (table.ts); an attribute declared `ignore` is read past unchecked. Sparse rows (`{0 1, 3 2.5}`) and relational attributes are not read.
 */
import { createReadStream } from 'node:fs';
import { access } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { DataError, dataErrorAt, describeFsError } from '../errors.ts';
import type { TableSourceOptions } from '../../../plan/types.ts';
import type { Dataset } from '../types.ts';
import { type ColumnBuilder, GrowingArray } from './column-builder.ts';
import { userPath, type SourceContext } from './context.ts';
import { columnRoles, finishTable, tableColumns } from './table.ts';

interface Attribute {
  name: string;
  /** nominal values in declared order; null for numeric and string attributes */
  nominal: string[] | null;
  numeric: boolean;
}

/** Splits one ARFF line on commas outside quotes, unquoting values ('a b', "x,y"). */
export function splitArffLine(line: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i <= line.length) {
    while (line[i] === ' ' || line[i] === '\t') i++;
    const quote = line[i] === "'" || line[i] === '"' ? line[i] : null;
    let value = '';
    if (quote) {
      i++;
      while (i < line.length && line[i] !== quote) {
        if (line[i] === '\\' && i + 1 < line.length) i++;
        value += line[i++];
      }
      i++;
      while (i < line.length && line[i] !== ',') i++;
    } else {
      const end = line.indexOf(',', i);
      value = (end < 0 ? line.slice(i) : line.slice(i, end)).trim();
      i = end < 0 ? line.length : end;
    }
    out.push(value);
    i++; // the comma
  }
  return out;
}

/** `@attribute NAME TYPE`, the name possibly quoted. */
function parseAttribute(line: string, file: string, lineNo: number): Attribute {
  const match = /^@attribute\s+('([^']*)'|"([^"]*)"|(\S+))\s+(.+)$/i.exec(line);
  if (!match) throw dataErrorAt(file, lineNo, `cannot read the attribute line '${line}'; expected '@attribute NAME TYPE'.`);
  const name = match[2] ?? match[3] ?? match[4];
  const type = match[5].trim();
  if (type.startsWith('{')) {
    if (!type.endsWith('}')) throw dataErrorAt(file, lineNo, `the nominal values of '${name}' are not closed with '}'.`);
    return { name, nominal: splitArffLine(type.slice(1, -1)).filter((v) => v !== ''), numeric: false };
  }
  const word = type.split(/\s+/)[0].toLowerCase();
  if (['numeric', 'real', 'integer'].includes(word)) return { name, nominal: null, numeric: true };
  if (word === 'string') return { name, nominal: null, numeric: false };
  throw dataErrorAt(
    file,
    lineNo,
    `attribute '${name}' has type '${word}', which augc does not read; the types are numeric, real, integer, string and nominal {a,b,…}.`,
  );
}

/** Loads an ARFF file as a tabular dataset. */
export async function loadArff(source: TableSourceOptions, ctx: SourceContext): Promise<Dataset> {
  const file = userPath(ctx, source.path);
  try {
    await access(file);
  } catch (err) {
    throw new DataError(`Cannot read ARFF file '${file}': ${describeFsError(err)}.`, file);
  }
  const attributes: Attribute[] = [];
  let columns: ColumnBuilder[] = [];
  const lines = new GrowingArray((n) => new Int32Array(n));
  let inData = false;
  let lineNo = 0;
  let rows = 0;
  let ignored = new Set<number>();
  for await (const raw of createInterface({ input: createReadStream(file), crlfDelay: Infinity })) {
    lineNo++;
    const line = raw.trim();
    if (line === '' || line.startsWith('%')) continue;
    if (!inData) {
      const keyword = line.split(/\s/)[0].toLowerCase();
      if (keyword === '@attribute') attributes.push(parseAttribute(line, file, lineNo));
      else if (keyword === '@data') {
        if (attributes.length === 0) throw dataErrorAt(file, lineNo, "'@data' comes before any '@attribute' line.");
        inData = true;
        const names = attributes.map((a) => a.name);
        const roles = columnRoles(names, { label: source.label, columns: source.columns, partition: source.partition ?? undefined }, file);
        columns = tableColumns(names, roles, 100_000);
        ignored = new Set(roles.ignored);
      } else if (keyword !== '@relation')
        throw dataErrorAt(file, lineNo, `unexpected '${keyword}' in the header; expected @relation, @attribute or @data.`);
      continue;
    }
    if (line.startsWith('{'))
      throw dataErrorAt(file, lineNo, 'a sparse ARFF row; augc reads dense rows only (save the file as dense ARFF or CSV).');
    const fields = splitArffLine(line);
    if (fields.length !== attributes.length)
      throw dataErrorAt(file, lineNo, `${fields.length} values, expected ${attributes.length} (one per @attribute).`);
    fields.forEach((value, j) => {
      const a = attributes[j];
      if (ignored.has(j)) return; // read past: neither checked against its type nor kept
      if (value === '?' || value === '') columns[j].addMissing(lineNo, value);
      else if (a.numeric && !Number.isFinite(Number(value)))
        throw dataErrorAt(file, lineNo, `value '${value}' of numeric attribute '${a.name}' is not a number.`);
      else if (a.nominal && !a.nominal.includes(value))
        throw dataErrorAt(
          file,
          lineNo,
          `value '${value}' of attribute '${a.name}' is not one of its declared values {${a.nominal.join(',')}}.`,
        );
      else columns[j].add(a.numeric ? Number(value) : value, lineNo);
    });
    lines.push(lineNo);
    rows++;
  }
  if (!inData) throw new DataError(`${file}: no '@data' line; is it an ARFF file?`, file);
  if (rows === 0) throw new DataError(`${file}: the file declares ${attributes.length} attributes but holds no data rows.`, file);
  const categories: Record<string, string[]> = {};
  const labelOrder: Record<string, string[]> = {};
  for (const a of attributes) {
    if (!a.nominal) continue;
    categories[a.name] = a.nominal;
    labelOrder[a.name] = a.nominal;
  }
  return finishTable(
    { columns, lines: lines.values(), rows },
    {
      label: source.label,
      columns: source.columns,
      classes: source.classes ?? undefined,
      partition: source.partition ?? undefined,
      parts: source.parts ?? undefined,
      categories,
      labelOrder,
    },
    file,
    ctx.ref,
  );
}
