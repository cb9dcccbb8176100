// Welch's t-test and the t distribution against reference values from outside
// this code: R's documented `t.test(extra ~ group, data = sleep)` output
// (Welch by default, the same figures as scipy's ttest_ind(equal_var=False)),
// closed forms of Student's t for 1 and 2 degrees of freedom, printed t-table
// quantiles, and a numeric integration of the t density written here.

import { describe, expect, it } from 'vitest';
import { betaRegularized, runStats, tQuantile, tTwoSided, welch } from './welch.ts';

// R's `sleep` data set (Cushny and Peebles 1905), extra hours of sleep per group.
const SLEEP_1 = [0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0];
const SLEEP_2 = [1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4];

/** Two-sided tail of Student's t with integer df by Simpson's rule on the density (independent of the beta function). */
function tailByIntegration(t: number, df: number): number {
  // Γ((df+1)/2) / Γ(df/2) by exact recursion from Γ(1) = 1 and Γ(1/2) = √π.
  const gamma = (x: number): number => (x === 1 ? 1 : x === 0.5 ? Math.sqrt(Math.PI) : (x - 1) * gamma(x - 1));
  const k = gamma((df + 1) / 2) / (Math.sqrt(df * Math.PI) * gamma(df / 2));
  const pdf = (x: number): number => k * Math.pow(1 + (x * x) / df, -(df + 1) / 2);
  // ∫_0^|t| pdf, so the tail is 1 - 2·that.
  const n = 20000;
  const h = Math.abs(t) / n;
  let s = pdf(0) + pdf(Math.abs(t));
  for (let i = 1; i < n; i++) s += (i % 2 ? 4 : 2) * pdf(i * h);
  return 1 - (2 * s * h) / 3;
}

describe('Welch t-test', () => {
  it("gives R's documented Welch result for the sleep data: t = -1.8608, df = 17.776, p = 0.07939", () => {
    const r = welch(SLEEP_1, SLEEP_2)!;
    expect(r.t).toBeCloseTo(-1.8608, 4);
    expect(r.df).toBeCloseTo(17.776, 3);
    expect(r.p).toBeCloseTo(0.07939, 5);
  });

  it('is symmetric in its samples up to the sign of t', () => {
    const a = welch(SLEEP_1, SLEEP_2)!;
    const b = welch(SLEEP_2, SLEEP_1)!;
    expect(b.t).toBeCloseTo(-a.t, 12);
    expect(b.p).toBeCloseTo(a.p, 12);
  });

  it('matches t and df computed by hand for three runs against three', () => {
    // Direct reclaims of the writeback runs in fixtures/runs-6.18: 17, 59, 38 against 500, 68, 158.
    const a = [17, 59, 38];
    const b = [500, 68, 158];
    // means 38 and 242; variances 441 and 51948; var/n 147 and 17316.
    const r = welch(a, b)!;
    expect(r.t).toBeCloseTo((38 - 242) / Math.sqrt(147 + 17316), 10);
    expect(r.df).toBeCloseTo((17463 * 17463) / ((147 * 147) / 2 + (17316 * 17316) / 2), 10);
    expect(r.p).toBeGreaterThan(0.05); // 204 more reclaims is not beyond this noise
  });

  it('is undefined with one run, or when neither sample varies', () => {
    expect(welch([1], [2, 3])).toBeNull();
    expect(welch([5, 5, 5], [5, 5])).toBeNull();
    expect(welch([5, 5, 5], [7, 7])).toBeNull();
    expect(welch([5, 5, 5], [6, 7])).not.toBeNull();
  });

  it('tests two samples of the same spread: 1, 2, 3 against 4, 5, 6 gives t = -3 / √(2/3) on 4 degrees of freedom', () => {
    // variances 1 and 1, var/n 1/3 each: t = (2 - 5) / √(2/3), df = (2/3)² / (2 · (1/3)² / 2) = 4
    const r = welch([1, 2, 3], [4, 5, 6])!;
    expect(r.t).toBeCloseTo(-3 / Math.sqrt(2 / 3), 12);
    expect(r.df).toBeCloseTo(4, 12);
  });
});

describe("Student's t distribution", () => {
  it('equals the closed form of 1 degree of freedom (Cauchy): p = 1 - (2/π)·atan|t|', () => {
    for (const t of [0.1, 0.5, 1, 2.5, 10, 100]) expect(tTwoSided(t, 1)).toBeCloseTo(1 - (2 / Math.PI) * Math.atan(t), 12);
  });

  it('equals the closed form of 2 degrees of freedom: p = 1 - |t|/√(2+t²)', () => {
    for (const t of [0.1, 0.5, 1, 2.5, 10, 100]) expect(tTwoSided(-t, 2)).toBeCloseTo(1 - t / Math.sqrt(2 + t * t), 12);
  });

  it('equals a numeric integration of the density for 3, 5, 9 and 30 degrees of freedom', () => {
    for (const df of [3, 5, 9, 30]) for (const t of [0.3, 1.2, 2.1, 4]) expect(tTwoSided(t, df)).toBeCloseTo(tailByIntegration(t, df), 9);
  });

  it('gives the 97.5% quantiles of printed t tables', () => {
    expect(tQuantile(0.975, 2)).toBeCloseTo(4.302653, 5);
    expect(tQuantile(0.975, 4)).toBeCloseTo(2.776445, 5);
    expect(tQuantile(0.975, 10)).toBeCloseTo(2.228139, 5);
    expect(tQuantile(0.975, 1)).toBeCloseTo(12.7062, 3);
  });

  it('has I_x(a,1) = x^a and I_x(1,b) = 1-(1-x)^b', () => {
    expect(betaRegularized(3, 1, 0.4)).toBeCloseTo(0.4 ** 3, 13);
    expect(betaRegularized(1, 4, 0.3)).toBeCloseTo(1 - 0.7 ** 4, 13);
  });
});

describe('run statistics', () => {
  it('gives mean, sample sd (n-1), min, max and the 95% interval of the mean', () => {
    const s = runStats([17, 59, 38]);
    expect(s.mean).toBe(38);
    expect(s.sd).toBeCloseTo(21, 12); // variance (441 + 441 + 0) / 2 = 441
    expect([s.min, s.max]).toEqual([17, 59]);
    expect(s.ci95).toBeCloseTo(4.302653 * (21 / Math.sqrt(3)), 4);
  });

  it('has no mean, spread or extremes for no run', () => {
    expect(runStats([])).toEqual({ n: 0, mean: NaN, sd: null, min: NaN, max: NaN, ci95: null });
  });

  it('has no spread for a single run', () => {
    expect(runStats([4])).toEqual({ n: 1, mean: 4, sd: null, min: 4, max: 4, ci95: null });
  });
});
