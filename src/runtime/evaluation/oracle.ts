/**
 * The oracle of label fidelity (METHOD.md §5): a classifier trained once per dataset and repeat on
 * the whole part the originals come from (the pool of a few-shot sweep, else the training part),
 * used only to label generated rows — no arm ever trains on it. Tables get the one-hidden-layer
 * network of oracle-network.ts, images the logistic regression (see that file for why).
 *
 * Weight decay follows a path from strong to weak, each fit starting from the previous one
 * (ORACLE_PATH, ITERATIONS_PER_STEP L-BFGS iterations each), and the model of the path with the best
 * weighted F1 on held-out rows is kept: the validation part when the split has one, else a
 * stratified 20% of the training rows (then the oracle trains on the other 80%). Never the test part.
 * Images get the logistic regression with λ chosen the same way (logistic-regression.ts).
 */
import type { Artifact } from '../components.ts';
import { Random } from '../random.ts';
import { computeMetrics } from './metrics.ts';
import { chooseLambda, predictClasses, type LogisticModel, type Rows } from './logistic-regression.ts';
import { fitOracleNetwork, predictOracleNetwork, type OracleNetwork } from './oracle-network.ts';

/** A trained oracle and how well it did on its held-out rows. */
export type Oracle = ({ kind: 'network'; network: OracleNetwork } | { kind: 'logistic'; model: LogisticModel }) & {
  /** weighted F1 on the rows it was selected on (validation part or hold-out) */
  heldOutWeightedF1: number;
  heldOut: 'validation' | 'holdout' | 'cross_validation' | 'default';
};

/** Weight decay path of the network, strong to weak. */
export const ORACLE_PATH = [1e-3, 1e-4, 1e-5, 1e-6];
const ITERATIONS_PER_STEP = 250;
/** hidden units of the oracle network */
export const ORACLE_HIDDEN = 32;
/** The oracle trains on at most this many rows, a stratified sample of the part (cost: the pool of
 * an image set holds tens of thousands of rows, and a few thousand already make a good labeller). */
export const ORACLE_MAX_ROWS = 5000;
/** λ candidates and iterations of the image oracle (logistic regression on hundreds of pixels) */
const LOGISTIC_GRID = [1e-2, 1e-3, 1e-4];
const LOGISTIC_ITERATIONS = 100;

/** Train the oracle: 'network' for tables, 'logistic' for images (see the file comment). */
export function trainOracle(
  kind: 'network' | 'logistic',
  part: Rows,
  validation: Rows | null,
  seed: number,
  maxRows = ORACLE_MAX_ROWS,
): Oracle {
  const rng = new Random(seed);
  const train = stratifiedSample(part, maxRows, rng);
  if (kind === 'logistic') {
    const { model, choice } = chooseLambda(train, validation, rng.seed(), { maxIterations: LOGISTIC_ITERATIONS, grid: LOGISTIC_GRID });
    const scoreOn = validation && validation.rows > 0 ? validation : train;
    return { kind, model, heldOut: choice, heldOutWeightedF1: weightedF1(scoreOn, predictClasses(model, scoreOn.x, scoreOn.rows)) };
  }
  const split = validation && validation.rows > 0 ? { fit: train, score: validation } : holdOut(train, rng);
  let best: { network: OracleNetwork; f1: number } | null = null;
  let previous: OracleNetwork | null = null;
  const initSeed = rng.seed();
  for (const lambda of ORACLE_PATH) {
    previous = fitOracleNetwork(split.fit, ORACLE_HIDDEN, lambda, initSeed, ITERATIONS_PER_STEP, previous);
    const f1 = weightedF1(split.score, predictOracleNetwork(previous, split.score.x, split.score.rows));
    // strictly better only: on ties the stronger weight decay stays
    if (best === null || f1 > best.f1 + 1e-12) best = { network: previous, f1 };
  }
  return {
    kind,
    network: best!.network,
    heldOut: validation && validation.rows > 0 ? 'validation' : 'holdout',
    heldOutWeightedF1: best!.f1,
  };
}

