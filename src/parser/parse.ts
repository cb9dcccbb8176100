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
import { TextTraceParser } from './text-parser.ts';
import { bufferSource, collect, isByteSource, reusedChunks, sourceChunks, type ByteSource } from './source.ts';
import { CapacityPlanner, cutPoints, estimateRows, findSeed, initialCapacity, MIN_SPLIT_BYTES, type PartSeed, type TextPart } from './text-part.ts';
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

/** trace.dat files that arrive compressed or as a stream are held in memory up to this size. */
const MAX_DAT_IN_MEMORY = 1 << 30;

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
      const datSource =
        source && compression === 'none' ? source : bufferSource(await collect(stream, MAX_DAT_IN_MEMORY));
      const report = emptyParseReport();
      report.compression = compression;
      const builder = new EventTableBuilder(Math.min(datSource.size / 40, 16_000_000));
      await parseTraceDat(datSource, builder, report, sniffed.version, opts);
      if (report.events === 0) throw noEvents(report);
      return { table: builder.finish(), report };
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
  const estimate = compression === 'none' && source ? await estimateRows(source) : null;
  const builder = new EventTableBuilder(
    estimate ?? (opts.totalBytes ? initialCapacity(compression === 'none' ? opts.totalBytes : opts.totalBytes * 4) : 4096),
  );
  const planner = new CapacityPlanner(builder, estimate !== null);
  const parser = new TextTraceParser(builder, report);
  let decoded = 0;
  // Plain text from a random-access source is read again from its start, in
  // reused buffers with the next read overlapping this one's parse.
  if (compression === 'none' && source) stream = metered(reusedChunks(source), opts, counter);
  try {
    for await (const chunk of stream) {
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
  return { table: builder.finish(), report };
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
    const estimate = await estimateRows(source);
    const builder = new EventTableBuilder(estimate ?? initialCapacity(cuts[1]));
    const planner = new CapacityPlanner(builder, estimate !== null);
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
    return { table: builder.finish(), report };
  } catch (e) {
    ctrl.abort();
    if (e instanceof TraceError) throw e;
    throw new TraceError('unreadable', `the file could not be read: ${e instanceof Error ? e.message : String(e)}`);
  } finally {
    opts.signal?.removeEventListener('abort', stop);
  }
}

function decompressError(compression: Compression, offset: number, e: unknown): TraceError {
  const why = e instanceof Error ? e.message : String(e);
  return new TraceError('decompress', `the ${compression} data is corrupt or truncated (near byte ${offset} of the file): ${why}`);
}

function noEvents(report: ParseReport): TraceError {
  const bad =
    report.skipped['unrecognised-line']?.examples[0] ??
    report.skipped['malformed-payload']?.examples[0] ??
    report.skipped['line-too-long']?.examples[0];
  const where = bad ? `; line ${bad.line} reads "${bad.text.slice(0, 80)}"` : '';
  return new TraceError(
    'no-events',
    `no trace events found in ${report.lines} line${report.lines === 1 ? '' : 's'} (expected ftrace trace_pipe/trace, trace-cmd report or perf script text)${where}`,
    bad?.line ?? null,
  );
}

/** Chunks of an in-memory buffer, of the given size (tests use a few bytes). */
export async function* chunksOf(data: Uint8Array, size = 1 << 20): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < data.length; i += size) yield data.subarray(i, Math.min(data.length, i + size));
}
