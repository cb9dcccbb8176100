// The chunked text-trace driver: bytes in (any chunk sizes, down to one byte),
// rows into the event table and a parse report out. It splits lines, counts
// every line it does not use by reason, recognises header and marker lines,
// and hands event lines to the layout readers (ftrace-text.ts, perf-script.ts).
// Lines longer than MAX_LINE_BYTES are skipped without being held in memory,
// whether they arrive in one chunk or many, so that the result never depends
// on how the input was cut. It does not decompress or detect binary formats
// (see parse.ts).

import { EventTableBuilder, newSlotValues } from '../model/event-table.ts';
import { Kind, kindOfEventName, type KindId } from '../model/kinds.ts';
import { countSkip, type ParseReport, type SkipReason } from '../model/parse-report.ts';
import { StringTable } from '../model/strings.ts';
import { CR, decodeText, isSpace, startsWithAscii } from './bytes.ts';
import { parseFtraceLine } from './ftrace-text.ts';
import { newLineFields } from './line-layout.ts';
import { decodePayload, ValueCaches } from './payload.ts';
import { parsePerfLine } from './perf-script.ts';
import { parseLostMarker, parseTraceCmdPreamble } from './trace-cmd-report.ts';

export const MAX_LINE_BYTES = 64 * 1024;

const ENTRIES = /entries-in-buffer\/entries-written:\s*(\d+)\/(\d+)\s+#P:(\d+)/;
const BUFFER_STARTED = /^\s*#+\s*CPU\s+(\d+)\s+buffer started/;

export class TextTraceParser {
  readonly builder: EventTableBuilder;
  readonly report: ParseReport;
  private carry = new Uint8Array(4096);
  private carryLen = 0;
  private overlong = false;
  private overlongHead = '';
  private lineNo = 0;
  private readonly fields = newLineFields();
  private readonly values = newSlotValues();
  private readonly caches = new ValueCaches();
  private nameCounts = new Int32Array(64);
  private nameKinds = new Int16Array(64).fill(-1);
  private readonly names = new StringTable();
  private readonly lastComm = new Map<number, number>();
  private emptyCommId: number;
  private unknownCommId: number;
  private lastTs = -Infinity;
  private preferPerf = false;
  private minTs = Infinity;
  private maxTs = -Infinity;

  constructor(builder: EventTableBuilder, report: ParseReport) {
    this.builder = builder;
    this.report = report;
    this.emptyCommId = builder.strings.intern('');
    this.unknownCommId = builder.strings.intern('<...>');
  }

  push(chunk: Uint8Array): void {
    let start = 0;
    const n = chunk.length;
    if (this.carryLen > 0 || this.overlong) {
      const nl = chunk.indexOf(0x0a);
      if (nl < 0) {
        this.appendCarry(chunk, 0, n);
        return;
      }
      this.appendCarry(chunk, 0, nl);
      this.finishCarriedLine();
      start = nl + 1;
    }
    for (;;) {
      const nl = chunk.indexOf(0x0a, start);
      if (nl < 0) break;
      this.line(chunk, start, nl);
      start = nl + 1;
    }
    if (start < n) this.appendCarry(chunk, start, n);
  }

  /** Bytes the parser holds for a line that is not finished yet (at most MAX_LINE_BYTES). */
  get retainedBytes(): number {
    return this.carry.length;
  }

  /** Ends the input: a last line without a newline is still read. */
  finish(): void {
    if (this.carryLen > 0 || this.overlong) this.finishCarriedLine();
    const report = this.report;
    const counts: Record<string, number> = {};
    for (let id = 0; id < this.names.values.length; id++) {
      if (this.nameCounts[id] > 0) counts[this.names.values[id]] = this.nameCounts[id];
    }
    report.eventsByName = counts;
  }

  private appendCarry(chunk: Uint8Array, s: number, e: number): void {
    if (this.overlong) return;
    const need = this.carryLen + (e - s);
    if (need > MAX_LINE_BYTES) {
      this.overlong = true;
      const head = new Uint8Array(Math.min(200, this.carryLen + (e - s)));
      head.set(this.carry.subarray(0, Math.min(this.carryLen, head.length)));
      if (this.carryLen < head.length) head.set(chunk.subarray(s, s + head.length - this.carryLen), this.carryLen);
      this.overlongHead = decodeText(head, 0, head.length);
      this.carryLen = 0;
      return;
    }
    if (need > this.carry.length) {
      const bigger = new Uint8Array(Math.min(MAX_LINE_BYTES, Math.max(need, this.carry.length * 2)));
      bigger.set(this.carry.subarray(0, this.carryLen));
      this.carry = bigger;
    }
    this.carry.set(chunk.subarray(s, e), this.carryLen);
    this.carryLen = need;
  }

