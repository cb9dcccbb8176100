// Everything below the Summary for one time range: direct-reclaim latency, the
// process and kswapd tables, the stall lists, and a process's own series. The
// rules (README "The selection filters everything"): an episode belongs to a
// range when it overlaps it (begin before the range ends, end at or after it
// starts), its time is clipped to the range for time totals; events are
// counted by their timestamps. Null bounds mean the whole trace.

import type { EventTable } from '../model/event-table.ts';
import { Kind } from '../model/kinds.ts';
import { ns, NS_PER_MS, type Ns } from '../model/units.ts';
import type { Analysis } from './analyze.ts';
import { isolateScanned } from './counters.ts';
import { EpisodeBuilder, type Episodes } from './episodes.ts';
import { directLatency, type LatencyStats } from './latency.ts';
import { rangeRows } from './range-summary.ts';
import { byName, kswapdJson, processJson, type KswapdJson, type ProcessJson } from './report.ts';
import { busiestPeriods, longestEpisodes, type StallEpisode, type StallPeriod } from './stalls.ts';
import { taskName, type GroupBy } from './summary.ts';
import { lowerBound, rowAt, type TimeIndex } from './time-index.ts';

/** Absolute [from, to) ns for bounds relative to the trace start (null: the whole trace). */
export function absoluteRange(a: Analysis, t0: number | null, t1: number | null): [number, number] {
  return [t0 === null ? a.startNs : a.startNs + t0, t1 === null ? a.endNs + 1 : a.startNs + t1];
}

/** Whether the episode [s, e] overlaps [from, to). */
export function overlaps(s: number, e: number, from: number, to: number): boolean {
  return s < to && e >= from;
}

/** The episodes that overlap [from, to), whole (not clipped), in their order. */
export function overlapping(ep: Episodes, from: number, to: number): Episodes {
  const b = new EpisodeBuilder();
  for (let i = 0; i < ep.length; i++)
    if (overlaps(ep.start[i], ep.end[i], from, to)) b.add(ep.start[i], ep.end[i], ep.task[i], ep.order[i], ep.reclaimed[i], ep.label[i], ep.beginRow[i]);
  return b.finish();
}

export type RangeProcess = ProcessJson & {
  /** Direct-reclaim episodes of this row that overlap the range. */
  episodes: number;
  /** Task ids (worker-local) of the row, to list their events. */
  tasks: number[];
};
export type RangeKswapd = KswapdJson & { episodes: number; tasks: number[] };

export interface RangeView {
  /** Latency of the direct-reclaim episodes overlapping the range (whole durations). */
  latency: LatencyStats;
  /** Allocation order of each of latency.durationsMs, for rank tests per order. */
  latencyOrders: Int32Array;
  processes: RangeProcess[];
  kswapd: RangeKswapd[];
  stalls: { longest: StallEpisode[]; busiest: StallPeriod[] };
}

function countPerTask(ep: Episodes, n: number): Uint32Array {
  const c = new Uint32Array(n);
  for (let i = 0; i < ep.length; i++) c[ep.task[i]]++;
  return c;
}

/**
 * The range's latency, tables and stall lists. A process row is listed when
 * it began a direct reclaim in the range or has an episode overlapping it; a
 * kswapd row when it woke in the range or was awake in it.
 */
export function rangeView(
  table: EventTable,
  a: Analysis,
  index: TimeIndex,
  t0: number | null,
  t1: number | null,
  opts: { groupBy?: GroupBy; stallLimit?: number } = {},
): RangeView {
  const [from, to] = absoluteRange(a, t0, t1);
  const direct = overlapping(a.direct, from, to);
  const kswapd = overlapping(a.kswapd, from, to);
  const sub: Analysis = { ...a, direct };
  const rows = rangeRows(table, a, index, from, to, { groupBy: opts.groupBy });
  const directPer = countPerTask(direct, a.taskCount);
  const awakePer = countPerTask(kswapd, a.taskCount);
  const sum = (tasks: number[], per: Uint32Array) => tasks.reduce((s, t) => s + per[t], 0);
  const processes: RangeProcess[] = [];
  const kswapdRows: RangeKswapd[] = [];
  for (const r of rows) {
    const dEp = sum(r.tasks, directPer);
    const kEp = sum(r.tasks, awakePer);
    const tasks = r.tasks.filter((t) => directPer[t] > 0 || awakePer[t] > 0 || a.tasks.directBegins[t] > 0 || a.tasks.kswapdWakes[t] > 0);
    if (r.directReclaims > 0 || dEp > 0) processes.push({ ...processJson(r), episodes: dEp, tasks });
    if (r.kswapdWakeups > 0 || kEp > 0) kswapdRows.push({ ...kswapdJson(r), episodes: kEp, tasks });
  }
  const limit = opts.stallLimit ?? 200;
  return {
    latency: directLatency(sub),
    latencyOrders: direct.order,
    processes: processes.sort(byName((p) => p.process)),
    kswapd: kswapdRows.sort(byName((k) => k.instance)),
    stalls: { longest: longestEpisodes(table, sub, limit), busiest: busiestPeriods(table, sub, limit) },
  };
}

