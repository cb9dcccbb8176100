// The parser's front door: chunks of a file in, event table and parse report
// out. It sniffs the content (never the name), unwraps gzip/zstd/xz, refuses
// binary files with a sentence that says what they are, and streams the text
// through TextTraceParser with progress and cancellation between chunks.
// DOM-free: the same function runs in the worker, in node tests and in the CLI.

import { EventTableBuilder, type EventTable } from '../model/event-table.ts';
import { emptyParseReport, type Compression, type ParseReport } from '../model/parse-report.ts';
import { gunzip, unxz, unzstd, type Chunks } from './decompress.ts';
import { sniff } from './detect.ts';
import { TraceError } from './errors.ts';
import { loopTurns } from './event-loop.ts';
import { MAX_LINE_BYTES, TextTraceParser } from './text-parser.ts';
import { bufferSource, collect, isByteSource, reusedChunks, sourceChunks, type ByteSource } from './source.ts';
import { cutPoints, findSeed, initialCapacity, MIN_SPLIT_BYTES, plannedTable, type PartSeed, type TextPart } from './text-part.ts';
import { putInTimeOrder } from './time-order.ts';
import { parseTraceDat } from './trace-dat.ts';

export interface ParseOptions {
  signal?: AbortSignal;
  /** Called after each input chunk with the bytes of the file read so far. */
  onProgress?: (bytesRead: number) => void;
  /** Size of the file, used to size the table up front. */
  totalBytes?: number;
  /** trace.dat timestamps: rounded to µs as `trace-cmd report` prints them (default), or full ns. */
  timeResolution?: 'us' | 'ns';
  /** Other threads that can parse parts of an uncompressed text file (text-part.ts). */
  helpers?: PartHelpers;
  /**
   * Where a trace.dat that arrives compressed or as a stream is kept for the
   * random access it needs: a temporary file in the CLI, a Blob (which
   * Chromium keeps out of the page, on disk when large) in the worker. Without
   * one it is held in memory, up to MAX_DAT_IN_MEMORY.
   */
  spool?: (chunks: Chunks) => Promise<ByteSource>;
  /** trace.dat: called with the file's UNAME option ("Linux HOST RELEASE MACHINE"). */
  onUname?: (uname: string) => void;
}

/** Threads that parse byte ranges of the same source: a worker pool in the app, worker threads in the CLI. */
export interface PartHelpers {
  /** How many parts they can take at once. */
  count: number;
  /** Share of the file this thread reads, relative to 1 for each helper (it also merges and analyses). */
  localShare?: number;
  /** Smallest file worth splitting (default MIN_SPLIT_BYTES; tests split small files). */
  minBytes?: number;
  parse(from: number, to: number, seed: PartSeed, onProgress: (bytes: number) => void, signal?: AbortSignal): Promise<TextPart>;
}

export interface ParsedTrace {
  table: EventTable;
  report: ParseReport;
}

const SNIFF_BYTES = 4096;

/** Replays the head chunks, then the rest of the iterator. */
async function* replay(head: Uint8Array[], rest: AsyncIterator<Uint8Array>): AsyncGenerator<Uint8Array> {
  for (const c of head) yield c;
  for (;;) {
    const r = await rest.next();
    if (r.done) return;
    yield r.value;
  }
}

/** Reads chunks until at least SNIFF_BYTES are held (or the input ends). */
async function peek(chunks: Chunks): Promise<{ head: Uint8Array; stream: Chunks }> {
  const it = chunks[Symbol.asyncIterator]();
  const held: Uint8Array[] = [];
  let n = 0;
  while (n < SNIFF_BYTES) {
    const r = await it.next();
    if (r.done) break;
    held.push(r.value);
    n += r.value.length;
  }
  const head = new Uint8Array(Math.min(n, SNIFF_BYTES));
  let off = 0;
  for (const c of held) {
    if (off >= head.length) break;
    const take = Math.min(c.length, head.length - off);
    head.set(c.subarray(0, take), off);
    off += take;
  }
  return { head, stream: replay(held, it) };
}

