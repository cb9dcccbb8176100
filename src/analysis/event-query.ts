// The event list's questions: which stored events fall in a time range (and
// on which tasks, CPUs, of which events, with which field values), in time
// order or sorted by any column, read a page at a time. Rows are indices into
// the event table (a Uint32Array); only the page asked for is decoded into
// strings, so a list of millions of events never leaves the worker whole.

import { extrasIndex, type EventTable } from '../model/event-table.ts';
import { ABSENT, Kind, LRU_NAMES, RECLAIM_WB, SPEC_BY_KIND, type KindId } from '../model/kinds.ts';
import type { Analysis } from './analyze.ts';
import { isolateScanned } from './counters.ts';
import { tasksNamed } from './range-filter.ts';
import { taskName } from './summary.ts';
import { lowerBound, rowAt, type TimeIndex } from './time-index.ts';

export interface EventQuery {
  /** Range in ns after the trace start, [t0, t1) (null: from the start / to the end). */
  t0: number | null;
  t1: number | null;
  /** Include events at exactly t1 (an episode's end event). */
  closedEnd?: boolean;
  /** Only these tasks (worker task ids), when given. */
  tasks?: number[];
  /** Only the process named `comm-pid` (or, by command, every process of that comm), when given. */
  process?: { name: string; byCommand: boolean };
  /** Substring of the event name (`mm_vmscan_`/`mm_compaction_` prefix optional). */
  event?: string;
  /** Substring of `comm-pid`. */
  task?: string;
  cpu?: number | null;
  /** `name=value`, `name>value`, `name<value` or `name~text` on a decoded field. */
  field?: string;
  /** `time` (default), `cpu`, `task`, `event` or a field name; fields missing from an event sort last. */
  sortKey?: string;
  desc?: boolean;
}

export interface EventRow {
  /** Position in the list. */
  i: number;
  /** ns after the trace start. */
  tNs: number;
  cpu: number;
  task: string;
  event: string;
  /** Decoded fields by name: the slots' (kinds.ts order), then the extra fields the event printed. */
  fields: [string, string | number][];
}

export function eventName(kind: number): string {
  return SPEC_BY_KIND[kind]?.names[0] ?? 'unknown';
}

const RFLAG_NAMES: [number, string][] = [
  [RECLAIM_WB.ANON, 'RECLAIM_WB_ANON'],
  [RECLAIM_WB.FILE, 'RECLAIM_WB_FILE'],
  [RECLAIM_WB.MIXED, 'RECLAIM_WB_MIXED'],
  [RECLAIM_WB.SYNC, 'RECLAIM_WB_SYNC'],
  [RECLAIM_WB.ASYNC, 'RECLAIM_WB_ASYNC'],
];

/**
 * The stored fields of row r, decoded by name (strings, LRU names, RECLAIM_WB
 * flags), then its extra fields (lru_shrink_inactive's nr_writeback ...);
 * absent fields left out.
 */
export function decodeFields(table: EventTable, r: number): [string, string | number][] {
  const spec = SPEC_BY_KIND[table.kind[r]];
  if (!spec) return [];
  const out: [string, string | number][] = [];
  spec.fields.forEach((f, s) => {
    const v = table.slots[s][r];
    if (v === ABSENT) return;
    switch (f.type) {
      case 'int':
        out.push([f.key, v]);
        break;
      case 'str':
        out.push([f.key, v >= 0 ? table.strings.get(v) : '']);
        break;
      case 'lru':
        out.push([f.key, LRU_NAMES[v] ?? String(v)]);
        break;
      case 'rflags': {
        const names = RFLAG_NAMES.filter(([bit]) => v & bit).map(([, n]) => n);
        out.push([f.key, names.length ? names.join('|') : 'RECLAIM_WB_NONE']);
        break;
      }
      default: {
        const never: never = f.type;
        throw new Error(`unknown field type ${String(never)}`);
      }
    }
  });
  if (spec.extra) {
    const x = table.extras[spec.kind];
    const i = extrasIndex(x, r);
    if (i >= 0)
      spec.extra.forEach((f, j) => {
        const c = x!.cols[j];
        if (c && c[i] !== ABSENT) out.push([f.key, c[i]]);
      });
  }
  return out;
}

