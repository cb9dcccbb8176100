// Direct-reclaim latency: quantiles (p50, p90, p99, max) of episode durations,
// overall and per allocation order, and a log-spaced histogram. Quantiles use
// the nearest-rank method: the value below which at least p% of episodes fall.

import type { Analysis } from './analyze.ts';
import { NS_PER_MS } from '../model/units.ts';

export interface Quantiles {
  count: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  meanMs: number;
}

export interface LatencyStats {
  /** Durations of every complete direct-reclaim episode, ms, in trace order. */
  durationsMs: Float64Array;
  all: Quantiles;
  byOrder: { order: number; q: Quantiles }[];
}

export function nearestRank(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1];
}

export function quantiles(values: ArrayLike<number>): Quantiles {
  const sorted = Float64Array.from(values).sort();
  let sum = 0;
  for (let i = 0; i < sorted.length; i++) sum += sorted[i];
  return {
    count: sorted.length,
    p50: nearestRank(sorted, 50),
    p90: nearestRank(sorted, 90),
    p99: nearestRank(sorted, 99),
    max: sorted.length ? sorted[sorted.length - 1] : 0,
    meanMs: sorted.length ? sum / sorted.length : 0,
  };
}

export function directLatency(a: Analysis): LatencyStats {
  const ep = a.direct;
  const durationsMs = new Float64Array(ep.length);
  const perOrder = new Map<number, number[]>();
  for (let i = 0; i < ep.length; i++) {
    const d = (ep.end[i] - ep.start[i]) / NS_PER_MS;
    durationsMs[i] = d;
    let l = perOrder.get(ep.order[i]);
    if (!l) perOrder.set(ep.order[i], (l = []));
    l.push(d);
  }
  return {
    durationsMs,
    all: quantiles(durationsMs),
    byOrder: [...perOrder.entries()].sort((x, y) => x[0] - y[0]).map(([order, l]) => ({ order, q: quantiles(l) })),
  };
}

/** Counts per log-spaced bin, 4 bins per decade, spanning all the given samples. */
export function logHistogram(samples: ArrayLike<number>[], binsPerDecade = 4): { bins: { loMs: number; hiMs: number }[]; counts: number[][] } {
  let lo = Infinity;
  let hi = 0;
  for (const s of samples)
    for (let i = 0; i < s.length; i++) {
      const v = s[i];
      if (v > 0 && v < lo) lo = v;
      if (v > hi) hi = v;
    }
  if (!Number.isFinite(lo) || hi <= 0) return { bins: [], counts: samples.map(() => []) };
  const start = Math.floor(Math.log10(lo) * binsPerDecade);
  const end = Math.floor(Math.log10(hi) * binsPerDecade) + 1;
  const bins = [];
  for (let b = start; b < end; b++) bins.push({ loMs: 10 ** (b / binsPerDecade), hiMs: 10 ** ((b + 1) / binsPerDecade) });
  const counts = samples.map((s) => {
    const c = new Array<number>(bins.length).fill(0);
    for (let i = 0; i < s.length; i++) {
      const v = s[i];
      const b = v > 0 ? Math.floor(Math.log10(v) * binsPerDecade) - start : 0;
      c[Math.max(0, Math.min(bins.length - 1, b))]++;
    }
    return c;
  });
  return { bins, counts };
}
