// The tracepoints reclaimscope reads and which numbers each one feeds: the
// default set `reclaimscope record` enables, the extra sets `--events` adds,
// what a missing event leaves empty, and the Help's table. One list, so the
// recorder, its messages and the Help cannot disagree.

export interface Tracepoint {
  /** `system:event`, as tracefs names it (events/SYSTEM/EVENT). */
  name: string;
  /** The numbers and views it feeds, in the words the Summary and charts use. */
  feeds: string;
  /** The older name of the same event, recorded instead where the kernel has only that one. */
  alias?: string;
  /** False: stored with its fields for event details, but no number or chart reads it yet. */
  numbers?: false;
}

/** What the analysis uses: the default of `reclaimscope record` (--events adds to it). */
export const ANALYSIS_TRACEPOINTS: readonly Tracepoint[] = [
  { name: 'vmscan:mm_vmscan_direct_reclaim_begin', feeds: 'Direct reclaims, time stalled in direct reclaim, latency percentiles, stall periods, direct-reclaim order' },
  { name: 'vmscan:mm_vmscan_direct_reclaim_end', feeds: 'Time stalled in direct reclaim, latency, pages reclaimed by direct reclaim (as reported at its end)' },
  { name: 'vmscan:mm_vmscan_kswapd_wake', feeds: 'Kswapd wakeups, time kswapd awake, the kswapd table' },
  { name: 'vmscan:mm_vmscan_kswapd_sleep', feeds: 'Time kswapd awake (a wake needs its sleep to count)' },
  { name: 'vmscan:mm_vmscan_wakeup_kswapd', feeds: 'Wake kswapd requests (per process and order)' },
  { name: 'vmscan:mm_vmscan_lru_isolate', feeds: 'Pages scanned (inactive lists), file/anon split, the pages-scanned chart' },
  { name: 'vmscan:mm_vmscan_lru_shrink_inactive', feeds: 'Pages reclaimed, file/anon split, the pages-reclaimed chart' },
  { name: 'vmscan:mm_vmscan_lru_shrink_active', feeds: 'Active-list ageing (pages deactivated)', numbers: false },
  { name: 'vmscan:mm_vmscan_write_folio', alias: 'vmscan:mm_vmscan_writepage', feeds: 'Reclaim writeback (write file/anon async/sync), the writeback chart' },
  { name: 'vmscan:mm_vmscan_memcg_reclaim_begin', feeds: 'Memcg reclaims, memcg stall time, the memcg chart' },
  { name: 'vmscan:mm_vmscan_memcg_reclaim_end', feeds: 'Memcg stall time' },
  { name: 'vmscan:mm_vmscan_memcg_softlimit_reclaim_begin', feeds: 'Soft-limit reclaims' },
  { name: 'vmscan:mm_vmscan_memcg_softlimit_reclaim_end', feeds: 'Soft-limit reclaims (their ends)' },
  { name: 'vmscan:mm_vmscan_node_reclaim_begin', feeds: 'Node reclaims (zone_reclaim_mode)' },
  { name: 'vmscan:mm_vmscan_node_reclaim_end', feeds: 'Node reclaims (their ends)' },
  { name: 'vmscan:mm_vmscan_throttled', feeds: 'Reclaim throttling: throttled events and time' },
  { name: 'vmscan:mm_vmscan_reclaim_pages', feeds: 'Proactive reclaim (MADV_PAGEOUT, DAMON)', numbers: false },
  { name: 'compaction:mm_compaction_begin', feeds: 'Compaction episodes and time, the compaction chart' },
  { name: 'compaction:mm_compaction_end', feeds: 'Compaction time and outcome (compaction by status)' },
  { name: 'compaction:mm_compaction_kcompactd_wake', feeds: 'kcompactd waking up', numbers: false },
  { name: 'compaction:mm_compaction_kcompactd_sleep', feeds: 'kcompactd going to sleep', numbers: false },
  { name: 'compaction:mm_compaction_wakeup_kcompactd', feeds: 'Requests to wake kcompactd', numbers: false },
  { name: 'compaction:mm_compaction_try_to_compact_pages', feeds: 'Direct compaction attempts (order, priority)', numbers: false },
];

/**
 * What `--events` may add to the default set. A set is a whole event system
 * of tracefs (events/SYSTEM); `vmscan` adds the vmscan events the analysis
 * does not read (mm_shrink_slab_*, which are chatty), `compaction` likewise.
 */
export const EVENT_SETS: Record<string, string> = {
  vmscan: 'every vmscan event, mm_shrink_slab_start/end included (slab shrinking; chatty)',
  compaction: 'every compaction event (isolate, migratepages, deferrals)',
  memcg: 'the memcg events of kernels that have them (stat flushes, 6.8 and later)',
  writeback: 'every writeback event (dirty pages, flusher threads, balance_dirty_pages throttling)',
};

/** What a missing event leaves empty, for the recorder's warning. */
export function missingEffect(name: string): string {
  const t = ANALYSIS_TRACEPOINTS.find((x) => x.name === name || x.alias === name);
  if (!t) return 'reclaimscope does not read it, so no number is left empty';
  if (t.numbers === false) return `${t.feeds} will be missing from the event details; no number is left empty`;
  return `${t.feeds} will be empty`;
}
