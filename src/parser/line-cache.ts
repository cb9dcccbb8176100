// Memory of what the general line reader (ftrace-text.ts, perf-script.ts,
// line-layout.ts, payload.ts) found on earlier lines, so that the fast path
// in text-parser.ts can recognise the next line by comparing bytes instead of
// reading it again. A line is a head, a timestamp, an event name and a payload:
//   `         kswapd0-45      [000] d..1.  ` `1285.774684` `: mm_vmscan_lru_isolate: ` `classzone=3 ... lru=inactive_file`
// Heads repeat per task, CPU and flags; names come from a short list; payloads
// of some kinds repeat too (kswapd isolates 32 pages from the same list again
// and again) and are remembered per head, while those with unique values
// (write_folio's page= and pfn=) never repeat: text-parser.ts decides per kind,
// from the hits it sees, whether to look them up. Other payloads are read
// through the kind's keys in the order the kernel prints them, also remembered.
// Every cached item is the exact bytes the general reader parsed, and a hit
// needs every one of those bytes to be equal, so the fast path can never read
// a line differently from the general reader: on any doubt it hands the line
// back. Bytes are compared eight at a time as Float64 words (or four as
// Int32): an item with a word that reads as NaN or as zero is not kept, and
// for every other double, equal values mean equal bits.

import { ABSENT, SLOT_COUNT, SPEC_BY_KIND, KIND_COUNT, VALUE_COUNT, valueIndexOf, EXTRA_COUNT, type FieldType } from '../model/kinds.ts';
import { i32le, viewOf } from './sized-int.ts';

/** Bytes the fast path may look at from the start of a line; longer lines take the general path. */
export const FAST_WINDOW = 1024;

/** Words that cover key bytes [0, len): whole words, then one word ending at len (overlapping). */
function keyWords(b: Uint8Array, start: number, len: number): number[] {
  const out: number[] = [];
  let k = 0;
  for (; k + 4 <= len; k += 4) out.push(i32le(b, start + k));
  if (k < len) out.push(i32le(b, start + len - 4));
  return out;
}

/**
 * Event names as they appear on the line (with perf's `vmscan:` prefix when
 * present), chained in buckets on a hash of their bytes 4..11.
 */
export class NameCache {
  static readonly BUCKETS = 64;
  static readonly MAX_LEN = 64;
  private readonly first = new Int32Array(NameCache.BUCKETS).fill(-1);
  next: Int32Array = new Int32Array(16);
  len: Int32Array = new Int32Array(16);
  nameId: Int32Array = new Int32Array(16);
  words: number[][] = [];
  count = 0;

  static bucket(dv: DataView, q: number): number {
    const h = Math.imul(dv.getInt32(q + 4, true) ^ Math.imul(dv.getInt32(q + 8, true), 0x9e3779b1), 0x85ebca77);
    return (h >>> 26) & (NameCache.BUCKETS - 1);
  }

  head(bucket: number): number {
    return this.first[bucket];
  }

  /** Remembers the name token b[q, q+len) (len >= 12), read by the general reader as nameId. */
  insert(b: Uint8Array, q: number, len: number, nameId: number): void {
    if (len < 12 || len > NameCache.MAX_LEN || this.count >= 4096) return;
    const dv = viewOf(b);
    const bucket = NameCache.bucket(dv, q);
    const w = keyWords(b, q, len);
    for (let e = this.first[bucket]; e >= 0; e = this.next[e]) {
      if (this.len[e] === len && sameWords(this.words[e], w)) return;
    }
    if (this.count === this.next.length) {
      this.next = grow(this.next);
      this.len = grow(this.len);
      this.nameId = grow(this.nameId);
    }
    const e = this.count++;
    this.next[e] = this.first[bucket];
    this.len[e] = len;
    this.nameId[e] = nameId;
    this.words[e] = w;
    this.first[bucket] = e;
  }
}

