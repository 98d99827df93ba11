/** Lowering `data` and `split` statements to DatasetNodes: the bound source, preprocessing and split. */
import type { DatasetMetadata } from '../../plan/dataset-metadata.ts';
import type { DatasetNode } from '../../plan/types.ts';
import type * as A from '../ast/types.ts';
import { dataSourceOf, preprocessOf, splitOf } from '../bind/datasets.ts';
import type { Symbols } from '../bind/symbols.ts';

/** A data declaration → DatasetNode (null when its source is unknown). */
export function lowerDataset(
  data: A.DataDeclaration,
  symbols: Symbols,
  specDir: string,
  baseSeed: number,
  metadata: DatasetMetadata | undefined,
): DatasetNode | null {
  const source = dataSourceOf(data, specDir);
  if (!source) return null;
  return {
    name: data.name.text,
    source,
    preprocess: preprocessOf(data),
    split: splitOf(symbols, data.name.text, baseSeed, metadata),
  };
}
