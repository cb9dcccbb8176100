// Decodes an event's `key=value` payload into the slots of its kind
// (model/kinds.ts), by field name and never by position, so that fields
// added, dropped or reordered between kernels (may_writepage, classzone_idx,
// isolate_mode, zid, lru=, memcg_id) all decode. Values end at the next space;
// a trailing `,` (compaction's `zone_end=0x..., mode=`) ends a number too.
// It is also where a damaged payload is refused, for the fast path and the
// general reader alike: a payload that lost its end (no `last` key of its kind,
// fewer keys than this file's payloads of that kind carry, or a last word cut
// before its `=`), a count that is negative or beyond the Int32 column. The
// kind's extra fields (kinds.ts `extra`) are decoded after the slots, but feed
// no number: one that does not read as a count is kept as ABSENT, not refused.

import { ABSENT, EXTRA_COUNT, type FieldType, type KindSpec, SLOT_COUNT, parseLruName, parseReclaimFlags, SPEC_BY_KIND, KIND_COUNT } from '../model/kinds.ts';
import type { StringTable } from '../model/strings.ts';
import { parseInteger, parsed, SP, TAB } from './bytes.ts';

interface CompiledSpec {
  /** The slots' keys, then the extra fields' keys. */
  keys: Uint8Array[];
  types: FieldType[];
  /** Index in the decoded values of each key: its slot, or SLOT_COUNT + its extra index. */
  at: number[];
  /** Values to reset: SLOT_COUNT + the kind's extras. */
  width: number;
  required: number[]; // slot indexes
  last: Uint8Array[];
}

const compiled: (CompiledSpec | undefined)[] = [];
const enc = new TextEncoder();
for (let k = 0; k < KIND_COUNT; k++) {
  const spec: KindSpec | undefined = SPEC_BY_KIND[k];
  if (!spec) continue;
  const extra = spec.extra ?? [];
  compiled[k] = {
    keys: [...spec.fields, ...extra].map((f) => enc.encode(f.key)),
    types: [...spec.fields, ...extra].map((f) => f.type),
    at: [...spec.fields.map((_, s) => s), ...extra.map((_, j) => SLOT_COUNT + j)],
    width: SLOT_COUNT + EXTRA_COUNT[k],
    required: spec.required.map((r) => spec.fields.findIndex((f) => f.key === r)),
    last: spec.last.map((k) => enc.encode(k)),
  };
}

/** Caches from interned string id to decoded lru code / reclaim flag bits. */
export class ValueCaches {
  lru = new Map<number, number>();
  rflags = new Map<number, number>();
  /**
   * Most `key=` words seen in a whole payload of each kind in this file: a
   * kind's format is fixed within one kernel, so a payload with fewer was cut
   * (a 6.x wakeup_kswapd cut before `gfp_flags=` still ends in a key that
   * 2.6.36's format ends in).
   */
  keyCounts = new Int32Array(KIND_COUNT);
}

function sameKey(key: Uint8Array, buf: Uint8Array, ts: number, klen: number): boolean {
  if (key.length !== klen) return false;
  for (let b = 0; b < klen; b++) if (key[b] !== buf[ts + b]) return false;
  return true;
}

/**
 * Fills values (the SLOT_COUNT slots and the kind's extra fields, preset to
 * ABSENT) from buf[start, end). Returns false when a required field is
 * missing or a slot field is not of its type.
 */
export function decodePayload(
  buf: Uint8Array,
  start: number,
  end: number,
  kind: number,
  values: Int32Array,
  strings: StringTable,
  caches: ValueCaches,
): boolean {
  const spec = compiled[kind];
  if (!spec) return true;
  for (let s = 0; s < spec.width; s++) values[s] = ABSENT;
  const keys = spec.keys;
  const nkeys = keys.length;
  const last = spec.last;
  let hasLast = last.length === 0;
  let keyCount = 0;
  let lastWordIsKey = true;
  let i = start;
  while (i < end) {
    while (i < end && (buf[i] === SP || buf[i] === TAB)) i++;
    if (i >= end) break;
    const ts = i;
    while (i < end && buf[i] !== SP && buf[i] !== 0x3d) i++;
    if (i >= end || buf[i] !== 0x3d) {
      lastWordIsKey = false; // a word without `=`
      continue;
    }
    lastWordIsKey = true;
    keyCount++;
    const keyEnd = i;
    const vs = ++i;
    while (i < end && buf[i] !== SP) i++;
    let ve = i;
    if (ve > vs && buf[ve - 1] === 0x2c) ve--; // `0x100000,`
    const klen = keyEnd - ts;
    if (!hasLast) for (let k = 0; k < last.length; k++) if (sameKey(last[k], buf, ts, klen)) hasLast = ve > vs;
    let slot = -1;
    for (let k = 0; k < nkeys; k++) {
      const key = keys[k];
      if (key.length !== klen || key[0] !== buf[ts]) continue;
      let same = true;
      for (let b = 1; b < klen; b++)
        if (key[b] !== buf[ts + b]) {
          same = false;
          break;
        }
      if (same) {
        slot = k;
        break;
      }
    }
    if (slot < 0) continue;
    const v = decodeValue(buf, vs, ve, spec.types[slot], strings, caches);
    const at = spec.at[slot];
    if (v !== MALFORMED_VALUE) values[at] = v;
    else if (at < SLOT_COUNT) return false;
    else values[at] = ABSENT; // an extra field: kept as missing (the last one printed wins, as for slots)
  }
  for (const r of spec.required) if (values[r] === ABSENT) return false;
  if (!hasLast || !lastWordIsKey) return false;
  if (keyCount < caches.keyCounts[kind]) return false;
  caches.keyCounts[kind] = keyCount;
  return true;
}

/** What decodeValue returns for a value that is not of its type (no Int32 slot value is this). */
export const MALFORMED_VALUE = 2147483648;

/** The slot value of the value bytes buf[vs, ve) (trailing comma already dropped), or MALFORMED_VALUE. */
export function decodeValue(
  buf: Uint8Array,
  vs: number,
  ve: number,
  type: FieldType,
  strings: StringTable,
  caches: ValueCaches,
): number {
  switch (type) {
    case 'int': {
      const v = parseInteger(buf, vs, ve);
      if (Number.isNaN(v) || parsed.end !== ve) return MALFORMED_VALUE;
      return countSlot(v);
    }
    case 'str':
      return strings.internBytes(buf, vs, ve);
    case 'lru': {
      const id = strings.internBytes(buf, vs, ve);
      let code = caches.lru.get(id);
      if (code === undefined) {
        const text = strings.get(id);
        code = /^\d+$/.test(text) ? Number(text) : parseLruName(text);
        caches.lru.set(id, code);
      }
      return code < 0 ? MALFORMED_VALUE : code;
    }
    case 'rflags': {
      const id = strings.internBytes(buf, vs, ve);
      let bits = caches.rflags.get(id);
      if (bits === undefined) {
        bits = parseReclaimFlags(strings.get(id));
        caches.rflags.set(id, bits);
      }
      return bits < 0 ? MALFORMED_VALUE : bits;
    }
    default: {
      const never: never = type;
      throw new Error(`unknown field type ${String(never)}`);
    }
  }
}

/**
 * The slot value of a stored number, or MALFORMED_VALUE: every number stored
 * (orders, page counts, node ids, flags, microseconds) is 0 or more in the
 * kernel's formats, and a value beyond the Int32 column cannot be kept as it
 * is, so neither is clamped into a plausible but wrong number.
 */
export function countSlot(v: number): number {
  return v >= 0 && v <= 2147483647 ? v : MALFORMED_VALUE;
}
