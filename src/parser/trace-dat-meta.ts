// What a trace.dat says about itself before its CPU data, read the same way in
// versions 6 and 7: the Meta record the reader fills, the catalog of event ids
// and formats, header_page (the ring-buffer page layout), saved cmdlines and
// the options (clock, offsets, CPU count, buffers, where v7 keeps its sections).
// Layout: trace-cmd's Documentation/trace-cmd/trace-cmd.dat.v{6,7}.5.txt.

import { Kind, kindOfEventName } from '../model/kinds.ts';
import { u64At, viewOf } from './sized-int.ts';
import { corrupt, type Reader } from './trace-dat-io.ts';
import { formatHeader, parseFields } from './trace-dat-format.ts';

// Option and section ids: trace-cmd.dat.v7.5.txt ("Options, supported by the
// trace file version 7") and lib/trace-cmd/include/trace-cmd-local.h. Sections
// that the options point to carry the id of their option.
export const OPT = {
  DONE: 0,
  DATE: 1,
  BUFFER: 3,
  TRACECLOCK: 4,
  UNAME: 5,
  OFFSET: 7,
  CPUCOUNT: 8,
  TSC2NSEC: 14,
  HEADER_INFO: 16,
  FTRACE_EVENTS: 17,
  EVENT_FORMATS: 18,
  CMDLINES: 21,
  BUFFER_TEXT: 22,
} as const;

export interface CpuData {
  cpu: number;
  offset: number;
  size: number;
}

interface PageLayout {
  tsOffset: number;
  commitOffset: number;
  commitSize: number;
  dataOffset: number;
}

interface CatalogEntry {
  system: string;
  name: string;
  /** The full format text, kept only for the kinds we store. */
  text: string | null;
}

/** id -> event name (and format text for stored kinds), from the ftrace and event format files. */
class Catalog {
  readonly byId = new Map<number, CatalogEntry>();
  typeOffset = 0;
  typeSize = 2;
  pidOffset = 4;
  private commonKnown = false;
  unreadable = 0;
  private readonly dec = new TextDecoder('utf-8', { fatal: false });

  add(system: string, bytes: Uint8Array): void {
    const head = formatHeader(this.dec.decode(bytes.subarray(0, Math.min(bytes.length, 512))));
    if (!head) {
      this.unreadable++;
      return;
    }
    const stored = kindOfEventName(head.name) !== Kind.UNKNOWN;
    const text = stored || !this.commonKnown ? this.dec.decode(bytes) : null;
    if (!this.commonKnown && text) {
      // Every event starts with struct trace_entry; its layout is in each format file.
      const fields = parseFields(text);
      const type = fields.find((f) => f.name === 'common_type');
      const pid = fields.find((f) => f.name === 'common_pid');
      if (type) {
        this.typeOffset = type.offset;
        this.typeSize = type.size;
        if (pid) this.pidOffset = pid.offset;
        this.commonKnown = true;
      }
    }
    const other = this.byId.get(head.id);
    if (other) {
      // Two formats claim one ID: one of them is damaged, and which one cannot
      // be told. Their records are counted under both names and stored as neither.
      this.clashes.push(`${other.system}:${other.name} and ${system}:${head.name} both claim event ID ${head.id}`);
      this.byId.set(head.id, { system: other.system, name: `${other.name} or ${head.name} (ID ${head.id})`, text: null });
      return;
    }
    this.byId.set(head.id, { system, name: head.name, text: stored ? text : null });
  }
  /** Sentences for formats that claim an ID another format has. */
  readonly clashes: string[] = [];
}

export interface Meta {
  version: number;
  le: boolean;
  /** The kernel's long size, from header_page's commit field (libtraceevent uses it for %ld). */
  longSize: number;
  pageSize: number;
  page: PageLayout;
  compression: string;
  cpuCompressed: boolean;
  catalog: Catalog;
  cmdlines: Map<number, string>;
  clock: string | null;
  tsOffsetNs: number;
  tsc: { mult: number; shift: number } | null;
  cpus: CpuData[];
  cpuCount: number;
  instances: string[];
  latency: boolean;
  useTraceClock: boolean;
  warnings: string[];
  uname: string | null;
}

