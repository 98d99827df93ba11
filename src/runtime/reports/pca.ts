/**
 * A 2-D view of latent points: the points themselves when d = 2, else their projection on the two
 * leading principal components (power iteration with deflation on the d × d covariance — d is at
 * most a few hundred, so this is cheap and needs no linear-algebra library).
 */

/** Project n points of dimension d (row-major) to 2-D; `explained` is the variance share kept. */
export function projectTo2d(z: Float32Array, n: number, d: number): { points: Float32Array; explained: number } {
  const points = new Float32Array(n * 2);
  if (d <= 2) {
    for (let i = 0; i < n; i++) {
      points[2 * i] = z[i * d];
      points[2 * i + 1] = d === 2 ? z[i * d + 1] : 0;
    }
    return { points, explained: 1 };
  }
  const mean = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j] += z[i * d + j] / n;
  const cov = new Float64Array(d * d);
  for (let i = 0; i < n; i++) {
    for (let a = 0; a < d; a++) {
      const da = z[i * d + a] - mean[a];
      for (let b = a; b < d; b++) cov[a * d + b] += (da * (z[i * d + b] - mean[b])) / Math.max(1, n - 1);
    }
  }
  for (let a = 0; a < d; a++) for (let b = 0; b < a; b++) cov[a * d + b] = cov[b * d + a];
  let total = 0;
  for (let a = 0; a < d; a++) total += cov[a * d + a];
  const components: Float64Array[] = [];
  let kept = 0;
  for (let k = 0; k < 2; k++) {
    // deterministic start: a fixed, non-degenerate vector, kept orthogonal to the components found
    let v = orthogonalise(
      Float64Array.from({ length: d }, (_, j) => 1 + j / d),
      components,
    );
    let lambda = 0;
    for (let iter = 0; iter < 200; iter++) {
      const w = new Float64Array(d);
      for (let a = 0; a < d; a++) for (let b = 0; b < d; b++) w[a] += cov[a * d + b] * v[b];
      const o = removeProjections(w, components);
      const norm = Math.sqrt(o.reduce((s, x) => s + x * x, 0));
      if (norm < 1e-12) break; // no variance left: keep the orthogonal start vector
      lambda = norm;
      v = o.map((x) => x / norm);
    }
    components.push(v);
    kept += lambda;
    for (let a = 0; a < d; a++) for (let b = 0; b < d; b++) cov[a * d + b] -= lambda * v[a] * v[b];
  }
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < 2; k++) {
      let s = 0;
      for (let j = 0; j < d; j++) s += (z[i * d + j] - mean[j]) * components[k][j];
      points[2 * i + k] = s;
    }
  }
  return { points, explained: total > 0 ? kept / total : 0 };
}

/** `v` minus its projections on the (unit) `basis` vectors. */
function removeProjections(v: Float64Array, basis: Float64Array[]): Float64Array {
  const out = Float64Array.from(v);
  for (const b of basis) {
    const dot = out.reduce((s, x, j) => s + x * b[j], 0);
    for (let j = 0; j < out.length; j++) out[j] -= dot * b[j];
  }
  return out;
}

/** A unit vector orthogonal to `basis`: `v` if it has a part outside it, else the first such axis. */
function orthogonalise(v: Float64Array, basis: Float64Array[]): Float64Array {
  for (const candidate of [
    v,
    ...Array.from({ length: v.length }, (_, k) => Float64Array.from({ length: v.length }, (_, j) => (j === k ? 1 : 0))),
  ]) {
    const r = removeProjections(candidate, basis);
    const norm = Math.sqrt(r.reduce((s, x) => s + x * x, 0));
    if (norm > 1e-6) return r.map((x) => x / norm);
  }
  return v;
}