  private finishCarriedLine(): void {
    if (this.overlong) {
      this.lineNo++;
      this.report.lines++;
      const head = this.overlongHead;
      countSkip(this.report, 'line-too-long', this.lineNo, () => head);
      this.overlong = false;
      this.overlongHead = '';
      this.carryLen = 0;
      return;
    }
    const len = this.carryLen;
    this.carryLen = 0;
    this.line(this.carry, 0, len);
  }

  private skip(reason: SkipReason, buf: Uint8Array, s: number, e: number): void {
    countSkip(this.report, reason, this.lineNo, () => decodeText(buf, s, e));
  }

  private line(buf: Uint8Array, s: number, e: number): void {
    this.lineNo++;
    const report = this.report;
    report.lines++;
    if (e - s > MAX_LINE_BYTES) {
      // The same limit as for a line carried across chunks (appendCarry).
      const head = decodeText(buf, s, s + 200);
      countSkip(report, 'line-too-long', this.lineNo, () => head);
      return;
    }
    if (e > s && buf[e - 1] === CR) e--;
    let i = s;
    while (i < e && isSpace(buf[i])) i++;
    if (i === e) return this.skip('blank', buf, s, e);
    const f = this.fields;
    const ok = this.preferPerf
      ? parsePerfLine(buf, s, e, f) || parseFtraceLine(buf, s, e, f)
      : parseFtraceLine(buf, s, e, f) || parsePerfLine(buf, s, e, f);
    if (!ok) {
      if (buf[i] === 0x23 /* # */) return this.headerLine(buf, s, e);
      return this.otherLine(buf, s, e, i);
    }
    // A comm may start with `#` (`#1-1234 [000] ...`), so an event line wins over
    // the header test; but `##### CPU 2 buffer started ####` never parses as one.
    this.event(buf);
  }

  private event(buf: Uint8Array): void {
    const f = this.fields;
    const report = this.report;
    report.events++;
    if (report.format === null) {
      report.format = f.family;
      if (f.family === 'perf') {
        report.capture = 'perf-script';
        this.preferPerf = true;
      } else if (report.capture === null) report.capture = 'trace_pipe';
      report.timeUnit = f.ticks ? 'ticks' : 'ns';
      if (f.ticks)
        report.warnings.push(
          'Timestamps have no decimal point: the trace clock does not count nanoseconds (counter, uptime or TSC). Times are shown in clock ticks.',
        );
    }
    const nameId = this.names.internBytes(buf, f.nameStart, f.nameEnd);
    if (nameId >= this.nameCounts.length) this.growNames();
    this.nameCounts[nameId]++;
    let kind = this.nameKinds[nameId];
    if (kind < 0) kind = this.nameKinds[nameId] = kindOfEventName(this.names.get(nameId));
    const ts = f.tsNs;
    // trace_pipe merges per-CPU buffers late, so the first and last lines need
    // not hold the earliest and latest timestamps: the span is min..max.
    if (ts < this.minTs) report.firstTsNs = this.minTs = ts;
    if (ts > this.maxTs) report.lastTsNs = this.maxTs = ts;
    if (ts < this.lastTs) report.backwardSteps++;
    this.lastTs = ts;
    if (kind === Kind.UNKNOWN) return;
    if (!decodePayload(buf, f.bodyStart, f.bodyEnd, kind, this.values, this.builder.strings, this.caches)) {
      report.events--;
      this.nameCounts[nameId]--;
      countSkip(report, 'malformed-payload', this.lineNo, () => decodeText(buf, f.commStart, f.bodyEnd).trim());
      return;
    }
    const task = this.taskOf(buf, f.commStart, f.commEnd, f.pid);
    this.builder.push(ts, task, f.cpu, kind as KindId, this.values);
    report.storedEvents++;
  }

