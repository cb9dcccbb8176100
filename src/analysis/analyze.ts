// One pass over the event table, in file order (the order the kernel script
// reads), that pairs begins with ends and totals what the script's tables
// total, per task (pid + comm as printed). Grouping into processes and the
// Summary are in summary.ts.
//
// Semantics follow Documentation/trace/postprocess/trace-vmscan-postprocess.pl
// (Linux 6.12) with the four fixes of fixtures/README.md, whose effects are
// counted in `fixes`. So that the script's own numbers can be printed too
// (`--kernel-compat`), the pass also keeps, per task, the stall and awake
// time exactly as the script computes them.

import { ABSENT, Kind, RECLAIM_WB } from '../model/kinds.ts';
import { countEvent, newTaskCounters, type TaskCounters } from './counters.ts';
import type { EventTable } from '../model/event-table.ts';
import { ns, type Ns } from '../model/units.ts';
import { EpisodeBuilder, type Episodes, type OpenInterval } from './episodes.ts';
import { OpenIntervals } from './open-intervals.ts';

/** What each stored event was part of, for series that split direct from kswapd reclaim. */
export const Context = {
  OTHER: 0,
  DIRECT: 1,
  KSWAPD: 2,
  MEMCG: 3,
  NODE: 4,
} as const;
/** Set in `context` on a kswapd_wake while kswapd was already awake (the script's re-wakeup). */
export const REWAKE_BIT = 0x80;
export const CONTEXT_MASK = 0x7f;

const OPEN_DIRECT = 1;
const OPEN_MEMCG = 2;
const OPEN_SOFT = 4;
const OPEN_NODE = 8;
/** Context of an event on a task with these OPEN_* bits: direct first, then memcg/soft-limit, then node. */
const CONTEXT_OF_OPEN = Uint8Array.from({ length: 16 }, (_, bits) =>
  bits & OPEN_DIRECT ? Context.DIRECT : bits & (OPEN_MEMCG | OPEN_SOFT) ? Context.MEMCG : bits & OPEN_NODE ? Context.NODE : Context.OTHER,
);

export interface TaskStats extends TaskCounters {
  directEnds: Float64Array;
  directStallNs: Float64Array;
  kswapdAwakeNs: Float64Array;
  /** Stall and awake time as the kernel script computes them (no fixes). */
  scriptDirectStallNs: Float64Array;
  scriptKswapdAwakeNs: Float64Array;
}

export interface Fixes {
  /** mm_vmscan_write_folio events counted as reclaim writeback (fix 1). */
  writeFolioEvents: number;
  /** direct_reclaim_end with no begin before it on its task (fix 2). */
  directEndWithoutBegin: number;
  /** kswapd_sleep with no wake before it: awake since the trace started (fix 3). */
  kswapdAwakeAtStart: number;
  /** direct_reclaim_end after an end, which the script pairs with the old begin (fix 4). */
  directEndAfterEnd: number;
}

export interface Anomalies {
  /** A begin replaced by a later begin on the same task before any end. */
  directBeginReplaced: number;
  /** kswapd_sleep while asleep, not at the start of the trace. */
  kswapdSleepWithoutWake: number;
  memcgEndWithoutBegin: number;
  compactionEndWithoutBegin: number;
  /** Episodes whose end is earlier than their begin (trace_pipe reordering): counted as 0. */
  negativeDurations: number;
}

export interface Analysis {
  startNs: Ns;
  endNs: Ns;
  taskCount: number;
  tasks: TaskStats;
  direct: Episodes;
  memcg: Episodes;
  softlimit: Episodes;
  node: Episodes;
  compaction: Episodes;
  kswapd: Episodes;
  open: OpenInterval[];
  /** sum of nr_reclaimed of every direct_reclaim_end */
  directReclaimedByEnd: number;
  memcgBegins: number;
  softlimitBegins: number;
  nodeBegins: number;
  compactionBegins: number;
  throttledEvents: number;
  throttledUs: number;
  fixes: Fixes;
  anomalies: Anomalies;
  /** Per event row: a Context value, plus REWAKE_BIT on a kswapd_wake that found kswapd awake. */
  context: Uint8Array;
  /** Tasks that are kswapd threads. */
  isKswapd: Uint8Array;
}

