// The event table: one row per stored event, in columns (typed arrays plus a
// length), never one object per event. Timestamps are integer nanoseconds in a
// Float64Array (exact up to 2^53 ns, about 104 days of uptime; beyond that the
// error stays below the microsecond resolution of text traces).
// Tasks (pid + comm as printed) and strings are interned in side tables.

import { ABSENT, SLOT_COUNT } from './kinds.ts';
import { StringTable } from './strings.ts';

/** The event columns themselves: plain typed arrays, transferable between threads. */
export interface EventColumns {
  length: number;
  ts: Float64Array;
  task: Uint32Array;
  cpu: Uint16Array;
  kind: Uint8Array;
  /** SLOT_COUNT Int32 columns; meaning per kind in kinds.ts; ABSENT when missing. */
  slots: Int32Array[];
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
  }

  /** Appends a row; `values` holds SLOT_COUNT slot values. Returns the row index. */
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
    return row;
  }

  get capacity(): number {
    return this.cap;
  }

  private grow(): void {
    // 1.5x keeps the transient peak (old + new) at 2.5x the live columns;
    // parse.ts reserves the expected size early, so big traces rarely get here.
    this.resize(Math.ceil(this.cap * 1.5) + 256);
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
  appendColumns(src: { length: number; ts: Float64Array; task: Uint32Array; cpu: Uint16Array; kind: Uint8Array; slots: Int32Array[] }): void {
    const n = src.length;
    if (this.length + n > this.cap) this.resize(this.length + n);
    const at = this.length;
    this.ts.set(src.ts.subarray(0, n), at);
    this.task.set(src.task.subarray(0, n), at);
    this.cpu.set(src.cpu.subarray(0, n), at);
    this.kind.set(src.kind.subarray(0, n), at);
    for (let s = 0; s < SLOT_COUNT; s++) this.slots[s].set(src.slots[s].subarray(0, n), at);
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
      tasks: this.tasks,
      strings: this.strings,
    };
  }
}

export function newSlotValues(): Int32Array {
  return new Int32Array(SLOT_COUNT).fill(ABSENT);
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
