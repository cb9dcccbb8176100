// The event table: one row per stored event, in columns (typed arrays plus a
// length), never one object per event. Timestamps are integer nanoseconds in a
// Float64Array (exact up to 2^53 ns, about 104 days of uptime; beyond that the
// error stays below the microsecond resolution of text traces).
// Tasks (pid + comm as printed) and strings are interned in side tables.

import { ABSENT, SLOT_COUNT } from './kinds.ts';
import { StringTable } from './strings.ts';

export interface EventTable {
  length: number;
  ts: Float64Array;
  task: Uint32Array;
  cpu: Uint16Array;
  kind: Uint8Array;
  /** SLOT_COUNT Int32 columns; meaning per kind in kinds.ts; ABSENT when missing. */
  slots: Int32Array[];
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
    for (let s = 0; s < SLOT_COUNT; s++) slots[s][row] = values[s];
    return row;
  }

  private grow(): void {
    // 1.5x keeps the transient peak (old + new) at 2.5x the live columns.
    const cap = Math.ceil(this.cap * 1.5) + 256;
    this.ts = growF64(this.ts, cap);
    this.task = growU32(this.task, cap);
    this.cpu = growU16(this.cpu, cap);
    this.kind = growU8(this.kind, cap);
    this.slots = this.slots.map((col) => growI32(col, cap));
    this.cap = cap;
  }

  /** The finished table; the columns are views of the builder's buffers. */
  finish(): EventTable {
    const n = this.length;
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

function growF64(a: Float64Array, cap: number): Float64Array {
  const b = new Float64Array(cap);
  b.set(a);
  return b;
}
function growU32(a: Uint32Array, cap: number): Uint32Array {
  const b = new Uint32Array(cap);
  b.set(a);
  return b;
}
function growU16(a: Uint16Array, cap: number): Uint16Array {
  const b = new Uint16Array(cap);
  b.set(a);
  return b;
}
function growU8(a: Uint8Array, cap: number): Uint8Array {
  const b = new Uint8Array(cap);
  b.set(a);
  return b;
}
function growI32(a: Int32Array, cap: number): Int32Array {
  const b = new Int32Array(cap);
  b.set(a);
  return b;
}
