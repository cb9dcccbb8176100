// The reclaim and compaction events reclaimscope stores, and how each
// payload's `key=value` fields map onto the six numeric slots of the event
// table, and, for the kinds that print more (lru_shrink_inactive's
// nr_writeback ... nr_unmap_fail), onto the table's side columns of extra
// fields, which only rows of those kinds pay for. Fields are found by name,
// never by position, so that the formats of 2.6.36, 3.x-4.x and 6.x kernels
// all decode with one table (see fixtures/eras/README.md for the TP_printk
// strings of each era).
// Events not listed here are counted by name in the parse report and not stored.

export const Kind = {
  UNKNOWN: 0,
  DIRECT_BEGIN: 1,
  DIRECT_END: 2,
  MEMCG_BEGIN: 3,
  MEMCG_END: 4,
  SOFTLIMIT_BEGIN: 5,
  SOFTLIMIT_END: 6,
  NODE_BEGIN: 7,
  NODE_END: 8,
  KSWAPD_WAKE: 9,
  KSWAPD_SLEEP: 10,
  WAKEUP_KSWAPD: 11,
  LRU_ISOLATE: 12,
  MEMCG_ISOLATE: 13,
  SHRINK_INACTIVE: 14,
  SHRINK_ACTIVE: 15,
  WRITEPAGE: 16,
  WRITE_FOLIO: 17,
  THROTTLED: 18,
  RECLAIM_PAGES: 19,
  COMPACTION_BEGIN: 20,
  COMPACTION_END: 21,
  KCOMPACTD_WAKE: 22,
  KCOMPACTD_SLEEP: 23,
  WAKEUP_KCOMPACTD: 24,
  TRY_COMPACT: 25,
} as const;
export type KindId = (typeof Kind)[keyof typeof Kind];
export const KIND_COUNT = 26;

/** How a field's text is turned into an Int32 slot value. */
export type FieldType =
  | 'int' // decimal, 0x-hex or negative integer
  | 'str' // interned string id (gfp flags, compaction mode/status, zone names)
  | 'lru' // LRU_NAMES index: 0 inactive_anon, 1 active_anon, 2 inactive_file, 3 active_file, 4 unevictable
  | 'rflags'; // RECLAIM_WB_* bit mask, from names or a raw number

export interface FieldSpec {
  key: string;
  type: FieldType;
}

/** A field kept beside the slots: always an integer (so parts of a file merge without string ids to map). */
export interface ExtraFieldSpec {
  key: string;
  type: 'int';
}

export interface KindSpec {
  kind: KindId;
  /** Event names (without the `vmscan:`/`compaction:` system prefix). */
  names: string[];
  /** Slot i of the event table holds fields[i]. At most SLOT_COUNT. */
  fields: FieldSpec[];
  /**
   * Fields the kind prints beyond its slots (in any era), kept in the table's
   * extra columns of this kind (event-table.ts KindExtras): extra[j] is value
   * SLOT_COUNT + j of a decoded payload. They feed no number of the report:
   * a value that does not read as a count is kept as ABSENT, never refused.
   * At most MAX_EXTRA.
   */
  extra?: ExtraFieldSpec[];
  /** Keys that must be present for the payload to be usable. */
  required: string[];
  /**
   * Keys of which one ends the payload in every known format of the event
   * (all eras in fixtures/eras): a payload holding none of them lost its end,
   * and with it fields its numbers may need, so it is malformed. Empty: no check.
   */
  last: string[];
}

export const SLOT_COUNT = 6;
/** Slot value for a field the payload did not carry. */
export const ABSENT = -2147483648;

/** RECLAIM_WB_* bits, include/trace/events/vmscan.h (2.6.36 onwards). */
export const RECLAIM_WB = {
  ANON: 0x1,
  FILE: 0x2,
  SYNC: 0x4,
  ASYNC: 0x8,
  MIXED: 0x10,
} as const;

