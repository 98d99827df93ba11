/**
 * L-BFGS for smooth unconstrained minimisation in Float64, deterministic and dependency-free: the
 * solver of the reference logistic regression and of the label-fidelity oracle network.
 */

export const dot = (a: Float64Array, b: Float64Array): number => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
};

/**
 * L-BFGS (Nocedal & Wright, Algorithm 7.4: two-loop recursion, memory 10) with a backtracking
 * Armijo line search (c₁ = 1e-4). Updates θ in place. A pair with sᵀy ≤ 0 (possible only through
 * rounding: the objective is strictly convex for λ > 0) is skipped to keep the Hessian estimate
 * positive definite.
 */
export function lbfgs(
  objective: (theta: Float64Array, grad: Float64Array) => number,
  theta: Float64Array,
  maxIterations: number,
  tolerance: number,
): { iterations: number; converged: boolean } {
  const memory = 10;
  const n = theta.length;
  const grad = new Float64Array(n);
  let f = objective(theta, grad);
  const S: Float64Array[] = [];
  const Y: Float64Array[] = [];
  const rho: number[] = [];
  const direction = new Float64Array(n);
  const next = new Float64Array(n);
  const nextGrad = new Float64Array(n);
  const alpha = new Array<number>(memory).fill(0);
  for (let iter = 0; iter < maxIterations; iter++) {
    if (maxAbs(grad) < tolerance) return { iterations: iter, converged: true };
    // two-loop recursion: direction = −H·grad
    for (let i = 0; i < n; i++) direction[i] = -grad[i];
    for (let j = S.length - 1; j >= 0; j--) {
      alpha[j] = rho[j] * dot(S[j], direction);
      for (let i = 0; i < n; i++) direction[i] -= alpha[j] * Y[j][i];
    }
    const gamma = S.length
      ? dot(S[S.length - 1], Y[Y.length - 1]) / dot(Y[Y.length - 1], Y[Y.length - 1])
      : 1 / Math.max(1, Math.sqrt(dot(grad, grad)));
    for (let i = 0; i < n; i++) direction[i] *= gamma;
    for (let j = 0; j < S.length; j++) {
      const beta = rho[j] * dot(Y[j], direction);
      for (let i = 0; i < n; i++) direction[i] += S[j][i] * (alpha[j] - beta);
    }
    let slope = dot(grad, direction);
    if (!(slope < 0)) {
      // not a descent direction (rounding): restart from steepest descent
      S.length = Y.length = rho.length = 0;
      for (let i = 0; i < n; i++) direction[i] = -grad[i];
      slope = -dot(grad, grad);
    }
    let step = 1;
    let fNext = Infinity;
    for (let tries = 0; tries < 40; tries++) {
      for (let i = 0; i < n; i++) next[i] = theta[i] + step * direction[i];
      fNext = objective(next, nextGrad);
      if (fNext <= f + 1e-4 * step * slope) break;
      step *= 0.5;
    }
    if (!(fNext < f) && !(fNext <= f + 1e-4 * step * slope)) return { iterations: iter, converged: maxAbs(grad) < tolerance * 10 };
    const s = new Float64Array(n);
    const yv = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      s[i] = next[i] - theta[i];
      yv[i] = nextGrad[i] - grad[i];
    }
    const sy = dot(s, yv);
    if (sy > 1e-12) {
      if (S.length === memory) {
        S.shift();
        Y.shift();
        rho.shift();
      }
      S.push(s);
      Y.push(yv);
      rho.push(1 / sy);
    }
    const relative = Math.abs(f - fNext) / Math.max(1, Math.abs(f));
    theta.set(next);
    grad.set(nextGrad);
    f = fNext;
    if (relative < 1e-12) return { iterations: iter + 1, converged: true };
  }
  return { iterations: maxIterations, converged: maxAbs(grad) < tolerance };
}

export function maxAbs(v: Float64Array): number {
  let m = 0;
  for (const x of v) if (Math.abs(x) > m) m = Math.abs(x);
  return m;
}