interface FieldTest {
  key: string;
  op: '=' | '>' | '<' | '~';
  value: string;
}

function parseFieldTest(text: string): FieldTest | null {
  const m = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*(=|>|<|~)\s*(.*?)\s*$/.exec(text);
  return m ? { key: m[1], op: m[2] as FieldTest['op'], value: m[3] } : null;
}

function passes(fields: [string, string | number][], t: FieldTest): boolean {
  const hit = fields.find(([k]) => k === t.key);
  if (!hit) return false;
  const v = hit[1];
  switch (t.op) {
    case '=':
      return String(v) === t.value;
    case '~':
      return String(v).toLowerCase().includes(t.value.toLowerCase());
    case '>':
      return typeof v === 'number' && v > Number(t.value);
    case '<':
      return typeof v === 'number' && v < Number(t.value);
    default: {
      const never: never = t.op;
      throw new Error(`unknown operator ${String(never)}`);
    }
  }
}

/** Table rows of the query's events, in time order or its sort. */
export function queryEvents(table: EventTable, a: Analysis, index: TimeIndex, q: EventQuery): Uint32Array {
  const from = q.t0 === null ? -Infinity : a.startNs + q.t0;
  const to = q.t1 === null ? Infinity : a.startNs + q.t1;
  const i0 = from === -Infinity ? 0 : lowerBound(index.ts, from);
  let i1 = to === Infinity ? index.ts.length : lowerBound(index.ts, to);
  if (q.closedEnd) while (i1 < index.ts.length && index.ts[i1] === to) i1++;
  let taskMask: Uint8Array | null = null;
  if (q.tasks || q.process) {
    taskMask = new Uint8Array(table.tasks.length);
    const tasks = q.process ? tasksNamed(table, q.process.name, q.process.byCommand) : q.tasks!;
    for (const t of tasks) if (t >= 0 && t < taskMask.length && (!q.process || !q.tasks || q.tasks.includes(t))) taskMask[t] = 1;
  }
  const ev = (q.event ?? '').trim().toLowerCase();
  let kindMask: Uint8Array | null = null;
  if (ev) {
    kindMask = new Uint8Array(256);
    for (let k = 0; k < SPEC_BY_KIND.length; k++) if (SPEC_BY_KIND[k]?.names.some((n) => n.toLowerCase().includes(ev))) kindMask[k] = 1;
  }
  const tt = (q.task ?? '').trim().toLowerCase();
  let nameMask: Uint8Array | null = null;
  if (tt) {
    nameMask = new Uint8Array(table.tasks.length);
    for (let t = 0; t < nameMask.length; t++) if (taskName(table, t).toLowerCase().includes(tt)) nameMask[t] = 1;
  }
  const cpu = q.cpu ?? null;
  const ft = q.field ? parseFieldTest(q.field) : null;
  const fieldGiven = !!q.field && q.field.trim() !== '';
  const out = new Uint32Array(Math.max(0, i1 - i0));
  let n = 0;
  for (let i = i0; i < i1; i++) {
    const r = rowAt(index, i);
    if (taskMask && !taskMask[table.task[r]]) continue;
    if (kindMask && !kindMask[table.kind[r]]) continue;
    if (nameMask && !nameMask[table.task[r]]) continue;
    if (cpu !== null && table.cpu[r] !== cpu) continue;
    if (fieldGiven && (!ft || !passes(decodeFields(table, r), ft))) continue;
    out[n++] = r;
  }
  const rows = out.slice(0, n);
  const key = q.sortKey ?? 'time';
  if (key !== 'time' || q.desc) sortRows(table, rows, key, !!q.desc);
  return rows;
}

/** Ranks of ids by their text: equal texts share a rank, so sorting by rank sorts by text. */
function ranksByText(ids: number[], text: (id: number) => string, size: number): Float64Array {
  const rank = new Float64Array(size);
  const sorted = ids.map((id) => ({ id, t: text(id) })).sort((a, b) => (a.t < b.t ? -1 : a.t > b.t ? 1 : 0));
  let r = 0;
  sorted.forEach((x, k) => {
    if (k > 0 && x.t !== sorted[k - 1].t) r++;
    rank[x.id] = r;
  });
  return rank;
}

