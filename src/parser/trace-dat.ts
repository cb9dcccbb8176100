// Long (about 1,080 lines): header and options, sections, ring-buffer pages and
// the event sink, each under its own banner below; to be split along those
// banners (issue 16), with one module for the sized-integer readers.
//
// trace-cmd's binary trace.dat, versions 6 and 7 (sections, zstd/zlib), read into
// the event table: events decoded with the formats and print fmts the file carries
// (trace-dat-format.ts), comms from saved cmdlines, CPU pages merged in time order as
// `trace-cmd report` does. Not read: kallsyms, printk formats, latency text, instances
// other than the top buffer, guest time sync. Layout: trace-cmd's Documentation/
// trace-cmd/trace-cmd.dat.v{6,7}.5.txt; pages: kernel ring_buffer.c, libtraceevent kbuffer-parse.c.

import { type EventTableBuilder, newSlotValues } from '../model/event-table.ts';
import { ABSENT, Kind, SLOT_COUNT, SPEC_BY_KIND, kindOfEventName, type KindId } from '../model/kinds.ts';
import { countSkip, type ParseReport } from '../model/parse-report.ts';
import { countSlot, MALFORMED_VALUE } from './payload.ts';
import { TraceError } from './errors.ts';
import type { ByteSource } from './source.ts';
import { DatFile, Reader, corrupt, decompressBlock, truncated } from './trace-dat-io.ts';
import {
  compileKind,
  formatHeader,
  parseEventFormat,
  parseFields,
  renderSlot,
  type CompiledKind,
  type EvalContext,
  type RecordView,
} from './trace-dat-format.ts';

export interface DatOptions {
  signal?: AbortSignal;
  onProgress?: (bytesRead: number) => void;
  /**
   * 'us' (default) rounds each timestamp to the microsecond exactly as
   * `trace-cmd report` prints it (libtraceevent's print_event_time:
   * (ts + 500) / 1000), so that a .dat gives exactly what its report text
   * gives, to the last duration. 'ns' keeps the file's nanoseconds.
   */
  timeResolution?: 'ns' | 'us';
  /** Called with the UNAME option ("sysname nodename release machine") when the file has one. */
  onUname?: (uname: string) => void;
}

