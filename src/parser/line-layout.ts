// The part of an event line that every text capture tool shares:
//   <task part> [CPU] <flags?> SECONDS.FRACTION: <system:>event_name: payload
// The task part differs (ftrace `comm-pid (tgid)`, perf `comm pid/tid`) and is
// read by ftrace-text.ts and perf-script.ts. We anchor on the `[CPU]` bracket,
// as Perfetto's systrace tokenizer does, because comms may hold spaces and dashes.

import { isDigit, isSpace, SP } from './bytes.ts';

/** Scratch result of a line parse; one instance is reused for every line. */
export interface LineFields {
  family: 'ftrace' | 'perf';
  commStart: number;
  commEnd: number;
  pid: number;
  cpu: number;
  tsNs: number;
  /** The timestamp had no decimal point (counter, uptime or TSC clocks). */
  ticks: boolean;
  /** The `[` of the CPU bracket, the timestamp's first byte and the `:` after it, and where the event-name token starts (before a `vmscan:` prefix). */
  bracket: number;
  tsStart: number;
  tsEnd: number;
  tokenStart: number;
  nameStart: number;
  nameEnd: number;
  bodyStart: number;
  bodyEnd: number;
}

export function newLineFields(): LineFields {
  return {
    family: 'ftrace',
    commStart: 0,
    commEnd: 0,
    pid: 0,
    cpu: 0,
    tsNs: 0,
    ticks: false,
    bracket: 0,
    tsStart: 0,
    tsEnd: 0,
    tokenStart: 0,
    nameStart: 0,
    nameEnd: 0,
    bodyStart: 0,
    bodyEnd: 0,
  };
}

/** Index of the `[` of the first `[digits]` that stands alone between spaces, or -1. */
export function findCpuBracket(buf: Uint8Array, start: number, end: number): number {
  for (let p = start + 1; p < end; p++) {
    if (buf[p] !== 0x5b || !isSpace(buf[p - 1])) continue;
    let q = p + 1;
    while (q < end && isDigit(buf[q])) q++;
    if (q > p + 1 && q < end && buf[q] === 0x5d && (q + 1 === end || isSpace(buf[q + 1]))) return p;
  }
  return -1;
}

/**
 * Reads `[CPU] flags? TS: name: ` from the bracket on. Fills cpu, tsNs, ticks,
 * name and body bounds. Returns false when the line does not have that shape.
 */
export function parseAfterBracket(buf: Uint8Array, p: number, end: number, out: LineFields): boolean {
  out.bracket = p;
  let q = p + 1;
  let cpu = 0;
  while (buf[q] !== 0x5d) cpu = cpu * 10 + (buf[q++] - 0x30);
  out.cpu = cpu;
  q++;
  // first token: flags or timestamp
  while (q < end && isSpace(buf[q])) q++;
  let t = q;
  while (t < end && buf[t] !== SP) t++;
  if (t === q) return false;
  if (buf[t - 1] !== 0x3a) {
    // a flags column such as `d..1.` (irqs-off, need-resched, hardirq, preempt, migrate)
    if (t - q > 6) return false;
    q = t;
    while (q < end && isSpace(buf[q])) q++;
    t = q;
    while (t < end && buf[t] !== SP) t++;
    if (t === q || buf[t - 1] !== 0x3a) return false;
  }
  // timestamp buf[q, t-1): digits [. digits]
  let secs = 0;
  let i = q;
  const tsEnd = t - 1;
  out.tsStart = q;
  out.tsEnd = tsEnd;
  while (i < tsEnd && isDigit(buf[i])) secs = secs * 10 + (buf[i++] - 0x30);
  if (i === q) return false;
  if (i === tsEnd) {
    out.tsNs = secs <= Number.MAX_SAFE_INTEGER ? secs : NaN;
    out.ticks = true;
  } else {
    if (buf[i] !== 0x2e) return false;
    i++;
    let frac = 0;
    let digits = 0;
    while (i < tsEnd && isDigit(buf[i])) {
      if (digits < 9) {
        frac = frac * 10 + (buf[i] - 0x30);
        digits++;
      }
      i++;
    }
    if (i !== tsEnd || digits === 0) return false;
    out.tsNs = secs <= (digits > 6 ? MAX_EXACT_SECS_NS : MAX_EXACT_SECS_US) ? secs * 1e9 + frac * POW10[9 - digits] : NaN;
    out.ticks = false;
  }
  // event name, up to a ':' followed by a space or the end of the line
  q = t;
  while (q < end && isSpace(buf[q])) q++;
  const nameStart = q;
  let lastColon = -1;
  let m = q;
  for (; m < end; m++) {
    const c = buf[m];
    if (c === 0x3a) {
      if (m + 1 === end || isSpace(buf[m + 1])) break;
      lastColon = m;
    } else if (c === SP || c === 0x09) {
      return false;
    }
  }
  if (m >= end || m === nameStart) return false;
  out.tokenStart = nameStart;
  out.nameStart = lastColon >= 0 ? lastColon + 1 : nameStart; // perf prints `vmscan:` before the name
  out.nameEnd = m;
  q = m + 1;
  while (q < end && isSpace(buf[q])) q++; // trace-cmd pads names to 20 columns
  out.bodyStart = q;
  out.bodyEnd = end;
  return true;
}

const POW10 = [1, 10, 100, 1000, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9];

/**
 * Timestamps are integer nanoseconds in a Float64: exact up to 2^53 ns (104
 * days) with 7-9 decimals, and, being multiples of 1000, up to 834 days with
 * 6 or fewer. A later timestamp is refused (tsNs NaN), never rounded.
 */
export const MAX_EXACT_SECS_NS = 9007198;
export const MAX_EXACT_SECS_US = 72057593;