function sameWords(a: number[], b: number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function grow(a: Int32Array): Int32Array {
  const b = new Int32Array(a.length * 2);
  b.set(a);
  return b;
}

/**
 * The payload layout of one event kind as last printed: its `key=` words in
 * order (each but the first with the single space before it), and for each the
 * value it fills (a slot, or SLOT_COUNT + an extra field; -1 when the kind
 * does not store it) and how its value reads.
 * Values of string-like fields remember their last bytes and slot value.
 */
export class PayloadTemplate {
  readonly fields: number;
  /** Key length in bytes (with the leading space and the `=`). */
  readonly keyLen: Int32Array;
  /** Offsets into `words`/`wordOff` of each key's words, and their count (0 for keys under 4 bytes). */
  readonly wordStart: Int32Array;
  readonly wordCount: Int32Array;
  readonly words: Int32Array;
  /** Offset of each word from the key's first byte. */
  readonly wordOff: Int32Array;
  readonly keyBytes: Uint8Array[];
  /** Index in the decoded values (payload.ts): a slot, SLOT_COUNT + an extra field, or -1. */
  readonly slot: Int32Array;
  /** Values a payload of the kind fills: SLOT_COUNT + its extra fields. */
  readonly width: number;
  readonly type: FieldType[];
  /** Last value bytes and slot value of non-int fields (lengths -1 when none yet). */
  readonly lastValue: Uint8Array[];
  /** The same bytes, read a word at a time. */
  readonly lastView: DataView[];
  readonly lastValueLen: Int32Array;
  readonly lastSlotValue: Int32Array;
  readonly required: number[];

  constructor(kind: number, keys: Uint8Array[]) {
    const spec = SPEC_BY_KIND[kind];
    this.fields = keys.length;
    this.width = SLOT_COUNT + EXTRA_COUNT[kind];
    this.keyLen = new Int32Array(keys.length);
    this.wordStart = new Int32Array(keys.length);
    this.wordCount = new Int32Array(keys.length);
    this.slot = new Int32Array(keys.length).fill(-1);
    this.type = [];
    this.keyBytes = keys;
    this.lastValue = [];
    this.lastView = [];
    this.lastValueLen = new Int32Array(keys.length).fill(-1);
    this.lastSlotValue = new Int32Array(keys.length).fill(ABSENT);
    const all: number[] = [];
    const offs: number[] = [];
    const dec = new TextDecoder();
    keys.forEach((k, j) => {
      this.keyLen[j] = k.length;
      this.wordStart[j] = all.length;
      const w = k.length >= 4 ? keyWords(k, 0, k.length) : [];
      this.wordCount[j] = w.length;
      all.push(...w);
      for (let x = 0; x < w.length; x++) offs.push(x * 4 + 4 <= k.length ? x * 4 : k.length - 4);
      const name = dec.decode(k.subarray(j === 0 ? 0 : 1, k.length - 1));
      const slot = valueIndexOf(kind, name);
      this.slot[j] = slot;
      // extra fields are all ints (kinds.ts ExtraFieldSpec)
      this.type.push(slot >= 0 && slot < SLOT_COUNT ? spec!.fields[slot].type : 'int');
      const last = new Uint8Array(MAX_CACHED_VALUE);
      this.lastValue.push(last);
      this.lastView.push(new DataView(last.buffer));
    });
    this.words = Int32Array.from(all);
    this.wordOff = Int32Array.from(offs);
    this.required = spec ? spec.required.map((r) => spec.fields.findIndex((f) => f.key === r)) : [];
  }
}

/** Values longer than this are decoded every time instead of being remembered. */
export const MAX_CACHED_VALUE = 64;

/**
 * The template of a payload b[start, end) if it has the plain shape the fast
 * path reads: `key=value` words separated by exactly one space, no tabs, no
 * word without `=`, at most 32 words. Otherwise null.
 */
export function learnTemplate(kind: number, b: Uint8Array, start: number, end: number): PayloadTemplate | null {
  if (kind <= 0 || kind >= KIND_COUNT) return null;
  const keys: Uint8Array[] = [];
  let i = start;
  while (i < end) {
    const ks = keys.length === 0 ? i : i - 1; // the space before every key but the first
    while (i < end && b[i] !== 0x3d && b[i] !== 0x20 && b[i] !== 0x09) i++;
    if (i >= end || b[i] !== 0x3d || i === ks + (keys.length === 0 ? 0 : 1)) return null;
    keys.push(b.slice(ks, i + 1));
    i++;
    while (i < end && b[i] !== 0x20) {
      if (b[i] === 0x09 || b[i] === 0x0d) return null;
      i++;
    }
    if (i < end) {
      i++; // the one space
      if (i >= end || b[i] === 0x20 || b[i] === 0x09) return null;
    }
    if (keys.length > 32) return null;
  }
  return new PayloadTemplate(kind, keys);
}



/**
 * Heads (line start to the timestamp) with the task, CPU and pid the general
 * reader found in them, each with the last TAIL_WAYS tails seen after it and
 * what they decoded to. Heads are chained in buckets on a hash of their first
 * 20 bytes, most recently used first; so are the tails of a head.
 */
export class LineMemo {
  static readonly BUCKETS = 4096;
  static readonly HEAD_WORDS = 10; // heads of 8..80 bytes
  static readonly TAIL_WAYS = 16;
  static readonly TAIL_WORDS = 32; // tails of 8..256 bytes
  readonly bucketHead = new Int32Array(LineMemo.BUCKETS).fill(-1);
  count = 0;
  next = new Int32Array(0);
  headLen = new Int32Array(0);
  headWords = new Float64Array(0);
  cpu = new Int32Array(0);
  pid = new Int32Array(0);
  comm = new Int32Array(0);
  /** Task id for a named comm, filled on first use; -1 before. */
  task = new Int32Array(0);
  /** Tail ways of each head, in most-recently-used order. */
  tailOrder = new Uint8Array(0);
  tailLen = new Int32Array(0);
  tailWords = new Float64Array(0);
  tailName = new Int32Array(0);
  tailValues = new Int32Array(0);

  static bucket(dv: DataView, s: number): number {
    let h = Math.imul(dv.getInt32(s, true), 0x9e3779b1);
    h = Math.imul(h ^ dv.getInt32(s + 4, true), 0x85ebca77);
    h = Math.imul(h ^ dv.getInt32(s + 8, true), 0xc2b2ae3d);
    h = Math.imul(h ^ dv.getInt32(s + 12, true), 0x27d4eb2f);
    h = Math.imul(h ^ dv.getInt32(s + 16, true), 0x165667b1);
    return (h ^ (h >>> 15)) & (LineMemo.BUCKETS - 1);
  }

  /** Moves head e, found after prev in its bucket's chain, to the chain's front. */
  toFront(bucket: number, prev: number, e: number): void {
    this.next[prev] = this.next[e];
    this.next[e] = this.bucketHead[bucket];
    this.bucketHead[bucket] = e;
  }

  /**
   * Remembers the head b[s, tsStart) (dv views b) read as cpu, pid and comm.
   * Returns its entry, or -1 when it is not kept (too short or long, a word
   * that is NaN or zero, or too many heads).
   */
  insertHead(dv: DataView, s: number, tsStart: number, cpu: number, pid: number, comm: number, task: number): number {
    const len = tsStart - s;
    if (len < 20 || len > LineMemo.HEAD_WORDS * 8 || this.count >= 1 << 16) return -1;
    const bucket = LineMemo.bucket(dv, s);
    for (let e = this.bucketHead[bucket]; e >= 0; e = this.next[e]) {
      if (this.headLen[e] === len && sameWordsAt(this.headWords, e * LineMemo.HEAD_WORDS, dv, s, len)) return e;
    }
    if (this.count === this.next.length) this.grow();
    const e = this.count;
    if (!readWords(dv, s, len, this.headWords, e * LineMemo.HEAD_WORDS)) return -1;
    this.count++;
    this.next[e] = this.bucketHead[bucket];
    this.bucketHead[bucket] = e;
    this.headLen[e] = len;
    this.cpu[e] = cpu;
    this.pid[e] = pid;
    this.comm[e] = comm;
    this.task[e] = task;
    for (let w = 0; w < LineMemo.TAIL_WAYS; w++) {
      this.tailOrder[e * LineMemo.TAIL_WAYS + w] = w;
      this.tailLen[e * LineMemo.TAIL_WAYS + w] = -1;
    }
    return e;
  }

  /**
   * Remembers payload b[start, end) after head e (its last byte is followed by
   * the newline), of the event name nameId, read as these values (the first
   * `width`: its kind's slots and extra fields).
   */
  insertTail(e: number, dv: DataView, start: number, end: number, nameId: number, values: Int32Array, width: number): void {
    const len = end - start;
    if (len < 8 || len > LineMemo.TAIL_WORDS * 8) return;
    // the least recently used way, which becomes the most recent
    const o = e * LineMemo.TAIL_WAYS;
    const way = this.tailOrder[o + LineMemo.TAIL_WAYS - 1];
    for (let i = LineMemo.TAIL_WAYS - 1; i > 0; i--) this.tailOrder[o + i] = this.tailOrder[o + i - 1];
    this.tailOrder[o] = way;
    const t = o + way;
    if (!readWords(dv, start, len, this.tailWords, t * LineMemo.TAIL_WORDS)) {
      this.tailLen[t] = -1;
      return;
    }
    this.tailLen[t] = len;
    this.tailName[t] = nameId;
    const tv = this.tailValues;
    // the slots and the kind's extra fields; no subarray: a view per call costs more than this
    for (let k = 0, v = t * VALUE_COUNT; k < width; k++) tv[v + k] = values[k];
  }

  private grow(): void {
    const n = Math.max(256, this.next.length * 2);
    const g = <T extends Int32Array | Float64Array | Uint8Array>(a: T, per: number): T => {
      const b = new (a.constructor as new (n: number) => T)(n * per);
      b.set(a);
      return b;
    };
    this.next = g(this.next, 1);
    this.headLen = g(this.headLen, 1);
    this.headWords = g(this.headWords, LineMemo.HEAD_WORDS);
    this.cpu = g(this.cpu, 1);
    this.pid = g(this.pid, 1);
    this.comm = g(this.comm, 1);
    this.task = g(this.task, 1);
    this.tailOrder = g(this.tailOrder, LineMemo.TAIL_WAYS);
    this.tailLen = g(this.tailLen, LineMemo.TAIL_WAYS);
    this.tailWords = g(this.tailWords, LineMemo.TAIL_WAYS * LineMemo.TAIL_WORDS);
    this.tailName = g(this.tailName, LineMemo.TAIL_WAYS);
    this.tailValues = g(this.tailValues, LineMemo.TAIL_WAYS * VALUE_COUNT);
  }
}

/**
 * Writes the Float64 words of bytes [start, start+len) (len >= 8) to out[at..]:
 * whole words, then one ending at the last byte. False if one is NaN or zero.
 */
function readWords(dv: DataView, start: number, len: number, out: Float64Array, at: number): boolean {
  const last = ((len + 7) >> 3) - 1;
  for (let k = 0; k <= last; k++) {
    const w = dv.getFloat64(k < last ? start + k * 8 : start + len - 8, true);
    if (Number.isNaN(w) || w === 0) return false;
    out[at + k] = w;
  }
  return true;
}

function sameWordsAt(all: Float64Array, at: number, dv: DataView, start: number, len: number): boolean {
  const last = ((len + 7) >> 3) - 1;
  for (let k = 0; k <= last; k++) if (dv.getFloat64(k < last ? start + k * 8 : start + len - 8, true) !== all[at + k]) return false;
  return true;
}