async function* metered(chunks: Chunks, opts: ParseOptions, counter: { bytes: number }): AsyncGenerator<Uint8Array> {
  for await (const c of chunks) {
    if (opts.signal?.aborted) throw new TraceError('cancelled', 'parsing was cancelled');
    counter.bytes += c.length;
    yield c;
    opts.onProgress?.(counter.bytes);
  }
}

/** trace.dat files that arrive compressed or as a stream, with no spool to keep them in, are held in memory up to this size. */
export const MAX_DAT_IN_MEMORY = 256 << 20;

/** A trace.dat that came as a stream: spooled where the caller keeps such things, or held in memory up to a limit. */
async function datFromStream(stream: Chunks, opts: ParseOptions, compression: Compression): Promise<ByteSource> {
  if (opts.spool) return opts.spool(stream);
  try {
    return bufferSource(await collect(stream, MAX_DAT_IN_MEMORY));
  } catch (e) {
    if (e instanceof TraceError) throw e;
    if (e instanceof RangeError || /^more than/.test(String((e as Error)?.message)))
      throw new TraceError(
        'too-large',
        `a trace.dat that arrives ${compression === 'none' ? 'as a stream' : `${compression}-compressed`} is held in memory here, and this one is larger than ${MAX_DAT_IN_MEMORY >> 20} MiB: decompress it to a file first`,
      );
    throw e;
  }
}

