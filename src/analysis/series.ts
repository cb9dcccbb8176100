// Time series for the charts: one bucket size for a visible range, computed
// from the event columns and the episodes every time the range changes, so a
// zoom re-buckets at finer resolution instead of stretching coarse bars.
// Interval metrics (stall, awake, compaction, memcg time) add the part of each
// interval inside each bucket; event metrics (pages scanned, reclaimed,
// written) add each event to its bucket, split by the context it ran in.

import { Kind, RECLAIM_WB } from '../model/kinds.ts';
import type { EventTable } from '../model/event-table.ts';
import { ns, NS_PER_MS, type Ns } from '../model/units.ts';
import { Context, CONTEXT_MASK, type Analysis } from './analyze.ts';
import { isolateScanned } from './counters.ts';
import type { Episodes } from './episodes.ts';
import { taskName } from './summary.ts';
import { lowerBound, rowAt, type TimeIndex } from './time-index.ts';

/** The event metrics, in the order of eventMetric's ids. */
const EVENT_METRICS = [
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
/** Every series, interval metrics first. */
export const SERIES_KEYS = ['directStallMs', 'directStalledProcs', 'kswapdAwakeMs', 'compactionMs', 'memcgStallMs', ...EVENT_METRICS] as const;
export type SeriesKey = (typeof SERIES_KEYS)[number];

export interface SeriesRequest {
  /** Range in ns relative to the trace's first timestamp. */
  t0: Ns;
  t1: Ns;
  /** How many buckets across [t0, t1). */
  bucketCount: number;
}

export interface Series {
  t0: Ns;
  bucketNs: Ns;
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
      out[b] += (edge - cur) / NS_PER_MS;
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

export interface SeriesOptions {
  /** Events by scanning the range, or by the index's block sums (default: blocks for big ranges). Tests compare the two. */
  method?: 'scan' | 'blocks';
}

export function computeSeries(
  table: EventTable,
  a: Analysis,
  index: TimeIndex,
  req: SeriesRequest,
  directByTask: Uint32Array = episodesByTask(a.direct),
  seriesIndex?: SeriesIndex,
  opts: SeriesOptions = {},
): Series {
  const n = Math.max(1, Math.min(MAX_BUCKETS, Math.floor(req.bucketCount)));
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
  const out = EVENT_METRICS.map((k) => values[k]);
  const byBlocks = opts.method === 'blocks' || (opts.method !== 'scan' && seriesIndex !== undefined && i1 - i0 > 8 * n * SERIES_BLOCK);
  if (byBlocks) {
    const si = seriesIndex ?? buildSeriesIndex(table, a, index);
    // bucket b holds the events whose floor((ts - t0) / w) is b (the last one also those beyond, as in the scan)
    const its = index.ts;
    let lo = i0;
    for (let b = 0; b < n; b++) {
      let hi = i1;
      if (b < n - 1) {
        let l = lo;
        let h = i1;
        while (l < h) {
          const mid = (l + h) >>> 1;
          if (Math.floor((its[mid] - t0) / w) >= b + 1) h = mid;
          else l = mid + 1;
        }
        hi = l;
      }
      addRange(table, a, index, si, lo, hi, out, b);
      lo = hi;
    }
  } else {
    for (let i = i0; i < i1; i++) {
      const r = rowAt(index, i);
      const m = eventMetric(table, a, r);
      if (m < 0) continue;
      out[m][Math.min(n - 1, Math.floor((index.ts[i] - t0) / w))] += metricValue;
    }
  }
  return { t0: req.t0, bucketNs: ns(w), n, values, kswapdInstances };
}

const M = EVENT_METRICS.length;

/** Value of the event eventMetric classified last. */
let metricValue = 0;

/**
 * Which event metric row r adds to (an index into EVENT_METRICS), with the
 * amount in metricValue; -1 for events that add to none. Pages scanned are
 * inactive-list isolations (counters.ts), pages reclaimed come from
 * shrink_inactive, writes count one per writepage/write_folio; each by the
 * context the event ran in.
 */
function eventMetric(table: EventTable, a: Analysis, r: number): number {
  const k = table.kind[r];
  if (k !== Kind.LRU_ISOLATE && k !== Kind.SHRINK_INACTIVE && k !== Kind.WRITEPAGE && k !== Kind.WRITE_FOLIO) return -1;
  const c = a.context[r] & CONTEXT_MASK;
  const slots = table.slots;
  if (k === Kind.LRU_ISOLATE) {
    metricValue = isolateScanned(slots[0][r], slots[2][r], slots[3][r], slots[4][r]);
    return c === Context.DIRECT ? 0 : c === Context.KSWAPD ? 1 : 2;
  }
  if (k === Kind.SHRINK_INACTIVE) {
    metricValue = slots[1][r];
    return c === Context.DIRECT ? 3 : c === Context.KSWAPD ? 4 : 5;
  }
  metricValue = 1;
  const flags = slots[0][r];
  const file = (flags & RECLAIM_WB.FILE) !== 0;
  const sync = (flags & RECLAIM_WB.SYNC) !== 0;
  const which = file ? (sync ? 0 : 1) : sync ? 2 : 3;
  return c === Context.DIRECT ? 6 + which : c === Context.KSWAPD ? 10 + which : 14;
}

/** Events per block of the series index. */
export const SERIES_BLOCK = 64;

/**
 * Running totals of every event metric at every SERIES_BLOCK-th event in time
 * order, built once per trace (M x 8 bytes per block: under 2 bytes per
 * event). A bucket's total is then the difference of two running totals plus
 * the events between its edges and the nearest block edges, so re-bucketing
 * any range costs about buckets x 2 x SERIES_BLOCK event reads, however many
 * events the range holds. Totals are sums of integers, exact in doubles.
 */
export interface SeriesIndex {
  blocks: number;
  /** sums[m * (blocks + 1) + j]: metric m over the first j * SERIES_BLOCK events in time order. */
  sums: Float64Array;
}

export function buildSeriesIndex(table: EventTable, a: Analysis, index: TimeIndex): SeriesIndex {
  const n = table.length;
  const blocks = Math.floor(n / SERIES_BLOCK);
  const sums = new Float64Array(M * (blocks + 1));
  const acc = new Float64Array(M);
  let i = 0;
  for (let j = 1; j <= blocks; j++) {
    for (const end = j * SERIES_BLOCK; i < end; i++) {
      const m = eventMetric(table, a, rowAt(index, i));
      if (m >= 0) acc[m] += metricValue;
    }
    for (let m = 0; m < M; m++) sums[m * (blocks + 1) + j] = acc[m];
  }
  return { blocks, sums };
}

/** Adds the events at time-order positions [lo, hi) to bucket b of out. */
function addRange(table: EventTable, a: Analysis, index: TimeIndex, si: SeriesIndex, lo: number, hi: number, out: Float64Array[], b: number): void {
  let bl = Math.ceil(lo / SERIES_BLOCK);
  let bh = Math.floor(hi / SERIES_BLOCK);
  if (bh > si.blocks) bh = si.blocks;
  if (bh <= bl) {
    bl = bh = -1; // no whole block inside: read every event
  }
  const scanTo = bl < 0 ? hi : bl * SERIES_BLOCK;
  for (let i = lo; i < scanTo; i++) {
    const m = eventMetric(table, a, rowAt(index, i));
    if (m >= 0) out[m][b] += metricValue;
  }
  if (bl < 0) return;
  const stride = si.blocks + 1;
  for (let m = 0; m < M; m++) out[m][b] += si.sums[m * stride + bh] - si.sums[m * stride + bl];
  for (let i = bh * SERIES_BLOCK; i < hi; i++) {
    const m = eventMetric(table, a, rowAt(index, i));
    if (m >= 0) out[m][b] += metricValue;
  }
}
