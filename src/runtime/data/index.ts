/**
 * The data layer: sources (PROBEN1, CSV, MNIST, IDX, Fashion-MNIST, image folders, iris), the
 * catalog and search path, metadata, reversible preprocessing, splits and few-shot samples.
 */
export type * from './types.ts';
export { DataError } from './errors.ts';
export { parseDataRef, formatDataRef } from './refs.ts';
export { CATALOG, findCatalogEntry, PROBEN1_DOWNLOADABLE, type CatalogEntry, type CatalogFile } from './catalog.ts';
export { findProben1File, listProben1Sets, splitProben1Name, type Proben1SetFound } from './proben1-sets.ts';
export { resolveDataFile, candidatePaths, cacheDir, dataPathDirs, contentSha256, type ResolveOptions } from './resolve.ts';
export { loadDataset, readMetadata, type LoadOptions } from './load.ts';
export { fitPreprocessor, restorePreprocessor } from './preprocess.ts';
export { splitDataset, stratifiedSplit, sampleShots } from './split.ts';
export { prepareData, toLabeledData, decodeRows } from './prepare.ts';
export { classNamesOf } from './class-names.ts';
