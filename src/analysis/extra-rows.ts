// What the comparison table says beyond the kernel script's Summary, for a
// time range: memcg and soft-limit reclaim, node reclaim, mm_vmscan_throttled
// by reason, compaction by result, kcompactd wakeups, pages reclaimed as
// direct reclaim reports them at its end (total, mean and max per episode) and
// reclaim efficiency. Events count when their timestamp is in [t0, t1) and
// times are the part of each interval inside it, as range-summary.ts does;
// over the whole trace the counts equal the report's `extra`. Pure.

import type { EventTable } from '../model/event-table.ts';
import { ABSENT, Kind } from '../model/kinds.ts';
import type { Summary } from '../model/summary.ts';
import { NS_PER_MS } from '../model/units.ts';
import { Context, CONTEXT_MASK, type Analysis } from './analyze.ts';
import { isolateScanned } from './counters.ts';
import type { Episodes } from './episodes.ts';
import { lowerBound, rowAt, type TimeIndex } from './time-index.ts';

export interface ExtraRows {
  memcgReclaims: number;
  softlimitReclaims: number;
  /** memcg (not soft-limit) reclaim time, ms. */
  memcgStallMs: number;
  softlimitStallMs: number;
  /** Inactive-list pages isolated and pages reclaimed (shrink_inactive) while a memcg or soft-limit reclaim ran. */
  memcgPagesScanned: number;
  memcgPagesReclaimed: number;
  nodeReclaims: number;
  nodeStallMs: number;
  throttledEvents: number;
  throttledMs: number;
  /** mm_vmscan_throttled by reason (VMSCAN_THROTTLE_WRITEBACK, ...): events and ms delayed. */
  throttledByReason: Record<string, { events: number; ms: number }>;
  /** Completed compactions that began in the range, by the status of their end, and their time in the range, ms. */
  compactionByResult: Record<string, { stalls: number; ms: number }>;
  kcompactdWakeups: number;
  /** Sum of nr_reclaimed of every mm_vmscan_direct_reclaim_end. */
  directReclaimedByEnd: number;
  /** nr_reclaimed per completed direct-reclaim episode ending in the range: count, mean and max (0 when none). */
  directEpisodesEnded: number;
  directReclaimedPerEpisodeMean: number;
  directReclaimedPerEpisodeMax: number;
}

/** Reclaimed / scanned in %, or null when nothing was scanned. */
export function efficiency(reclaimed: number, scanned: number): number | null {
  return scanned > 0 ? (reclaimed / scanned) * 100 : null;
}

/** Direct and kswapd reclaim efficiency of a Summary, % (null where nothing was scanned). */
export function reclaimEfficiency(s: Summary): { direct: number | null; kswapd: number | null } {
  return { direct: efficiency(s.directPagesReclaimed, s.directPagesScanned), kswapd: efficiency(s.kswapdPagesReclaimed, s.kswapdPagesScanned) };
}

function overlapMs(ep: Episodes, t0: number, t1: number): number {
  let ns = 0;
  for (let i = 0; i < ep.length; i++) {
    const d = Math.min(ep.end[i], t1) - Math.max(ep.start[i], t0);
    if (d > 0) ns += d;
  }
  return ns / NS_PER_MS;
}

/** The events that only count, and the row each adds one to. */
const COUNTED: Partial<Record<number, 'memcgReclaims' | 'softlimitReclaims' | 'nodeReclaims' | 'kcompactdWakeups'>> = {
  [Kind.MEMCG_BEGIN]: 'memcgReclaims',
  [Kind.SOFTLIMIT_BEGIN]: 'softlimitReclaims',
  [Kind.NODE_BEGIN]: 'nodeReclaims',
  [Kind.KCOMPACTD_WAKE]: 'kcompactdWakeups',
};

/** Extra rows of [t0, t1) (absolute ns); without a time index, every row of the table is read in table order. */
export function extraRows(table: EventTable, a: Analysis, index: TimeIndex | null, t0: number, t1: number): ExtraRows {
  const out: ExtraRows = {
    memcgReclaims: 0,
    softlimitReclaims: 0,
    memcgStallMs: overlapMs(a.memcg, t0, t1),
    softlimitStallMs: overlapMs(a.softlimit, t0, t1),
    memcgPagesScanned: 0,
    memcgPagesReclaimed: 0,
    nodeReclaims: 0,
    nodeStallMs: overlapMs(a.node, t0, t1),
    throttledEvents: 0,
    throttledMs: 0,
    throttledByReason: {},
    compactionByResult: {},
    kcompactdWakeups: 0,
    directReclaimedByEnd: 0,
    directEpisodesEnded: 0,
    directReclaimedPerEpisodeMean: 0,
    directReclaimedPerEpisodeMax: 0,
  };
  const { kind, slots, strings } = table;
  const i0 = index ? lowerBound(index.ts, t0) : 0;
  const i1 = index ? lowerBound(index.ts, t1) : table.length;
  for (let i = i0; i < i1; i++) {
    const r = index ? rowAt(index, i) : i;
    if (!index && (table.ts[r] < t0 || table.ts[r] >= t1)) continue;
    const counted = COUNTED[kind[r]];
    if (counted) {
      out[counted]++;
      continue;
    }
    switch (kind[r]) {
      case Kind.DIRECT_END:
        if (slots[0][r] !== ABSENT) out.directReclaimedByEnd += slots[0][r];
        break;
      case Kind.THROTTLED: {
        const us = slots[2][r] !== ABSENT ? slots[2][r] : 0;
        const reason = slots[3][r] >= 0 ? strings.get(slots[3][r]) : 'unknown';
        const e = (out.throttledByReason[reason] ??= { events: 0, ms: 0 });
        e.events++;
        e.ms += us / 1000;
        out.throttledEvents++;
        out.throttledMs += us / 1000;
        break;
      }
      case Kind.LRU_ISOLATE:
        if ((a.context[r] & CONTEXT_MASK) === Context.MEMCG) out.memcgPagesScanned += isolateScanned(slots[0][r], slots[2][r], slots[3][r], slots[4][r]);
        break;
      case Kind.SHRINK_INACTIVE:
        if ((a.context[r] & CONTEXT_MASK) === Context.MEMCG) out.memcgPagesReclaimed += slots[1][r];
        break;
      default:
        break;
    }
  }
  const c = a.compaction;
  for (let i = 0; i < c.length; i++) {
    const d = Math.min(c.end[i], t1) - Math.max(c.start[i], t0);
    const began = c.start[i] >= t0 && c.start[i] < t1;
    if (!began && d <= 0) continue;
    const status = c.label[i] >= 0 ? strings.get(c.label[i]) : 'unknown';
    const e = (out.compactionByResult[status] ??= { stalls: 0, ms: 0 });
    if (began) e.stalls++;
    if (d > 0) e.ms += d / NS_PER_MS;
  }
  const ep = a.direct;
  let sum = 0;
  for (let i = 0; i < ep.length; i++) {
    if (ep.end[i] < t0 || ep.end[i] >= t1 || ep.reclaimed[i] < 0) continue;
    out.directEpisodesEnded++;
    sum += ep.reclaimed[i];
    if (ep.reclaimed[i] > out.directReclaimedPerEpisodeMax) out.directReclaimedPerEpisodeMax = ep.reclaimed[i];
  }
  out.directReclaimedPerEpisodeMean = out.directEpisodesEnded ? sum / out.directEpisodesEnded : 0;
  return out;
}
