// CPU data of a trace.dat: each CPU's ring-buffer pages, read (or decompressed,
// v7) a few at a time, walked event by event as libtraceevent's kbuffer does
// (time extends, absolute stamps, padding, lost-event counts), and merged across
// CPUs in time order through a heap, as `trace-cmd report` does. Pages: kernel
// ring_buffer.c and include/linux/ring_buffer.h, libtraceevent kbuffer-parse.c.

import { low32At, u64At, uintAt, viewOf } from './sized-int.ts';
import { type DatFile, corrupt, decompressBlock, truncated } from './trace-dat-io.ts';
import type { CpuData, Meta } from './trace-dat-meta.ts';

// Ring-buffer event header: u32 type_len:5, time_delta:27 (include/linux/ring_buffer.h).
const TYPE_PADDING = 29;
const TYPE_TIME_EXTEND = 30;
const TYPE_TIME_STAMP = 31;
const TS_SHIFT_MUL = 2 ** 27; // TS_SHIFT = 27, kernel/trace/ring_buffer.c
// Page commit word (kernel/trace/ring_buffer.c RB_MISSED_*, libtraceevent COMMIT_MASK).
const MISSED_EVENTS = 0x80000000;
const MISSED_STORED = 0x40000000;
const COMMIT_MASK = (1 << 27) - 1;

/** What receives the events in time order: the cursor stands on the event. */
export interface RecordConsumer {
  record(c: CpuCursor): void;
}

// ---------------------------------------------------------------------------
// Blocks of whole pages, read or decompressed a few at a time.

interface Blocks {
  next(): Promise<Uint8Array | null>;
}

function plainBlocks(file: DatFile, cd: CpuData, blockBytes: number): Blocks {
  let pos = cd.offset;
  const end = cd.offset + cd.size;
  return {
    async next() {
      if (pos >= end) return null;
      const len = Math.min(end - pos, blockBytes);
      const b = await file.read(pos, len, `CPU ${cd.cpu} data`);
      pos += len;
      file.decodedBytes += len;
      return b;
    },
  };
}

/** v7 compressed CPU data: u32 chunk count, then (u32 compressed size, u32 size, data) per chunk. */
function compressedBlocks(file: DatFile, meta: Meta, cd: CpuData): Blocks {
  let left = -1;
  let at = cd.offset;
  // The recorded size leaves out the chunk count in trace-cmd 3.x; allow for either.
  const end = cd.offset + 4 + cd.size;
  let chunk = 0;
  return {
    async next() {
      const le = meta.le;
      if (left < 0) {
        const b = await file.read(at, 4, `CPU ${cd.cpu} chunk count`);
        left = viewOf(b).getUint32(0, le);
        at += 4;
      }
      if (left === 0) return null;
      if (at + 8 > end) throw corrupt(`the CPU ${cd.cpu} data at byte ${cd.offset} has fewer chunks than its count says`);
      const hb = await file.read(at, 8, `CPU ${cd.cpu} chunk header`);
      const hv = viewOf(hb);
      const csize = hv.getUint32(0, le);
      const usize = hv.getUint32(4, le);
      if (at + 8 + csize > end) throw corrupt(`chunk ${chunk} of the CPU ${cd.cpu} data (byte ${at}) runs past the data's end`);
      const data = await file.read(at + 8, csize, `CPU ${cd.cpu} data chunk`);
      const out = await decompressBlock(meta.compression, data, usize, `CPU ${cd.cpu} data chunk ${chunk}`, at);
      file.decodedBytes += out.length;
      at += 8 + csize;
      left--;
      chunk++;
      return out;
    },
  };
}

/** One CPU's events in file order: the page and event-header walk of libtraceevent's kbuffer. */
export class CpuCursor {
  buf: Uint8Array = new Uint8Array(0);
  dv: DataView<ArrayBufferLike> = new DataView(new ArrayBuffer(0));
  private nextPage = 0;
  private pos = 0;
  private end = 0;
  private ts = 0;
  /** The current event: timestamp (after clock conversion), record offset and length in `buf`. */
  evTs = 0;
  evOff = 0;
  evLen = 0;
  /** Events lost before the current page: 0 none, -1 an unknown number, else the count. */
  lost = 0;
  badPages = 0;

  constructor(
    readonly idx: number,
    readonly cpu: number,
    private readonly blocks: Blocks,
    private readonly meta: Meta,
  ) {}

  /** Loads blocks until one has an event; false at the end of the CPU's data. */
  async refill(): Promise<boolean> {
    for (;;) {
      const b = await this.blocks.next();
      if (!b) return false;
      this.buf = b;
      this.dv = viewOf(b);
      this.nextPage = 0;
      this.pos = this.end = 0;
      if (this.next()) return true;
    }
  }

  /** Moves to the next event of the loaded block; false when the block has no more. */
  next(): boolean {
    for (;;) {
      if (this.pos < this.end && this.scan()) return true;
      if (!this.loadPage()) return false;
    }
  }

  private loadPage(): boolean {
    const meta = this.meta;
    const at = this.nextPage;
    const limit = Math.min(meta.pageSize, this.buf.length - at);
    const p = meta.page;
    if (limit < p.dataOffset) return false;
    this.nextPage = at + meta.pageSize;
    const le = meta.le;
    const dv = this.dv;
    this.ts = u64At(dv, at + p.tsOffset, le);
    const commit = low32At(dv, at + p.commitOffset, p.commitSize, le);
    const size = commit & COMMIT_MASK;
    const dataStart = at + p.dataOffset;
    if (p.dataOffset + size > limit) {
      this.badPages++;
      this.pos = this.end = dataStart;
      return true;
    }
    this.pos = dataStart;
    this.end = dataStart + size;
    if (commit & MISSED_EVENTS) {
      // The count is stored after the data when there was room (RB_MISSED_STORED).
      if (commit & MISSED_STORED && p.dataOffset + size + p.commitSize <= limit)
        this.lost = uintAt(dv, this.end, p.commitSize, le);
      else this.lost = -1;
    }
    return true;
  }

