// Puts a table's rows in time order where the capture explains the disorder,
// and measures it where it does not. trace_pipe prints each CPU's events in
// order but merges the CPUs as it reads them, so a task that moved between
// CPUs can show its end before its begin: when every CPU's own events run
// forward, a stable sort by timestamp is the order the events happened in,
// and begins pair with their ends. When time also runs backwards within one
// CPU (a reversed, shuffled or concatenated file) no order can be trusted:
// the rows stay as printed and the report says so (cpuBackwardSteps).

import { moveExtras, type EventTable } from '../model/event-table.ts';
import type { ParseReport } from '../model/parse-report.ts';

export function putInTimeOrder(table: EventTable, report: ParseReport): void {
  const n = table.length;
  const { ts, cpu } = table;
  let backward = 0;
  let cpuBackward = 0;
  const lastOfCpu = new Map<number, number>();
  for (let r = 1; r < n; r++) if (ts[r] < ts[r - 1]) backward++;
  if (backward === 0) return;
  for (let r = 0; r < n; r++) {
    const c = cpu[r];
    const last = lastOfCpu.get(c);
    if (last !== undefined && ts[r] < last) cpuBackward++;
    lastOfCpu.set(c, ts[r]);
  }
  if (cpuBackward > 0) {
    report.cpuBackwardSteps = cpuBackward;
    return;
  }
  const order = new Uint32Array(n);
  for (let r = 0; r < n; r++) order[r] = r;
  order.sort((a, b) => ts[a] - ts[b] || a - b);
  let moved = 0;
  for (let r = 0; r < n; r++) if (order[r] !== r) moved++;
  const permute = <T extends Float64Array | Uint32Array | Uint16Array | Uint8Array | Int32Array>(col: T): void => {
    const copy = col.slice(0, n);
    for (let r = 0; r < n; r++) col[r] = copy[order[r]];
  };
  permute(table.ts);
  permute(table.task);
  permute(table.cpu);
  permute(table.kind);
  for (const s of table.slots) permute(s);
  const newRowOf = new Uint32Array(n);
  for (let r = 0; r < n; r++) newRowOf[order[r]] = r;
  moveExtras(table.extras, newRowOf);
  // a count, not a warning: the numbers are right once the order is (the parse report shows it)
  report.reordered = moved;
}