export async function parseTrace(input: ByteSource | Chunks, opts: ParseOptions = {}): Promise<ParsedTrace> {
  const counter = { bytes: 0 };
  const source = isByteSource(input) ? input : null;
  if (source && opts.totalBytes === undefined) opts = { ...opts, totalBytes: source.size };
  // A random-access source is sniffed by reading its head; its chunks are
  // only read if a decompressor or the trace.dat reader asks for them.
  let { head, stream } = source
    ? { head: await source.read(0, Math.min(source.size, SNIFF_BYTES)), stream: metered(sourceChunks(source), opts, counter) }
    : await peek(metered(input as Chunks, opts, counter));
  let compression: Compression = 'none';
  let sniffed = sniff(head);
  if (sniffed.kind === 'gzip' || sniffed.kind === 'zstd' || sniffed.kind === 'xz') {
    compression = sniffed.kind;
    const inner = sniffed.kind === 'gzip' ? gunzip(stream) : sniffed.kind === 'zstd' ? unzstd(stream) : unxz(stream);
    try {
      ({ head, stream } = await peek(inner));
    } catch (e) {
      throw decompressError(compression, counter.bytes, e);
    }
    sniffed = sniff(head);
  }
  const inside = compression === 'none' ? '' : ` (inside the ${compression} data)`;
  switch (sniffed.kind) {
    case 'empty':
      throw new TraceError('empty', compression === 'none' ? 'the file is empty' : `the ${compression} data is empty`);
    case 'binary':
      throw new TraceError('binary', `not a text trace: this is ${sniffed.what}${inside}`);
    case 'trace-dat': {
      // Random access is needed: read the source directly, or hold a streamed/decompressed file in memory.
      let datSource: ByteSource;
      try {
        datSource = source && compression === 'none' ? source : await datFromStream(stream, opts, compression);
      } catch (e) {
        if (e instanceof TraceError) throw e;
        throw compression !== 'none' ? decompressError(compression, counter.bytes, e) : unreadable(e);
      }
      const report = emptyParseReport();
      report.compression = compression;
      const builder = new EventTableBuilder(Math.min(datSource.size / 40, 16_000_000));
      try {
        await parseTraceDat(datSource, builder, report, sniffed.version, opts);
      } finally {
        // a spooled copy is ours to close
        if (datSource !== source) await (datSource as Partial<{ close(): Promise<void> }>).close?.();
      }
      if (report.events === 0) throw noEvents(report);
      return ordered(builder.finish(), report);
    }
    case 'gzip':
    case 'zstd':
    case 'xz':
      throw new TraceError('binary', `${sniffed.kind} data inside ${compression} data is not read: decompress the outer layer first`);
    case 'text':
      break;
    default: {
      const never: never = sniffed;
      throw new Error(`unhandled ${String(never)}`);
    }
  }
  const report = emptyParseReport();
  report.compression = compression;
  if (compression === 'none' && source && opts.helpers && opts.helpers.count > 0 && source.size >= (opts.helpers.minBytes ?? MIN_SPLIT_BYTES)) {
    const split = await parseSplit(source, opts, opts.helpers);
    if (split) return split;
  }
  // Plain text from a random-access source: rows estimated from samples
  // across the file. Otherwise rows per byte are learnt from the first MiB-s;
  // for compressed input the decoded size is estimated from the ratio so far.
  const sampled = compression === 'none' ? source : null;
  const { builder, planner } = await plannedTable(
    sampled,
    0,
    sampled?.size ?? 0,
    opts.totalBytes ? initialCapacity(compression === 'none' ? opts.totalBytes : opts.totalBytes * 4) : 4096,
  );
  const parser = new TextTraceParser(builder, report);
  let decoded = 0;
  // Plain text from a random-access source is read again from its start, in
  // reused buffers with the next read overlapping this one's parse.
  if (compression === 'none' && source) stream = metered(reusedChunks(source), opts, counter);
  const turn = loopTurns();
  try {
    for await (const chunk of stream) {
      // The cancel is checked between chunks, decompressed pieces too (a few
      // compressed bytes can hold gigabytes), and its message let in.
      if (opts.signal) {
        await turn();
        if (opts.signal.aborted) throw new TraceError('cancelled', 'parsing was cancelled');
      }
      decoded += chunk.length;
      parser.push(chunk);
      if (opts.totalBytes) planner.after(decoded, counter.bytes > 0 ? (decoded / counter.bytes) * opts.totalBytes : decoded);
    }
  } catch (e) {
    if (e instanceof TraceError) throw e;
    if (compression !== 'none') throw decompressError(compression, counter.bytes, e);
    throw new TraceError('unreadable', `the file could not be read: ${e instanceof Error ? e.message : String(e)}`);
  }
  parser.finish();
  report.bytes = counter.bytes;
  report.decodedBytes = decoded;
  if (report.events === 0) throw noEvents(report);
  return ordered(builder.finish(), report);
}

/**
 * One uncompressed text file on this thread and `helpers` others: this
 * thread reads the first part and absorbs the others' in file order
 * (text-part.ts). Null when the file's start holds no event to seed the
 * other parts with; the caller then reads it in one pass.
 */
