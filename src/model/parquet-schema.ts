// The columns of the Parquet files `reclaimscope export --parquet` writes
// (summary.parquet, episodes.parquet, events.parquet): names, types and what
// each holds. One list for the writer (src/cli/parquet-export.ts), the app's
// reader (src/state/fleet.ts), the README and the published JSON description
// public/reclaimscope-parquet.v1.schema.json (generated from this file).
// Plain data: no Parquet library is imported here.

import { KIND_SPECS } from './kinds.ts';
import { SUMMARY_ROWS } from './summary.ts';

/** Parquet types as written: INT64/INT32/DOUBLE plain, STRING = UTF-8 BYTE_ARRAY, dictionary-encoded. */
export type ColumnType = 'INT64' | 'INT32' | 'DOUBLE' | 'STRING';

export interface ColumnSpec {
  name: string;
  type: ColumnType;
  nullable: boolean;
  description: string;
}

const col = (name: string, type: ColumnType, description: string, nullable = false): ColumnSpec => ({ name, type, nullable, description });

/** The numeric keys of `report --json`'s `extra` that are columns of summary.parquet (nested objects are not). */
export const EXTRA_NUMERIC_KEYS = [
  ['directEpisodes', 'INT64', 'direct reclaims with both ends in the trace', 'Direct reclaim episodes (complete)'],
  ['directReclaimedByEnd', 'INT64', 'sum of nr_reclaimed of every mm_vmscan_direct_reclaim_end', 'Pages reclaimed, by direct reclaim ends'],
  ['compactionEpisodes', 'INT64', 'mm_compaction_begin to end on the same pid', 'Compaction episodes'],
  ['compactionMs', 'DOUBLE', 'total time of those compaction episodes, ms', 'Time in compaction'],
  ['memcgReclaims', 'INT64', 'mm_vmscan_memcg_reclaim_begin events (soft limit not included)', 'Memcg reclaims'],
  ['memcgStallMs', 'DOUBLE', 'memcg reclaim begin to end on the same pid, ms', 'Time stalled in memcg reclaim'],
  ['openAtEnd', 'INT64', 'begins and kswapd wakes still open when the trace ends', 'Still open at the end of the trace'],
  ['lostEvents', 'INT64', 'sum of the [LOST N EVENTS] markers', 'Lost events'],
  ['tracedMs', 'DOUBLE', 'first to last timestamp of the trace, ms', 'Traced time'],
  ['memcgEpisodes', 'INT64', 'complete memcg reclaim episodes', 'Memcg reclaim episodes (complete)'],
  ['softlimitReclaims', 'INT64', 'mm_vmscan_memcg_softlimit_reclaim_begin events', 'Soft-limit reclaims'],
  ['nodeReclaims', 'INT64', 'mm_vmscan_node_reclaim_begin events', 'Node reclaims'],
  ['throttledEvents', 'INT64', 'mm_vmscan_throttled events', 'Reclaim throttled'],
  ['throttledMs', 'DOUBLE', 'sum of usect_delayed of mm_vmscan_throttled, ms', 'Time throttled'],
  ['memcgPagesScanned', 'INT64', 'inactive-list pages isolated while a memcg or soft-limit reclaim ran', 'Memcg reclaim pages scanned'],
  ['memcgPagesReclaimed', 'INT64', 'pages reclaimed (lru_shrink_inactive) while a memcg or soft-limit reclaim ran', 'Memcg reclaim pages reclaimed'],
  ['softlimitStallMs', 'DOUBLE', 'soft-limit reclaim begin to end on the same pid, ms', 'Time in soft-limit reclaim'],
  ['nodeStallMs', 'DOUBLE', 'node reclaim begin to end on the same pid, ms', 'Time in node reclaim'],
  ['kcompactdWakeups', 'INT64', 'mm_compaction_kcompactd_wake events', 'kcompactd wakeups'],
  ['directEpisodesEnded', 'INT64', 'complete direct reclaim episodes, counted for the per-episode figures', 'Direct reclaims ended'],
  ['directReclaimedPerEpisodeMean', 'DOUBLE', 'nr_reclaimed per complete direct reclaim episode, mean (0 when none)', 'Pages reclaimed per direct reclaim (mean)'],
  ['directReclaimedPerEpisodeMax', 'INT64', 'nr_reclaimed per complete direct reclaim episode, max (0 when none)', 'Pages reclaimed per direct reclaim (max)'],
  ['directReclaimEfficiency', 'DOUBLE', 'direct pages reclaimed / scanned, in %; null where none were scanned', 'Direct reclaim efficiency', true],
  ['kswapdReclaimEfficiency', 'DOUBLE', 'kswapd pages reclaimed / scanned, in %; null where none were scanned', 'Kswapd reclaim efficiency', true],
] as const satisfies readonly (readonly [string, ColumnType, string, string, true?])[];

