// The event table: one row per stored event, in columns (typed arrays plus a
// length), never one object per event. Timestamps are integer nanoseconds in a
// Float64Array (exact up to 2^53 ns, about 104 days of uptime; beyond that the
// error stays below the microsecond resolution of text traces).
// Tasks (pid + comm as printed) and strings are interned in side tables.
// Fields beyond the six slots (kinds.ts `extra`, such as lru_shrink_inactive's
// nr_writeback ... nr_unmap_fail) live in per-kind side columns: only rows of
// those kinds pay for them (a row index and one Int32 per field a row of the
// trace printed), the other rows pay nothing.

import { ABSENT, EXTRA_COUNT, KIND_COUNT, SLOT_COUNT, VALUE_COUNT } from './kinds.ts';
import { StringTable } from './strings.ts';
import { lowerBound } from './sorted.ts';

/**
 * The extra fields of one kind's rows: `rows[i]` is a table row of the kind
 * (ascending), `cols[j][i]` its value of the kind's extra field j (ABSENT
 * when missing); a column is null while no row of the trace had the field
 * (a 6.x trace has no 4.x `nr_activate=`).
 */
export interface KindExtras {
  length: number;
  rows: Uint32Array;
  cols: (Int32Array | null)[];
}

/** The event columns themselves: plain typed arrays, transferable between threads. */
export interface EventColumns {
  length: number;
  ts: Float64Array;
  task: Uint32Array;
  cpu: Uint16Array;
  kind: Uint8Array;
  /** SLOT_COUNT Int32 columns; meaning per kind in kinds.ts; ABSENT when missing. */
  slots: Int32Array[];
  /** Per kind id, its rows' extra fields; null for kinds without extras. */
  extras: (KindExtras | null)[];
}

export interface EventTable extends EventColumns {
  tasks: TaskTable;
  strings: StringTable;
}

/** A task is a pid with the comm it was printed with, as the kernel script keys them. */
export class TaskTable {
  readonly pid: number[] = [];
  readonly comm: number[] = [];
  private readonly ids = new Map<number, number>();

  idOf(pid: number, commId: number): number {
    const key = pid * 16777216 + commId;
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.pid.length;
      this.pid.push(pid);
      this.comm.push(commId);
      this.ids.set(key, id);
    }
    return id;
  }

  get length(): number {
    return this.pid.length;
  }
}

export class EventTableBuilder {
  length = 0;
  private cap: number;
  ts: Float64Array;
  task: Uint32Array;
  cpu: Uint16Array;
  kind: Uint8Array;
  slots: Int32Array[];
  /** Per kind id, the builder of its extra columns (null for kinds without extras). */
  private readonly extra: (ExtraBuilder | null)[] = [];
  readonly tasks = new TaskTable();
  readonly strings = new StringTable();

  constructor(capacityHint = 4096) {
    this.cap = Math.max(256, Math.floor(capacityHint));
    this.ts = new Float64Array(this.cap);
    this.task = new Uint32Array(this.cap);
    this.cpu = new Uint16Array(this.cap);
    this.kind = new Uint8Array(this.cap);
    this.slots = [];
    for (let s = 0; s < SLOT_COUNT; s++) this.slots.push(new Int32Array(this.cap));
    for (let k = 0; k < KIND_COUNT; k++) this.extra.push(EXTRA_COUNT[k] > 0 ? new ExtraBuilder(EXTRA_COUNT[k]) : null);
  }

  /**
   * Reserves the side columns of each kind for the rows expected of it
   * (indexed by kind id; text-part.ts estimateRows): grown by half from 256,
   * they left about twice their final size in garbage on isolate- and
   * shrink-heavy traces.
   */
  reserveExtras(rowsPerKind: ArrayLike<number>): void {
    for (let k = 0; k < KIND_COUNT; k++) this.extra[k]?.reserve(rowsPerKind[k] ?? 0);
  }

  /** Appends a row; `values` holds SLOT_COUNT slot values, then the kind's extra fields (VALUE_COUNT in all). Returns the row index. */
  push(ts: number, task: number, cpu: number, kind: number, values: Int32Array): number {
    if (this.length === this.cap) this.grow();
    const row = this.length++;
    this.ts[row] = ts;
    this.task[row] = task;
    this.cpu[row] = cpu;
    this.kind[row] = kind;
    const slots = this.slots;
    // unrolled: SLOT_COUNT is 6
    slots[0][row] = values[0];
    slots[1][row] = values[1];
    slots[2][row] = values[2];
    slots[3][row] = values[3];
    slots[4][row] = values[4];
    slots[5][row] = values[5];
    const x = this.extra[kind];
    if (x !== null) x.push(row, values);
    return row;
  }

