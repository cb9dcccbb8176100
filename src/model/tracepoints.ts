// The tracepoints reclaimscope reads and which numbers each one feeds: the
// default set `reclaimscope record` enables, the extra sets `--events` adds,
// what a missing event leaves empty, and the Help's table. One list, so the
// recorder, its messages and the Help cannot disagree.

export interface Tracepoint {
  /** `system:event`, as tracefs names it (events/SYSTEM/EVENT). */
  name: string;
  /** The numbers and views it feeds, in the words the Summary and charts use. */
  feeds: string;
  /** An older or newer name of the same event, recorded too where the kernel has it. */
  alias?: string;
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
  { name: 'vmscan:mm_vmscan_lru_shrink_active', feeds: 'Active-list deactivation (shown in the event details; not in the Summary)' },
  { name: 'vmscan:mm_vmscan_write_folio', alias: 'vmscan:mm_vmscan_writepage', feeds: 'Reclaim writeback (write file/anon async/sync), the writeback chart' },
  { name: 'vmscan:mm_vmscan_memcg_reclaim_begin', feeds: 'Memcg reclaims, memcg stall time, the memcg chart' },
  { name: 'vmscan:mm_vmscan_memcg_reclaim_end', feeds: 'Memcg stall time' },
  { name: 'vmscan:mm_vmscan_memcg_softlimit_reclaim_begin', feeds: 'Soft-limit reclaims' },
  { name: 'vmscan:mm_vmscan_memcg_softlimit_reclaim_end', feeds: 'Soft-limit reclaims (their ends)' },
  { name: 'vmscan:mm_vmscan_node_reclaim_begin', feeds: 'Node reclaims (zone_reclaim_mode)' },
  { name: 'vmscan:mm_vmscan_node_reclaim_end', feeds: 'Node reclaims (their ends)' },
  { name: 'vmscan:mm_vmscan_throttled', feeds: 'Reclaim throttling: throttled events and time' },
  { name: 'vmscan:mm_vmscan_reclaim_pages', feeds: 'Pages reclaimed by proactive reclaim (memory.reclaim, MADV_PAGEOUT)' },
  { name: 'compaction:mm_compaction_begin', feeds: 'Compaction episodes and time, the compaction chart' },
  { name: 'compaction:mm_compaction_end', feeds: 'Compaction time and outcome (compaction by status)' },
  { name: 'compaction:mm_compaction_kcompactd_wake', feeds: 'kcompactd activity on the compaction chart' },
  { name: 'compaction:mm_compaction_kcompactd_sleep', feeds: 'kcompactd activity (its sleeps)' },
  { name: 'compaction:mm_compaction_wakeup_kcompactd', feeds: 'Requests to wake kcompactd' },
  { name: 'compaction:mm_compaction_try_to_compact_pages', feeds: 'Direct compaction attempts (order, priority)' },
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

/** The numbers a missing event leaves empty, for the recorder's warning. */
export function feedsOf(name: string): string | null {
  return ANALYSIS_TRACEPOINTS.find((t) => t.name === name || t.alias === name)?.feeds ?? null;
}
