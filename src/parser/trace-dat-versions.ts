// The two layouts of a trace.dat's metadata. Version 6 is one sequential header
// (formats, kallsyms, printk formats, cmdlines, options) ending in the CPU table;
// version 7 keeps the same items in sections, found through chains of options
// sections and compressed with zstd or zlib. Both fill the same Meta
// (trace-dat-meta.ts). Layout: trace-cmd's Documentation/trace-cmd/trace-cmd.dat.v{6,7}.5.txt.

import { TraceError } from './errors.ts';
import { type DatFile, Reader, corrupt, decompressBlock, truncated } from './trace-dat-io.ts';
import {
  OPT,
  latin1,
  readCmdlines,
  readEventFormats,
  readFtraceFormats,
  readHeaderInfo,
  readOptions,
  selectedClock,
  type BufferOption,
  type Meta,
} from './trace-dat-meta.ts';

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

// ---------------------------------------------------------------------------
// Version 6: one sequential header, then page-aligned CPU data.

export async function readV6(file: DatFile, r: Reader, meta: Meta): Promise<void> {
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

export async function readV7(file: DatFile, r: Reader, meta: Meta): Promise<void> {
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
