// Answers the dashboard's questions about a variant from a snapshot instead of
// a worker: the same method names and shapes as the worker API, so every view
// works unchanged on a shared link or an imported comparison file. Series for
// a range the snapshot does not hold exactly are re-bucketed from the finest
// stored series that covers it (times and pages split in proportion to overlap,
// process counts as the maximum of the buckets overlapped) when the request is
// coarser; a request finer than what the snapshot holds gets the stored buckets
// themselves, never a coarse bucket spread flat over finer ones.

import { SERIES_KEYS, type Series, type SeriesRequest } from '../analysis/series.ts';
import type { EpisodeBar, RangeSummary } from '../analysis/loaded-traces.ts';
import type { StallEpisode, StallPeriod } from '../analysis/stalls.ts';
import { ns, type Ns } from '../model/units.ts';
import { entryToSeries, type SeriesEntry, type SnapshotVariant } from './snapshot.ts';

function rebucket(src: SeriesEntry, req: SeriesRequest): Series {
  const n = Math.max(1, Math.floor(req.bucketCount));
  const w = (req.t1 - req.t0) / n;
  const sw = src.bucketNs;
  const values = {} as Series['values'];
  const spread = (from: number[], max: boolean): Float64Array => {
    const out = new Float64Array(n);
    for (let j = 0; j < n; j++) {
      const a = req.t0 + j * w;
      const b = a + w;
      const i0 = Math.max(0, Math.floor((a - src.t0) / sw));
      const i1 = Math.min(src.buckets - 1, Math.floor((b - src.t0) / sw));
      let acc = 0;
      for (let i = i0; i <= i1; i++) {
        const s = src.t0 + i * sw;
        const overlap = Math.min(b, s + sw) - Math.max(a, s);
        if (overlap <= 0) continue;
        acc = max ? Math.max(acc, from[i]) : acc + (from[i] * overlap) / sw;
      }
      out[j] = acc;
    }
    return out;
  };
  for (const k of SERIES_KEYS) values[k] = spread(src.values[k], k === 'directStalledProcs');
  return { t0: req.t0, bucketNs: ns(w), n, values, kswapdInstances: src.kswapdInstances.map((k) => ({ name: k.name, ms: spread(k.ms, false) })) };
}

/** The stored buckets of src that overlap [t0, t1): a series on src's own grid (its bucketNs, not the request's). */
function storedBuckets(src: SeriesEntry, t0: Ns, t1: Ns): Series {
  const sw = src.bucketNs;
  const i0 = Math.max(0, Math.min(src.buckets - 1, Math.floor((t0 - src.t0) / sw)));
  const i1 = Math.max(i0 + 1, Math.min(src.buckets, Math.ceil((t1 - src.t0) / sw - 1e-9)));
  const values = {} as Series['values'];
  for (const k of SERIES_KEYS) values[k] = Float64Array.from(src.values[k].slice(i0, i1));
  return {
    t0: ns(src.t0 + i0 * sw),
    bucketNs: sw,
    n: i1 - i0,
    values,
    kswapdInstances: src.kswapdInstances.map((k) => ({ name: k.name, ms: Float64Array.from(k.ms.slice(i0, i1)) })),
  };
}

export class SnapshotBackend {
  constructor(private readonly v: SnapshotVariant) {}

  async series(_id: string, req: SeriesRequest): Promise<Series> {
    const exact = this.v.series.find((e) => e.t0 === req.t0 && e.t1 === req.t1 && e.buckets === req.bucketCount);
    if (exact) return entryToSeries(exact);
    const covering = this.v.series.filter((e) => e.t0 <= req.t0 && e.t1 >= req.t1).sort((a, b) => a.bucketNs - b.bucketNs);
    const best =
      covering[0] ??
      [...this.v.series].sort((a, b) => Math.min(b.t1, req.t1) - Math.max(b.t0, req.t0) - (Math.min(a.t1, req.t1) - Math.max(a.t0, req.t0)))[0];
    if (!best) throw new Error('this snapshot holds no series');
    const w = (req.t1 - req.t0) / Math.max(1, Math.floor(req.bucketCount));
    if (w < best.bucketNs * (1 - 1e-9)) return storedBuckets(best, req.t0, req.t1);
    return rebucket(best, req);
  }

  async rangeSummary(_id: string, t0: Ns | null, t1: Ns | null): Promise<RangeSummary> {
    const hit = this.v.ranges.find((r) => r.t0 === t0 && r.t1 === t1);
    if (!hit) throw new Error('this snapshot holds the summary of the shared range only');
    return { summary: hit.summary, rows: [], spanMs: hit.spanMs, ...(hit.extra ? { extra: hit.extra } : {}) };
  }

  async stalls(): Promise<{ longest: StallEpisode[]; busiest: StallPeriod[] }> {
    return this.v.stalls;
  }

  async episodes(_id: string, t0: Ns, t1: Ns): Promise<EpisodeBar[] | null> {
    const hit = this.v.episodes.find((e) => e.t0 <= t0 && e.t1 >= t1);
    if (!hit || hit.bars === null) return null;
    return hit.bars.filter((b) => b.endNs >= t0 && b.startNs < t1);
  }

  async latencySamples(): Promise<Float64Array> {
    return Float64Array.from(this.v.latencyMs);
  }

  async cancel(): Promise<void> {}
  async drop(): Promise<void> {}
}