  /** Finds the next data event of the page from `pos`, applying time extends, absolute stamps and padding. */
  private scan(): boolean {
    const dv = this.dv;
    const le = this.meta.le;
    const end = this.end;
    while (this.pos + 4 <= end) {
      const at = this.pos;
      const w = dv.getUint32(at, le);
      const typeLen = le ? w & 31 : w >>> 27;
      const delta = le ? w >>> 5 : w & 0x7ffffff;
      let data: number;
      let len: number;
      switch (typeLen) {
        case TYPE_PADDING:
          // kbuffer adds a padding event's delta and skips array[0] bytes past its header.
          if (at + 8 > end) {
            this.pos = end;
            return false;
          }
          this.ts += delta;
          this.pos = at + 4 + dv.getUint32(at + 4, le);
          continue;
        case TYPE_TIME_EXTEND:
        case TYPE_TIME_STAMP: {
          if (at + 8 > end) {
            this.pos = end;
            return false;
          }
          const ext = dv.getUint32(at + 4, le) * TS_SHIFT_MUL + delta;
          if (typeLen === TYPE_TIME_EXTEND) this.ts += ext;
          else this.ts = ext; // absolute; its 5 missing top bits are 0 below 2^59 ns
          this.pos = at + 8;
          continue;
        }
        case 0: {
          if (at + 8 > end) {
            this.pos = end;
            return false;
          }
          const raw = dv.getUint32(at + 4, le);
          if (raw < 4) {
            this.badPages++;
            this.pos = end;
            return false;
          }
          len = raw - 1 - ((raw - 1) % 4); // (array[0] - 4) rounded up to 4; no `<<`, which would wrap at 2^31
          data = at + 8;
          break;
        }
        default:
          len = typeLen * 4;
          data = at + 4;
      }
      if (data + len > end) {
        this.badPages++;
        this.pos = end;
        return false;
      }
      this.ts += delta;
      this.pos = data + len;
      this.evOff = data;
      this.evLen = len;
      this.evTs = this.convert(this.ts);
      return true;
    }
    this.pos = end;
    return false;
  }

  /** trace-cmd's timestamp_calc: TSC to ns when the file says how, then the file's offset. */
  private convert(ts: number): number {
    const tsc = this.meta.tsc;
    if (tsc) ts = Number((BigInt(ts) * BigInt(tsc.mult)) >> BigInt(tsc.shift));
    return ts + this.meta.tsOffsetNs;
  }
}

/** Min-heap of cursors by (timestamp, CPU order): trace-cmd's tracecmd_peek_next_data picks the lowest CPU on ties. */
class CursorHeap {
  readonly items: CpuCursor[] = [];

  private less(a: CpuCursor, b: CpuCursor): boolean {
    return a.evTs < b.evTs || (a.evTs === b.evTs && a.idx < b.idx);
  }

  push(c: CpuCursor): void {
    const h = this.items;
    h.push(c);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(h[i], h[p])) break;
      [h[i], h[p]] = [h[p], h[i]];
      i = p;
    }
  }

  /** Restores the order after the top cursor moved on. */
  fixTop(): void {
    const h = this.items;
    const n = h.length;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) return;
      const r = l + 1;
      const m = r < n && this.less(h[r], h[l]) ? r : l;
      if (!this.less(h[m], h[i])) return;
      [h[i], h[m]] = [h[m], h[i]];
      i = m;
    }
  }

  popTop(): void {
    const h = this.items;
    const last = h.pop()!;
    if (h.length) {
      h[0] = last;
      this.fixTop();
    }
  }
}

/** Bytes of plain CPU data held per CPU at a time: about 4 MiB in all, at least one page each. */
function blockBytesFor(meta: Meta): number {
  const n = Math.max(1, meta.cpus.length);
  const per = Math.min(1 << 20, Math.floor((4 << 20) / n));
  return Math.max(1, Math.floor(per / meta.pageSize)) * meta.pageSize;
}

export async function mergeCpus(file: DatFile, meta: Meta, sink: RecordConsumer): Promise<void> {
  const blockBytes = blockBytesFor(meta);
  const cursors: CpuCursor[] = [];
  meta.cpus.forEach((cd, idx) => {
    if (cd.size === 0) return;
    // trace-cmd refuses CPU data that runs past the end of the file ("File possibly truncated").
    if (cd.offset + cd.size > file.size) throw truncated(`CPU ${cd.cpu} data`, cd.offset, cd.size, file.size);
    const blocks = meta.cpuCompressed ? compressedBlocks(file, meta, cd) : plainBlocks(file, cd, blockBytes);
    cursors.push(new CpuCursor(idx, cd.cpu, blocks, meta));
  });
  const heap = new CursorHeap();
  for (const c of cursors) if (await c.refill()) heap.push(c);
  let n = 0;
  while (heap.items.length) {
    const c = heap.items[0];
    sink.record(c);
    if (c.next() || (await c.refill())) heap.fixTop();
    else heap.popTop();
    if ((++n & 0x3fff) === 0) file.checkCancel();
  }
  for (const c of cursors)
    if (c.badPages) meta.warnings.push(`CPU ${c.cpu}: ${c.badPages} ring-buffer page(s) with an impossible size or event were cut short.`);
}
