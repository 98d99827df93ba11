/**
 * The names a report gives a dataset's classes, in class-code order (code i ⇔ name i). The data
 * layer already reads each source's own labels into its metadata (`classes[].label`):
 *   CSV, Parquet, ARFF   the label values as written in the file (ARFF: its nominal values, in
 *                        the header's order; a declared `classes` list, in its order)
 *   image folders        the sub-folder names
 *   mnist(), idx(…)      the digits "0" … "9" (an IDX label file's values)
 *   fashion_mnist()      the garment names ("T-shirt/top", "Trouser", …)
 *   iris()               the species
 * PROBEN1 files hold a one-hot class vector and no names (the set's documentation describes the
 * original data, not the order of the output columns), so their label is the output column's index:
 * kept as a number, and shown as "class 0", "class 1", … so that a report never presents a bare
 * index as if it were a name.
 */
import type { DatasetMetadata } from './types.ts';

/** What the names depend on: the reference string (which source) and the labels. */
type ClassFacts = Pick<DatasetMetadata, 'ref' | 'classes'>;

/** Whether a dataset's class labels are only the indices of its output columns (PROBEN1). */
function labelsAreIndices(metadata: ClassFacts): boolean {
  return metadata.ref.startsWith('proben1:') && metadata.classes.every((c, i) => c.label === String(i));
}

/** One name per class code: the label as the source writes it, or "class N" where it is an index. */
export function classNamesOf(metadata: ClassFacts): string[] {
  const indices = labelsAreIndices(metadata);
  return metadata.classes.map((c) => (indices ? `class ${c.label}` : c.label));
}