export interface AnalyzeOptions {
  /** First and last timestamp of the whole trace (all events, not only stored ones). */
  startNs?: Ns;
  endNs?: Ns;
}

export function analyze(table: EventTable, opts: AnalyzeOptions = {}): Analysis {
  const n = table.length;
  const nt = table.tasks.length;
  const { ts, task: taskCol, kind: kindCol } = table;
  const slots = table.slots;
  const [s0, s1, s2] = slots;
  const startNs = opts.startNs ?? ns(n ? ts[0] : 0);
  const endNs = opts.endNs ?? ns(n ? ts[n - 1] : 0);

  const st: TaskStats = {
    ...newTaskCounters(nt),
    directEnds: new Float64Array(nt),
    directStallNs: new Float64Array(nt),
    kswapdAwakeNs: new Float64Array(nt),
    scriptDirectStallNs: new Float64Array(nt),
    scriptKswapdAwakeNs: new Float64Array(nt),
  };
  const fixes: Fixes = { writeFolioEvents: 0, directEndWithoutBegin: 0, kswapdAwakeAtStart: 0, directEndAfterEnd: 0 };
  const anomalies: Anomalies = {
    directBeginReplaced: 0,
    kswapdSleepWithoutWake: 0,
    memcgEndWithoutBegin: 0,
    compactionEndWithoutBegin: 0,
    negativeDurations: 0,
  };

  // kswapd threads: tasks that log kswapd wake/sleep, or are named kswapdN.
  const isKswapd = new Uint8Array(nt);
  for (let t = 0; t < nt; t++) if (/^kswapd\d*$/.test(table.strings.get(table.tasks.comm[t]))) isKswapd[t] = 1;
  for (let r = 0; r < n; r++) {
    const k = kindCol[r];
    if (k === Kind.KSWAPD_WAKE || k === Kind.KSWAPD_SLEEP) isKswapd[taskCol[r]] = 1;
  }

  // What is open per task, one structure per family.
  const directOpen = new OpenIntervals(nt);
  const memcgOpen = new OpenIntervals(nt);
  const softOpen = new OpenIntervals(nt);
  const nodeOpen = new OpenIntervals(nt);
  const compOpen = new OpenIntervals(nt);
  const kswapdAwake = new OpenIntervals(nt);
  const directEverBegan = new Uint8Array(nt);
  const scriptLastBegin = new Float64Array(nt).fill(NaN); // the script never clears it
  const scriptHoled = new Uint8Array(nt);
  const kswapdSeen = new Uint8Array(nt);
  const scriptKswapdBegin = new Float64Array(nt); // 0 = asleep, as in the script

  const direct = new EpisodeBuilder();
  const memcg = new EpisodeBuilder();
  const softlimit = new EpisodeBuilder();
  const node = new EpisodeBuilder();
  const compaction = new EpisodeBuilder();
  const kswapd = new EpisodeBuilder();
  const context = new Uint8Array(n);

  let directReclaimedByEnd = 0;
  let memcgBegins = 0;
  let softlimitBegins = 0;
  let nodeBegins = 0;
  let compactionBegins = 0;
  let throttledEvents = 0;
  let throttledUs = 0;

  const span = (start: number, end: number): number => {
    const d = end - start;
    if (d < 0) {
      anomalies.negativeDurations++;
      return 0;
    }
    return d;
  };

  // Per task, which reclaim is open (OPEN_* bits): the context of the task's
  // next events, without looking at four Float64Arrays per event.
  const openBits = new Uint8Array(nt);
  const [, , , s3, s4] = slots;
  const { scanned, fileScanned, anonScanned, reclaimed, fileReclaimed, anonReclaimed } = st;

  for (let r = 0; r < n; r++) {
    const t = taskCol[r];
    const k = kindCol[r];
    // The two events that make up most of a trace, counted here as countEvent
    // (counters.ts) counts them; they neither begin nor end anything.
    if (k === Kind.LRU_ISOLATE) {
      // slots: nr_scanned, nr_taken, lru, isolate_mode, file, order (isolateScanned)
      const lru = s2[r];
      let nr = 0;
      let file = -1;
      if (lru !== ABSENT) {
        if (lru === 0 || lru === 2) {
          nr = s0[r];
          file = lru === 2 ? 1 : 0;
        }
      } else if (s3[r] !== 2) {
        nr = s0[r];
        const f = s4[r];
        file = f === 1 ? 1 : f === 0 ? 0 : -1;
      }
      if (nr !== 0) {
        scanned[t] += nr;
        if (file === 1) fileScanned[t] += nr;
        else if (file === 0) anonScanned[t] += nr;
      }
      context[r] = isKswapd[t] ? Context.KSWAPD : CONTEXT_OF_OPEN[openBits[t]];
      continue;
    }
    if (k === Kind.SHRINK_INACTIVE) {
      // slots: nr_scanned, nr_reclaimed, flags
      const rec = s1[r];
      const flags = s2[r];
      reclaimed[t] += rec;
      if (flags !== ABSENT && flags & RECLAIM_WB.FILE) fileReclaimed[t] += rec;
      else anonReclaimed[t] += rec;
      context[r] = isKswapd[t] ? Context.KSWAPD : CONTEXT_OF_OPEN[openBits[t]];
      continue;
    }
    const now = ts[r];
    switch (k) {
      case Kind.DIRECT_BEGIN: {
        if (directOpen.isOpen(t)) anomalies.directBeginReplaced++;
        directOpen.open(t, now, r);
        openBits[t] |= OPEN_DIRECT;
        directEverBegan[t] = 1;
        scriptLastBegin[t] = now;
        break;
      }
      case Kind.DIRECT_END: {
        st.directEnds[t]++;
        const nr = s0[r];
        if (nr !== ABSENT) directReclaimedByEnd += nr;
        // The script: latency from the last begin ever seen on this task.
        if (!Number.isNaN(scriptLastBegin[t])) st.scriptDirectStallNs[t] += Math.max(0, now - scriptLastBegin[t]);
        else if (st.directEnds[t] === 1) scriptHoled[t] = 1;
        if (directOpen.isOpen(t)) {
          const br = directOpen.beganOnRow(t);
          const began = directOpen.beganAt(t);
          const d = span(began, now);
          st.directStallNs[t] += d;
          direct.add(began, began + d, t, s0[br], nr, s1[br], br);
          directOpen.close(t);
          openBits[t] &= ~OPEN_DIRECT;
        } else if (directEverBegan[t]) fixes.directEndAfterEnd++;
        else fixes.directEndWithoutBegin++;
        break;
      }
      case Kind.MEMCG_BEGIN:
      case Kind.SOFTLIMIT_BEGIN:
      case Kind.NODE_BEGIN: {
        const open = k === Kind.MEMCG_BEGIN ? memcgOpen : k === Kind.SOFTLIMIT_BEGIN ? softOpen : nodeOpen;
        if (k === Kind.MEMCG_BEGIN) memcgBegins++;
        else if (k === Kind.SOFTLIMIT_BEGIN) softlimitBegins++;
        else nodeBegins++;
        open.open(t, now, r);
        openBits[t] |= k === Kind.MEMCG_BEGIN ? OPEN_MEMCG : k === Kind.SOFTLIMIT_BEGIN ? OPEN_SOFT : OPEN_NODE;
        break;
      }
      case Kind.MEMCG_END:
      case Kind.SOFTLIMIT_END:
      case Kind.NODE_END: {
        const open = k === Kind.MEMCG_END ? memcgOpen : k === Kind.SOFTLIMIT_END ? softOpen : nodeOpen;
        const list = k === Kind.MEMCG_END ? memcg : k === Kind.SOFTLIMIT_END ? softlimit : node;
        if (open.isOpen(t)) {
          const br = open.beganOnRow(t);
          const began = open.beganAt(t);
          // node_reclaim_begin carries order in slot 0 as well (see kinds.ts)
          const d = span(began, now);
          list.add(began, began + d, t, s0[br], s0[r], s1[br], br);
          open.close(t);
          openBits[t] &= ~(k === Kind.MEMCG_END ? OPEN_MEMCG : k === Kind.SOFTLIMIT_END ? OPEN_SOFT : OPEN_NODE);
        } else anomalies.memcgEndWithoutBegin++;
        break;
      }
      case Kind.COMPACTION_BEGIN:
        compactionBegins++;
        compOpen.open(t, now, r);
        break;
      case Kind.COMPACTION_END:
        if (compOpen.isOpen(t)) {
          const began = compOpen.beganAt(t);
          const d = span(began, now);
          compaction.add(began, began + d, t, -1, -1, s1[r], compOpen.beganOnRow(t));
          compOpen.close(t);
        } else anomalies.compactionEndWithoutBegin++;
        break;
      case Kind.KSWAPD_WAKE: {
        if (kswapdAwake.isOpen(t)) context[r] = REWAKE_BIT;
        else kswapdAwake.open(t, now, r);
        if (!scriptKswapdBegin[t]) scriptKswapdBegin[t] = now;
        kswapdSeen[t] = 1;
        break;
      }
      case Kind.KSWAPD_SLEEP: {
        // The script: awake since its last wake, or since time zero if none.
        st.scriptKswapdAwakeNs[t] += now - scriptKswapdBegin[t];
        scriptKswapdBegin[t] = 0;
        if (kswapdAwake.isOpen(t)) {
          const br = kswapdAwake.beganOnRow(t);
          const began = kswapdAwake.beganAt(t);
          const d = span(began, now);
          st.kswapdAwakeNs[t] += d;
          kswapd.add(began, began + d, t, s1[br], -1, -1, br);
          kswapdAwake.close(t);
        } else if (!kswapdSeen[t]) {
          // Awake when the trace started (fix 3): count from the trace's first timestamp.
          fixes.kswapdAwakeAtStart++;
          const d = span(startNs, now);
          st.kswapdAwakeNs[t] += d;
          kswapd.add(startNs, startNs + d, t, -1, -1, -1, -1);
        } else anomalies.kswapdSleepWithoutWake++;
        kswapdSeen[t] = 1;
        break;
      }
      case Kind.WRITE_FOLIO:
        fixes.writeFolioEvents++;
        break;
      case Kind.THROTTLED:
        throttledEvents++;
        if (s2[r] !== ABSENT) throttledUs += s2[r];
        break;
      default:
        break;
    }
    countEvent(st, slots, r, t, k, (context[r] & REWAKE_BIT) !== 0);
    // Context of this event, after its own begin/end took effect.
    context[r] |= isKswapd[t]
      ? Context.KSWAPD
      : k === Kind.DIRECT_END
        ? Context.DIRECT
        : k === Kind.MEMCG_END || k === Kind.SOFTLIMIT_END
          ? (openBits[t] & OPEN_DIRECT ? Context.DIRECT : Context.MEMCG)
          : k === Kind.NODE_END
            ? (openBits[t] & (OPEN_DIRECT | OPEN_MEMCG | OPEN_SOFT) ? CONTEXT_OF_OPEN[openBits[t]] : Context.NODE)
            : CONTEXT_OF_OPEN[openBits[t]];
  }

  // The script drops every direct latency of a task whose first end came before any begin.
  for (let t = 0; t < nt; t++) if (scriptHoled[t]) st.scriptDirectStallNs[t] = 0;

  const open: OpenInterval[] = [
    ...directOpen.leftOpen('direct', endNs, s0),
    ...memcgOpen.leftOpen('memcg', endNs, s0),
    ...softOpen.leftOpen('softlimit', endNs, s0),
    ...nodeOpen.leftOpen('node', endNs, s0),
    ...compOpen.leftOpen('compaction', endNs, null),
    ...kswapdAwake.leftOpen('kswapd', endNs, s1),
  ];

  return {
    startNs,
    endNs,
    taskCount: nt,
    tasks: st,
    direct: direct.finish(),
    memcg: memcg.finish(),
    softlimit: softlimit.finish(),
    node: node.finish(),
    compaction: compaction.finish(),
    kswapd: kswapd.finish(),
    open,
    directReclaimedByEnd,
    memcgBegins,
    softlimitBegins,
    nodeBegins,
    compactionBegins,
    throttledEvents,
    throttledUs,
    fixes,
    anomalies,
    context,
    isKswapd,
  };
}