/** The oracle's class for each row. */
export function oraclePredict(oracle: Oracle, x: Float32Array, rows: number): Int32Array {
  return oracle.kind === 'network' ? predictOracleNetwork(oracle.network, x, rows) : predictClasses(oracle.model, x, rows);
}

/** Cache form: the shapes and scores as JSON, the weights as Float32 arrays of their Float64 values
 * (the oracle only ranks classes, so single precision changes no prediction that matters). */
export function saveOracle(oracle: Oracle): Artifact {
  if (oracle.kind === 'network') {
    const { w1, b1, w2, b2, ...shape } = oracle.network;
    return {
      json: { kind: 'network', shape, heldOut: oracle.heldOut, heldOutWeightedF1: oracle.heldOutWeightedF1 },
      arrays: { w1: f32(w1), b1: f32(b1), w2: f32(w2), b2: f32(b2) },
    };
  }
  const { w, b, ...shape } = oracle.model;
  return {
    json: { kind: 'logistic', shape, heldOut: oracle.heldOut, heldOutWeightedF1: oracle.heldOutWeightedF1 },
    arrays: { w: f32(w), b: f32(b) },
  };
}

/** Inverse of saveOracle. */
export function loadOracle(artifact: Artifact): Oracle {
  const json = artifact.json as {
    kind: 'network' | 'logistic';
    shape: Record<string, number | boolean>;
    heldOut: Oracle['heldOut'];
    heldOutWeightedF1: number;
  };
  const a = (name: string) => {
    const v = artifact.arrays[name];
    if (!v) throw new Error(`the cached oracle has no array '${name}'`);
    return Float64Array.from(v);
  };
  const common = { heldOut: json.heldOut, heldOutWeightedF1: json.heldOutWeightedF1 };
  if (json.kind === 'network')
    return {
      kind: 'network',
      network: { ...(json.shape as unknown as OracleNetwork), w1: a('w1'), b1: a('b1'), w2: a('w2'), b2: a('b2') },
      ...common,
    };
  return { kind: 'logistic', model: { ...(json.shape as unknown as LogisticModel), w: a('w'), b: a('b') }, ...common };
}

const f32 = (v: Float64Array): Float32Array => Float32Array.from(v);

function weightedF1(data: Rows, predicted: Int32Array): number {
  return computeMetrics(data.y, predicted, data.numClasses).weighted_f1;
}

/** At most `max` rows, each class keeping its share (largest classes rounded down first). */
function stratifiedSample(data: Rows, max: number, rng: Random): Rows {
  if (data.rows <= max) return data;
  const keep: number[] = [];
  for (let c = 0; c < data.numClasses; c++) {
    const rows: number[] = [];
    for (let i = 0; i < data.rows; i++) if (data.y[i] === c) rows.push(i);
    rng.shuffle(rows);
    keep.push(...rows.slice(0, Math.max(rows.length ? 1 : 0, Math.floor((rows.length * max) / data.rows))));
  }
  return take(
    data,
    keep.sort((a, b) => a - b),
  );
}

function take(data: Rows, idx: number[]): Rows {
  const x = new Float32Array(idx.length * data.features);
  for (let j = 0; j < idx.length; j++) x.set(data.x.subarray(idx[j] * data.features, (idx[j] + 1) * data.features), j * data.features);
  return { ...data, x, y: Int32Array.from(idx, (r) => data.y[r]), rows: idx.length };
}

/** A stratified 20% of the rows to select on, and the other 80% to fit. */
function holdOut(train: Rows, rng: Random): { fit: Rows; score: Rows } {
  const fit: number[] = [];
  const score: number[] = [];
  for (let c = 0; c < train.numClasses; c++) {
    const rows: number[] = [];
    for (let i = 0; i < train.rows; i++) if (train.y[i] === c) rows.push(i);
    rng.shuffle(rows);
    // a class of one row stays in the fitting part
    const n = rows.length >= 2 ? Math.max(1, Math.round(rows.length * 0.2)) : 0;
    score.push(...rows.slice(0, n));
    fit.push(...rows.slice(n));
  }
  return { fit: take(train, fit), score: take(train, score) };
}