/** LRU_NAMES, include/trace/events/mmflags.h (printed as `lru=` since 4.11). */
export const LRU_NAMES = ['inactive_anon', 'active_anon', 'inactive_file', 'active_file', 'unevictable'] as const;

const i = (key: string): FieldSpec => ({ key, type: 'int' });
const s = (key: string): FieldSpec => ({ key, type: 'str' });

const x = (key: string): ExtraFieldSpec => ({ key, type: 'int' });

const beginFields = [i('order'), s('gfp_flags'), i('may_writepage'), i('classzone_idx'), i('memcg_id')];
const endFields = [i('nr_reclaimed'), i('memcg_id')];
const isolateFields = [
  i('nr_scanned'),
  i('nr_taken'),
  { key: 'lru', type: 'lru' as const },
  i('isolate_mode'),
  i('file'),
  i('order'),
];

// 6.x/4.x: classzone, nr_requested, nr_skipped; 2.6.36-3.2: nr_requested and the
// lumpy reclaim counts, spelt contig_* (2.6.36-3.2) or nr_lumpy_* (3.3-3.4)
const isolateExtra = ['classzone', 'nr_requested', 'nr_skipped', 'contig_taken', 'contig_dirty', 'contig_failed', 'nr_lumpy_taken', 'nr_lumpy_dirty', 'nr_lumpy_failed'].map(x);

// Last keys of each era's format (fixtures/eras/README.md; include/trace/events/vmscan.h, compaction.h).
const BEGIN_LAST = ['gfp_flags', 'classzone_idx', 'memcg_id'];
const END_LAST = ['nr_reclaimed', 'memcg_id'];
// 2.6.36-3.2: contig_failed; 3.3-4.10: file; 4.11 on: lru
const ISOLATE_LAST = ['contig_failed', 'file', 'lru'];
// 5.9 renamed the field, though 6.x still prints `classzone_idx=`
const ZONE_LAST = ['classzone_idx', 'highest_zoneidx'];

