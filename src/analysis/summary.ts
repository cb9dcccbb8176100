// From per-task totals to what the kernel script prints: processes (grouped by
// comm-pid, by the script's own key, or by comm for --ignore-pid), kswapd
// instances, and the Summary. The Summary's direct rows sum over processes that
// began direct reclaim at least once and its kswapd rows over processes that
// logged a kswapd wake, exactly as the script does; the two times sum over all.

import type { EventTable } from '../model/event-table.ts';
import { zeroSummary, type Extra, type Summary } from '../model/summary.ts';
import { ns, nsToMs } from '../model/units.ts';
import type { Analysis, TaskStats } from './analyze.ts';
import type { TaskCounters } from './counters.ts';
import { totalDurationNs } from './episodes.ts';

/**
 * task: `comm-pid` as printed (the default);
 * comm: `--ignore-pid`, processes of one name together;
 * script: the script's own key, the longest `[A-Za-z0-9-]` tail of `comm-pid`
 * (its regex cannot read other characters: `kworker/u8:1-77` becomes `1-77`).
 */
export type GroupBy = 'task' | 'comm' | 'script';

export interface SummaryOptions {
  groupBy?: GroupBy;
  /** The kernel script's semantics: none of the four fixes. */
  kernelCompat?: boolean;
}

export interface ProcessRow {
  name: string;
  /** Tasks (comm-pid) in this group. */
  tasks: number[];
  directReclaims: number;
  wakeKswapdRequests: number;
  pagesScanned: number;
  filePagesScanned: number;
  anonPagesScanned: number;
  pagesReclaimed: number;
  filePagesReclaimed: number;
  anonPagesReclaimed: number;
  writeSync: number;
  writeAsync: number;
  writeFileSync: number;
  writeAnonSync: number;
  writeFileAsync: number;
  writeAnonAsync: number;
  /** Time in direct reclaim, integer ns (summed exactly, converted once). */
  stallNs: number;
  kswapdWakeups: number;
  kswapdRewakeups: number;
  awakeNs: number;
  directPerOrder: Record<string, number>;
  wakeupPerOrder: Record<string, number>;
  kswapdWakePerOrder: Record<string, number>;
  rewakePerOrder: Record<string, number>;
}

export function scriptKey(comm: string, pid: number): string {
  const full = `${comm}-${pid}`;
  let i = full.length;
  while (i > 0 && /[A-Za-z0-9-]/.test(full[i - 1])) i--;
  return full.slice(i);
}

export function taskName(table: EventTable, task: number): string {
  return `${table.strings.get(table.tasks.comm[task])}-${table.tasks.pid[task]}`;
}

function groupName(table: EventTable, task: number, groupBy: GroupBy): string {
  const comm = table.strings.get(table.tasks.comm[task]);
  const pid = table.tasks.pid[task];
  switch (groupBy) {
    case 'task':
      return `${comm}-${pid}`;
    case 'comm':
      return comm === '' ? 'NO_PROCESS_NAME' : comm;
    case 'script':
      return scriptKey(comm, pid);
    default: {
      const never: never = groupBy;
      throw new Error(`unknown grouping ${String(never)}`);
    }
  }
}

function addOrders(into: Record<string, number>, from: Map<number, number> | undefined): void {
  if (!from) return;
  for (const [order, n] of from) into[order] = (into[order] ?? 0) + n;
}

export function processRows(table: EventTable, a: Analysis, opts: SummaryOptions = {}): ProcessRow[] {
  const compat = !!opts.kernelCompat;
  const st: TaskStats = a.tasks;
  return groupRows(
    table,
    st,
    compat ? st.scriptDirectStallNs : st.directStallNs,
    compat ? st.scriptKswapdAwakeNs : st.kswapdAwakeNs,
    opts,
  );
}

