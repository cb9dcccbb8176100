// Episodes as rows: every complete episode of the analysis (direct, memcg,
// soft-limit and node reclaim, compaction, kswapd awake) with its task, order,
// start, duration and the pages scanned, reclaimed and written inside it, as
// columns for an export (the CLI's episodes.parquet). Pure: reads the table
// and the analysis, never re-pairs begins with ends. Open intervals are not
// episodes here, as they are not in any total.

import type { EventTable } from '../model/event-table.ts';
import { ABSENT, Kind, type KindId } from '../model/kinds.ts';
import type { Analysis } from './analyze.ts';
import { isolateScanned } from './counters.ts';
import type { Episodes } from './episodes.ts';

type EpisodeKind = 'direct' | 'memcg' | 'softlimit' | 'node' | 'compaction' | 'kswapd';

export interface EpisodeRows {
  length: number;
  kind: EpisodeKind[];
  /** comm as printed, and pid */
  task: string[];
  pid: Int32Array;
  /** Allocation order at the begin, null where the event has none (compaction, kswapd awake at start). */
  order: (number | null)[];
  startNs: Float64Array;
  durationNs: Float64Array;
  /** As the Summary counts them, over the task's events from the begin to the end. */
  pagesScanned: Float64Array;
  pagesReclaimed: Float64Array;
  pagesWritten: Float64Array;
  /** nr_reclaimed of the end event (reclaim kinds); null for compaction and kswapd. */
  nrReclaimed: (number | null)[];
  /** status of mm_compaction_end (compaction); null otherwise. */
  result: (string | null)[];
  /** gfp_flags of the begin event (reclaim kinds); null otherwise. */
  gfpFlags: (string | null)[];
}

/** The event kind that ends an episode of each kind. */
const END_KIND: Record<EpisodeKind, KindId> = {
  direct: Kind.DIRECT_END,
  memcg: Kind.MEMCG_END,
  softlimit: Kind.SOFTLIMIT_END,
  node: Kind.NODE_END,
  compaction: Kind.COMPACTION_END,
  kswapd: Kind.KSWAPD_SLEEP,
};

/** Rows of each task, in table order (compressed: rowsOf(t) = rows[first[t] .. first[t+1])). */
function rowsByTask(table: EventTable): { first: Int32Array; rows: Int32Array; at: Int32Array } {
  const nt = table.tasks.length;
  const first = new Int32Array(nt + 1);
  for (let r = 0; r < table.length; r++) first[table.task[r] + 1]++;
  for (let t = 0; t < nt; t++) first[t + 1] += first[t];
  const fill = first.slice(0, nt);
  const rows = new Int32Array(table.length);
  /** Position of each row within rows. */
  const at = new Int32Array(table.length);
  for (let r = 0; r < table.length; r++) {
    const p = fill[table.task[r]]++;
    rows[p] = r;
    at[r] = p;
  }
  return { first, rows, at };
}

export function episodeRows(table: EventTable, analysis: Analysis): EpisodeRows {
  const lists: [EpisodeKind, Episodes][] = [
    ['direct', analysis.direct],
    ['memcg', analysis.memcg],
    ['softlimit', analysis.softlimit],
    ['node', analysis.node],
    ['compaction', analysis.compaction],
    ['kswapd', analysis.kswapd],
  ];
  let n = 0;
  for (const [, ep] of lists) n += ep.length;
  const out: EpisodeRows = {
    length: n,
    kind: [],
    task: [],
    pid: new Int32Array(n),
    order: [],
    startNs: new Float64Array(n),
    durationNs: new Float64Array(n),
    pagesScanned: new Float64Array(n),
    pagesReclaimed: new Float64Array(n),
    pagesWritten: new Float64Array(n),
    nrReclaimed: [],
    result: [],
    gfpFlags: [],
  };
  const { first, rows, at } = rowsByTask(table);
  const [s0, s1, s2, s3, s4] = table.slots;
  const str = (id: number): string | null => (id >= 0 ? table.strings.get(id) : null);
  let i = 0;
  for (const [kind, ep] of lists) {
    const endKind = END_KIND[kind];
    const reclaim = kind !== 'compaction' && kind !== 'kswapd';
    for (let e = 0; e < ep.length; e++, i++) {
      const t = ep.task[e];
      out.kind.push(kind);
      out.task.push(table.strings.get(table.tasks.comm[t]));
      out.pid[i] = table.tasks.pid[t];
      out.order.push(ep.order[e] >= 0 && ep.order[e] !== ABSENT ? ep.order[e] : null);
      out.startNs[i] = ep.start[e];
      out.durationNs[i] = ep.end[e] - ep.start[e];
      out.nrReclaimed.push(reclaim && ep.reclaimed[e] !== ABSENT ? ep.reclaimed[e] : null);
      out.result.push(kind === 'compaction' ? str(ep.label[e]) : null);
      out.gfpFlags.push(reclaim ? str(ep.label[e]) : null);
      // The task's events from the begin (or its first event, for kswapd awake
      // at the start) up to the first end of this kind after it: the end that
      // the analysis paired with this begin.
      const b = ep.beginRow[e];
      let scanned = 0;
      let reclaimed = 0;
      let written = 0;
      for (let p = b >= 0 ? at[b] + 1 : first[t]; p < first[t + 1]; p++) {
        const r = rows[p];
        const k = table.kind[r];
        if (k === endKind) break;
        if (k === Kind.LRU_ISOLATE) scanned += isolateScanned(s0[r], s2[r], s3[r], s4[r]);
        else if (k === Kind.SHRINK_INACTIVE) reclaimed += s1[r];
        else if (k === Kind.WRITEPAGE || k === Kind.WRITE_FOLIO) written++;
      }
      out.pagesScanned[i] = scanned;
      out.pagesReclaimed[i] = reclaimed;
      out.pagesWritten[i] = written;
    }
  }
  return out;
}