export const KIND_SPECS: KindSpec[] = [
  { kind: Kind.DIRECT_BEGIN, names: ['mm_vmscan_direct_reclaim_begin'], fields: beginFields, required: ['order'], last: BEGIN_LAST },
  { kind: Kind.DIRECT_END, names: ['mm_vmscan_direct_reclaim_end'], fields: endFields, required: ['nr_reclaimed'], last: END_LAST },
  { kind: Kind.MEMCG_BEGIN, names: ['mm_vmscan_memcg_reclaim_begin'], fields: beginFields, required: ['order'], last: BEGIN_LAST },
  { kind: Kind.MEMCG_END, names: ['mm_vmscan_memcg_reclaim_end'], fields: endFields, required: ['nr_reclaimed'], last: END_LAST },
  {
    kind: Kind.SOFTLIMIT_BEGIN,
    names: ['mm_vmscan_memcg_softlimit_reclaim_begin'],
    fields: beginFields,
    required: ['order'], last: BEGIN_LAST,
  },
  {
    kind: Kind.SOFTLIMIT_END,
    names: ['mm_vmscan_memcg_softlimit_reclaim_end'],
    fields: endFields,
    required: ['nr_reclaimed'], last: END_LAST,
  },
  {
    kind: Kind.NODE_BEGIN,
    names: ['mm_vmscan_node_reclaim_begin'],
    fields: [i('order'), s('gfp_flags'), i('nid')],
    required: ['order'], last: ['gfp_flags'],
  },
  { kind: Kind.NODE_END, names: ['mm_vmscan_node_reclaim_end'], fields: endFields, required: ['nr_reclaimed'], last: END_LAST },
  {
    kind: Kind.KSWAPD_WAKE,
    names: ['mm_vmscan_kswapd_wake'],
    fields: [i('nid'), i('order'), i('zid')],
    required: ['nid', 'order'], last: ['order'],
  },
  { kind: Kind.KSWAPD_SLEEP, names: ['mm_vmscan_kswapd_sleep'], fields: [i('nid')], required: ['nid'], last: ['nid'] },
  {
    kind: Kind.WAKEUP_KSWAPD,
    names: ['mm_vmscan_wakeup_kswapd'],
    fields: [i('nid'), i('order'), s('gfp_flags'), i('zid')],
    required: ['order'], last: ['order', 'gfp_flags'],
  },
  { kind: Kind.LRU_ISOLATE, names: ['mm_vmscan_lru_isolate'], fields: isolateFields, extra: isolateExtra, required: ['nr_scanned'], last: ISOLATE_LAST },
  { kind: Kind.MEMCG_ISOLATE, names: ['mm_vmscan_memcg_isolate'], fields: isolateFields, extra: isolateExtra, required: ['nr_scanned'], last: ISOLATE_LAST },
  {
    kind: Kind.SHRINK_INACTIVE,
    names: ['mm_vmscan_lru_shrink_inactive'],
    fields: [i('nr_scanned'), i('nr_reclaimed'), { key: 'flags', type: 'rflags' }, i('priority'), i('nid'), i('nr_dirty')],
    // zid: up to 4.7; nr_writeback ... nr_unmap_fail: 4.11 on, nr_activate split into anon and file in 5.2
    extra: ['zid', 'nr_writeback', 'nr_congested', 'nr_immediate', 'nr_activate', 'nr_activate_anon', 'nr_activate_file', 'nr_ref_keep', 'nr_unmap_fail'].map(x),
    required: ['nr_reclaimed'], last: ['flags'],
  },
  {
    kind: Kind.SHRINK_ACTIVE,
    names: ['mm_vmscan_lru_shrink_active'],
    fields: [
      i('nr_taken'),
      i('nr_deactivated'),
      { key: 'flags', type: 'rflags' },
      i('priority'),
      i('nid'),
      i('nr_active'),
    ],
    extra: [x('nr_referenced')],
    required: ['nr_taken'], last: ['flags'],
  },
  {
    kind: Kind.WRITEPAGE,
    names: ['mm_vmscan_writepage'],
    fields: [{ key: 'flags', type: 'rflags' }],
    required: ['flags'], last: ['flags'],
  },
  {
    kind: Kind.WRITE_FOLIO,
    names: ['mm_vmscan_write_folio'],
    fields: [{ key: 'flags', type: 'rflags' }],
    required: ['flags'], last: ['flags'],
  },
  {
    kind: Kind.THROTTLED,
    names: ['mm_vmscan_throttled'],
    // `usect_delayed` is the kernel's own spelling (include/trace/events/vmscan.h, 5.16+).
    fields: [i('nid'), i('usec_timeout'), i('usect_delayed'), s('reason')],
    required: ['usect_delayed'], last: ['reason'],
  },
  {
    kind: Kind.RECLAIM_PAGES,
    names: ['mm_vmscan_reclaim_pages'],
    fields: [i('nid'), i('nr_scanned'), i('nr_reclaimed'), i('nr_dirty'), i('nr_writeback')],
    extra: ['nr_congested', 'nr_immediate', 'nr_activate_anon', 'nr_activate_file', 'nr_ref_keep', 'nr_unmap_fail'].map(x),
    required: ['nr_reclaimed'], last: ['nr_unmap_fail'],
  },
  { kind: Kind.COMPACTION_BEGIN, names: ['mm_compaction_begin'], fields: [s('mode')], required: [], last: ['mode'] },
  { kind: Kind.COMPACTION_END, names: ['mm_compaction_end'], fields: [s('mode'), s('status')], required: [], last: ['status'] },
  {
    kind: Kind.KCOMPACTD_WAKE,
    names: ['mm_compaction_kcompactd_wake'],
    fields: [i('nid'), i('order'), s('classzone_idx')],
    required: ['nid'], last: ZONE_LAST,
  },
  { kind: Kind.KCOMPACTD_SLEEP, names: ['mm_compaction_kcompactd_sleep'], fields: [i('nid')], required: ['nid'], last: ['nid'] },
  {
    kind: Kind.WAKEUP_KCOMPACTD,
    names: ['mm_compaction_wakeup_kcompactd'],
    fields: [i('nid'), i('order'), s('classzone_idx')],
    required: ['nid'], last: ZONE_LAST,
  },
  {
    kind: Kind.TRY_COMPACT,
    names: ['mm_compaction_try_to_compact_pages'],
    fields: [i('order'), s('gfp_mask'), i('priority')],
    required: ['order'], last: ['priority', 'prio', 'mode'],
  },
];