/** Task ids named `comm-pid` (or, by command, every task of that comm). */
export function tasksNamed(table: EventTable, name: string, byCommand: boolean): number[] {
  const out: number[] = [];
  for (let t = 0; t < table.tasks.length; t++) {
    const comm = table.strings.get(table.tasks.comm[t]);
    if (byCommand ? (comm === '' ? 'NO_PROCESS_NAME' : comm) === name : taskName(table, t) === name) out.push(t);
  }
  return out;
}

/** One process's (or one command's) part of the charts, per bucket of [t0, t0 + n*w). */
export interface TaskSeries {
  stallMs: Float64Array;
  awakeMs: Float64Array;
  scanned: Float64Array;
  reclaimed: Float64Array;
  written: Float64Array;
}

function clipToBuckets(ep: Episodes, tasks: Uint8Array, t0: number, w: number, n: number, out: Float64Array): void {
  const t1 = t0 + n * w;
  for (let i = 0; i < ep.length; i++) {
    if (!tasks[ep.task[i]]) continue;
    const s = Math.max(ep.start[i], t0);
    const e = Math.min(ep.end[i], t1);
    if (e <= s) continue;
    for (let b = Math.floor((s - t0) / w); b < n; b++) {
      const bs = t0 + b * w;
      const part = Math.min(e, bs + w) - Math.max(s, bs);
      if (part <= 0) break;
      out[b] += part / NS_PER_MS;
    }
  }
}

/** Series of the given tasks over [t0, t1) relative ns, n buckets: stall and awake ms, pages scanned, reclaimed, written. */
export function taskSeries(table: EventTable, a: Analysis, index: TimeIndex, tasks: number[], t0: Ns, t1: Ns, bucketCount: number): TaskSeries {
  const n = Math.max(1, Math.min(4096, Math.floor(bucketCount)));
  const from = a.startNs + t0;
  const w = Math.max(1, t1 - t0) / n;
  const mask = new Uint8Array(a.taskCount);
  for (const t of tasks) if (t >= 0 && t < a.taskCount) mask[t] = 1;
  const out: TaskSeries = {
    stallMs: new Float64Array(n),
    awakeMs: new Float64Array(n),
    scanned: new Float64Array(n),
    reclaimed: new Float64Array(n),
    written: new Float64Array(n),
  };
  clipToBuckets(a.direct, mask, from, w, n, out.stallMs);
  clipToBuckets(a.kswapd, mask, from, w, n, out.awakeMs);
  const i0 = lowerBound(index.ts, from);
  const i1 = lowerBound(index.ts, from + n * w);
  const { kind, slots, task } = table;
  for (let i = i0; i < i1; i++) {
    const r = rowAt(index, i);
    if (!mask[task[r]]) continue;
    const b = Math.min(n - 1, Math.floor((index.ts[i] - from) / w));
    const k = kind[r];
    if (k === Kind.LRU_ISOLATE) out.scanned[b] += isolateScanned(slots[0][r], slots[2][r], slots[3][r], slots[4][r]);
    else if (k === Kind.SHRINK_INACTIVE) out.reclaimed[b] += slots[1][r];
    else if (k === Kind.WRITEPAGE || k === Kind.WRITE_FOLIO) out.written[b] += 1;
  }
  return out;
}

export interface CpuBar {
  cpu: number;
  /** ns after the trace start */
  startNs: Ns;
  endNs: Ns;
  type: 'direct' | 'kswapd' | 'compaction';
  process: string;
}

/**
 * Which CPUs were in reclaim when, in [t0, t1) (relative ns): every direct
 * reclaim, kswapd awake and compaction interval overlapping it, on the CPU of
 * its begin event (a task that migrates mid-reclaim stays on that lane).
 * Null when there are more than `limit`: the lanes are for high zoom.
 */
export function cpuBars(table: EventTable, a: Analysis, t0: Ns, t1: Ns, limit: number): CpuBar[] | null {
  const from = a.startNs + t0;
  const to = a.startNs + t1;
  const out: CpuBar[] = [];
  const add = (ep: Episodes, type: CpuBar['type']): boolean => {
    for (let i = 0; i < ep.length; i++) {
      if (!overlaps(ep.start[i], ep.end[i], from, to)) continue;
      if (out.length >= limit) return false;
      const row = ep.beginRow[i];
      out.push({ cpu: row >= 0 ? table.cpu[row] : -1, startNs: ns(ep.start[i] - a.startNs), endNs: ns(ep.end[i] - a.startNs), type, process: taskName(table, ep.task[i]) });
    }
    return true;
  };
  if (!add(a.direct, 'direct') || !add(a.kswapd, 'kswapd') || !add(a.compaction, 'compaction')) return null;
  return out;
}