async function parseSplit(source: ByteSource, opts: ParseOptions, helpers: PartHelpers): Promise<ParsedTrace | null> {
  const seed = await findSeed(source);
  if (!seed) return null;
  const cuts = await cutPoints(source, [helpers.localShare ?? 1, ...Array<number>(helpers.count).fill(1)]);
  if (cuts.length < 3) return null;
  const progress = new Float64Array(cuts.length - 1);
  const tell = (): void => opts.onProgress?.(progress.reduce((a, b) => a + b, 0));
  const ctrl = new AbortController();
  const stop = (): void => ctrl.abort();
  opts.signal?.addEventListener('abort', stop);
  const remote = cuts.slice(1, -1).map((from, i) =>
    helpers.parse(from, cuts[i + 2], seed, (bytes) => ((progress[i + 1] = bytes), tell()), ctrl.signal),
  );
  // A failed helper must not leave an unhandled rejection while this thread still reads.
  remote.forEach((p) => p.catch(() => undefined));
  try {
    const report = emptyParseReport();
    // the others' rows come too: plan for the whole file
    const { builder, planner } = await plannedTable(source, 0, source.size, initialCapacity(cuts[1]));
    const parser = new TextTraceParser(builder, report);
    let done = 0;
    for await (const chunk of reusedChunks(source, 0, cuts[1])) {
      if (opts.signal?.aborted) throw new TraceError('cancelled', 'parsing was cancelled');
      parser.push(chunk);
      done += chunk.length;
      progress[0] = done;
      tell();
      // the others' rows come too: plan for the whole file
      planner.after(done, source.size);
    }
    const first = parser.seed;
    if (!first || first.format !== seed.format || first.timeUnit !== seed.timeUnit) {
      ctrl.abort();
      return null;
    }
    for (const part of remote) parser.absorb(await part);
    parser.finish();
    report.bytes = source.size;
    report.decodedBytes = source.size;
    if (report.events === 0) throw noEvents(report);
    return ordered(builder.finish(), report);
  } catch (e) {
    ctrl.abort();
    if (e instanceof TraceError) throw e;
    throw new TraceError('unreadable', `the file could not be read: ${e instanceof Error ? e.message : String(e)}`);
  } finally {
    opts.signal?.removeEventListener('abort', stop);
  }
}

/** xz-embedded's xz_ret codes (xz.h), which xz-decompress reports as numbers. */
const XZ_RET: Record<string, string> = {
  '2': 'its integrity check is of a kind that is not supported',
  '3': 'it needs more memory than the decoder may use',
  '4': 'its dictionary is larger than the decoder may use',
  '5': 'it is not in the xz format',
  '6': 'it uses options that are not supported',
  '7': 'the compressed data is corrupt',
  '8': 'the data ends early (truncated)',
};

function decompressError(compression: Compression, offset: number, e: unknown): TraceError {
  let why = e instanceof Error ? e.message : String(e);
  const xz = /error code (\d+)/.exec(why);
  if (compression === 'xz' && xz) why = XZ_RET[xz[1]] ?? `the decoder stopped (code ${xz[1]})`;
  else if (compression === 'xz' && e instanceof TypeError) why = 'the data ends early (truncated)';
  return new TraceError('decompress', `the ${compression} data is corrupt or truncated (near byte ${offset} of the file): ${why}`);
}

function ordered(table: EventTable, report: ParseReport): ParsedTrace {
  putInTimeOrder(table, report);
  return { table, report };
}

function unreadable(e: unknown): TraceError {
  return new TraceError('unreadable', `the file could not be read: ${e instanceof Error ? e.message : String(e)}`);
}

function noEvents(report: ParseReport): TraceError {
  const lines = `${report.lines} line${report.lines === 1 ? '' : 's'}`;
  const long = report.skipped['line-too-long'];
  const other = report.skipped['unrecognised-line'] ?? report.skipped['malformed-payload'] ?? report.skipped['timestamp-out-of-range'];
  if (long && long.count >= (other?.count ?? 0)) {
    const ex = long.examples[0];
    return new TraceError(
      'no-events',
      `no trace events found: ${long.count === 1 ? 'a line is' : `${long.count} of the ${lines} are`} too long (over ${MAX_LINE_BYTES >> 10} KiB, the longest line read; line ${ex.line} starts "${ex.text.slice(0, 40)}")`,
      ex.line,
    );
  }
  const bad = other?.examples[0] ?? long?.examples[0];
  const where = bad ? `; line ${bad.line} reads "${bad.text.slice(0, 80)}"` : '';
  return new TraceError(
    'no-events',
    `no trace events found in ${lines} (expected ftrace trace_pipe/trace, trace-cmd report or perf script text)${where}`,
    bad?.line ?? null,
  );
}

/** Chunks of an in-memory buffer, of the given size (tests use a few bytes). */
export async function* chunksOf(data: Uint8Array, size = 1 << 20): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < data.length; i += size) yield data.subarray(i, Math.min(data.length, i + size));
}
