// What the parser did with every line: events counted by name, every line it
// did not use counted by reason with a few examples, lost-event markers per CPU.
// Plain data, so that it crosses the worker boundary and prints as JSON.

import type { Recorded } from './recorded.ts';

export type CaptureFormat = 'ftrace' | 'perf' | 'trace-cmd-dat';
/** The tool that wrote the file, when the content says so. */
export type Capture = 'trace_pipe' | 'trace' | 'trace-cmd-report' | 'perf-script' | 'trace.dat';
export type Compression = 'none' | 'gzip' | 'zstd' | 'xz';

export type SkipReason =
  | 'header' // `# ...` lines of the ftrace `trace` file header
  | 'blank'
  | 'preamble' // trace-cmd report's `cpus=N`, `version = N`, `CPU N is empty`
  | 'lost-events-marker' // `CPU:N [LOST M EVENTS]`, `CPU:N [M EVENTS DROPPED]` (counted in `lost` too)
  | 'buffer-started-marker' // `##### CPU N buffer started ####`
  | 'stack-trace' // ` => func+0x../0x..` lines of the stacktrace option
  | 'unrecognised-line' // no comm-pid [cpu] timestamp: event: layout
  | 'malformed-payload' // a known event whose fields are missing or not numbers
  | 'line-too-long' // longer than the line limit; skipped to bound memory
  | 'timestamp-out-of-range'; // a timestamp that cannot be kept exactly (see line-layout.ts)

export interface LineExample {
  line: number;
  text: string;
}

export interface SkipCount {
  count: number;
  examples: LineExample[];
}

export interface ParseReport {
  format: CaptureFormat | null;
  capture: Capture | null;
  compression: Compression;
  bytes: number; // bytes of the file as given
  decodedBytes: number; // bytes after decompression
  lines: number;
  events: number; // event lines, known and unknown
  storedEvents: number; // events kept in the table (reclaim/compaction)
  eventsByName: Record<string, number>;
  skipped: Partial<Record<SkipReason, SkipCount>>;
  lost: { total: number; markers: number; markersWithoutCount: number; byCpu: Record<string, number> };
  bufferStarted: Record<string, number>;
  /** Timestamps without a decimal point: a clock that does not count nanoseconds. */
  timeUnit: 'ns' | 'ticks';
  firstTsNs: number | null;
  lastTsNs: number | null;
  /** Events whose timestamp is earlier than the one before (trace_pipe merges CPUs late). */
  backwardSteps: number;
  /** Stored events put back in time order because only the merge of CPUs was out of order (parser/time-order.ts). */
  reordered?: number;
  /** Stored events earlier than the one before on the same CPU: an order no capture prints, so none was restored. */
  cpuBackwardSteps?: number;
  /** Event lines read by another layout than the file's first event line (ftrace and perf lines mixed). */
  mixedFormatLines?: number;
  cpus: number | null; // from a trace-cmd `cpus=N` or ftrace `#P:N` header
  warnings: string[];
  /** The `# reclaimscope-record` header lines (recorded.ts), when the trace has them. */
  recorded: Recorded | null;
}

export const MAX_EXAMPLES = 5;
export const MAX_EXAMPLE_CHARS = 200;

export function emptyParseReport(): ParseReport {
  return {
    format: null,
    capture: null,
    compression: 'none',
    bytes: 0,
    decodedBytes: 0,
    lines: 0,
    events: 0,
    storedEvents: 0,
    eventsByName: {},
    skipped: {},
    lost: { total: 0, markers: 0, markersWithoutCount: 0, byCpu: {} },
    bufferStarted: {},
    timeUnit: 'ns',
    firstTsNs: null,
    lastTsNs: null,
    backwardSteps: 0,
    cpus: null,
    warnings: [],
    recorded: null,
  };
}

export function countSkip(report: ParseReport, reason: SkipReason, line: number, text: () => string): void {
  let entry = report.skipped[reason];
  if (!entry) entry = report.skipped[reason] = { count: 0, examples: [] };
  entry.count++;
  if (entry.examples.length < MAX_EXAMPLES) {
    let t = text();
    if (t.length > MAX_EXAMPLE_CHARS) t = t.slice(0, MAX_EXAMPLE_CHARS) + '…';
    entry.examples.push({ line, text: t });
  }
}

export function totalSkipped(report: Pick<ParseReport, 'skipped'>): number {
  let n = 0;
  for (const v of Object.values(report.skipped)) n += v?.count ?? 0;
  return n;
}
