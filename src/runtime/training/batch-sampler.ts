/**
 * The training loop's batches. `EpochBatches` (classifiers): shuffled epochs over the rows.
 * `StackedBatchSampler` (VAE stacks): M models trained in lock-step, where every step each model draws `batch`
 * rows from its own pool (single VAE: all rows; per_class: its class's rows plus the mix-in rows of
 * other classes). A pool is walked in a seeded shuffled order and reshuffled when used up, so every
 * row is seen once per pass; a pool smaller than the batch simply wraps around within a batch.
 */
import type { Random } from '../random.ts';

/** Lock-step mini-batches for a stack of models, one pool per model (see the file comment). */
export class StackedBatchSampler {
  private readonly orders: Int32Array[];
  private readonly cursors: number[];

  constructor(
    readonly pools: Int32Array[],
    readonly batch: number,
    private readonly rng: Random,
  ) {
    this.orders = pools.map((p) => rng.shuffle(Int32Array.from(p)) as Int32Array);
    this.cursors = pools.map(() => 0);
  }

  /** Row indices of the next batch of every model: [M × batch], model-major. */
  next(): Int32Array {
    const out = new Int32Array(this.pools.length * this.batch);
    this.pools.forEach((_pool, m) => {
      const order = this.orders[m];
      for (let i = 0; i < this.batch; i++) {
        if (this.cursors[m] === order.length) {
          this.rng.shuffle(order);
          this.cursors[m] = 0;
        }
        out[m * this.batch + i] = order[this.cursors[m]++];
      }
    });
    return out;
  }
}

/**
 * Mini-batches of one model over shuffled epochs (the classifiers): each epoch walks the rows in a
 * fresh seeded order in batches of `batch`, the last one partial, and the next epoch starts where
 * the step budget still wants batches, so a budget of E × ceil(rows / batch) steps is exactly E
 * epochs. With `skipSingleRow` (batch norm, whose batch variance needs two rows) a trailing batch of
 * one row is skipped (it is not a step), unless batches of one row are all there can be.
 */
export class EpochBatches {
  private readonly order: Int32Array;
  private cursor = 0;

  constructor(
    readonly rows: number,
    readonly batch: number,
    private readonly rng: Random,
    private readonly skipSingleRow = false,
  ) {
    this.order = Int32Array.from({ length: rows }, (_, i) => i);
  }

  /** Row indices of the next batch. */
  next(): Int32Array {
    for (;;) {
      // an epoch starts: draw its order (the first epoch too)
      if (this.cursor === 0) this.rng.shuffle(this.order);
      const end = Math.min(this.cursor + this.batch, this.rows);
      const rows = this.order.slice(this.cursor, end);
      this.cursor = end === this.rows ? 0 : end;
      if (rows.length === 1 && this.skipSingleRow && this.batch > 1 && this.rows > 1) continue;
      return rows;
    }
  }
}

/** Copy rows `indices` of x (rows × features) into one Float32Array, in order. */
export function gatherRows(x: Float32Array, features: number, indices: Int32Array): Float32Array {
  const out = new Float32Array(indices.length * features);
  for (let i = 0; i < indices.length; i++) out.set(x.subarray(indices[i] * features, (indices[i] + 1) * features), i * features);
  return out;
}

/**
 * Training pools of a per_class stack: pool c = every row of class c plus round(mixIn · n_c) rows
 * drawn without replacement from the other classes (mix-in "adds a fraction of examples of the
 * other classes to each class's training set", METHOD.md §2; the fraction is relative to the
 * class's own set, so a mix-in of 0.2 makes other classes ≈ 17% of the pool). A fraction of all
 * other rows instead would drown a small class: on thyroid (91 / 181 / 3328 training rows) the
 * class-0 VAE would see 8× more class-2 rows than its own, and a classifier trained on the real rows
 * agrees with the label of only 4% of its prior samples (67% with this rule, 93% without mix-in;
 * 3000 steps, β 0.095, measured here). Throws naming an empty class.
 */
export function perClassPools(y: Int32Array, numClasses: number, mixIn: number, rng: Random, vaeName: string): Int32Array[] {
  const byClass: number[][] = Array.from({ length: numClasses }, () => []);
  y.forEach((c, i) => {
    byClass[c].push(i);
  });
  return byClass.map((own, c) => {
    if (own.length === 0) {
      throw new Error(`Per-class VAE '${vaeName}' has no training examples of class ${c}; every class needs at least one.`);
    }
    const others: number[] = [];
    byClass.forEach((rows, k) => {
      if (k !== c) others.push(...rows);
    });
    const take = Math.min(others.length, Math.round(mixIn * own.length));
    const mixed = take > 0 ? Array.from((rng.shuffle(Int32Array.from(others)) as Int32Array).subarray(0, take)) : [];
    return Int32Array.from([...own, ...mixed]);
  });
}