  get capacity(): number {
    return this.cap;
  }

  /**
   * The capacity to grow to when the table is full, given the rows held; set by
   * whoever knows how many rows are still to come (text-part.ts CapacityPlanner).
   * Without it the table grows by half.
   */
  growTo: ((length: number) => number) | null = null;

  private grow(): void {
    // 1.5x keeps the transient peak (old + new) at 2.5x the live columns;
    // parse.ts reserves the expected size early, so big traces rarely get here.
    const want = this.growTo?.(this.length) ?? Math.ceil(this.cap * 1.5);
    this.resize(Math.max(want, this.length) + 256);
  }

  /** Sets the capacity (at least the rows held), one column at a time so the transient peak is one column. */
  resize(cap: number): void {
    cap = Math.max(this.length, Math.ceil(cap));
    if (cap === this.cap) return;
    this.ts = growF64(this.ts, cap, this.length);
    this.task = growU32(this.task, cap, this.length);
    this.cpu = growU16(this.cpu, cap, this.length);
    this.kind = growU8(this.kind, cap, this.length);
    for (let s = 0; s < this.slots.length; s++) this.slots[s] = growI32(this.slots[s], cap, this.length);
    this.cap = cap;
  }

  /** Appends rows given as columns (another builder's, with task and string ids already mapped to this one's). */
  appendColumns(src: EventColumns): void {
    const n = src.length;
    if (this.length + n > this.cap) this.resize(this.length + n);
    const at = this.length;
    this.ts.set(src.ts.subarray(0, n), at);
    this.task.set(src.task.subarray(0, n), at);
    this.cpu.set(src.cpu.subarray(0, n), at);
    this.kind.set(src.kind.subarray(0, n), at);
    for (let s = 0; s < SLOT_COUNT; s++) this.slots[s].set(src.slots[s].subarray(0, n), at);
    for (let k = 0; k < KIND_COUNT; k++) {
      const from = src.extras[k];
      if (from && from.length > 0) this.extra[k]!.append(from, at);
    }
    this.length += n;
  }

  /**
   * The finished table. Columns are trimmed to the rows held when more than
   * 1/12 of the capacity is unused (a copy, column by column), so that an
   * over-estimated capacity does not stay allocated for the trace's lifetime;
   * the few percent a sampled estimate (text-part.ts) leaves over are kept
   * rather than copied.
   */
  finish(): EventTable {
    const n = this.length;
    if (this.cap - n > this.cap / 12) this.resize(n);
    return {
      length: n,
      ts: this.ts.subarray(0, n),
      task: this.task.subarray(0, n),
      cpu: this.cpu.subarray(0, n),
      kind: this.kind.subarray(0, n),
      slots: this.slots.map((c) => c.subarray(0, n)),
      extras: this.extra.map((x) => (x ? x.finish() : null)),
      tasks: this.tasks,
      strings: this.strings,
    };
  }
}

/** The growing extra columns of one kind (EventTableBuilder). */
class ExtraBuilder {
  length = 0;
  private cap = 0;
  private rows = new Uint32Array(0);
  private readonly cols: (Int32Array | null)[];

  constructor(private readonly fields: number) {
    this.cols = Array<Int32Array | null>(fields).fill(null);
  }

  push(row: number, values: Int32Array): void {
    if (this.length === this.cap) this.resize(Math.ceil(this.cap * 1.5) + 256);
    const i = this.length++;
    this.rows[i] = row;
    const cols = this.cols;
    for (let j = 0; j < this.fields; j++) {
      const v = values[SLOT_COUNT + j];
      let c = cols[j];
      if (c === null) {
        if (v === ABSENT) continue;
        c = cols[j] = new Int32Array(this.cap).fill(ABSENT);
      }
      c[i] = v;
    }
  }

  /** Room for at least n rows. */
  reserve(n: number): void {
    if (n > this.cap) this.resize(Math.ceil(n));
  }

