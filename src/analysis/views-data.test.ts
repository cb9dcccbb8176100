// What the dashboard shows is checked against independent totals of the same
// real traces: series add up to the Summary, a range covering the whole trace
// has the whole trace's Summary, stall lists agree with the episode list, and
// the statistics match published reference values.

import { describe, expect, it } from 'vitest';
import { bufferSource } from '../parser/source.ts';
import { realTraces, storedBytes } from '../test-support/real-traces.ts';
import { LoadedTraces } from './loaded-traces.ts';
import { SERIES_KEYS, type Series } from './series.ts';
import type { Analysis } from './analyze.ts';
import { directLatency, logHistogram, nearestRank, quantiles } from './latency.ts';
import { mannWhitney, normalCdf, verdict } from './stats.ts';
import { ns } from '../model/units.ts';

const sum = (a: ArrayLike<number>): number => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i];
  return s;
};

const traces = realTraces().filter((t) => ['mixed-dirty40.txt', 'highalloc-baseline.txt', 'memcg-256m.trace.txt', 'pressure-dirty40.txt'].includes(t.name));

describe.each(traces)('dashboard data of $name', (trace) => {
  const store = new LoadedTraces();
  const ready = store.load('t', trace.name, bufferSource(storedBytes(trace.path)));

  it('has series over the whole trace that add up to the Summary', async () => {
    const info = await ready;
    const span = info.endNs - info.startNs + 1;
    const s: Series = store.series('t', { t0: ns(0), t1: ns(span), bucketCount: 777 });
    expect(s.n).toBe(777);
    for (const k of SERIES_KEYS) expect(s.values[k].length).toBe(777);
    expect(sum(s.values.directStallMs)).toBeCloseTo(trace.expected.summary.directStallMs, 6);
    expect(sum(s.values.kswapdAwakeMs)).toBeCloseTo(trace.expected.summary.kswapdAwakeMs, 6);
    expect(sum(s.values.compactionMs)).toBeCloseTo(trace.expected.extra.compactionMs, 6);
    expect(sum(s.values.memcgStallMs)).toBeCloseTo(trace.expected.extra.memcgStallMs, 6);
    // every inactive-list scan lands in exactly one context; kswapd's are the Summary's kswapd rows
    expect(sum(s.values.scannedKswapd)).toBe(trace.expected.summary.kswapdPagesScanned);
    expect(sum(s.values.reclaimedKswapd)).toBe(trace.expected.summary.kswapdPagesReclaimed);
    const wb = ['wbKswapdFileSync', 'wbKswapdFileAsync', 'wbKswapdAnonSync', 'wbKswapdAnonAsync'] as const;
    expect(wb.reduce((a, k) => a + sum(s.values[k]), 0)).toBe(
      trace.expected.summary.kswapdWriteFileSync + trace.expected.summary.kswapdWriteAnonSync + trace.expected.summary.kswapdWriteFileAsync + trace.expected.summary.kswapdWriteAnonAsync,
    );
    // per kswapd instance, the awake time adds up to the total
    expect(sum(s.kswapdInstances.map((k) => sum(k.ms)))).toBeCloseTo(sum(s.values.kswapdAwakeMs), 6);
  });

  it('counts every completed compaction episode under the status its end reported', async () => {
    const info = await ready;
    const byStatus = info.report.extra.compactionByStatus;
    expect(sum(Object.values(byStatus))).toBe(trace.expected.extra.compactionEpisodes);
    for (const k of Object.keys(byStatus)) expect(['success', 'contended', 'partial_skipped', 'complete', 'skipped', 'deferred', 'continue', 'no_suitable_page', 'not_suitable_zone']).toContain(k);
  });

  it('gives the whole-trace Summary for a range that covers the trace', async () => {
    const info = await ready;
    const r = store.rangeSummary('t', ns(-1), ns(info.endNs - info.startNs + 1));
    for (const [k, v] of Object.entries(trace.expected.summary)) expect(r.summary[k as keyof typeof r.summary]).toBeCloseTo(v, 3);
    const whole = store.rangeSummary('t', null, null);
    expect(whole.summary).toEqual(r.summary);
  });

  it('splits a range in two halves whose counts add up and whose stall times add up', async () => {
    const info = await ready;
    const end = info.endNs - info.startNs + 1;
    const mid = Math.round(end * 0.37);
    const a = store.rangeSummary('t', ns(0), ns(mid)).summary;
    const b = store.rangeSummary('t', ns(mid), ns(end)).summary;
    expect(a.directReclaims + b.directReclaims).toBe(trace.expected.summary.directReclaims);
    expect(a.kswapdPagesScanned + b.kswapdPagesScanned).toBe(trace.expected.summary.kswapdPagesScanned);
    expect(a.directStallMs + b.directStallMs).toBeCloseTo(trace.expected.summary.directStallMs, 6);
    expect(a.kswapdAwakeMs + b.kswapdAwakeMs).toBeCloseTo(trace.expected.summary.kswapdAwakeMs, 6);
  });

  it('lists the longest stalls and the busiest periods consistently with the episodes', async () => {
    await ready;
    const samples = store.latencySamples('t');
    expect(samples.length).toBe(trace.expected.extra.directEpisodes);
    expect(sum(samples)).toBeCloseTo(trace.expected.summary.directStallMs, 6);
    const { longest, busiest } = store.stalls('t', 1000);
    if (samples.length === 0) {
      expect(longest).toEqual([]);
      return;
    }
    expect(longest[0].durationNs / 1e6).toBeCloseTo(Math.max(...samples), 9);
    for (let i = 1; i < longest.length; i++) expect(longest[i].durationNs).toBeLessThanOrEqual(longest[i - 1].durationNs);
    // merged periods partition the episodes: their stall and episode counts add up
    expect(sum(busiest.map((p) => p.stallNs)) / 1e6).toBeCloseTo(trace.expected.summary.directStallMs, 6);
    expect(sum(busiest.map((p) => p.episodes))).toBe(trace.expected.extra.directEpisodes);
    for (const p of busiest) expect(p.durationNs).toBeLessThanOrEqual(p.stallNs + 1e6 * p.episodes);
  });

});