export const SPEC_BY_KIND: KindSpec[] = [];
for (const spec of KIND_SPECS) SPEC_BY_KIND[spec.kind] = spec;

/** Extra fields of each kind (0 for most). */
export const EXTRA_COUNT = new Int8Array(KIND_COUNT);
for (const spec of KIND_SPECS) EXTRA_COUNT[spec.kind] = spec.extra?.length ?? 0;
/** Most extra fields of one kind (lru_shrink_inactive's, over all eras: 9). */
export const MAX_EXTRA = Math.max(...EXTRA_COUNT);
/** Values of one decoded payload: SLOT_COUNT slots, then the kind's extra fields. */
export const VALUE_COUNT = SLOT_COUNT + MAX_EXTRA;

/** Index of a field of a kind in its decoded values (a slot, or SLOT_COUNT + its extra index), or -1. */
export function valueIndexOf(kind: number, key: string): number {
  const spec = SPEC_BY_KIND[kind];
  if (!spec) return -1;
  const s = spec.fields.findIndex((f) => f.key === key);
  if (s >= 0) return s;
  const e = spec.extra?.findIndex((f) => f.key === key) ?? -1;
  return e >= 0 ? SLOT_COUNT + e : -1;
}

export function kindOfEventName(name: string): KindId {
  for (const spec of KIND_SPECS) if (spec.names.includes(name)) return spec.kind;
  return Kind.UNKNOWN;
}

/** Slot index of a field of a kind, or -1. */
export function slotOf(kind: KindId, key: string): number {
  const spec = SPEC_BY_KIND[kind];
  return spec ? spec.fields.findIndex((f) => f.key === key) : -1;
}

export function parseLruName(name: string): number {
  return (LRU_NAMES as readonly string[]).indexOf(name);
}

/**
 * Parse `RECLAIM_WB_FILE|RECLAIM_WB_ASYNC`, `RECLAIM_WB_NONE` or a number;
 * -1 for any other word (a value cut short, such as `RECLAIM_WB_FI`).
 */
export function parseReclaimFlags(text: string): number {
  const t = text.trim();
  if (/^(0x[0-9a-fA-F]+|\d+)$/.test(t)) return Number(t);
  let bits = 0;
  for (const part of t.split('|')) {
    switch (part) {
      case 'RECLAIM_WB_ANON':
        bits |= RECLAIM_WB.ANON;
        break;
      case 'RECLAIM_WB_FILE':
        bits |= RECLAIM_WB.FILE;
        break;
      case 'RECLAIM_WB_SYNC':
        bits |= RECLAIM_WB.SYNC;
        break;
      case 'RECLAIM_WB_ASYNC':
        bits |= RECLAIM_WB.ASYNC;
        break;
      case 'RECLAIM_WB_MIXED':
        bits |= RECLAIM_WB.MIXED;
        break;
      case 'RECLAIM_WB_NONE':
        break;
      default:
        // __print_flags prints bits it has no name for in hex
        if (/^0x[0-9a-fA-F]+$/.test(part)) bits |= Number(part);
        else return -1;
    }
  }
  return bits;
}
