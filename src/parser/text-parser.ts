/* eslint-disable max-lines -- the fast path and the general reader share the hot loop (below) */
// Long (about 920 lines): the fast path and the general reader's driver share
// the hot loop's per-line state, and keeping them in one module lets V8 inline
// across them; line-cache.ts, payload.ts and the format readers are apart.
//
// The chunked text-trace driver: bytes in (any chunk sizes, down to one byte),
// rows into the event table and a parse report out. It splits lines, counts
// every line it does not use by reason, recognises header and marker lines,
// and hands event lines to the layout readers (ftrace-text.ts, perf-script.ts).
// Lines longer than MAX_LINE_BYTES are skipped without being held in memory,
// whether they arrive in one chunk or many, so that the result never depends
// on how the input was cut. It does not decompress or detect binary formats
// (see parse.ts).
// Two readers, one result: most lines repeat the head and the tail of a
// recent line byte for byte, and the fast path (fastRun) reads those from
// what the general reader (line, event) taught the caches of line-cache.ts;
// every other line, and every line near a chunk's end, takes the general
// reader. Tests parse every input with both (and in tiny chunks, where only
// the general reader runs) and compare. absorb/exportPart let parts of one
// file be read on several threads (text-part.ts).

import { type EventTableBuilder, newSlotValues } from '../model/event-table.ts';
import { Kind, kindOfEventName, type KindId } from '../model/kinds.ts';
import { countSkip, MAX_EXAMPLES, type ParseReport, type SkipReason } from '../model/parse-report.ts';
import { StringTable } from '../model/strings.ts';
import { emptyRecorded, isRecordLine, mergeRecorded, readRecordLine } from '../model/recorded.ts';
import { ABSENT, EXTRA_COUNT, KIND_COUNT, SLOT_COUNT, SPEC_BY_KIND, VALUE_COUNT } from '../model/kinds.ts';
import { CR, decodeText, isSpace, startsWithAscii } from './bytes.ts';
import { parseFtraceLine } from './ftrace-text.ts';
import { viewOf } from './sized-int.ts';
import { FAST_WINDOW, learnTemplate, LineMemo, MAX_CACHED_VALUE, NameCache, type PayloadTemplate } from './line-cache.ts';
import { MAX_EXACT_SECS_NS, newLineFields } from './line-layout.ts';
import { decodePayload, decodeValue, MALFORMED_VALUE, ValueCaches } from './payload.ts';
import { parsePerfLine } from './perf-script.ts';
import { parseLostMarker, parseTraceCmdPreamble } from './trace-cmd-report.ts';
import type { PartSeed, TextPart } from './part.ts';

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
  /** Named tasks of each pid, and when each was last seen, for `<...>` comms (see taskOfComm). */
  private readonly namedTasksOfPid = new Map<number, number[]>();
  private taskSeen = new Int32Array(256);
  private seen = 0;
  // The fast path's memory of earlier lines (line-cache.ts).
  private readonly fast: boolean;
  private readonly memo = new LineMemo();
  private readonly nameCache = new NameCache();
  private readonly templates: (PayloadTemplate | null)[] = [];
  private emptyCommId: number;
  private unknownCommId: number;
  private lastTs = -Infinity;
  private preferPerf = false;
  private minTs = Infinity;
  private maxTs = -Infinity;

  /** Part parsers (text-part.ts): whether a `cpus=N` preamble was read, and every ring-buffer overwrite warning. */
  private sawCpusPreamble = false;
  private readonly overwrites: Overwrite[] = [];
  private readonly recordIssues: { line: number; message: string }[] = [];
  private firstEventTs: number | null = null;

  /**
   * `fast: false` reads every line with the general reader (tests compare the two).
   * `seed`: this parser reads a later part of a file, whose first event
   * (read elsewhere) decided the format; see text-part.ts.
   */
  constructor(builder: EventTableBuilder, report: ParseReport, opts: { fast?: boolean; seed?: PartSeed } = {}) {
    this.builder = builder;
    this.report = report;
    this.fast = opts.fast ?? true;
    this.emptyCommId = builder.strings.intern('');
    this.unknownCommId = builder.strings.intern('<...>');
    if (opts.seed) {
      report.format = opts.seed.format;
      report.timeUnit = opts.seed.timeUnit;
      this.preferPerf = opts.seed.format === 'perf';
    }
  }

  /** Line count so far. */
  get lines(): number {
    return this.lineNo;
  }

  /** What a later part needs to know about the file's first event, once it has been read. */
  get seed(): PartSeed | null {
    const r = this.report;
    return r.format === null ? null : { format: r.format, timeUnit: r.timeUnit };
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
    // Lines that lie wholly inside the chunk, with FAST_WINDOW bytes to spare,
    // are offered to the fast path first; it gives back the ones it cannot read.
    const fastEnd = n - FAST_WINDOW;
    if (this.fast && start < fastEnd) {
      const dv = viewOf(chunk);
      while (start < fastEnd) {
        if (this.report.format !== null) {
          start = this.fastRun(chunk, dv, start, fastEnd);
          if (start >= fastEnd) break;
        }
        // a line the fast path gave back
        const nl = chunk.indexOf(0x0a, start);
        if (nl < 0) break;
        this.line(chunk, start, nl);
        start = nl + 1;
      }
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

  /**
   * This parser's results as plain columns and lists, to hand to the parser
   * of the part before it (absorb). Call after finish().
   */
  exportPart(): TextPart {
    const b = this.builder;
    const t = b.finish();
    const strings = b.strings.exportBytes();
    const names = this.names.exportBytes();
    const nameCounts = new Int32Array(this.names.values.length);
    nameCounts.set(this.nameCounts.subarray(0, nameCounts.length));
    // each pid's named tasks, most recently seen last
    const named: number[] = [];
    for (const list of this.namedTasksOfPid.values()) named.push(...list);
    named.sort((x, y) => this.taskSeen[x] - this.taskSeen[y]);
    return {
      length: t.length,
      ts: t.ts,
      task: t.task,
      cpu: t.cpu,
      kind: t.kind,
      slots: t.slots,
      extras: t.extras,
      strings,
      names,
      nameCounts,
      taskPid: Int32Array.from(t.tasks.pid),
      taskComm: Int32Array.from(t.tasks.comm),
      namedBySeen: Int32Array.from(named),
      report: { ...this.report, warnings: [], eventsByName: {} },
      overwrites: this.overwrites,
      lines: this.lineNo,
      firstEventTs: this.firstEventTs,
      lastEventTs: this.lastTs === -Infinity ? null : this.lastTs,
      sawCpusPreamble: this.sawCpusPreamble,
      recordIssues: this.recordIssues,
    };
  }

  /**
   * Takes in the part that follows the bytes read so far (parsed on its own,
   * seeded with this file's format), so that the state is exactly what
   * reading those bytes here would have left: string and task ids mapped to
   * this table in first-seen order, `<...>` comms resolved to the names this
   * part saw last, line numbers and backward steps counted across the seam.
   * Call before finish().
   */
  absorb(part: TextPart): void {
    const report = this.report;
    const strings = this.builder.strings;
    // strings, in the part's first-seen order
    const stringMap = new Int32Array(part.strings.ends.length);
    for (let i = 0, from = 0; i < stringMap.length; i++) {
      const to = part.strings.ends[i];
      stringMap[i] = strings.internBytes(part.strings.bytes, from, to);
      from = to;
    }
    // tasks: an unnamed one takes the pid's last named task of the bytes before, if any
    const tasks = this.builder.tasks;
    const taskMap = new Int32Array(part.taskPid.length);
    for (let j = 0; j < taskMap.length; j++) {
      const pid = part.taskPid[j];
      const comm = stringMap[part.taskComm[j]];
      if (!this.isNamed(comm) && this.namedTasksOfPid.has(pid)) taskMap[j] = this.taskOfComm(pid, comm);
      else {
        const before = tasks.length;
        taskMap[j] = tasks.idOf(pid, comm);
        if (tasks.length !== before && this.isNamed(comm)) this.noteNamedTask(pid, taskMap[j]);
      }
    }
    for (let i = 0; i < part.namedBySeen.length; i++) this.taskSeen[taskMap[part.namedBySeen[i]]] = ++this.seen;
    // rows: task ids and string-valued slots mapped
    const n = part.length;
    const task = new Uint32Array(n);
    for (let r = 0; r < n; r++) task[r] = taskMap[part.task[r]];
    const slots = part.slots.map((col) => col.subarray(0, n));
    for (let r = 0; r < n; r++) {
      const str = STRING_SLOTS[part.kind[r]];
      for (let k = 0; k < str.length; k++) {
        const col = slots[str[k]];
        if (col[r] !== ABSENT) col[r] = stringMap[col[r]];
      }
    }
    // extra fields are all ints (kinds.ts ExtraFieldSpec): nothing to map
    this.builder.appendColumns({ length: n, ts: part.ts, task, cpu: part.cpu, kind: part.kind, slots, extras: part.extras });
    // event names
    for (let i = 0, from = 0; i < part.nameCounts.length; i++) {
      const to = part.names.ends[i];
      const id = this.names.internBytes(part.names.bytes, from, to);
      from = to;
      if (id >= this.nameCounts.length) this.growNames();
      this.nameCounts[id] += part.nameCounts[i];
    }
    // the report
    const pr = part.report;
    const offset = this.lineNo;
    report.lines += pr.lines;
    report.events += pr.events;
    report.storedEvents += pr.storedEvents;
    for (const [reason, entry] of Object.entries(pr.skipped) as [SkipReason, { count: number; examples: { line: number; text: string }[] }][]) {
      let mine = report.skipped[reason];
      if (!mine) mine = report.skipped[reason] = { count: 0, examples: [] };
      mine.count += entry.count;
      for (const ex of entry.examples) if (mine.examples.length < MAX_EXAMPLES) mine.examples.push({ line: ex.line + offset, text: ex.text });
    }
    report.lost.total += pr.lost.total;
    report.lost.markers += pr.lost.markers;
    report.lost.markersWithoutCount += pr.lost.markersWithoutCount;
    for (const [cpu, count] of Object.entries(pr.lost.byCpu)) report.lost.byCpu[cpu] = (report.lost.byCpu[cpu] ?? 0) + count;
    for (const [cpu, count] of Object.entries(pr.bufferStarted)) report.bufferStarted[cpu] = (report.bufferStarted[cpu] ?? 0) + count;
    for (const o of part.overwrites) {
      const moved = { ...o, line: o.line + offset };
      this.overwrites.push(moved);
      report.warnings.push(overwriteWarning(moved));
    }
    if (pr.cpus !== null) report.cpus = pr.cpus;
    report.recorded = mergeRecorded(report.recorded, pr.recorded);
    for (const issue of part.recordIssues) {
      const moved = { line: issue.line + offset, message: issue.message };
      this.recordIssues.push(moved);
      report.warnings.push(recordIssueWarning(moved));
    }
    if (part.sawCpusPreamble) {
      this.sawCpusPreamble = true;
      if (report.capture === null || report.capture === 'trace_pipe') report.capture = 'trace-cmd-report';
    }
    report.backwardSteps += pr.backwardSteps;
    if (part.firstEventTs !== null) {
      if (part.firstEventTs < this.lastTs) report.backwardSteps++;
      if (this.firstEventTs === null) this.firstEventTs = part.firstEventTs;
    }
    if (part.lastEventTs !== null) this.lastTs = part.lastEventTs;
    if (pr.firstTsNs !== null && pr.firstTsNs < this.minTs) report.firstTsNs = this.minTs = pr.firstTsNs;
    if (pr.lastTsNs !== null && pr.lastTsNs > this.maxTs) report.lastTsNs = this.maxTs = pr.lastTsNs;
    this.lineNo += part.lines;
  }

  private noteNamedTask(pid: number, task: number): void {
    const list = this.namedTasksOfPid.get(pid);
    if (list) list.push(task);
    else this.namedTasksOfPid.set(pid, [task]);
    if (task >= this.taskSeen.length) {
      const bigger = new Int32Array(Math.max(this.taskSeen.length * 2, task + 1));
      bigger.set(this.taskSeen);
      this.taskSeen = bigger;
    }
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
    if (Number.isNaN(f.tsNs)) return this.skip('timestamp-out-of-range', buf, s, e);
    this.event(buf, s);
  }

  private event(buf: Uint8Array, lineStart: number): void {
    const f = this.fields;
    const report = this.report;
    report.events++;
    // The first event decides the format and which layout reader goes first;
    // the caches only learn from lines read after that, so what they hold was
    // read with the reader order every later line gets.
    const learn = this.fast && report.format !== null;
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
    } else if (f.family !== report.format) report.mixedFormatLines = (report.mixedFormatLines ?? 0) + 1;
    const nameId = this.names.internBytes(buf, f.nameStart, f.nameEnd);
    if (nameId >= this.nameCounts.length) this.growNames();
    this.nameCounts[nameId]++;
    let kind = this.nameKinds[nameId];
    if (kind < 0) kind = this.nameKinds[nameId] = kindOfEventName(this.names.get(nameId));
    if (learn) this.nameCache.insert(buf, f.tokenStart, f.nameEnd - f.tokenStart, nameId);
    const ts = f.tsNs;
    // trace_pipe merges per-CPU buffers late, so the first and last lines need
    // not hold the earliest and latest timestamps: the span is min..max.
    if (ts < this.minTs) report.firstTsNs = this.minTs = ts;
    if (ts > this.maxTs) report.lastTsNs = this.maxTs = ts;
    if (ts < this.lastTs) report.backwardSteps++;
    if (this.firstEventTs === null) this.firstEventTs = ts;
    this.lastTs = ts;
    if (kind === Kind.UNKNOWN) return;
    if (!decodePayload(buf, f.bodyStart, f.bodyEnd, kind, this.values, this.builder.strings, this.caches)) {
      report.events--;
      this.nameCounts[nameId]--;
      countSkip(report, 'malformed-payload', this.lineNo, () => decodeText(buf, f.commStart, f.bodyEnd).trim());
      return;
    }
    if (learn && !this.templates[kind]) this.templates[kind] = learnTemplate(kind, buf, f.bodyStart, f.bodyEnd);
    const comm = this.builder.strings.internBytes(buf, f.commStart, f.commEnd);
    const task = this.taskOfComm(f.pid, comm);
    if (learn) {
      const dv = viewOf(buf);
      // payloads are kept by the fast path, which reads them from where the name ends
      this.memo.insertHead(dv, lineStart, f.tsStart, f.cpu, f.pid, comm, this.isNamed(comm) ? task : -1);
    }
    this.builder.push(ts, task, f.cpu, kind as KindId, this.values);
    report.storedEvents++;
  }

  private isNamed(comm: number): boolean {
    return comm !== this.emptyCommId && comm !== this.unknownCommId;
  }

  /**
   * The task of a pid and comm; an empty or `<...>` comm takes the last name
   * seen for the pid (as the kernel script does). Instead of updating a
   * pid -> comm map on every line, each named task remembers when it was last
   * seen, and the rare unnamed line looks for the pid's most recent one.
   */
  private taskOfComm(pid: number, comm: number): number {
    if (!this.isNamed(comm)) {
      const named = this.namedTasksOfPid.get(pid);
      if (named) {
        let best = named[0];
        for (let i = 1; i < named.length; i++) if (this.taskSeen[named[i]] > this.taskSeen[best]) best = named[i];
        return best;
      }
      return this.builder.tasks.idOf(pid, comm);
    }
    const tasks = this.builder.tasks;
    const before = tasks.length;
    const task = tasks.idOf(pid, comm);
    if (tasks.length !== before) this.noteNamedTask(pid, task);
    this.taskSeen[task] = ++this.seen;
    return task;
  }

  /**
   * Reads lines from s on, while they start before `end`, from what earlier
   * lines taught the caches, and returns where it stopped: `end` or later, or
   * the start of a line to hand to the general reader (line()). Every byte it
   * accepts is compared or parsed exactly as the general reader would; a line
   * changes nothing until it is accepted. The parser's counters live in local
   * variables for the run and are written back when it ends. The caller
   * guarantees end + FAST_WINDOW <= b.length.
   */
  private fastRun(b: Uint8Array, dv: DataView, s: number, end: number): number {
    const L = this.memo;
    const values = this.values;
    const builder = this.builder;
    const nameCounts = this.nameCounts;
    const ticks = this.report.timeUnit === 'ticks';
    let taskSeen = this.taskSeen;
    let seen = this.seen;
    let minTs = this.minTs;
    let maxTs = this.maxTs;
    let lastTs = this.lastTs;
    const tailOff = this.tailOff;
    const tailTries = this.tailTries;
    const tailHits = this.tailHits;
    let lines = 0;
    let stored = 0;
    let backward = 0;
    for (; s < end; lines++) {
      const lim = s + FAST_WINDOW - 8;
      // The head: a known task, CPU and flags column, up to the timestamp.
      const bucket = LineMemo.bucket(dv, s);
      const hw = L.headWords;
      let e = L.bucketHead[bucket];
      let prev = -1;
      for (; e >= 0; prev = e, e = L.next[e]) {
        const len = L.headLen[e];
        const base = e * LineMemo.HEAD_WORDS;
        const last = ((len + 7) >> 3) - 1;
        let k = 0;
        while (k < last && dv.getFloat64(s + k * 8, true) === hw[base + k]) k++;
        if (k === last && dv.getFloat64(s + len - 8, true) === hw[base + k]) break;
      }
      if (e < 0) break;
      if (prev >= 0) L.toFront(bucket, prev, e);
      // The timestamp, as parseAfterBracket reads it, up to its `:`.
      let q = s + L.headLen[e];
      const tsStart = q;
      let c = b[q];
      let secs = 0;
      while (c >= 0x30 && c <= 0x39) {
        secs = secs * 10 + (c - 0x30);
        c = b[++q];
      }
      if (q === tsStart || q >= lim || secs > MAX_EXACT_SECS_NS) break; // the general reader refuses what it cannot keep exactly
      let ts: number;
      if (c === 0x3a) {
        if (!ticks) break; // let the general reader see the odd line
        ts = secs;
      } else {
        if (c !== 0x2e) break;
        c = b[++q];
        let frac = 0;
        let digits = 0;
        while (c >= 0x30 && c <= 0x39) {
          if (digits < 9) {
            frac = frac * 10 + (c - 0x30);
            digits++;
          }
          c = b[++q];
        }
        if (c !== 0x3a || digits === 0 || q >= lim) break;
        ts = secs * 1e9 + frac * POW10[9 - digits];
      }
      // q is at the `:` ending the timestamp token. The event name, then the
      // payload: seen after this head before, or read with the kind's template.
      const p = this.fastName(b, dv, q, lim);
      if (p < 0) break;
      const kind = this.tailKind;
      const nameId = this.tailNameId;
      let lineEnd: number;
      if (kind === Kind.UNKNOWN) {
        // not stored: only the line's end is needed
        lineEnd = b.indexOf(0x0a, p);
        if (lineEnd < 0 || lineEnd >= lim || b[lineEnd - 1] === CR) break;
      } else if (tailOff[kind] === 0) {
        // a kind whose lines repeat: look among this head's recent payloads
        const tw = L.tailWords;
        const o = e * LineMemo.TAIL_WAYS;
        let hit = -1;
        for (let n = 0; n < LineMemo.TAIL_WAYS; n++) {
          const t = o + L.tailOrder[o + n];
          const len = L.tailLen[t];
          if (len < 0 || p + len + 8 >= lim || b[p + len] !== 0x0a || L.tailName[t] !== nameId) continue;
          const base = t * LineMemo.TAIL_WORDS;
          const last = ((len + 7) >> 3) - 1;
          let k = 0;
          while (k < last && dv.getFloat64(p + k * 8, true) === tw[base + k]) k++;
          if (k === last && dv.getFloat64(p + len - 8, true) === tw[base + k]) {
            hit = t;
            if (n > 0) {
              // most recently used first
              const way = L.tailOrder[o + n];
              for (let i = n; i > 0; i--) L.tailOrder[o + i] = L.tailOrder[o + i - 1];
              L.tailOrder[o] = way;
            }
            break;
          }
        }
        if (hit >= 0) {
          tailHits[kind]++;
          const v0 = hit * VALUE_COUNT;
          const tv = L.tailValues;
          const width = SLOT_COUNT + EXTRA_COUNT[kind];
          for (let k = 0; k < width; k++) values[k] = tv[v0 + k];
          lineEnd = p + L.tailLen[hit];
        } else {
          lineEnd = this.templateRead(b, dv, p, lim, kind);
          if (lineEnd < 0) break;
          L.insertTail(e, dv, p, lineEnd, nameId, values, SLOT_COUNT + EXTRA_COUNT[kind]);
        }
        // every TAIL_PROBE lines, the kind's hit rate decides whether its lines are worth looking up
        if (++tailTries[kind] === TAIL_PROBE) {
          if (tailHits[kind] * TAIL_MIN_HIT_SHARE < TAIL_PROBE) tailOff[kind] = 1;
          this.tailHitsTotal += tailHits[kind];
          tailTries[kind] = 0;
          tailHits[kind] = 0;
        }
      } else {
        // payloads of this kind rarely repeat (unique page=, pfn=): no lookup, nothing kept
        lineEnd = this.templateRead(b, dv, p, lim, kind);
        if (lineEnd < 0) break;
        // now and then, look again: what repeats can change along a trace
        if (++tailTries[kind] === TAIL_RETRY) {
          tailOff[kind] = 0;
          tailTries[kind] = 0;
        }
      }
      // accepted: what event() would have done
      nameCounts[nameId]++;
      if (ts < minTs) minTs = ts;
      if (ts > maxTs) maxTs = ts;
      if (ts < lastTs) backward++;
      if (this.firstEventTs === null) this.firstEventTs = ts;
      lastTs = ts;
      s = lineEnd + 1;
      if (kind === Kind.UNKNOWN) continue;
      let task = L.task[e];
      if (task >= 0) taskSeen[task] = ++seen;
      else {
        const comm = L.comm[e];
        this.seen = seen;
        task = this.taskOfComm(L.pid[e], comm);
        seen = this.seen;
        taskSeen = this.taskSeen;
        if (this.isNamed(comm)) L.task[e] = task;
      }
      builder.push(ts, task, L.cpu[e], kind as KindId, values);
      stored++;
    }
    // the run's counters, back where the general reader keeps them
    const report = this.report;
    this.lineNo += lines;
    report.lines += lines;
    report.events += lines;
    report.storedEvents += stored;
    report.backwardSteps += backward;
    if (minTs < this.minTs) report.firstTsNs = this.minTs = minTs;
    if (maxTs > this.maxTs) report.lastTsNs = this.maxTs = maxTs;
    this.lastTs = lastTs;
    this.seen = seen;
    return s;
  }

  // What fastName read.
  private tailKind = 0;
  private tailNameId = 0;

  /**
   * Per kind, for the line cache: whether payloads are looked up and kept
   * (tailOff 0) or read with the template only (1), decided every
   * TAIL_PROBE lines of the kind from the share of them found in the cache;
   * lines and hits of the current probe; tail hits of finished probes.
   */
  private readonly tailOff = new Uint8Array(KIND_COUNT);
  private readonly tailTries = new Int32Array(KIND_COUNT);
  private readonly tailHits = new Int32Array(KIND_COUNT);
  private tailHitsTotal = 0;

  /** Lines read so far, and how many of their payloads the line cache recognised (for the benchmark). */
  get cacheStats(): { lines: number; tailHits: number } {
    let hits = this.tailHitsTotal;
    for (let k = 0; k < KIND_COUNT; k++) if (this.tailOff[k] === 0) hits += this.tailHits[k];
    return { lines: this.lineNo, tailHits: hits };
  }

  /**
   * Reads the event name after the `:` that ends the timestamp at q, through
   * the name cache, into tailKind and tailNameId; returns where the payload
   * starts (after the spaces behind the name's `:`), or -1.
   */
  private fastName(b: Uint8Array, dv: DataView, q: number, lim: number): number {
    let c = b[++q];
    if (c !== 0x20) return -1; // the space that ends the timestamp token
    while (c === 0x20 || c === 0x09) c = b[++q];
    if (q + NameCache.MAX_LEN + 2 >= lim) return -1;
    const N = this.nameCache;
    let e = N.head(NameCache.bucket(dv, q));
    let nlen = 0;
    for (; e >= 0; e = N.next[e]) {
      nlen = N.len[e];
      const w = N.words[e];
      let same = true;
      for (let k = 0; k < w.length; k++) {
        const off = k * 4 + 4 <= nlen ? k * 4 : nlen - 4;
        if (dv.getInt32(q + off, true) !== w[k]) {
          same = false;
          break;
        }
      }
      if (same && b[q + nlen] === 0x3a) break;
    }
    if (e < 0) return -1;
    q += nlen + 1;
    c = b[q];
    if (c !== 0x20 && c !== 0x09) return -1;
    const nameId = N.nameId[e];
    do c = b[++q];
    while (c === 0x20 || c === 0x09);
    if (q >= lim) return -1;
    this.tailKind = this.nameKinds[nameId];
    this.tailNameId = nameId;
    return q;
  }

  /**
   * Reads the payload at q with the kind's template into this.values and
   * returns the index of the line's newline, or -1 if the payload does not
   * have the template's shape or a value does not read.
   */
  private templateRead(b: Uint8Array, dv: DataView, q: number, lim: number, kind: number): number {
    const tpl = this.templates[kind];
    if (!tpl) return -1;
    const values = this.values;
    let c: number;
    for (let k = 0; k < tpl.width; k++) values[k] = ABSENT;
    const tw = tpl.words;
    const toff = tpl.wordOff;
    for (let j = 0; j < tpl.fields; j++) {
      const kl = tpl.keyLen[j];
      if (q + kl + 8 >= lim) return -1;
      const wc = tpl.wordCount[j];
      if (wc > 0) {
        const w0 = tpl.wordStart[j];
        for (let k = 0; k < wc; k++) if (dv.getInt32(q + toff[w0 + k], true) !== tw[w0 + k]) return -1;
      } else {
        const key = tpl.keyBytes[j];
        for (let k = 0; k < kl; k++) if (b[q + k] !== key[k]) return -1;
      }
      q += kl;
      const vs = q;
      const sl = tpl.slot[j];
      if (sl >= 0 && tpl.type[j] === 'int') {
        // decimal digits read while scanning; anything else goes through decodeValue
        let v = 0;
        c = b[q];
        while (c >= 0x30 && c <= 0x39) {
          v = v * 10 + (c - 0x30);
          c = b[++q];
        }
        if (q > vs && (c === 0x20 || c === 0x0a)) {
          if (v > 2147483647) return -1; // the general reader refuses it (payload.ts countSlot)
          values[sl] = v;
          continue;
        }
      }
      // The value ends at a space or the newline. Four bytes at a time up to
      // the first word holding a byte below `!` (exact: a borrow only ever
      // reaches past such a byte), then byte by byte from there: a tab or
      // other control byte is part of the value, as in the general reader.
      let w = dv.getInt32(q, true);
      while (((w - 0x21212121) & ~w & 0x80808080) === 0) {
        q += 4;
        if (q >= lim) return -1;
        w = dv.getInt32(q, true);
      }
      c = b[q];
      while (c > 0x20) c = b[++q];
      while (c !== 0x20 && c !== 0x0a) {
        if (c === 0x0d || q >= lim) return -1;
        c = b[++q];
      }
      if (sl < 0) continue;
      let ve = q;
      if (ve > vs && b[ve - 1] === 0x2c) ve--;
      let v: number;
      if (tpl.type[j] === 'int') v = decodeValue(b, vs, ve, 'int', this.builder.strings, this.caches);
      else {
        // strings, LRU names and flags: the last value of this field, or decode and remember
        const len = ve - vs;
        const last = tpl.lastValue[j];
        let same = tpl.lastValueLen[j] === len;
        if (same && len >= 4) {
          // four bytes at a time, the last word ending at the value's end
          const lv = tpl.lastView[j];
          let k = 0;
          for (; k + 4 <= len; k += 4)
            if (dv.getInt32(vs + k, true) !== lv.getInt32(k, true)) {
              same = false;
              break;
            }
          if (same && k < len && dv.getInt32(vs + len - 4, true) !== lv.getInt32(len - 4, true)) same = false;
        } else for (let k = 0; same && k < len; k++) if (last[k] !== b[vs + k]) same = false;
        if (same) v = tpl.lastSlotValue[j];
        else {
          v = decodeValue(b, vs, ve, tpl.type[j], this.builder.strings, this.caches);
          if (v !== MALFORMED_VALUE && len <= MAX_CACHED_VALUE) {
            for (let k = 0; k < len; k++) last[k] = b[vs + k];
            tpl.lastValueLen[j] = len;
            tpl.lastSlotValue[j] = v;
          }
        }
      }
      if (v === MALFORMED_VALUE) return -1;
      values[sl] = v;
    }
    // the line must end here (trailing spaces read as nothing)
    c = b[q];
    while (c === 0x20 || c === 0x09) c = b[++q];
    if (c !== 0x0a || q >= lim) return -1;
    for (const r of tpl.required) if (values[r] === ABSENT) return -1;
    return q;
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
    if (isRecordLine(text)) this.recordLine(buf, s, e);
    if (/^\s*#\s*tracer:/.test(text) && this.report.capture === null) this.report.capture = 'trace';
    const entries = ENTRIES.exec(text);
    if (entries) {
      this.report.cpus = Number(entries[3]);
      const inBuffer = Number(entries[1]);
      const written = Number(entries[2]);
      if (written > inBuffer) {
        const o = { missing: written - inBuffer, written, line: this.lineNo };
        this.overwrites.push(o);
        this.report.warnings.push(overwriteWarning(o));
      }
    }
    this.skip('header', buf, s, e);
  }

  /** A `# reclaimscope-record KEY = VALUE` line (model/recorded.ts); still counted as a header line. */
  private recordLine(buf: Uint8Array, s: number, e: number): void {
    const report = this.report;
    report.recorded ??= emptyRecorded();
    const problem = readRecordLine(report.recorded, decodeText(buf, s, e));
    if (problem === null) return;
    const issue = { line: this.lineNo, message: problem };
    this.recordIssues.push(issue);
    if (report.warnings.length < 50) report.warnings.push(recordIssueWarning(issue));
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
          this.sawCpusPreamble = true;
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

const POW10 = [1, 10, 100, 1000, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9];

/**
 * The line cache's per-kind decision (fastRun): a kind's payloads are looked
 * up and kept while at least 1/TAIL_MIN_HIT_SHARE of them are found, measured
 * over TAIL_PROBE lines at a time; a kind that falls below is read with its
 * template only, and probed again after TAIL_RETRY of its lines. On real
 * traces the kinds split cleanly: lru_isolate and shrink_inactive lines of
 * kswapd hit 60-95%, write_folio lines (unique page= and pfn=) never.
 */
const TAIL_PROBE = 1024;
const TAIL_MIN_HIT_SHARE = 8;
const TAIL_RETRY = 32768;

interface Overwrite {
  missing: number;
  written: number;
  line: number;
}

function overwriteWarning(o: Overwrite): string {
  return `The ring buffer was overwritten before it was read: ${o.missing} of ${o.written} events are missing from the start of the trace (header line ${o.line}).`;
}

function recordIssueWarning(i: { line: number; message: string }): string {
  return `reclaimscope record header, line ${i.line}: ${i.message}; that setting is left out.`;
}

/** Per kind, the slots that hold interned string ids (kinds.ts field type 'str'). */
const STRING_SLOTS: number[][] = Array.from({ length: KIND_COUNT }, (_, k) =>
  (SPEC_BY_KIND[k]?.fields ?? []).flatMap((f, slot) => (f.type === 'str' ? [slot] : [])),
);

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
