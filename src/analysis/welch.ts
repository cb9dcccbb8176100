// Welch's unequal-variances t-test on run values (the test mmtests applies to
// repeated benchmark runs), and the descriptive statistics of a few runs: mean,
// sample standard deviation (n-1), min-max and a 95% confidence interval of the
// mean. Student's t distribution comes from the regularized incomplete beta
// function (continued fraction, Numerical Recipes 6.4). Pure, no DOM.

export interface RunStats {
  n: number;
  mean: number;
  /** Sample standard deviation (n-1); null for a single run. */
  sd: number | null;
  min: number;
  max: number;
  /** Half-width of the 95% confidence interval of the mean (t with n-1 df); null for a single run. */
  ci95: number | null;
}

export function runStats(values: readonly number[]): RunStats {
  const n = values.length;
  if (n === 0) return { n: 0, mean: NaN, sd: null, min: NaN, max: NaN, ci95: null };
  let sum = 0;
  for (const v of values) sum += v;
  const mean = sum / n;
  let ss = 0;
  for (const v of values) ss += (v - mean) * (v - mean);
  const sd = n > 1 ? Math.sqrt(ss / (n - 1)) : null;
  return {
    n,
    mean,
    sd,
    min: Math.min(...values),
    max: Math.max(...values),
    ci95: sd === null ? null : tQuantile(0.975, n - 1) * (sd / Math.sqrt(n)),
  };
}

export interface WelchResult {
  t: number;
  df: number;
  /** Two-sided p-value. */
  p: number;
}

/**
 * Welch's t-test of two samples' means, two-sided (scipy's
 * `ttest_ind(a, b, equal_var=False)`). Null when a sample has fewer than two
 * values, or when both have zero spread (the test is undefined there: equal
 * means give 0/0, different ones an infinite t).
 */
export function welch(a: readonly number[], b: readonly number[]): WelchResult | null {
  const x = runStats(a);
  const y = runStats(b);
  if (x.n < 2 || y.n < 2 || x.sd === null || y.sd === null) return null;
  const va = (x.sd * x.sd) / x.n;
  const vb = (y.sd * y.sd) / y.n;
  if (va + vb === 0) return null;
  const t = (x.mean - y.mean) / Math.sqrt(va + vb);
  // Welch-Satterthwaite degrees of freedom.
  const df = ((va + vb) * (va + vb)) / ((va * va) / (x.n - 1) + (vb * vb) / (y.n - 1));
  return { t, df, p: tTwoSided(t, df) };
}

/** P(|T| >= |t|) for Student's t with df degrees of freedom: I_{df/(df+t²)}(df/2, 1/2). */
export function tTwoSided(t: number, df: number): number {
  if (!Number.isFinite(t)) return 0;
  return Math.min(1, Math.max(0, betaRegularized(df / 2, 0.5, df / (df + t * t))));
}

/** The q-quantile of Student's t (q in (0,1)), by bisection on the CDF. */
export function tQuantile(q: number, df: number): number {
  const cdf = (x: number): number => (x >= 0 ? 1 - tTwoSided(x, df) / 2 : tTwoSided(x, df) / 2);
  let lo = -1e6;
  let hi = 1e6;
  for (let i = 0; i < 200 && hi - lo > 1e-12 * Math.max(1, Math.abs(lo)); i++) {
    const mid = (lo + hi) / 2;
    if (cdf(mid) < q) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/** ln Γ(x) for x > 0 (Lanczos, g = 7, 9 terms; relative error below 1e-14). */
export function logGamma(x: number): number {
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905,
    -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
  const z = x - 1;
  let s = c[0];
  for (let i = 1; i < 9; i++) s += c[i] / (z + i);
  const t = z + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(s);
}

/** The regularized incomplete beta function I_x(a, b). */
export function betaRegularized(a: number, b: number, x: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log(1 - x));
  // The continued fraction converges fast for x < (a+1)/(a+b+2); use the symmetry otherwise.
  if (x < (a + 1) / (a + b + 2)) return (front * betaFraction(a, b, x)) / a;
  return 1 - (front * betaFraction(b, a, 1 - x)) / b;
}

function betaFraction(a: number, b: number, x: number): number {
  const tiny = 1e-300;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 500; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < 1e-15) break;
  }
  return h;
}
