// The Mann-Whitney U (Wilcoxon rank-sum) test, used to say whether one
// variant's direct-reclaim latencies are lower or higher than the baseline's.
// One trace per variant is one sample, so a difference is only called when the
// test says it is unlikely to be chance. Exact p-values for small samples
// without ties; otherwise the normal approximation with tie correction and
// continuity correction (as scipy.stats.mannwhitneyu and R's wilcox.test do).

export interface RankTest {
  u: number; // U statistic of the first sample
  p: number; // two-sided p-value
  method: 'exact' | 'normal';
  n1: number;
  n2: number;
  /** Probability that a value from sample 1 exceeds one from sample 2 (ties count half). */
  effect: number;
}

export function mannWhitney(x: ArrayLike<number>, y: ArrayLike<number>): RankTest | null {
  const n1 = x.length;
  const n2 = y.length;
  if (n1 === 0 || n2 === 0) return null;
  const all: { v: number; g: 0 | 1 }[] = [];
  for (let i = 0; i < n1; i++) all.push({ v: x[i], g: 0 });
  for (let i = 0; i < n2; i++) all.push({ v: y[i], g: 1 });
  all.sort((a, b) => a.v - b.v);
  const n = n1 + n2;
  let r1 = 0;
  let tieTerm = 0;
  let ties = false;
  for (let i = 0; i < n; ) {
    let j = i;
    while (j < n && all[j].v === all[i].v) j++;
    const rank = (i + 1 + j) / 2; // average rank of positions i..j-1 (1-based)
    const t = j - i;
    if (t > 1) {
      ties = true;
      tieTerm += t * t * t - t;
    }
    for (let k = i; k < j; k++) if (all[k].g === 0) r1 += rank;
    i = j;
  }
  const u = r1 - (n1 * (n1 + 1)) / 2;
  const effect = u / (n1 * n2);
  if (!ties && n1 * n2 <= 2500 && n <= 60) return { u, p: exactP(u, n1, n2), method: 'exact', n1, n2, effect };
  const mu = (n1 * n2) / 2;
  const sigma = Math.sqrt(((n1 * n2) / 12) * (n + 1 - tieTerm / (n * (n - 1))));
  if (sigma === 0) return { u, p: 1, method: 'normal', n1, n2, effect };
  const z = (Math.abs(u - mu) - 0.5) / sigma;
  const p = Math.min(1, 2 * (1 - normalCdf(Math.max(0, z))));
  return { u, p, method: 'normal', n1, n2, effect };
}

/** Two-sided exact p-value of U for sample sizes n1, n2 without ties. */
function exactP(u: number, n1: number, n2: number): number {
  // counts[k] = number of arrangements with U = k, by the recurrence
  // f(n1, n2, k) = f(n1 - 1, n2, k - n2) + f(n1, n2 - 1, k).
  const maxU = n1 * n2;
  let prev: number[][] = [];
  for (let b = 0; b <= n2; b++) prev[b] = [1];
  for (let a = 1; a <= n1; a++) {
    const cur: number[][] = [];
    cur[0] = [1];
    for (let b = 1; b <= n2; b++) {
      const len = a * b + 1;
      const arr = new Array<number>(len).fill(0);
      const left = prev[b]; // (a-1, b): shift by b
      for (let k = 0; k < left.length; k++) arr[k + b] += left[k];
      const down = cur[b - 1]; // (a, b-1)
      for (let k = 0; k < down.length; k++) arr[k] += down[k];
      cur[b] = arr;
    }
    prev = cur;
  }
  const dist = prev[n2];
  let total = 0;
  for (const c of dist) total += c;
  const lo = Math.min(u, maxU - u);
  let tail = 0;
  for (let k = 0; k <= Math.floor(lo); k++) tail += dist[k];
  return Math.min(1, (2 * tail) / total);
}

/** Standard normal CDF (Abramowitz-Stegun 7.1.26 erf, |error| < 1.5e-7). */
export function normalCdf(z: number): number {
  const t = 1 / (1 + (0.3275911 * Math.abs(z)) / Math.SQRT2);
  const poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const erf = 1 - poly * Math.exp(-(z * z) / 2);
  return z >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
}

export type Verdict = 'lower' | 'higher' | "can't tell";

/** Verdict for `x` (a variant) against `y` (the baseline) at significance alpha. */
export function verdict(test: RankTest | null, alpha = 0.05): Verdict {
  if (!test || test.p >= alpha) return "can't tell";
  return test.effect < 0.5 ? 'lower' : 'higher';
}
