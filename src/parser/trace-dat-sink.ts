// Each record of a trace.dat into the event table: what text-parser.ts does for a
// line, done from the record's bytes. The event type picks the kind; stored kinds
// fill their slots through the plans compiled from the file's own formats
// (trace-dat-slots.ts); comms come from saved cmdlines; lost-event counts become
// the markers the text parser counts. Unknown types are counted, not decoded.

import { type EventTableBuilder, newSlotValues } from '../model/event-table.ts';
import { ABSENT, Kind, SLOT_COUNT, SPEC_BY_KIND, kindOfEventName, type KindId } from '../model/kinds.ts';
import { countSkip, type ParseReport } from '../model/parse-report.ts';
import { countSlot, MALFORMED_VALUE } from './payload.ts';
import { printedIntAt, uintAt } from './sized-int.ts';
import type { EvalContext, RecordView } from './trace-dat-eval.ts';
import { parseEventFormat } from './trace-dat-format.ts';
import { compileKind, renderSlot, type CompiledKind } from './trace-dat-slots.ts';
import type { Meta } from './trace-dat-meta.ts';
import type { CpuCursor } from './trace-dat-ring.ts';

interface EventInfo {
  name: string;
  kind: KindId;
  count: number;
  compiled: CompiledKind | null;
}

export class EventSink {
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
      type = uintAt(c.dv, off + catalog.typeOffset, catalog.typeSize, this.meta.le);
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
    const plans = ck.plans;
    for (let s = 0; s < plans.length; s++) {
      const plan = plans[s];
      switch (plan.t) {
        case 'absent':
          values[s] = ABSENT;
          break;
        case 'int': {
          if (plan.offset + plan.size > rec.len) return 'the record is shorter than its format';
          // The value printf prints for the conversion, then read back as payload.ts would.
          const v = printedIntAt(c.dv, rec.off + plan.offset, plan.size, plan.fieldSigned, plan.bits, plan.convSigned, le);
          // a count the kernel cannot have printed this way is malformed, not clamped (payload.ts); an extra field is then missing
          if (countSlot(v) !== MALFORMED_VALUE) values[s] = v;
          else if (s < SLOT_COUNT) return `its ${SPEC_BY_KIND[info.kind].fields[s].key}= value ${v} is out of range`;
          else values[s] = ABSENT;
          break;
        }
        case 'render': {
          const v = renderSlot(plan, rec, this.ctx, this.builder.strings);
          if (v === null) values[s] = ABSENT;
          else if (!Number.isNaN(v)) values[s] = v;
          else if (s < SLOT_COUNT) return `its ${SPEC_BY_KIND[info.kind].fields[s].key}= value is not a ${plan.type}`;
          else values[s] = ABSENT;
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
