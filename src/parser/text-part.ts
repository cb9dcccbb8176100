// Reading one text trace on several threads: the file is cut at line starts
// into parts, every part but the first is parsed on its own by another
// thread (a Web Worker in the app, a worker thread in the CLI; both off by
// default, see README "Speed and memory" for why) and handed
// back as plain columns, and the first part's parser absorbs them in order
// (TextTraceParser.absorb), ending in exactly the table and report a single
// pass would give. What a part cannot know on its own, it is either told
// up front (the seed: the format decided by the file's first event) or it
// reports for the absorb to settle: `<...>` comms, line numbers, backward
// steps across the cut. Compressed input is never split (it cannot be cut).
// Pairing of begins and ends happens after the merge, on the whole table, so
// a reclaim episode that crosses a cut pairs as in one pass.

import { EventTableBuilder } from '../model/event-table.ts';
import { KIND_COUNT } from '../model/kinds.ts';
import { emptyParseReport } from '../model/parse-report.ts';
import type { PartSeed, TextPart } from './part.ts';
import { loopTurns } from './event-loop.ts';
import { reusedChunks, type ByteSource } from './source.ts';
import { TextTraceParser } from './text-parser.ts';

export type { PartSeed, TextPart };

/** Every typed-array buffer of a part, for postMessage's transfer list. */
export function partBuffers(p: TextPart): ArrayBuffer[] {
  const extras = p.extras.flatMap((x) => (x ? [x.rows, ...x.cols.filter((c) => c !== null)] : []));
  const arrays = [p.ts, p.task, p.cpu, p.kind, ...p.slots, ...extras, p.strings.bytes, p.strings.ends, p.names.bytes, p.names.ends, p.nameCounts, p.taskPid, p.taskComm, p.namedBySeen];
  return [...new Set(arrays.map((a) => a.buffer as ArrayBuffer))];
}

/** Below this, one thread is quicker than starting another. */
export const MIN_SPLIT_BYTES = 16 << 20;

/** Bytes read at the start of the file to find the first event (the seed). */
const SEED_BYTES = 1 << 20;

/** The seed, from the start of the file: null when no event line is in its first MiB. */
export async function findSeed(src: ByteSource): Promise<PartSeed | null> {
  const head = await src.read(0, Math.min(src.size, SEED_BYTES));
  const parser = new TextTraceParser(new EventTableBuilder(256), emptyParseReport(), { fast: false });
  const nl = head.lastIndexOf(0x0a);
  if (nl < 0) return null;
  parser.push(head.subarray(0, nl + 1));
  return parser.seed;
}

/**
 * Where to cut a source into `parts` pieces of about `weights` share each:
 * at the first line start at or after each nominal offset. Fewer cuts when
 * lines are longer than the pieces.
 */
export async function cutPoints(src: ByteSource, weights: number[]): Promise<number[]> {
  const total = weights.reduce((a, b) => a + b, 0);
  const cuts = [0];
  let acc = 0;
  for (let i = 0; i < weights.length - 1; i++) {
    acc += weights[i];
    const nominal = Math.floor((src.size * acc) / total);
    const prev = cuts[cuts.length - 1];
    let at = -1;
    for (let off = Math.max(nominal, prev + 1) - 1; off < src.size && at < 0; off += 1 << 16) {
      const window = await src.read(off, Math.min(1 << 16, src.size - off));
      const nl = window.indexOf(0x0a);
      if (nl >= 0) at = off + nl + 1;
    }
    if (at < 0 || at >= src.size) break;
    cuts.push(at);
  }
  cuts.push(src.size);
  return cuts;
}

/** Parses bytes [from, to) of a source, which start at a line start, as a part seeded with the file's format. */
export async function parseTextRange(
  src: ByteSource,
  from: number,
  to: number,
  seed: PartSeed,
  opts: { signal?: AbortSignal; onProgress?: (bytes: number) => void } = {},
): Promise<TextPart> {
  const report = emptyParseReport();
  const { builder, planner } = await plannedTable(src, from, to, initialCapacity(to - from));
  const parser = new TextTraceParser(builder, report, { seed });
  let done = 0;
  const turn = loopTurns();
  for await (const chunk of reusedChunks(src, from, to)) {
    if (opts.signal) await turn();
    if (opts.signal?.aborted) throw new Error('cancelled');
    parser.push(chunk);
    done += chunk.length;
    planner.after(done, to - from);
    opts.onProgress?.(done);
  }
  parser.finish();
  return parser.exportPart();
}

/** A first guess of rows for text of this many bytes: small, corrected by CapacityPlanner once some is read. */
export function initialCapacity(bytes: number): number {
  return Math.min(bytes / 150, 1 << 18);
}

/**
 * A table builder for bytes [from, to) of a source, sized from windows
 * sampled across them (estimateRows: the rows, and each kind's side columns),
 * or from `guess` rows when the range is too small to sample, with the
 * planner that keeps it ahead of the rows to come.
 */
