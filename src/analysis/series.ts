// Time series for the charts: one bucket size for a visible range, computed
// from the event columns and the episodes every time the range changes, so a
// zoom re-buckets at finer resolution instead of stretching coarse bars.
// Interval metrics (stall, awake, compaction, memcg time) add the part of each
// interval inside each bucket; event metrics (pages scanned, reclaimed,
// written) add each event to its bucket, split by the context it ran in.

import { Kind, RECLAIM_WB } from '../model/kinds.ts';
import type { EventTable } from '../model/event-table.ts';
import { Context, CONTEXT_MASK, type Analysis } from './analyze.ts';
import { isolateScanned } from './counters.ts';
import type { Episodes } from './episodes.ts';
import { taskName } from './summary.ts';
import { lowerBound, rowAt, type TimeIndex } from './time-index.ts';

export const SERIES_KEYS = [
  'directStallMs',
  'directStalledProcs',
  'kswapdAwakeMs',
  'compactionMs',
  'memcgStallMs',
  'scannedDirect',
  'scannedKswapd',
  'scannedOther',
  'reclaimedDirect',
  'reclaimedKswapd',
  'reclaimedOther',
  'wbDirectFileSync',
  'wbDirectFileAsync',
  'wbDirectAnonSync',
  'wbDirectAnonAsync',
  'wbKswapdFileSync',
  'wbKswapdFileAsync',
  'wbKswapdAnonSync',
  'wbKswapdAnonAsync',
  'wbOther',
] as const;
export type SeriesKey = (typeof SERIES_KEYS)[number];

export interface SeriesRequest {
  /** Range in ns relative to the trace's first timestamp. */
  t0: number;
  t1: number;
  buckets: number;
}

export interface Series {
  t0: number;
  bucketNs: number;
  n: number;
  values: Record<SeriesKey, Float64Array>;
  /** kswapd awake ms per bucket, per kswapd instance (NUMA nodes). */
  kswapdInstances: { name: string; ms: Float64Array }[];
}

export const MAX_BUCKETS = 4096;

/** Adds the part of each interval inside [t0, t0 + n*w) to its buckets (ns → ms). */
function intervalsToBuckets(ep: Episodes, t0: number, w: number, n: number, out: Float64Array, onlyTask = -1): void {
  const t1 = t0 + n * w;
  for (let i = 0; i < ep.length; i++) {
    if (onlyTask >= 0 && ep.task[i] !== onlyTask) continue;
    const s = Math.max(ep.start[i], t0);
    const e = Math.min(ep.end[i], t1);
    if (e <= s) continue;
    let b = Math.floor((s - t0) / w);
    let cur = s;
    while (cur < e && b < n) {
      const edge = Math.min(e, t0 + (b + 1) * w);
      out[b] += (edge - cur) / 1e6;
      cur = edge;
      b++;
    }
  }
}

/** Number of distinct tasks with an interval overlapping each bucket (byTask: intervals sorted by task). */
function distinctTasks(ep: Episodes, byTask: Uint32Array, t0: number, w: number, n: number, out: Float64Array): void {
  const t1 = t0 + n * w;
  const mark = new Int32Array(n).fill(-1);
  for (let j = 0; j < byTask.length; j++) {
    const i = byTask[j];
    const start = ep.start[i];
    const end = ep.end[i];
    if (end < t0 || start >= t1) continue;
    const s = Math.max(start, t0);
    const e = Math.min(end, t1);
    const b0 = Math.min(n - 1, Math.floor((s - t0) / w));
    let b1 = Math.min(n - 1, Math.floor((e - t0) / w));
    if (e > s && b1 > b0 && t0 + b1 * w >= e) b1--; // ends exactly on a bucket edge
    const task = ep.task[i];
    for (let b = b0; b <= b1; b++)
      if (mark[b] !== task) {
        mark[b] = task;
        out[b]++;
      }
  }
}