/** Extra columns that are not counts or ms: their unit (for the fleet view). */
export const EXTRA_COLUMN_UNIT: Partial<Record<(typeof EXTRA_NUMERIC_KEYS)[number][0], string>> = {
  memcgPagesScanned: 'pages',
  memcgPagesReclaimed: 'pages',
  directReclaimedPerEpisodeMean: 'pages',
  directReclaimedPerEpisodeMax: 'pages',
  directReclaimEfficiency: '%',
  kswapdReclaimEfficiency: '%',
};

/** summary.parquet: one row per trace. Settings columns (one per recorded sysctl) come after these. */
export const SUMMARY_COLUMNS: ColumnSpec[] = [
  col('file', 'STRING', 'the trace file, as named on the command line or found under a directory'),
  col('content_hash', 'STRING', "the app's content hash of the file (SHA-256 of its size and 17 samples of 64 KiB, 16 hex digits)"),
  col('format', 'STRING', 'ftrace, perf or trace-cmd-dat', true),
  col('capture', 'STRING', 'trace_pipe, trace, trace-cmd-report, perf-script or trace.dat', true),
  col('compression', 'STRING', 'none, gzip, zstd or xz'),
  col('bytes', 'INT64', 'size of the file as given'),
  col('events', 'INT64', 'event lines read (known and unknown events)'),
  col('kernel_release', 'STRING', "the kernel release (uname -r) where the trace says it: trace.dat's UNAME option, or the recorded header", true),
  col('hostname', 'STRING', "the machine's name where the trace says it (trace.dat's UNAME option)", true),
  ...SUMMARY_ROWS.map((r) => col(r.key, r.unit === 'ms' ? 'DOUBLE' : 'INT64', `${r.label}${r.unit === 'ms' ? ', ms' : ''} (summary.${r.key})`)),
  ...EXTRA_NUMERIC_KEYS.map((e) => col(e[0], e[1], `${e[2]} (extra.${e[0]})`, e.length > 4)),
];

/** summary.parquet columns for the settings a trace recorded (`vm.dirty_ratio` becomes `vm_dirty_ratio`). */
export function settingColumn(key: string): string {
  return key.replace(/[^A-Za-z0-9_]/g, '_');
}

export const EPISODE_COLUMNS: ColumnSpec[] = [
  col('trace', 'STRING', 'the trace file (summary.parquet `file`)'),
  col('task', 'STRING', 'comm of the task, as printed'),
  col('pid', 'INT32', 'pid (tid) of the task'),
  col('kind', 'STRING', 'direct, memcg, softlimit, node, compaction or kswapd (awake from wake to sleep)'),
  col('order', 'INT32', 'allocation order at the begin event; null where it has none', true),
  col('start_ns', 'INT64', 'timestamp of the begin, ns (the trace clock: usually since boot)'),
  col('duration_ns', 'INT64', 'end minus begin, ns'),
  col('pages_scanned', 'INT64', "pages scanned by the task's mm_vmscan_lru_isolate events within the episode (inactive lists, as the Summary counts)"),
  col('pages_reclaimed', 'INT64', "nr_reclaimed of the task's mm_vmscan_lru_shrink_inactive events within the episode"),
  col('pages_written', 'INT64', "the task's reclaim writeback (writepage, write_folio) events within the episode"),
  col('nr_reclaimed', 'INT64', 'nr_reclaimed of the end event (reclaim kinds); null for compaction and kswapd', true),
  col('result', 'STRING', 'status of mm_compaction_end (compaction); null for the other kinds', true),
  col('gfp_flags', 'STRING', 'gfp_flags of the begin event (reclaim kinds); null otherwise', true),
];