  /** Interns the task; an empty or `<...>` comm takes the last name seen for the pid (as the kernel script does). */
  private taskOf(buf: Uint8Array, cs: number, ce: number, pid: number): number {
    const strings = this.builder.strings;
    let comm = strings.internBytes(buf, cs, ce);
    if (comm === this.emptyCommId || comm === this.unknownCommId) {
      const last = this.lastComm.get(pid);
      if (last !== undefined) comm = last;
    } else {
      this.lastComm.set(pid, comm);
    }
    return this.builder.tasks.idOf(pid, comm);
  }

  private growNames(): void {
    const counts = new Int32Array(this.nameCounts.length * 2);
    counts.set(this.nameCounts);
    this.nameCounts = counts;
    const kinds = new Int16Array(this.nameKinds.length * 2).fill(-1);
    kinds.set(this.nameKinds);
    this.nameKinds = kinds;
  }

  private headerLine(buf: Uint8Array, s: number, e: number): void {
    const text = decodeText(buf, s, Math.min(e, s + 512));
    const started = BUFFER_STARTED.exec(text);
    if (started) {
      const cpu = started[1];
      this.report.bufferStarted[cpu] = (this.report.bufferStarted[cpu] ?? 0) + 1;
      return this.skip('buffer-started-marker', buf, s, e);
    }
    if (/^\s*#\s*tracer:/.test(text) && this.report.capture === null) this.report.capture = 'trace';
    const entries = ENTRIES.exec(text);
    if (entries) {
      this.report.cpus = Number(entries[3]);
      const inBuffer = Number(entries[1]);
      const written = Number(entries[2]);
      if (written > inBuffer)
        this.report.warnings.push(
          `The ring buffer was overwritten before it was read: ${written - inBuffer} of ${written} events are missing from the start of the trace (header line ${this.lineNo}).`,
        );
    }
    this.skip('header', buf, s, e);
  }

  private otherLine(buf: Uint8Array, s: number, e: number, i: number): void {
    const report = this.report;
    if (buf[i] === 0x43 /* C */ || buf[i] === 0x63 /* c */ || buf[i] === 0x76 /* v */) {
      const text = decodeText(buf, s, Math.min(e, s + 256));
      const lost = parseLostMarker(text);
      if (lost) {
        report.lost.markers++;
        const key = String(lost.cpu);
        if (lost.count === null) report.lost.markersWithoutCount++;
        else {
          report.lost.total += lost.count;
          report.lost.byCpu[key] = (report.lost.byCpu[key] ?? 0) + lost.count;
        }
        if (lost.count === null && report.lost.byCpu[key] === undefined) report.lost.byCpu[key] = 0;
        return this.skip('lost-events-marker', buf, s, e);
      }
      const pre = parseTraceCmdPreamble(text);
      if (pre) {
        if (pre.kind === 'cpus') {
          report.cpus = pre.value;
          if (report.capture === null || report.capture === 'trace_pipe') report.capture = 'trace-cmd-report';
        }
        return this.skip('preamble', buf, s, e);
      }
    }
    if (startsWithAscii(buf, i, e, '=>')) return this.skip('stack-trace', buf, s, e);
    if (i > s && isCallchainLine(buf, i, e)) return this.skip('stack-trace', buf, s, e);
    if (hasStackTraceEvent(buf, s, e)) return this.skip('stack-trace', buf, s, e);
    this.skip('unrecognised-line', buf, s, e);
  }
}

/**
 * A `perf script -g` callchain line: indented, a hex address, a space, a symbol
 * (`\t ffffffff81234567 shrink_node+0x1a5 ([kernel.kallsyms])`).
 */
function isCallchainLine(buf: Uint8Array, i: number, e: number): boolean {
  let j = i;
  while (j < e && isHexDigit(buf[j])) j++;
  return j - i >= 4 && j < e && isSpace(buf[j]);
}

function isHexDigit(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46);
}

const STACK_TRACE = ': <stack trace>';
const USER_STACK_TRACE = ': <user stack trace>';

/** The ftrace `<stack trace>` / `<user stack trace>` pseudo-event that precedes ` => ` lines. */
function hasStackTraceEvent(buf: Uint8Array, s: number, e: number): boolean {
  for (let p = s; p < e; p++) {
    if (buf[p] !== 0x3a) continue;
    if (startsWithAscii(buf, p, e, STACK_TRACE) || startsWithAscii(buf, p, e, USER_STACK_TRACE)) return true;
  }
  return false;
}