describe('latency statistics', () => {
  it('takes nearest-rank percentiles', () => {
    const sorted = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    expect(nearestRank(sorted, 50)).toBe(5);
    expect(nearestRank(sorted, 90)).toBe(9);
    expect(nearestRank(sorted, 99)).toBe(10);
    expect(quantiles([5, 1, 9, 3])).toEqual({ count: 4, p50: 3, p90: 9, p99: 9, max: 9, meanMs: 4.5 });
  });

  it('bins log-spaced, four bins per decade, counting every sample once', () => {
    const h = logHistogram([[0.1, 0.2, 1, 10, 10]]);
    expect(h.bins[0].loMs).toBeCloseTo(0.1, 9);
    expect(h.counts[0].reduce((a, b) => a + b, 0)).toBe(5);
    expect(h.bins.length).toBe(9);
  });

  it('puts each sample in its own log bin (by hand: 0.1 and 0.2 ms in the first two, 1 ms in the fifth, 10 ms in the ninth) and a zero in the first', () => {
    // four bins per decade from 10^-1: bin k holds [10^((k-4)/4), 10^((k-3)/4)) ms
    const h = logHistogram([[0.1, 0.2, 1, 10, 10], [0, 1.5]]);
    expect(h.counts).toEqual([
      [1, 1, 0, 0, 1, 0, 0, 0, 2],
      [1, 0, 0, 0, 1, 0, 0, 0, 0],
    ]);
    expect(h.bins[8].loMs).toBeCloseTo(10, 9);
    expect(h.bins[8].hiMs).toBeCloseTo(10 ** 1.25, 9);
  });

  it('gives quantiles per allocation order, orders ascending (four episodes by hand)', () => {
    // episodes of order 3 (2 ms and 6 ms), order 0 (1 ms) and order 3 again (4 ms), in trace order
    const ms = 1e6;
    const direct = { length: 4, start: Float64Array.from([0, 10, 20, 30].map((t) => t * ms)), end: Float64Array.from([2, 11, 26, 34].map((t) => t * ms)), order: Int32Array.from([3, 0, 3, 3]) };
    const l = directLatency({ direct } as unknown as Analysis);
    expect(Array.from(l.durationsMs)).toEqual([2, 1, 6, 4]);
    expect(l.all).toEqual({ count: 4, p50: 2, p90: 6, p99: 6, max: 6, meanMs: 3.25 });
    expect(l.byOrder).toEqual([
      { order: 0, q: { count: 1, p50: 1, p90: 1, p99: 1, max: 1, meanMs: 1 } },
      { order: 3, q: { count: 3, p50: 4, p90: 6, p99: 6, max: 6, meanMs: 4 } },
    ]);
  });

  it('has no bins when no sample is above zero', () => {
    expect(logHistogram([[], [0]])).toEqual({ bins: [], counts: [[], []] });
  });

  it('matches scipy.stats.mannwhitneyu on its documented example (exact and asymptotic)', () => {
    // scipy docs: males = [19, 22, 16, 29, 24], females = [20, 11, 17, 12]:
    // U1 = 17, exact p = 0.1111; method='asymptotic' (with continuity correction) p = 0.1113
    const exact = mannWhitney([19, 22, 16, 29, 24], [20, 11, 17, 12])!;
    expect(exact.u).toBe(17);
    expect(exact.method).toBe('exact');
    expect(exact.p).toBeCloseTo(0.1111111, 6);
    expect(verdict(exact)).toBe("can't tell");
    // ties force the normal approximation; scipy gives p = 0.6865 for these 40 + 35 values
    const a = Array.from({ length: 40 }, (_, i) => i * 1.5 + (i % 3));
    const b = Array.from({ length: 35 }, (_, i) => i * 1.7 + 3);
    const big = mannWhitney(a, b)!;
    expect(big.method).toBe('normal');
    expect(big.u).toBe(661.5);
    expect(big.p).toBeCloseTo(0.6865332, 5);
  });

  it('gives the standard normal CDF to 1e-7 on both sides of zero', () => {
    // Tabled values (scipy.stats.norm.cdf): the erf approximation promises |error| < 1.5e-7
    const table: [number, number][] = [
      [0, 0.5],
      [1, 0.8413447461],
      [-1, 0.1586552539],
      [1.959963985, 0.975],
      [-2.575829304, 0.005],
      [3, 0.9986501020],
      [-0.3, 0.3820885778],
    ];
    for (const [z, p] of table) expect(Math.abs(normalCdf(z) - p), `z = ${z}`).toBeLessThan(1.5e-7);
  });

  it('says lower or higher only when the difference is unlikely to be chance', () => {
    const low = Array.from({ length: 30 }, (_, i) => 1 + i * 0.01);
    const high = Array.from({ length: 30 }, (_, i) => 2 + i * 0.01);
    expect(verdict(mannWhitney(low, high))).toBe('lower');
    expect(verdict(mannWhitney(high, low))).toBe('higher');
    expect(verdict(mannWhitney(low, low.map((x) => x + 0.001)))).toBe("can't tell");
  });
});