interface EventFieldColumn extends ColumnSpec {
  /** the payload key this column holds */
  key: string;
}

/**
 * Every payload field of every stored event kind, one column per key (a key
 * that is a string anywhere is a STRING): the slots' keys, then the extra
 * fields' (nr_writeback, nr_congested, ... of lru_shrink_inactive), added
 * after the first release as nullable columns at the end.
 */
export const EVENT_FIELD_COLUMNS: EventFieldColumn[] = (() => {
  const types = new Map<string, Set<string>>();
  for (const spec of KIND_SPECS)
    for (const f of spec.fields) {
      let s = types.get(f.key);
      if (!s) types.set(f.key, (s = new Set()));
      s.add(f.type);
    }
  for (const spec of KIND_SPECS)
    for (const f of spec.extra ?? []) {
      let s = types.get(f.key);
      if (!s) types.set(f.key, (s = new Set()));
      s.add(f.type);
    }
  return [...types].map(([key, t]) => {
    const type: ColumnType = t.size === 1 && t.has('int') ? 'INT64' : 'STRING';
    const how = t.has('rflags') ? ' (RECLAIM_WB_* names joined by |)' : t.has('lru') ? ' (LRU name)' : '';
    return { key, name: key, type, nullable: true, description: `the event's ${key}= field${how}; null where the event has none` };
  });
})();

export const EVENT_COLUMNS: ColumnSpec[] = [
  col('trace', 'STRING', 'the trace file (summary.parquet `file`)'),
  col('row', 'INT64', 'row of the event in the trace (stored events only, file order)'),
  col('ts_ns', 'INT64', 'timestamp, ns'),
  col('cpu', 'INT32', 'CPU'),
  col('task', 'STRING', 'comm of the task, as printed'),
  col('pid', 'INT32', 'pid (tid) of the task'),
  col('event', 'STRING', 'tracepoint name, e.g. mm_vmscan_direct_reclaim_begin'),
  ...EVENT_FIELD_COLUMNS,
];

/** Rows per row group: DuckDB's own row-group size, so each reader thread gets whole groups. */
export const ROW_GROUP_ROWS = 122_880;

/** The published description (public/reclaimscope-parquet.v1.schema.json). */
export function parquetSchemaDocument(): unknown {
  const table = (cols: ColumnSpec[]) => cols.map((c) => ({ name: c.name, type: c.type, nullable: c.nullable, description: c.description }));
  return {
    $id: 'reclaimscope-parquet.v1.schema.json',
    title: 'Parquet files written by `reclaimscope export --parquet DIR`, version 1',
    description:
      'Column names and Parquet types. INT64 and INT32 are plain signed integers; DOUBLE is a 64-bit float; STRING is a UTF-8 BYTE_ARRAY, dictionary-encoded. ' +
      `Row groups hold at most ${ROW_GROUP_ROWS} rows. summary.parquet also has one nullable STRING column per setting a trace recorded ` +
      "(a sysctl name with every character other than letters, digits and _ replaced by _, e.g. vm_dirty_ratio). The file's key-value metadata " +
      'holds reclaimscope.schema = "reclaimscope-parquet.v1".',
    version: 1,
    files: {
      'summary.parquet': { rows: 'one per trace that was read', columns: table(SUMMARY_COLUMNS) },
      'episodes.parquet': { rows: 'one per complete episode (open intervals at the end of a trace are not episodes)', columns: table(EPISODE_COLUMNS) },
      'events.parquet': { rows: 'one per stored event (with --events)', columns: table(EVENT_COLUMNS) },
    },
  };
}
