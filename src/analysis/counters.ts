// Per-task event counters: what each reclaim event adds to its task's row of
// the kernel script's tables. Shared by the whole-trace pass (analyze.ts) and
// by summaries of a time range (range-summary.ts), so both count alike.
// Pairing begins with ends is not here: it needs state, see analyze.ts.

import { ABSENT, Kind, RECLAIM_WB } from '../model/kinds.ts';

export interface TaskCounters {
  directBegins: Float64Array;
  wakeupKswapd: Float64Array;
  scanned: Float64Array;
  fileScanned: Float64Array;
  anonScanned: Float64Array;
  reclaimed: Float64Array;
  fileReclaimed: Float64Array;
  anonReclaimed: Float64Array;
  writeFileSync: Float64Array;
  writeAnonSync: Float64Array;
  writeFileAsync: Float64Array;
  writeAnonAsync: Float64Array;
  /** The part of the write counts that came from mm_vmscan_write_folio (fix 1). */
  folioFileSync: Float64Array;
  folioAnonSync: Float64Array;
  folioFileAsync: Float64Array;
  folioAnonAsync: Float64Array;
  /** kswapd_wake while asleep (the script's wakeups) and while awake (re-wakeups). */
  kswapdWakes: Float64Array;
  kswapdRewakes: Float64Array;
  directOrders: Map<number, number>[];
  wakeupOrders: Map<number, number>[];
  kswapdWakeOrders: Map<number, number>[];
  rewakeOrders: Map<number, number>[];
}

export function newTaskCounters(n: number): TaskCounters {
  const f = (): Float64Array => new Float64Array(n);
  return {
    directBegins: f(),
    wakeupKswapd: f(),
    scanned: f(),
    fileScanned: f(),
    anonScanned: f(),
    reclaimed: f(),
    fileReclaimed: f(),
    anonReclaimed: f(),
    writeFileSync: f(),
    writeAnonSync: f(),
    writeFileAsync: f(),
    writeAnonAsync: f(),
    folioFileSync: f(),
    folioAnonSync: f(),
    folioFileAsync: f(),
    folioAnonAsync: f(),
    kswapdWakes: f(),
    kswapdRewakes: f(),
    directOrders: [],
    wakeupOrders: [],
    kswapdWakeOrders: [],
    rewakeOrders: [],
  };
}

function bump(maps: Map<number, number>[], task: number, key: number): void {
  let m = maps[task];
  if (!m) m = maps[task] = new Map();
  m.set(key, (m.get(key) ?? 0) + 1);
}

/**
 * Pages an lru_isolate event counts as scanned: inactive lists only
 * (`lru=inactive_*`; before the `lru=` field, every isolate_mode but 2).
 * Returns 0 when not counted; sets `isolate.file` to 1 file, 0 anon, -1 unknown.
 */
export const isolate = { file: -1 };
export function isolateScanned(nrScanned: number, lru: number, isolateMode: number, file: number): number {
  if (lru !== ABSENT) {
    if (lru !== 0 && lru !== 2) return 0;
    isolate.file = lru === 2 ? 1 : 0;
    return nrScanned;
  }
  if (isolateMode === 2) return 0;
  isolate.file = file === 1 ? 1 : file === 0 ? 0 : -1;
  return nrScanned;
}

/**
 * Adds event row r (of kind k, task t) to the counters. `rewake` says whether
 * a kswapd_wake found kswapd already awake (decided by the caller's state).
 */
export function countEvent(c: TaskCounters, slots: Int32Array[], r: number, t: number, k: number, rewake: boolean): void {
  switch (k) {
    case Kind.DIRECT_BEGIN:
      c.directBegins[t]++;
      bump(c.directOrders, t, slots[0][r]);
      break;
    case Kind.WAKEUP_KSWAPD:
      c.wakeupKswapd[t]++;
      bump(c.wakeupOrders, t, slots[1][r]);
      break;
    case Kind.KSWAPD_WAKE:
      if (rewake) {
        c.kswapdRewakes[t]++;
        bump(c.rewakeOrders, t, slots[1][r]);
      } else {
        c.kswapdWakes[t]++;
        bump(c.kswapdWakeOrders, t, slots[1][r]);
      }
      break;
    case Kind.LRU_ISOLATE: {
      // slots: nr_scanned, nr_taken, lru, isolate_mode, file, order
      const n = isolateScanned(slots[0][r], slots[2][r], slots[3][r], slots[4][r]);
      if (n === 0) break;
      c.scanned[t] += n;
      if (isolate.file === 1) c.fileScanned[t] += n;
      else if (isolate.file === 0) c.anonScanned[t] += n;
      break;
    }
    case Kind.SHRINK_INACTIVE: {
      // slots: nr_scanned, nr_reclaimed, flags
      const rec = slots[1][r];
      const flags = slots[2][r];
      c.reclaimed[t] += rec;
      if (flags !== ABSENT && flags & RECLAIM_WB.FILE) c.fileReclaimed[t] += rec;
      else c.anonReclaimed[t] += rec;
      break;
    }
    case Kind.WRITEPAGE:
    case Kind.WRITE_FOLIO: {
      const flags = slots[0][r];
      const file = (flags & RECLAIM_WB.FILE) !== 0;
      const sync = (flags & RECLAIM_WB.SYNC) !== 0;
      const folio = k === Kind.WRITE_FOLIO;
      if (sync) {
        if (file) {
          c.writeFileSync[t]++;
          if (folio) c.folioFileSync[t]++;
        } else {
          c.writeAnonSync[t]++;
          if (folio) c.folioAnonSync[t]++;
        }
      } else if (file) {
        c.writeFileAsync[t]++;
        if (folio) c.folioFileAsync[t]++;
      } else {
        c.writeAnonAsync[t]++;
        if (folio) c.folioAnonAsync[t]++;
      }
      break;
    }
    default:
      break;
  }
}