export async function plannedTable(src: ByteSource | null, from: number, to: number, guess: number): Promise<{ builder: EventTableBuilder; planner: CapacityPlanner }> {
  const perKind = new Float64Array(KIND_COUNT);
  const estimate = src ? await estimateRows(src, from, to, MIN_SAMPLED_BYTES, perKind) : null;
  const builder = new EventTableBuilder(estimate ?? guess);
  if (estimate !== null) builder.reserveExtras(perKind);
  return { builder, planner: new CapacityPlanner(builder, estimate !== null) };
}

/** Windows read across a range to estimate its rows (sizeTable), and their size. */
const SAMPLE_WINDOWS = 24;
const SAMPLE_BYTES = 32 << 10;
/**
 * Below this, the table starts at a guess and is corrected after 8 MiB: the
 * copies of a small table cost little, and the 768 KiB of windows, read with
 * the general reader before it is warm, took 47 ms of a 0.33 s command-line
 * run on a 6.8 MiB trace (4 MiB before).
 */
const MIN_SAMPLED_BYTES = 32 << 20;

/**
 * Rows to reserve for bytes [from, to) of a source, estimated from windows
 * spread evenly over the range (each read with the general reader, whole
 * lines only): stored rows per byte of the windows, times the range's size,
 * plus 4%. The density of a trace changes along it (write_folio storms come
 * and go), so a sample of its start alone is wrong by half on real traces.
 * Null for ranges too small to be worth it.
 */
export async function estimateRows(
  src: ByteSource,
  from = 0,
  to = src.size,
  minBytes = MIN_SAMPLED_BYTES,
  /** When given, filled with the rows expected per kind, on the same scale (for the side columns, EventTableBuilder.reserveExtras). */
  perKind?: Float64Array,
): Promise<number | null> {
  const span = to - from;
  if (span < Math.max(minBytes, SAMPLE_WINDOWS * SAMPLE_BYTES)) return null;
  let rows = 0;
  let bytes = 0;
  const kinds = new Float64Array(KIND_COUNT);
  for (let i = 0; i < SAMPLE_WINDOWS; i++) {
    const off = from + Math.floor(((span - SAMPLE_BYTES) * i) / (SAMPLE_WINDOWS - 1));
    const w = await src.read(off, SAMPLE_BYTES);
    const first = off === from ? 0 : w.indexOf(0x0a) + 1;
    const last = w.lastIndexOf(0x0a);
    if (first < 0 || last < first) continue;
    const b = new EventTableBuilder(256);
    const parser = new TextTraceParser(b, emptyParseReport(), { fast: false });
    parser.push(w.subarray(first, last + 1));
    rows += b.length;
    for (let r = 0; r < b.length; r++) kinds[b.kind[r]]++;
    bytes += last + 1 - first;
  }
  if (bytes === 0) return null;
  if (perKind) for (let k = 0; k < KIND_COUNT; k++) perKind[k] = kinds[k] > 0 ? Math.ceil((kinds[k] / bytes) * span * 1.04) + 256 : 0;
  return Math.ceil((rows / bytes) * span * 1.04) + 1024;
}

/**
 * Keeps the table's capacity ahead of the rows to come, with few resizes (a
 * resize holds old and new columns at once, copies, and leaves the old ones
 * for the collector: the peak memory of a load). Without an estimate
 * (compressed input, files under 32 MiB) it sizes the table once after the first
 * 8 MiB: rows so far per byte, times the bytes expected in all, plus 3%. With
 * one (estimateRows), or after that, the table is only resized when it is
 * full, and then once to the rows so far plus the bytes left at the rows per
 * byte so far, plus 4%, not by repeated 1.5x growths. Projecting from the
 * rows so far whenever they ran past the capacity, as it did before, resized
 * twice on a 395 MiB file of joined traces whose dense part comes first
 * (estimated 1.3% over, grown by 10% at 60%, trimmed at the end): the
 * renderer's peak on it was 238-246 MiB, 193-199 without. The table is
 * trimmed when it is done (EventTableBuilder.finish).
 */
export class CapacityPlanner {
  private planned: boolean;
  private bytesRead = 0;
  private rowsAtRead = 0;
  private totalBytes = 0;
  constructor(
    private readonly builder: EventTableBuilder,
    estimated = false,
  ) {
    this.planned = estimated;
    builder.growTo = (rows) => {
      const read = this.bytesRead;
      if (read === 0) return Math.ceil(builder.capacity * 1.5);
      // the rows held when `read` bytes were, plus the rest of the file at that density
      const want = this.rowsAtRead + (this.rowsAtRead / read) * Math.max(0, this.totalBytes - read) * 1.04;
      return Math.ceil(Math.max(want, rows)) + 1024;
    };
  }

  after(bytesRead: number, totalBytes: number): void {
    this.bytesRead = bytesRead;
    this.rowsAtRead = this.builder.length;
    this.totalBytes = totalBytes;
    if (this.planned || bytesRead < Math.min(8 << 20, totalBytes)) return;
    this.planned = true;
    const b = this.builder;
    const expected = Math.ceil((b.length / bytesRead) * totalBytes * 1.03) + 1024;
    if (expected > b.capacity) b.resize(expected);
  }
}