// Option and section ids: trace-cmd.dat.v7.5.txt ("Options, supported by the
// trace file version 7") and lib/trace-cmd/include/trace-cmd-local.h. Sections
// that the options point to carry the id of their option.
const OPT = {
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

const SECTION_NAMES: Record<number, string> = {
  0: 'options',
  3: 'flyrecord buffer',
  15: 'strings',
  16: 'header info',
  17: 'ftrace event formats',
  18: 'event formats',
  19: 'kallsyms',
  20: 'printk formats',
  21: 'saved cmdlines',
  22: 'latency buffer',
  23: 'BTF',
  25: 'modules',
};

/** Section flag: the section is compressed (trace-cmd.dat.v7.5.txt, "FORMAT OF THE SECTION HEADER"). */
const SECTION_COMPRESSED = 1;

// Ring-buffer event header: u32 type_len:5, time_delta:27 (include/linux/ring_buffer.h).
const TYPE_PADDING = 29;
const TYPE_TIME_EXTEND = 30;
const TYPE_TIME_STAMP = 31;
const TS_SHIFT_MUL = 2 ** 27; // TS_SHIFT = 27, kernel/trace/ring_buffer.c
// Page commit word (kernel/trace/ring_buffer.c RB_MISSED_*, libtraceevent COMMIT_MASK).
const MISSED_EVENTS = 0x80000000;
const MISSED_STORED = 0x40000000;
const COMMIT_MASK = (1 << 27) - 1;

/**
 * Clocks that `trace-cmd report` prints as seconds.microseconds; any other
 * clock (counter, x86-tsc) is printed as raw ticks (extract_trace_clock in
 * lib/trace-cmd/trace-input.c).
 */
function clockCountsNs(clock: string): boolean {
  return ['local', 'global', 'uptime', 'perf', 'tai', 'tsc2nsec'].includes(clock) || clock.startsWith('mono');
}

interface CpuData {
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

interface Meta {
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

const MAGIC = [0x17, 0x08, 0x44, 0x74, 0x72, 0x61, 0x63, 0x69, 0x6e, 0x67]; // "\x17\x08Dtracing"

/** Reads a trace.dat into the builder and report. */
export async function parseTraceDat(
  source: ByteSource,
  builder: EventTableBuilder,
  report: ParseReport,
  _version: string,
  opts: DatOptions,
): Promise<void> {
  const file = new DatFile(source, opts);
  const r = Reader.ofFile(file, 0, file.size, 'file header', true);
  const magic = await r.bytes(MAGIC.length, 'file header');
  for (let i = 0; i < MAGIC.length; i++)
    if (magic[i] !== MAGIC[i]) throw corrupt('it does not start with the trace.dat magic bytes ("\\x17\\x08Dtracing")');
  const versionText = await r.cstring(16);
  const version = /^\d+$/.test(versionText) ? Number(versionText) : NaN;
  if (version !== 6 && version !== 7)
    throw new TraceError(
      'trace-dat',
      `trace.dat version "${versionText}" is not read (versions 6 and 7 are); convert it to text first: trace-cmd report -i FILE > FILE.txt`,
    );
  const endian = await r.u8();
  if (endian !== 0 && endian !== 1) throw corrupt(`the endianness byte is ${endian}, not 0 or 1`);
  const le = endian === 0;
  r.le = le;
  const userLong = await r.u8();
  if (userLong !== 4 && userLong !== 8) throw corrupt(`the long size is ${userLong}, not 4 or 8`);
  const pageSize = await r.u32();
  if (pageSize < 256 || pageSize > 1 << 24 || (pageSize & (pageSize - 1)) !== 0) throw corrupt(`the page size is ${pageSize}`);
  const meta: Meta = {
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
  if (version === 6) await readV6(file, r, meta);
  else await readV7(file, r, meta);

  if (meta.uname) opts.onUname?.(meta.uname);
  report.format = 'trace-cmd-dat';
  report.capture = 'trace.dat';
  report.cpus = meta.cpuCount;
  const ticks = meta.clock !== null && !clockCountsNs(meta.clock) && meta.tsc === null;
  report.timeUnit = ticks ? 'ticks' : 'ns';
  if (ticks)
    report.warnings.push(
      `The trace clock is "${meta.clock}", which does not count nanoseconds (counter or TSC). Times are shown in clock ticks.`,
    );
  if (meta.instances.length)
    report.warnings.push(`Only the top trace buffer was read; the file also holds the instance(s) ${meta.instances.map((n) => `"${n}"`).join(', ')}.`);
  if (Math.abs(meta.tsOffsetNs) > 2 ** 52)
    report.warnings.push('The file adds a date offset to every timestamp; at that size the nanoseconds are rounded (float64).');
  if (meta.catalog.unreadable) report.warnings.push(`${meta.catalog.unreadable} event format file(s) in the trace.dat could not be read.`);
  for (const c of meta.catalog.clashes) report.warnings.push(`Damaged event formats: ${c}; their records are counted, not stored.`);

  const sink = new EventSink(builder, report, meta, opts.timeResolution !== 'ns');
  await mergeCpus(file, meta, sink);
  sink.finish();
  report.warnings.push(...meta.warnings);
  report.bytes = file.bytesRead;
  report.decodedBytes = file.decodedBytes;
  file.finishProgress();
  if (report.events === 0) {
    const empty = meta.cpus.every((c) => c.size === 0);
    throw new TraceError(
      'no-events',
      empty ? 'the trace.dat holds no recorded events (every CPU buffer is empty)' : 'the trace.dat holds no events',
    );
  }
}

// ---------------------------------------------------------------------------
// Metadata shared by both versions

async function readHeaderInfo(r: Reader, meta: Meta): Promise<void> {
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

async function readFtraceFormats(r: Reader, catalog: Catalog): Promise<void> {
  await readFormatList(r, catalog, 'ftrace', await r.u32());
}

async function readEventFormats(r: Reader, catalog: Catalog): Promise<void> {
  const systems = await r.u32();
  for (let s = 0; s < systems; s++) {
    const system = await r.cstring(256);
    await readFormatList(r, catalog, system, await r.u32());
  }
}

async function readCmdlines(r: Reader, meta: Meta): Promise<void> {
  const n = await r.u64();
  const text = new TextDecoder().decode(await r.bytes(n, 'saved cmdlines'));
  // saved_cmdlines: "pid comm" per line; the comm is the rest of the line.
  for (const line of text.split('\n')) {
    const m = /^\s*(\d+) (.*)$/.exec(line);
    if (m) meta.cmdlines.set(Number(m[1]), m[2]);
  }
}

const latin1 = new TextDecoder('latin1');

function cstr(b: Uint8Array, at: number): { s: string; next: number } {
  let e = at;
  while (e < b.length && b[e] !== 0) e++;
  return { s: latin1.decode(b.subarray(at, e)), next: e + 1 };
}

/** The selected clock of a trace_clock file: "local [global] counter ..." -> "global". */
function selectedClock(text: string): string | null {
  const m = /\[([^\]]+)\]/.exec(text);
  return m ? m[1].trim() : null;
}

interface BufferOption {
  offset: number;
  name: string;
  clock: string;
  cpus: CpuData[];
}

/** Reads options until DONE; returns the offset of the next options section (v7) or 0. */
async function readOptions(r: Reader, meta: Meta, buffers: BufferOption[], sections: Map<number, number>): Promise<number> {
  for (;;) {
    if (meta.version === 7 && r.remaining < 2) throw corrupt(`the options section at byte ${r.origin} has no DONE option`);
    const id = await r.u16();
    if (meta.version === 6 && id === OPT.DONE) return 0;
    const size = await r.u32();
    const at = r.pos;
    const data = await r.bytes(size, `option ${id}`);
    const dv = new DataView(data.buffer, data.byteOffset, data.byteLength);
    const u32 = (o: number) => (o + 4 <= data.length ? dv.getUint32(o, meta.le) : NaN);
    const u64 = (o: number) => {
      if (o + 8 > data.length) return NaN;
      const lo = dv.getUint32(meta.le ? o : o + 4, meta.le);
      const hi = dv.getUint32(meta.le ? o + 4 : o, meta.le);
      return hi * 4294967296 + lo;
    };
    const text = () => cstr(data, 0).s;
    switch (id) {
      case OPT.DONE: {
        const next = u64(0);
        if (next !== next) throw corrupt(`the DONE option at byte ${at} is ${size} bytes long`);
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
        if (u32(0) === u32(0)) meta.cpuCount = u32(0);
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

// ---------------------------------------------------------------------------
// Version 6: one sequential header, then page-aligned CPU data.

async function readV6(file: DatFile, r: Reader, meta: Meta): Promise<void> {
  await readHeaderInfo(r, meta);
  await readFtraceFormats(r, meta.catalog);
  await readEventFormats(r, meta.catalog);
  for (const what of ['kallsyms', 'printk formats']) {
    const n = await r.u32();
    r.skip(n, what);
    file.skipped(n);
  }
  await readCmdlines(r, meta);
  const cpus = await r.u32();
  if (cpus > 1 << 16) throw corrupt(`the file says it has ${cpus} CPUs`);
  meta.cpuCount = cpus;
  let tag = latin1.decode(await r.bytes(10, 'data tag'));
  const buffers: BufferOption[] = [];
  if (tag === 'options  \0') {
    await readOptions(r, meta, buffers, new Map());
    tag = latin1.decode(await r.bytes(10, 'data tag'));
  }
  if (tag === 'latency  \0') throw latencyOnly();
  if (tag !== 'flyrecord\0') throw corrupt(`expected "flyrecord" or "latency" at byte ${r.pos - 10}, found "${tag.replace(/\0/g, '')}"`);
  // The CPU table has one entry per CPU of the header count (CPUCOUNT may only restate it).
  meta.cpuCount = Math.max(meta.cpuCount, cpus);
  for (let cpu = 0; cpu < cpus; cpu++) meta.cpus.push({ cpu, offset: await r.u64(), size: await r.u64() });
  if (meta.useTraceClock) {
    // After the CPU table: u64 size and the trace_clock file (init_data_v6 in trace-input.c);
    // trace-cmd falls back to the local clock when it cannot be read, and so do we.
    try {
      const n = await r.u64();
      if (n <= 4096) meta.clock = selectedClock(latin1.decode(await r.bytes(n, 'trace clock'))) ?? meta.clock;
    } catch (e) {
      if (!(e instanceof TraceError) || e.code === 'cancelled') throw e;
    }
  }
}

function latencyOnly(): TraceError {
  return new TraceError(
    'trace-dat',
    'this trace.dat holds latency-tracer text, not ring-buffer events; convert it to text first: trace-cmd report -i FILE > FILE.txt',
  );
}

// ---------------------------------------------------------------------------
// Version 7: sections found through the options.

async function readSectionHeader(
  file: DatFile,
  meta: Meta,
  at: number,
  expectId: number,
): Promise<{ flags: number; size: number; dataAt: number }> {
  const what = SECTION_NAMES[expectId] ?? `id ${expectId}`;
  if (at + 16 > file.size) throw truncated(`${what} section header`, at, 16, file.size);
  const r = Reader.ofFile(file, at, at + 16, `${what} section header`, meta.le);
  const id = await r.u16();
  const flags = await r.u16();
  await r.u32(); // the description's string id
  const size = await r.u64();
  if (id !== expectId) {
    const found = SECTION_NAMES[id];
    throw corrupt(
      found
        ? `the section at byte ${at} is the ${found} section (id ${id}), where the options put the ${what} section (id ${expectId})`
        : `unknown section id ${id} at byte ${at}, where the options put the ${what} section (id ${expectId})`,
    );
  }
  return { flags, size, dataAt: at + 16 };
}

/** A reader over a section's content, decompressed when the section is compressed. */
async function openSection(file: DatFile, meta: Meta, at: number, id: number): Promise<Reader> {
  const what = `${SECTION_NAMES[id] ?? `id ${id}`} section`;
  const h = await readSectionHeader(file, meta, at, id);
  if (h.dataAt + h.size > file.size) throw truncated(what, h.dataAt, h.size, file.size);
  if (h.flags & SECTION_COMPRESSED) {
    // <u32 compressed size><u32 uncompressed size><data> ("COMPRESSION FORMAT OF THE FILE SECTIONS").
    const r = Reader.ofFile(file, h.dataAt, h.dataAt + h.size, what, meta.le);
    const csize = await r.u32();
    const usize = await r.u32();
    const data = await r.bytes(csize, what);
    const mem = await decompressBlock(meta.compression, data, usize, what, at);
    file.decodedBytes += mem.length;
    return Reader.ofMemory(mem, what, meta.le, at);
  }
  file.decodedBytes += h.size;
  return Reader.ofFile(file, h.dataAt, h.dataAt + h.size, what, meta.le);
}

async function readV7(file: DatFile, r: Reader, meta: Meta): Promise<void> {
  meta.compression = await r.cstring(64);
  await r.cstring(64); // the compressor's version
  let optionsAt = await r.u64();
  const buffers: BufferOption[] = [];
  const sections = new Map<number, number>();
  const seen = new Set<number>();
  while (optionsAt !== 0) {
    if (seen.has(optionsAt)) throw corrupt(`the options sections loop back to byte ${optionsAt}`);
    seen.add(optionsAt);
    optionsAt = await readOptions(await openSection(file, meta, optionsAt, OPT.DONE), meta, buffers, sections);
  }
  const need = (id: number): number => {
    const at = sections.get(id);
    if (at === undefined) throw corrupt(`it has no ${SECTION_NAMES[id]} section`);
    return at;
  };
  await readHeaderInfo(await openSection(file, meta, need(OPT.HEADER_INFO), OPT.HEADER_INFO), meta);
  const ftraceAt = sections.get(OPT.FTRACE_EVENTS);
  if (ftraceAt !== undefined) await readFtraceFormats(await openSection(file, meta, ftraceAt, OPT.FTRACE_EVENTS), meta.catalog);
  await readEventFormats(await openSection(file, meta, need(OPT.EVENT_FORMATS), OPT.EVENT_FORMATS), meta.catalog);
  const cmdAt = sections.get(OPT.CMDLINES);
  if (cmdAt !== undefined) await readCmdlines(await openSection(file, meta, cmdAt, OPT.CMDLINES), meta);

  // `trace-cmd report` shows the top instance (name ""); the others are named in a warning.
  const top = buffers.find((b) => b.name === '') ?? buffers[0];
  if (!top) {
    if (meta.latency) throw latencyOnly();
    throw corrupt('it has no flyrecord buffer');
  }
  for (const b of buffers) if (b !== top) meta.instances.push(b.name);
  const h = await readSectionHeader(file, meta, top.offset, OPT.BUFFER);
  meta.cpuCompressed = (h.flags & SECTION_COMPRESSED) !== 0;
  if (top.clock) meta.clock = top.clock;
  meta.cpus = top.cpus;
  meta.cpuCount = top.cpus.length;
}

// ---------------------------------------------------------------------------
// CPU data: blocks of whole pages, read or decompressed a few at a time.

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
        left = new DataView(b.buffer, b.byteOffset, 4).getUint32(0, le);
        at += 4;
      }
      if (left === 0) return null;
      if (at + 8 > end) throw corrupt(`the CPU ${cd.cpu} data at byte ${cd.offset} has fewer chunks than its count says`);
      const hb = await file.read(at, 8, `CPU ${cd.cpu} chunk header`);
      const hv = new DataView(hb.buffer, hb.byteOffset, 8);
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
class CpuCursor {
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
      this.dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
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
    this.ts = u64(dv, at + p.tsOffset, le);
    const commit = dv.getUint32(p.commitSize === 8 && !le ? at + p.commitOffset + 4 : at + p.commitOffset, le);
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
        this.lost = p.commitSize === 8 ? u64(dv, this.end, le) : dv.getUint32(this.end, le);
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

function u64(dv: DataView, at: number, le: boolean): number {
  const lo = dv.getUint32(le ? at : at + 4, le);
  const hi = dv.getUint32(le ? at + 4 : at, le);
  return hi * 4294967296 + lo;
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

async function mergeCpus(file: DatFile, meta: Meta, sink: EventSink): Promise<void> {
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

// ---------------------------------------------------------------------------
// Per event: what text-parser.ts does for a line, from the record's bytes.

interface EventInfo {
  name: string;
  kind: KindId;
  count: number;
  compiled: CompiledKind | null;
}

class EventSink {
  private readonly infos: (EventInfo | undefined)[] = [];
  private readonly order: EventInfo[] = [];
  private readonly values = newSlotValues();
  private readonly taskByPid = new Map<number, number>();
  private readonly lastComm = new Map<number, number>();
  private readonly emptyCommId: number;
  private readonly unknownCommId: number;
  private readonly ctx: EvalContext;
  private readonly rec: RecordView = { buf: new Uint8Array(0), dv: new DataView(new ArrayBuffer(0)), off: 0, len: 0 };
  private lastTs = -Infinity;
  private records = 0;
  private readonly unknownTypes = new Set<number>();
  /** For records too short to hold an event type. */
  private shortInfo: EventInfo | null = null;

  constructor(
    private readonly builder: EventTableBuilder,
    private readonly report: ParseReport,
    private readonly meta: Meta,
    private readonly micro: boolean,
  ) {
    this.emptyCommId = builder.strings.intern('');
    this.unknownCommId = builder.strings.intern('<...>');
    this.ctx = { littleEndian: meta.le, longSize: meta.longSize };
  }

  record(c: CpuCursor): void {
    const report = this.report;
    const catalog = this.meta.catalog;
    this.records++;
    if (c.lost !== 0) {
      this.lostMarker(c.cpu, c.lost);
      c.lost = 0;
    }
    const off = c.evOff;
    let type = -1;
    if (c.evLen >= catalog.typeOffset + catalog.typeSize) {
      const at = off + catalog.typeOffset;
      type = catalog.typeSize === 2 ? c.dv.getUint16(at, this.meta.le) : catalog.typeSize === 1 ? c.dv.getUint8(at) : c.dv.getUint32(at, this.meta.le);
    }
    const info = type < 0 ? (this.shortInfo ??= this.makeInfo(type)) : (this.infos[type] ?? this.makeInfo(type));
    report.events++;
    if (info.count++ === 0) this.order.push(info);
    let ts = c.evTs;
    // libtraceevent prints "%6.1000d" timestamps as (ts + 500) / 1000: rounded, not truncated.
    if (this.micro) ts = Math.floor((ts + 500) / 1000) * 1000;
    if (report.firstTsNs === null) report.firstTsNs = ts;
    if (ts < this.lastTs) report.backwardSteps++;
    else report.lastTsNs = ts;
    this.lastTs = ts;
    if (info.kind === Kind.UNKNOWN) return;
    const why = this.decode(info, c);
    if (why !== null) {
      report.events--;
      info.count--;
      countSkip(report, 'malformed-payload', this.records, () => `${info.name} on CPU ${c.cpu} at ${ts} ns: ${why}`);
      return;
    }
    const pidOffset = info.compiled?.pidOffset ?? catalog.pidOffset;
    const pid = c.evLen >= pidOffset + 4 ? c.dv.getInt32(off + pidOffset, this.meta.le) : -1;
    this.builder.push(ts, this.taskOf(pid), c.cpu, info.kind, this.values);
    report.storedEvents++;
  }

  /** Fills the slot values; returns why the event is malformed, or null. */
  private decode(info: EventInfo, c: CpuCursor): string | null {
    const ck = info.compiled!;
    if (ck.missingRequired) return ck.missingRequired;
    const values = this.values;
    const rec = this.rec;
    rec.buf = c.buf;
    rec.dv = c.dv;
    rec.off = c.evOff;
    rec.len = c.evLen;
    const le = this.meta.le;
    for (let s = 0; s < SLOT_COUNT; s++) {
      const plan = ck.plans[s];
      switch (plan.t) {
        case 'absent':
          values[s] = ABSENT;
          break;
        case 'int': {
          if (plan.offset + plan.size > rec.len) return 'the record is shorter than its format';
          const at = rec.off + plan.offset;
          let lo: number;
          let hi: number;
          switch (plan.size) {
            case 1: {
              const v = plan.fieldSigned ? c.dv.getInt8(at) : c.dv.getUint8(at);
              lo = v >>> 0;
              hi = v < 0 ? -1 : 0;
              break;
            }
            case 2: {
              const v = plan.fieldSigned ? c.dv.getInt16(at, le) : c.dv.getUint16(at, le);
              lo = v >>> 0;
              hi = v < 0 ? -1 : 0;
              break;
            }
            case 4: {
              const v = plan.fieldSigned ? c.dv.getInt32(at, le) : c.dv.getUint32(at, le);
              lo = v >>> 0;
              hi = v < 0 ? -1 : 0;
              break;
            }
            default:
              lo = c.dv.getUint32(le ? at : at + 4, le);
              hi = c.dv.getUint32(le ? at + 4 : at, le);
          }
          // The value printf prints for the conversion, then read back as payload.ts would.
          let v: number;
          switch (plan.bits) {
            case 64:
              v = (plan.convSigned ? hi | 0 : hi >>> 0) * 4294967296 + lo;
              break;
            case 16:
              v = plan.convSigned ? (lo << 16) >> 16 : lo & 0xffff;
              break;
            case 8:
              v = plan.convSigned ? (lo << 24) >> 24 : lo & 0xff;
              break;
            default:
              v = plan.convSigned ? lo | 0 : lo >>> 0;
          }
          // a count the kernel cannot have printed this way is malformed, not clamped (payload.ts)
          if (countSlot(v) === MALFORMED_VALUE) return `its ${SPEC_BY_KIND[info.kind].fields[s].key}= value ${v} is out of range`;
          values[s] = v;
          break;
        }
        case 'render': {
          const v = renderSlot(plan, rec, this.ctx, this.builder.strings);
          if (v === null) values[s] = ABSENT;
          else if (v !== v) return `its ${SPEC_BY_KIND[info.kind].fields[s].key}= value is not a ${plan.type}`;
          else values[s] = v;
          break;
        }
        default: {
          const never: never = plan;
          throw new Error(`unknown slot plan ${String(never)}`);
        }
      }
    }
    for (const r of ck.required) if (r >= 0 && values[r] === ABSENT) return `it has no ${SPEC_BY_KIND[info.kind].fields[r].key}=`;
    return null;
  }

  private makeInfo(type: number): EventInfo {
    const entry = this.meta.catalog.byId.get(type);
    let info: EventInfo;
    if (type < 0) {
      info = { name: '<record too short for an event type>', kind: Kind.UNKNOWN, count: 0, compiled: null };
    } else if (!entry) {
      // Not fatal: counted under a name that says what happened.
      this.unknownTypes.add(type);
      info = { name: `<event type ${type} without a format>`, kind: Kind.UNKNOWN, count: 0, compiled: null };
    } else {
      const kind = kindOfEventName(entry.name);
      info = { name: entry.name, kind, count: 0, compiled: null };
      if (kind !== Kind.UNKNOWN) {
        const format = entry.text ? parseEventFormat(entry.text, entry.system) : null;
        if (!format) {
          info.kind = Kind.UNKNOWN;
          this.meta.warnings.push(`The format of ${entry.name} could not be read; its events are counted, not stored.`);
        } else {
          info.compiled = compileKind(format, SPEC_BY_KIND[kind], this.ctx);
          for (const p of info.compiled.problems) this.meta.warnings.push(`${entry.name}: ${p}.`);
          if (info.compiled.missingRequired) this.meta.warnings.push(`${entry.name}: ${info.compiled.missingRequired}; its events are not stored.`);
        }
      }
    }
    if (type >= 0 && type < 1 << 16) this.infos[type] = info;
    return info;
  }

  /** The task of a pid, with the comm trace-cmd prints for it and text-parser.ts's `<...>` rule. */
  private taskOf(pid: number): number {
    let task = this.taskByPid.get(pid);
    if (task !== undefined) return task;
    const strings = this.builder.strings;
    // libtraceevent prints "<idle>" for pid 0 and "<...>" for a pid missing from saved_cmdlines.
    const name = this.meta.cmdlines.get(pid) ?? (pid === 0 ? '<idle>' : '<...>');
    let comm = strings.intern(name);
    if (comm === this.emptyCommId || comm === this.unknownCommId) comm = this.lastComm.get(pid) ?? comm;
    else this.lastComm.set(pid, comm);
    task = this.builder.tasks.idOf(pid, comm);
    this.taskByPid.set(pid, task);
    return task;
  }

  /** A `CPU:N [M EVENTS DROPPED]` marker, counted as text-parser.ts counts one. */
  private lostMarker(cpu: number, count: number): void {
    const lost = this.report.lost;
    const key = String(cpu);
    lost.markers++;
    if (count < 0) {
      lost.markersWithoutCount++;
      if (lost.byCpu[key] === undefined) lost.byCpu[key] = 0;
    } else {
      lost.total += count;
      lost.byCpu[key] = (lost.byCpu[key] ?? 0) + count;
    }
  }

  finish(): void {
    const counts: Record<string, number> = {};
    for (const info of this.order) if (info.count > 0) counts[info.name] = (counts[info.name] ?? 0) + info.count;
    this.report.eventsByName = counts;
    if (this.unknownTypes.size)
      this.meta.warnings.push(
        `Events of ${this.unknownTypes.size} type id(s) have no format in the file (${[...this.unknownTypes].slice(0, 5).join(', ')}); they are counted, not decoded.`,
      );
  }
}
