/**
 * k nearest neighbours by Euclidean distance among a set of points (latent means of one class, or
 * input rows of one class for SMOTE). A point is never its own neighbour; ties keep the lower index.
 */

/**
 * For each of the `members` (row indices into `points`, rows × dim), the indices (into `points`) of
 * its min(k, members − 1) nearest other members, nearest first.
 */
export function nearestNeighbours(points: Float32Array, dim: number, members: Int32Array, k: number): Int32Array[] {
  const n = members.length;
  const take = Math.max(0, Math.min(k, n - 1));
  const distances = new Float64Array(n);
  const order = new Int32Array(n);
  return Array.from(members, (self, a) => {
    for (let b = 0; b < n; b++) {
      let sum = 0;
      const pa = self * dim;
      const pb = members[b] * dim;
      for (let j = 0; j < dim; j++) {
        const diff = points[pa + j] - points[pb + j];
        sum += diff * diff;
      }
      distances[b] = b === a ? Infinity : sum;
      order[b] = b;
    }
    const sorted = Array.from(order).sort((p, q) => distances[p] - distances[q] || p - q);
    return Int32Array.from(sorted.slice(0, take), (b) => members[b]);
  });
}