/** The Meta of a file with the given header fields, before anything else is read. */
export function newMeta(version: number, le: boolean, userLong: number, pageSize: number): Meta {
  return {
    version,
    le,
    longSize: userLong,
    pageSize,
    page: { tsOffset: 0, commitOffset: 8, commitSize: userLong, dataOffset: 8 + userLong },
    compression: 'none',
    cpuCompressed: false,
    catalog: new Catalog(),
    cmdlines: new Map(),
    clock: null,
    tsOffsetNs: 0,
    tsc: null,
    cpus: [],
    cpuCount: 0,
    instances: [],
    latency: false,
    useTraceClock: false,
    warnings: [],
    uname: null,
  };
}

// ---------------------------------------------------------------------------
// Readers of the metadata, shared by both versions

export async function readHeaderInfo(r: Reader, meta: Meta): Promise<void> {
  await r.expect('header_page\0', 'header info');
  const n = await r.u64();
  const text = new TextDecoder().decode(await r.bytes(n, 'header_page format'));
  const fields = parseFields(text);
  const ts = fields.find((f) => f.name === 'timestamp');
  const commit = fields.find((f) => f.name === 'commit');
  const data = fields.find((f) => f.name === 'data');
  if (ts && ts.size !== 8) throw corrupt(`the page timestamp has ${ts.size} bytes, not 8`);
  if (commit && commit.size !== 4 && commit.size !== 8) throw corrupt(`the page commit field has ${commit.size} bytes`);
  const longSize = commit ? commit.size : meta.longSize;
  meta.longSize = longSize;
  meta.page = {
    tsOffset: ts ? ts.offset : 0,
    commitOffset: commit ? commit.offset : 8,
    commitSize: longSize,
    dataOffset: data ? data.offset : 8 + longSize,
  };
  if (meta.page.dataOffset >= meta.pageSize || meta.page.commitOffset + longSize > meta.page.dataOffset)
    throw corrupt('the header_page layout does not fit in a page');
  await r.expect('header_event\0', 'header info');
  r.skip(await r.u64(), 'header_event format');
}

/** `count` x (u64 size, format text), the ftrace formats' layout. */
async function readFormatList(r: Reader, catalog: Catalog, system: string, count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    const n = await r.u64();
    catalog.add(system, await r.bytes(n, `format of a ${system} event`));
  }
}

export async function readFtraceFormats(r: Reader, catalog: Catalog): Promise<void> {
  await readFormatList(r, catalog, 'ftrace', await r.u32());
}

export async function readEventFormats(r: Reader, catalog: Catalog): Promise<void> {
  const systems = await r.u32();
  for (let s = 0; s < systems; s++) {
    const system = await r.cstring(256);
    await readFormatList(r, catalog, system, await r.u32());
  }
}

export async function readCmdlines(r: Reader, meta: Meta): Promise<void> {
  const n = await r.u64();
  const text = new TextDecoder().decode(await r.bytes(n, 'saved cmdlines'));
  // saved_cmdlines: "pid comm" per line; the comm is the rest of the line.
  for (const line of text.split('\n')) {
    const m = /^\s*(\d+) (.*)$/.exec(line);
    if (m) meta.cmdlines.set(Number(m[1]), m[2]);
  }
}

export const latin1 = new TextDecoder('latin1');

function cstr(b: Uint8Array, at: number): { s: string; next: number } {
  let e = at;
  while (e < b.length && b[e] !== 0) e++;
  return { s: latin1.decode(b.subarray(at, e)), next: e + 1 };
}

/** The selected clock of a trace_clock file: "local [global] counter ..." -> "global". */
export function selectedClock(text: string): string | null {
  const m = /\[([^\]]+)\]/.exec(text);
  return m ? m[1].trim() : null;
}