/**
 * Sorts rows by one column, in place: each row's key is computed once into a
 * Float64Array (texts by rank), then row positions are sorted; ties and rows
 * without the field keep time order, rows without it last.
 */
function sortRows(table: EventTable, rows: Uint32Array, key: string, desc: boolean): void {
  const n = rows.length;
  const vals = new Float64Array(n);
  const { kind, slots } = table;
  if (key === 'time') for (let i = 0; i < n; i++) vals[i] = table.ts[rows[i]];
  else if (key === 'cpu') for (let i = 0; i < n; i++) vals[i] = table.cpu[rows[i]];
  else if (key === 'task') {
    const rank = ranksByText(Array.from({ length: table.tasks.length }, (_, t) => t), (t) => taskName(table, t), table.tasks.length);
    for (let i = 0; i < n; i++) vals[i] = rank[table.task[rows[i]]];
  } else if (key === 'event') {
    const rank = ranksByText(Array.from({ length: 256 }, (_, k) => k), eventName, 256);
    for (let i = 0; i < n; i++) vals[i] = rank[kind[rows[i]]];
  } else {
    const slotByKind = new Int8Array(256).fill(-1);
    // the field's index among the kind's extra fields, when it is one of those
    const extraByKind = new Int8Array(256).fill(-1);
    const typeByKind: (string | undefined)[] = [];
    SPEC_BY_KIND.forEach((spec, k) => {
      const s = spec ? spec.fields.findIndex((f) => f.key === key) : -1;
      slotByKind[k] = s;
      if (s >= 0) typeByKind[k] = spec.fields[s].type;
      else extraByKind[k] = spec?.extra?.findIndex((f) => f.key === key) ?? -1;
    });
    const strRank = ranksByText(Array.from({ length: table.strings.values.length }, (_, id) => id), (id) => table.strings.get(id), table.strings.values.length);
    for (let i = 0; i < n; i++) {
      const r = rows[i];
      const k = kind[r];
      const s = slotByKind[k];
      let v = ABSENT;
      if (s >= 0) v = slots[s][r];
      else if (extraByKind[k] >= 0) {
        const x = table.extras[k];
        const c = x?.cols[extraByKind[k]];
        const at = c ? extrasIndex(x, r) : -1;
        if (at >= 0) v = c![at];
      }
      vals[i] = v === ABSENT ? NaN : typeByKind[k] === 'str' ? (v >= 0 ? strRank[v] : -1) : v;
    }
  }
  const sign = desc ? -1 : 1;
  // Fast path: integer keys that fit 32 bits pack with the position into one
  // exactly representable double (33 bits of key, 20 of position), sorted natively.
  let packable = n < 2 ** 20;
  for (let i = 0; packable && i < n; i++) {
    const v = vals[i];
    if (v === v && (v !== Math.floor(v) || v < -(2 ** 31) || v >= 2 ** 31)) packable = false;
  }
  if (packable) {
    const keys = new Float64Array(n);
    const missing = 2 ** 32; // after every value, in either direction
    for (let i = 0; i < n; i++) {
      const v = vals[i];
      keys[i] = (v !== v ? missing : desc ? 2 ** 31 - 1 - v : v + 2 ** 31) * 2 ** 20 + i;
    }
    keys.sort();
    const copy = rows.slice();
    for (let i = 0; i < n; i++) rows[i] = copy[keys[i] % 2 ** 20];
    return;
  }
  const idx = new Uint32Array(n);
  for (let i = 0; i < n; i++) idx[i] = i;
  idx.sort((a, b) => {
    const x = vals[a];
    const y = vals[b];
    const xm = x !== x;
    const ym = y !== y;
    if (xm || ym) return xm === ym ? a - b : xm ? 1 : -1;
    return sign * (x - y) || a - b;
  });
  const copy = rows.slice();
  for (let i = 0; i < n; i++) rows[i] = copy[idx[i]];
}

/** Rows [offset, offset + count) of a query's result, decoded. */
export function readRows(table: EventTable, a: Analysis, rows: Uint32Array, offset: number, count: number): EventRow[] {
  const out: EventRow[] = [];
  const end = Math.min(rows.length, offset + count);
  for (let i = Math.max(0, offset); i < end; i++) {
    const r = rows[i];
    out.push({ i, tNs: table.ts[r] - a.startNs, cpu: table.cpu[r], task: taskName(table, table.task[r]), event: eventName(table.kind[r]), fields: decodeFields(table, r) });
  }
  return out;
}