export function episodesByTask(ep: Episodes): Uint32Array {
  const idx = new Uint32Array(ep.length);
  for (let i = 0; i < ep.length; i++) idx[i] = i;
  idx.sort((a, b) => ep.task[a] - ep.task[b] || ep.start[a] - ep.start[b]);
  return idx;
}

export function computeSeries(
  table: EventTable,
  a: Analysis,
  index: TimeIndex,
  req: SeriesRequest,
  directByTask: Uint32Array = episodesByTask(a.direct),
): Series {
  const n = Math.max(1, Math.min(MAX_BUCKETS, Math.floor(req.buckets)));
  const span = Math.max(1, req.t1 - req.t0);
  const w = span / n;
  const t0 = a.startNs + req.t0;
  const values = {} as Record<SeriesKey, Float64Array>;
  for (const k of SERIES_KEYS) values[k] = new Float64Array(n);

  intervalsToBuckets(a.direct, t0, w, n, values.directStallMs);
  distinctTasks(a.direct, directByTask, t0, w, n, values.directStalledProcs);
  intervalsToBuckets(a.kswapd, t0, w, n, values.kswapdAwakeMs);
  intervalsToBuckets(a.compaction, t0, w, n, values.compactionMs);
  intervalsToBuckets(a.memcg, t0, w, n, values.memcgStallMs);
  intervalsToBuckets(a.softlimit, t0, w, n, values.memcgStallMs);

  const kswapdTasks = [...new Set(Array.from(a.kswapd.task))].sort((x, y) => x - y);
  const kswapdInstances = kswapdTasks.map((t) => {
    const ms = new Float64Array(n);
    intervalsToBuckets(a.kswapd, t0, w, n, ms, t);
    return { name: taskName(table, t), ms };
  });

  const i0 = lowerBound(index.ts, t0);
  const i1 = lowerBound(index.ts, t0 + n * w);
  const { kind, slots } = table;
  const [s0, s1, s2, s3, s4] = slots;
  const ctx = a.context;
  const sd = values.scannedDirect,
    sk = values.scannedKswapd,
    so = values.scannedOther;
  const rd = values.reclaimedDirect,
    rk = values.reclaimedKswapd,
    ro = values.reclaimedOther;
  for (let i = i0; i < i1; i++) {
    const r = rowAt(index, i);
    const k = kind[r];
    if (k !== Kind.LRU_ISOLATE && k !== Kind.SHRINK_INACTIVE && k !== Kind.WRITEPAGE && k !== Kind.WRITE_FOLIO) continue;
    const b = Math.min(n - 1, Math.floor((index.ts[i] - t0) / w));
    const c = ctx[r] & CONTEXT_MASK;
    if (k === Kind.LRU_ISOLATE) {
      const v = isolateScanned(s0[r], s2[r], s3[r], s4[r]);
      if (c === Context.DIRECT) sd[b] += v;
      else if (c === Context.KSWAPD) sk[b] += v;
      else so[b] += v;
    } else if (k === Kind.SHRINK_INACTIVE) {
      const v = s1[r];
      if (c === Context.DIRECT) rd[b] += v;
      else if (c === Context.KSWAPD) rk[b] += v;
      else ro[b] += v;
    } else {
      const flags = s0[r];
      const file = (flags & RECLAIM_WB.FILE) !== 0;
      const sync = (flags & RECLAIM_WB.SYNC) !== 0;
      if (c === Context.DIRECT)
        (file ? (sync ? values.wbDirectFileSync : values.wbDirectFileAsync) : sync ? values.wbDirectAnonSync : values.wbDirectAnonAsync)[b]++;
      else if (c === Context.KSWAPD)
        (file ? (sync ? values.wbKswapdFileSync : values.wbKswapdFileAsync) : sync ? values.wbKswapdAnonSync : values.wbKswapdAnonAsync)[b]++;
      else values.wbOther[b]++;
    }
  }
  return { t0: req.t0, bucketNs: w, n, values, kswapdInstances };
}
