/**
 * What the plan executor works with: the injected runtime components and data layer, the handler
 * of one task kind, and the records a run produces. The CLI wires the real modules; tests pass
 * small fakes (counting calls shows which tasks were trained and which came from the cache).
 */
import type { DatasetNode, PartName, Plan, Task, TaskKind } from '../../plan/types.ts';
import type {
  Artifact,
  ComputeMetrics,
  FilterWithGc,
  Generate,
  Generated,
  LabeledData,
  LoadVae,
  TrainClassifier,
  TrainVae,
} from '../components.ts';
import type { PreparedData } from '../data/types.ts';
import type { RunRecord } from '../results/types.ts';

/** The backend a run used; recorded in results (it is part of every cache key). */
export interface BackendInfo {
  name: string;
  version: string;
  threads?: number;
  /** the native BLAS computing the wasm backend's products, when one does (init-backend.ts) */
  nativeBlas?: string | null;
}

/** The runtime components of src/runtime/components.ts, injected into the executor. */
export interface Components {
  initBackend(preferred?: string): Promise<BackendInfo>;
  trainVae: TrainVae;
  loadVae: LoadVae;
  generate: Generate;
  filterWithGc: FilterWithGc;
  trainClassifier: TrainClassifier;
  computeMetrics: ComputeMetrics;
}

/** The data layer of src/runtime/data/index.ts, injected into the executor. */
export interface DataLayer {
  prepareData(node: DatasetNode, options?: { baseDir?: string }): Promise<PreparedData>;
  /** `cap`: a class with fewer than perClass rows gives all of them (else that is an error) */
  sampleShots(y: Int32Array, from: Int32Array, perClass: number, seed: number, classNames: string[], cap?: boolean): Int32Array;
  toLabeledData(prepared: PreparedData, rows: Int32Array): LabeledData;
  decodeRows(prepared: PreparedData, encoded: Float32Array, rows: number): Float32Array;
}

/** Progress of one running task (VAE steps or classifier epochs) with its latest loss. */
export interface TaskProgress {
  done: number;
  total: number;
  loss: number | null;
  unit: 'step' | 'epoch';
}

/** What a handler may use while it runs. */
export interface HandlerContext {
  plan: Plan;
  components: Components;
  data: DataLayer;
  /** the output of another task of the plan (computed, or loaded from the cache) */
  need<T>(taskId: string): Promise<T>;
  /** the prepared dataset of that name */
  prepared(dataset: string): Promise<PreparedData>;
  /** row indices of the originals a task names: a sample_shots task's rows, or a split part */
  originalRows(dataset: string, originals: { shots: string } | { part: PartName }): Promise<Int32Array>;
  progress(update: TaskProgress): void;
  /** folder of the spec, against which relative data paths resolve */
  baseDir: string;
}

/** One task kind: how to run it, and (when cacheable) how its output round-trips through an Artifact. */
export interface TaskHandler<K extends TaskKind = TaskKind, O = unknown> {
  kind: K;
  /** false for cheap, deterministic tasks recomputed on demand (loading data, drawing shots) */
  cacheable: boolean;
  run(task: Extract<Task, { kind: K }>, ctx: HandlerContext): Promise<O>;
  save?(output: O): Artifact;
  load?(artifact: Artifact, ctx: HandlerContext): O;
  dispose?(output: O): void;
}

/** Generated examples after a GC filter: only the kept rows, plus acceptance rates. */
export interface FilteredGenerated {
  kept: Generated;
  generatedRows: number;
  acceptance: number;
  acceptanceByClass: number[];
  /** every generated row's GC score, P(real), and keep flag (1 = kept), in the generate task's row
   * order (what `export` in a report writes); null in an entry cached by an augc that did not keep them */
  scores: { score: Float32Array; keep: Int32Array } | null;
}

/**
 * Output of an evaluate task: one row of results.json before its cell values are turned into the
 * axes' printable labels (and its metrics narrowed to the metric names) by build-results.
 */
export type EvaluationRecord = Omit<RunRecord, 'cell' | 'metrics'> & {
  cell: Record<string, unknown>;
  metrics: Record<string, number>;
  /** the dataset's class names in code order (data/class-names.ts), which build-results gathers into
   * results.json's `classNames`; absent in records cached by augc before results 2.1.0 */
  classNames?: string[];
};

/** Per-task timing and whether it was computed or came from the cache (timings file, not results). */
export interface TaskTiming {
  id: string;
  kind: TaskKind;
  status: 'computed' | 'cached' | 'failed';
  seconds: number;
  /** cached tasks: how long computing the entry took when it was made */
  computeSeconds?: number;
}
