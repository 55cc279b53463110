/**
 * The scoring model: a logistic ranker over a proposal's features, then a logistic calibrator over
 * (ranking score, margin to the other proposals) so `confidence` is the probability the proposal is right.
 * Both are fitted offline on one demo seed's ground truth (scripts/eval-reconcile.ts --fit) and stored
 * in coefficients.ts; evaluation uses a different seed.
 */

export const sigmoid = (z: number): number => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)));

export const dot = (w: readonly number[], x: readonly number[]): number => {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += (w[i] ?? 0) * (x[i] ?? 0);
  return s;
};

/** Calibrator inputs: [bias, score, margin, alone] (margin: over the runner-up for the top proposal, negative below it). */
export function calibrationFeatures(score: number, margin: number, alone: boolean): number[] {
  return [1, score, Math.max(-12, Math.min(12, margin)), alone ? 1 : 0];
}

export type FitOptions = {
  l2?: number;
  iterations?: number;
  weights?: number[];
  nonNegative?: number[];
  /** the L2 penalty pulls towards these weights instead of 0 (MAP with a Gaussian prior): a feature the data never shows keeps its prior weight */
  prior?: readonly number[];
};

/**
 * L2-regularised logistic regression by Newton's method (IRLS). Feature counts here are small (≤ 40),
 * so the Hessian solve is trivial. `nonNegative` lists coefficients clamped at ≥ 0 after each step
 * (keeps the calibrator monotone in score and margin).
 */
export function fitLogistic(xs: readonly number[][], ys: readonly number[], opts: FitOptions = {}): number[] {
  const d = xs[0]?.length ?? 0;
  const l2 = opts.l2 ?? 1e-2;
  const w = opts.prior ? Array.from({ length: d }, (_, i) => opts.prior?.[i] ?? 0) : new Array<number>(d).fill(0);
  for (let it = 0; it < (opts.iterations ?? 30); it++) {
    const g = new Array<number>(d).fill(0);
    const h: number[][] = Array.from({ length: d }, () => new Array<number>(d).fill(0));
    xs.forEach((x, n) => {
      const p = sigmoid(dot(w, x));
      const y = ys[n] ?? 0;
      const sw = opts.weights?.[n] ?? 1;
      const r = (p - y) * sw;
      const v = Math.max(p * (1 - p), 1e-6) * sw;
      for (let i = 0; i < d; i++) {
        const xi = x[i] ?? 0;
        if (xi === 0) continue;
        g[i] = (g[i] ?? 0) + r * xi;
        const hi = h[i];
        if (!hi) continue;
        for (let j = 0; j < d; j++) hi[j] = (hi[j] ?? 0) + v * xi * (x[j] ?? 0);
      }
    });
    for (let i = 0; i < d; i++) {
      g[i] = (g[i] ?? 0) + (i === 0 ? 0 : l2 * ((w[i] ?? 0) - (opts.prior?.[i] ?? 0)));
      const hi = h[i];
      if (hi) hi[i] = (hi[i] ?? 0) + (i === 0 ? 1e-6 : l2);
    }
    const step = solve(h, g);
    let change = 0;
    for (let i = 0; i < d; i++) {
      w[i] = (w[i] ?? 0) - (step[i] ?? 0);
      change = Math.max(change, Math.abs(step[i] ?? 0));
    }
    for (const i of opts.nonNegative ?? []) if ((w[i] ?? 0) < 0) w[i] = 0;
    if (change < 1e-7) break;
  }
  return w;
}

/** Gaussian elimination with partial pivoting (A is small and positive definite after regularisation). */
function solve(a: number[][], b: number[]): number[] {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i] ?? 0]);
  for (let c = 0; c < n; c++) {
    let piv = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r]?.[c] ?? 0) > Math.abs(m[piv]?.[c] ?? 0)) piv = r;
    const tmp = m[c];
    m[c] = m[piv] ?? [];
    m[piv] = tmp ?? [];
    const rowC = m[c] ?? [];
    const p = rowC[c] ?? 0;
    if (Math.abs(p) < 1e-12) continue;
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const row = m[r] ?? [];
      const f = (row[c] ?? 0) / p;
      if (f === 0) continue;
      for (let k = c; k <= n; k++) row[k] = (row[k] ?? 0) - f * (rowC[k] ?? 0);
    }
  }
  return m.map((row, i) => {
    const p = row[i] ?? 0;
    return Math.abs(p) < 1e-12 ? 0 : (row[n] ?? 0) / p;
  });
}