/** Groups per-task counters and times (ns) into process rows. */
export function groupRows(
  table: EventTable,
  st: TaskCounters,
  stallNs: Float64Array,
  awakeNs: Float64Array,
  opts: SummaryOptions = {},
): ProcessRow[] {
  const groupBy = opts.groupBy ?? 'task';
  const compat = !!opts.kernelCompat;
  const byName = new Map<string, ProcessRow>();
  for (let t = 0; t < st.directBegins.length; t++) {
    const name = groupName(table, t, groupBy);
    let row = byName.get(name);
    if (!row) {
      row = {
        name,
        tasks: [],
        directReclaims: 0,
        wakeKswapdRequests: 0,
        pagesScanned: 0,
        filePagesScanned: 0,
        anonPagesScanned: 0,
        pagesReclaimed: 0,
        filePagesReclaimed: 0,
        anonPagesReclaimed: 0,
        writeSync: 0,
        writeAsync: 0,
        writeFileSync: 0,
        writeAnonSync: 0,
        writeFileAsync: 0,
        writeAnonAsync: 0,
        stallNs: 0,
        kswapdWakeups: 0,
        kswapdRewakeups: 0,
        awakeNs: 0,
        directPerOrder: {},
        wakeupPerOrder: {},
        kswapdWakePerOrder: {},
        rewakePerOrder: {},
      };
      byName.set(name, row);
    }
    row.tasks.push(t);
    row.directReclaims += st.directBegins[t];
    row.wakeKswapdRequests += st.wakeupKswapd[t];
    row.pagesScanned += st.scanned[t];
    row.filePagesScanned += st.fileScanned[t];
    row.anonPagesScanned += st.anonScanned[t];
    row.pagesReclaimed += st.reclaimed[t];
    row.filePagesReclaimed += st.fileReclaimed[t];
    row.anonPagesReclaimed += st.anonReclaimed[t];
    const fs = st.writeFileSync[t] - (compat ? st.folioFileSync[t] : 0);
    const as = st.writeAnonSync[t] - (compat ? st.folioAnonSync[t] : 0);
    const fa = st.writeFileAsync[t] - (compat ? st.folioFileAsync[t] : 0);
    const aa = st.writeAnonAsync[t] - (compat ? st.folioAnonAsync[t] : 0);
    row.writeFileSync += fs;
    row.writeAnonSync += as;
    row.writeFileAsync += fa;
    row.writeAnonAsync += aa;
    row.writeSync += fs + as;
    row.writeAsync += fa + aa;
    row.stallNs += stallNs[t];
    row.awakeNs += awakeNs[t];
    row.kswapdWakeups += st.kswapdWakes[t];
    row.kswapdRewakeups += st.kswapdRewakes[t];
    addOrders(row.directPerOrder, st.directOrders[t]);
    addOrders(row.wakeupPerOrder, st.wakeupOrders[t]);
    addOrders(row.kswapdWakePerOrder, st.kswapdWakeOrders[t]);
    addOrders(row.rewakePerOrder, st.rewakeOrders[t]);
  }
  return [...byName.values()];
}

export function summarize(rows: ProcessRow[]): Summary {
  const s = zeroSummary();
  let stall = 0;
  let awake = 0;
  for (const r of rows) {
    stall += r.stallNs;
    awake += r.awakeNs;
    if (r.directReclaims > 0) {
      s.directReclaims += r.directReclaims;
      s.directPagesScanned += r.pagesScanned;
      s.directFilePagesScanned += r.filePagesScanned;
      s.directAnonPagesScanned += r.anonPagesScanned;
      s.directPagesReclaimed += r.pagesReclaimed;
      s.directFilePagesReclaimed += r.filePagesReclaimed;
      s.directAnonPagesReclaimed += r.anonPagesReclaimed;
      s.directWriteFileSync += r.writeFileSync;
      s.directWriteAnonSync += r.writeAnonSync;
      s.directWriteFileAsync += r.writeFileAsync;
      s.directWriteAnonAsync += r.writeAnonAsync;
      s.wakeKswapdRequests += r.wakeKswapdRequests;
    }
    if (r.kswapdWakeups > 0) {
      s.kswapdWakeups += r.kswapdWakeups;
      s.kswapdPagesScanned += r.pagesScanned;
      s.kswapdFilePagesScanned += r.filePagesScanned;
      s.kswapdAnonPagesScanned += r.anonPagesScanned;
      s.kswapdPagesReclaimed += r.pagesReclaimed;
      s.kswapdFilePagesReclaimed += r.filePagesReclaimed;
      s.kswapdAnonPagesReclaimed += r.anonPagesReclaimed;
      s.kswapdWriteFileSync += r.writeFileSync;
      s.kswapdWriteAnonSync += r.writeAnonSync;
      s.kswapdWriteFileAsync += r.writeFileAsync;
      s.kswapdWriteAnonAsync += r.writeAnonAsync;
    }
  }
  s.directStallMs = nsToMs(ns(stall));
  s.kswapdAwakeMs = nsToMs(ns(awake));
  return s;
}

export function extraOf(a: Analysis, lostEvents: number): Extra {
  return {
    directEpisodes: a.direct.length,
    directReclaimedByEnd: a.directReclaimedByEnd,
    compactionEpisodes: a.compaction.length,
    compactionMs: nsToMs(totalDurationNs(a.compaction)),
    memcgReclaims: a.memcgBegins,
    memcgStallMs: nsToMs(totalDurationNs(a.memcg)),
    openAtEnd: a.open.length,
    lostEvents,
  };
}