/** A one-line account of a set of events (an episode's, a process's): what reclaim did in them. */
export interface EventAccount {
  events: number;
  /** Inactive-list pages isolated (lru_isolate), as the Summary counts scanned pages. */
  scanned: number;
  /** nr_reclaimed of lru_shrink_inactive events. */
  reclaimed: number;
  /** Sum of nr_reclaimed of the direct_reclaim_end events, when the list holds any. */
  endReclaimed: number | null;
  /** direct_reclaim_begin events listed. */
  reclaims: number;
  /** writepage / write_folio events: pages written by reclaim. */
  written: number;
  /** Sum of nr_dirty of lru_shrink_inactive. */
  dirty: number;
  compactions: number;
  /** Lowest (most urgent) shrink priority seen, or null. */
  minPriority: number | null;
  order: number | null;
  durationNs: number | null;
  /** Why the episode ended, as far as its events tell. */
  ending: string;
}

/** SWAP_CLUSTER_MAX (include/linux/swap.h): direct reclaim's nr_to_reclaim. */
const SWAP_CLUSTER_MAX = 32;

export function accountOf(table: EventTable, rows: Uint32Array): EventAccount {
  const acc: EventAccount = { events: rows.length, scanned: 0, reclaimed: 0, endReclaimed: null, reclaims: 0, written: 0, dirty: 0, compactions: 0, minPriority: null, order: null, durationNs: null, ending: '' };
  const { kind, slots } = table;
  let beginTs: number | null = null;
  let endTs: number | null = null;
  for (const r of rows) {
    const k = kind[r] as KindId;
    if (k === Kind.DIRECT_BEGIN) {
      beginTs = table.ts[r];
      acc.order = slots[0][r];
      acc.reclaims++;
    } else if (k === Kind.DIRECT_END) {
      endTs = table.ts[r];
      acc.endReclaimed = (acc.endReclaimed ?? 0) + slots[0][r];
    } else if (k === Kind.LRU_ISOLATE) acc.scanned += isolateScanned(slots[0][r], slots[2][r], slots[3][r], slots[4][r]);
    else if (k === Kind.SHRINK_INACTIVE) {
      acc.reclaimed += slots[1][r];
      if (slots[5][r] !== ABSENT) acc.dirty += slots[5][r];
      const p = slots[3][r];
      if (p !== ABSENT && (acc.minPriority === null || p < acc.minPriority)) acc.minPriority = p;
    } else if (k === Kind.WRITEPAGE || k === Kind.WRITE_FOLIO) acc.written++;
    else if (k === Kind.COMPACTION_BEGIN || k === Kind.TRY_COMPACT) acc.compactions++;
  }
  const one = acc.reclaims === 1 && beginTs !== null && endTs !== null && endTs >= beginTs;
  if (one) acc.durationNs = endTs! - beginTs!;
  else acc.order = null;
  acc.ending = one ? endingOf(acc) : '';
  return acc;
}

/**
 * do_try_to_free_pages stops when nr_reclaimed reaches nr_to_reclaim
 * (SWAP_CLUSTER_MAX) or when priority runs out (mm/vmscan.c); compaction
 * being ready also ends it early. This reads which of these the events show.
 */
function endingOf(a: EventAccount): string {
  if (a.endReclaimed === null) return 'no direct_reclaim_end in these events';
  if (a.endReclaimed >= SWAP_CLUSTER_MAX) return `reached its target (${a.endReclaimed} ≥ ${SWAP_CLUSTER_MAX} pages, SWAP_CLUSTER_MAX)`;
  if (a.endReclaimed === 0) return `gave up with nothing reclaimed${a.minPriority !== null ? ` (priority down to ${a.minPriority})` : ''}`;
  return `stopped short of its target (${a.endReclaimed} of ${SWAP_CLUSTER_MAX} pages${a.minPriority !== null ? `, priority down to ${a.minPriority}` : ''}${a.order !== null && a.order > 0 ? `; order ${a.order}: compaction may have been ready` : ''})`;
}
