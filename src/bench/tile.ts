// A big event table made of copies of a parsed one, for timing zoom on ten
// million events without parsing gigabytes first: each copy's timestamps are
// moved past the previous copy's end (as concat-trace.ts does to text), task
// and string ids are shared. Used by the benchmark only (worker tileForBench).

import { EventTableBuilder, type EventTable } from '../model/event-table.ts';
import type { ParseReport } from '../model/parse-report.ts';
import { GAP_NS } from './concat-trace.ts';

export function tileTable(table: EventTable, report: ParseReport, minEvents: number): { table: EventTable; report: ParseReport } {
  const copies = Math.max(1, Math.ceil(minEvents / Math.max(1, table.length)));
  const first = report.firstTsNs ?? (table.length ? table.ts[0] : 0);
  const last = report.lastTsNs ?? (table.length ? table.ts[table.length - 1] : 0);
  const step = last - first + GAP_NS;
  const b = new EventTableBuilder(table.length * copies);
  const ts = new Float64Array(table.length);
  for (let k = 0; k < copies; k++) {
    for (let i = 0; i < table.length; i++) ts[i] = table.ts[i] + k * step;
    b.appendColumns({ length: table.length, ts, task: table.task, cpu: table.cpu, kind: table.kind, slots: table.slots, extras: table.extras });
  }
  const out = b.finish();
  return {
    table: { ...out, tasks: table.tasks, strings: table.strings },
    report: {
      ...report,
      lines: report.lines * copies,
      events: report.events * copies,
      storedEvents: report.storedEvents * copies,
      lastTsNs: last + (copies - 1) * step,
      skipped: {},
      eventsByName: {},
    },
  };
}
