/**
 * k nearest neighbours by Euclidean distance among a set of points (latent means of one class, or
 * input rows of one class for SMOTE). A point is never its own neighbour.
 *
 * Small sets are searched exactly in double precision (ties keep the lower index). Large ones —
 * when members² · dim exceeds LARGE_SEARCH, e.g. SMOTE over thousands of 784-pixel images, which
 * would take minutes in plain JavaScript — compute squared distances with TF.js matrix products,
 * ‖a‖² + ‖b‖² − 2a·b in float32, chunk by chunk, and take the k smallest with tf.topk.
 */
import * as tf from '@tensorflow/tfjs';

const LARGE_SEARCH = 5e7;
const CHUNK_ROWS = 512;

/** Keep the `take` smallest (distance, index) pairs in order: insertion into a short sorted list. */
function smallest(distances: Float64Array, self: number, take: number): number[] {
  const best: number[] = [];
  for (let b = 0; b < distances.length; b++) {
    if (b === self) continue;
    const d = distances[b];
    if (best.length === take && d >= distances[best[take - 1]]) continue;
    let at = best.length === take ? take - 1 : best.length;
    while (at > 0 && distances[best[at - 1]] > d) {
      best[at] = best[at - 1];
      at--;
    }
    best[at] = b;
  }
  return best;
}

function exactNeighbours(points: Float32Array, dim: number, members: Int32Array, take: number): Int32Array[] {
  const n = members.length;
  const distances = new Float64Array(n);
  return Array.from(members, (self, a) => {
    const pa = self * dim;
    for (let b = 0; b < n; b++) {
      const pb = members[b] * dim;
      let sum = 0;
      for (let j = 0; j < dim; j++) {
        const diff = points[pa + j] - points[pb + j];
        sum += diff * diff;
      }
      distances[b] = sum;
    }
    return Int32Array.from(smallest(distances, a, take), (b) => members[b]);
  });
}

function tensorNeighbours(points: Float32Array, dim: number, members: Int32Array, take: number): Int32Array[] {
  const n = members.length;
  const rows = new Float32Array(n * dim);
  members.forEach((m, i) => {
    rows.set(points.subarray(m * dim, (m + 1) * dim), i * dim);
  });
  const all = tf.tensor2d(rows, [n, dim]);
  const allT = tf.transpose(all);
  const norms = tf.tidy(() => tf.sum(tf.square(all), 1));
  const out: Int32Array[] = [];
  try {
    for (let start = 0; start < n; start += CHUNK_ROWS) {
      const size = Math.min(CHUNK_ROWS, n - start);
      const indices = tf.tidy(() => {
        const chunk = tf.slice(all, [start, 0], [size, dim]);
        const chunkNorms = tf.slice(norms, [start], [size]);
        const d2 = tf.sub(tf.add(tf.reshape(chunkNorms, [size, 1]), tf.reshape(norms, [1, n])), tf.mul(tf.matMul(chunk, allT), 2));
        // the point itself must never be chosen: push its own distance to +∞
        const self = tf.oneHot(tf.range(start, start + size, 1, 'int32'), n).cast('bool');
        const masked = tf.where(self, tf.fill([size, n], Infinity), d2);
        return tf.topk(tf.neg(masked), take).indices.dataSync();
      });
      for (let i = 0; i < size; i++) out.push(Int32Array.from(indices.subarray(i * take, (i + 1) * take), (b) => members[b]));
    }
  } finally {
    tf.dispose([all, allT, norms]);
  }
  return out;
}

/**
 * For each of the `members` (row indices into `points`, rows × dim), the indices (into `points`) of
 * its min(k, members − 1) nearest other members, nearest first.
 */
export function nearestNeighbours(points: Float32Array, dim: number, members: Int32Array, k: number): Int32Array[] {
  const n = members.length;
  const take = Math.max(0, Math.min(k, n - 1));
  if (take === 0) return Array.from(members, () => new Int32Array(0));
  return n * n * dim > LARGE_SEARCH ? tensorNeighbours(points, dim, members, take) : exactNeighbours(points, dim, members, take);
}