export interface BufferOption {
  offset: number;
  name: string;
  clock: string;
  cpus: CpuData[];
}

/** Reads options until DONE; returns the offset of the next options section (v7) or 0. */
export async function readOptions(r: Reader, meta: Meta, buffers: BufferOption[], sections: Map<number, number>): Promise<number> {
  for (;;) {
    if (meta.version === 7 && r.remaining < 2) throw corrupt(`the options section at byte ${r.origin} has no DONE option`);
    const id = await r.u16();
    if (meta.version === 6 && id === OPT.DONE) return 0;
    const size = await r.u32();
    const at = r.pos;
    const data = await r.bytes(size, `option ${id}`);
    const dv = viewOf(data);
    // NaN past the option's end
    const u32 = (o: number) => (o + 4 <= data.length ? dv.getUint32(o, meta.le) : NaN);
    const u64 = (o: number) => (o + 8 <= data.length ? u64At(dv, o, meta.le) : NaN);
    const text = () => cstr(data, 0).s;
    switch (id) {
      case OPT.DONE: {
        const next = u64(0);
        if (Number.isNaN(next)) throw corrupt(`the DONE option at byte ${at} is ${size} bytes long`);
        return next;
      }
      case OPT.DATE:
      case OPT.OFFSET: {
        // Both are strtoll(..., 0) strings; DATE is in microseconds (handle_options in trace-input.c).
        const t = text().trim();
        const m = /^([-+]?)(0[xX][0-9a-fA-F]+|\d+)/.exec(t);
        if (m) {
          const v = Number(BigInt(m[2])) * (m[1] === '-' ? -1 : 1);
          meta.tsOffsetNs += id === OPT.DATE ? v * 1000 : v;
        }
        break;
      }
      case OPT.TRACECLOCK:
        meta.useTraceClock = true;
        meta.clock ??= selectedClock(text());
        break;
      case OPT.UNAME:
        meta.uname = text().trim();
        break;
      case OPT.CPUCOUNT:
        if (!Number.isNaN(u32(0))) meta.cpuCount = u32(0);
        break;
      case OPT.TSC2NSEC:
        if (size >= 16 && u32(0) !== 0) meta.tsc = { mult: u32(0), shift: u32(4) };
        break;
      case OPT.BUFFER:
      case OPT.BUFFER_TEXT: {
        const offset = u64(0);
        const name = cstr(data, 8);
        if (meta.version === 6 || id === OPT.BUFFER_TEXT) {
          if (id === OPT.BUFFER_TEXT && name.s === '') meta.latency = true;
          else if (name.s !== '') meta.instances.push(name.s);
          break;
        }
        const clock = cstr(data, name.next);
        let p = clock.next;
        // trace-cmd >= 3.0 writes the sub-buffer size before the CPU count; tell the two layouts apart by size.
        const left = data.length - p;
        const a = u32(p);
        const b = u32(p + 4);
        let n: number;
        if (left >= 8 && left === 8 + b * 20) {
          n = b;
          p += 8;
        } else if (left >= 4 && left === 4 + a * 20) {
          n = a;
          p += 4;
        } else throw corrupt(`the BUFFER option at byte ${at} does not describe its CPUs`);
        const cpus: CpuData[] = [];
        for (let i = 0; i < n; i++, p += 20) cpus.push({ cpu: u32(p), offset: u64(p + 4), size: u64(p + 12) });
        buffers.push({ offset, name: name.s, clock: clock.s, cpus });
        break;
      }
      case OPT.HEADER_INFO:
      case OPT.FTRACE_EVENTS:
      case OPT.EVENT_FORMATS:
      case OPT.CMDLINES:
        if (size >= 8) sections.set(id, u64(0));
        break;
      default:
        break; // unknown or unneeded options are skipped, as trace-cmd does
    }
  }
}
