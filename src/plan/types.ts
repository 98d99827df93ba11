/**
 * The execution plan's types: the contract between the compiler (`augc plan`) and the runtime
 * (`augc run`). Import them from here.
 *
 * `plan.schema.json` beside this file is the one source of truth for the plan's shape. Its types
 * (`Plan`, `DatasetNode`, `VaeNode`, `ClassifierNode`, `ArmNode`, `ReportNode`, `Task` and each task
 * kind, …) are generated from it into `types.generated.ts` and re-exported here; to change the plan,
 * edit the schema (a `title` names a type, a `description` is its doc comment), run
 * `npx tsx scripts/generate-plan-types.ts`, and bump PLAN_SCHEMA_VERSION with the version in the
 * schema's `$id`. test/plan/ fails while the generated file is out of date or the versions differ.
 *
 * This file keeps what the schema cannot say: the constant, and types derived from generated ones.
 */
import type { ArffSource, DeclaredColumnType, ParquetSource, Task } from './types.generated.ts';

export type * from './types.generated.ts';

/** The plan format's version, written into every plan (`schemaVersion`) and into the schema's `$id`.
 * A runtime reads plans of its own major version. */
export const PLAN_SCHEMA_VERSION = '1.3.0';

/** The type of a feature column: a declared one (DeclaredColumnType less 'ignore') or an inferred
 * one (dataset metadata). */
export type ColumnType = Exclude<DeclaredColumnType, 'ignore'>;

/** (since 1.2.0) A Parquet or ARFF file's options: the csv source's column options without the text
 * ones (header, delimiter, missing markers are the format's own; ARFF nominal attributes are categorical). */
export type TableSourceOptions = Omit<ParquetSource | ArffSource, 'kind'>;

/** The kind of a task: 'prepare_data', 'sample_shots', 'train_vae', … */
export type TaskKind = Task['kind'];