  /** Appends another table's extras of this kind, its rows moved by `at`. */
  append(src: KindExtras, at: number): void {
    const n = src.length;
    if (this.length + n > this.cap) this.resize(this.length + n);
    const i0 = this.length;
    for (let i = 0; i < n; i++) this.rows[i0 + i] = src.rows[i] + at;
    for (let j = 0; j < this.fields; j++) {
      const from = src.cols[j];
      let c = this.cols[j];
      if (from === null) {
        if (c !== null) c.fill(ABSENT, i0, i0 + n);
        continue;
      }
      if (c === null) c = this.cols[j] = new Int32Array(this.cap).fill(ABSENT);
      c.set(from.subarray(0, n), i0);
    }
    this.length += n;
  }

  private resize(cap: number): void {
    const rows = new Uint32Array(cap);
    rows.set(this.rows.subarray(0, this.length));
    this.rows = rows;
    for (let j = 0; j < this.fields; j++) {
      const c = this.cols[j];
      if (c === null) continue;
      const b = new Int32Array(cap).fill(ABSENT);
      b.set(c.subarray(0, this.length));
      this.cols[j] = b;
    }
    this.cap = cap;
  }

  /** The columns, trimmed as EventTableBuilder.finish trims its own. */
  finish(): KindExtras {
    const n = this.length;
    if (this.cap - n > this.cap / 12) this.resize(n);
    return { length: n, rows: this.rows.subarray(0, n), cols: this.cols.map((c) => (c ? c.subarray(0, n) : null)) };
  }
}

/** Where row r of a kind sits in that kind's extras (binary search), or -1 when it has none. */
export function extrasIndex(x: KindExtras | null, r: number): number {
  if (!x) return -1;
  const i = lowerBound(x.rows, r, x.length);
  return i < x.length && x.rows[i] === r ? i : -1;
}

/** Extra field j of row r (of kind x's kind), or ABSENT. */
export function extraValue(x: KindExtras | null, r: number, j: number): number {
  const i = extrasIndex(x, r);
  const c = i < 0 ? null : x!.cols[j];
  return c ? c[i] : ABSENT;
}

/**
 * Re-points every kind's extras after the table's rows were put in `order`
 * (new row r is old row order[r]; `kind` is the reordered kind column): one
 * walk over the new rows gives each kind's rows ascending, no sort needed.
 */
export function moveExtras(extras: (KindExtras | null)[], order: Uint32Array, kind: Uint8Array, scratch = new Int32Array(order.length)): void {
  if (!extras.some((x) => x && x.length > 0)) return;
  const n = order.length;
  // the place of each old row in its kind's extras (rows of other kinds never read it); in the caller's scratch when given
  const placeOf = scratch.subarray(0, n).fill(-1);
  const perm: (Uint32Array | null)[] = extras.map((x) => {
    if (!x || x.length === 0) return null;
    for (let i = 0; i < x.length; i++) placeOf[x.rows[i]] = i;
    return new Uint32Array(x.length);
  });
  const filled = new Uint32Array(extras.length);
  for (let r = 0; r < n; r++) {
    const k = kind[r];
    const p = perm[k];
    const i = p ? placeOf[order[r]] : -1;
    if (i < 0) continue;
    const j = filled[k]++;
    p![j] = i;
    extras[k]!.rows[j] = r;
  }
  extras.forEach((x, k) => {
    const p = perm[k];
    if (!x || !p) return;
    for (const c of x.cols) {
      if (!c) continue;
      const copy = c.slice(0, x.length);
      for (let j = 0; j < x.length; j++) c[j] = copy[p[j]];
    }
  });
}

export function newSlotValues(): Int32Array {
  return new Int32Array(VALUE_COUNT).fill(ABSENT);
}

function growF64(a: Float64Array, cap: number, used: number): Float64Array {
  const b = new Float64Array(cap);
  b.set(a.subarray(0, used));
  return b;
}
function growU32(a: Uint32Array, cap: number, used: number): Uint32Array {
  const b = new Uint32Array(cap);
  b.set(a.subarray(0, used));
  return b;
}
function growU16(a: Uint16Array, cap: number, used: number): Uint16Array {
  const b = new Uint16Array(cap);
  b.set(a.subarray(0, used));
  return b;
}
function growU8(a: Uint8Array, cap: number, used: number): Uint8Array {
  const b = new Uint8Array(cap);
  b.set(a.subarray(0, used));
  return b;
}
function growI32(a: Int32Array, cap: number, used: number): Int32Array {
  const b = new Int32Array(cap);
  b.set(a.subarray(0, used));
  return b;
}
