// The Summary of a time range (the comparison table's "in view" mode): the
// events whose timestamp falls in [t0, t1), counted as the whole-trace pass
// counts them, and the part of each stall or awake interval inside the range.
// Over the whole trace it equals the whole-trace Summary (tested).

import type { EventTable } from '../model/event-table.ts';
import { REWAKE_BIT, type Analysis } from './analyze.ts';
import { countEvent, newTaskCounters } from './counters.ts';
import type { Episodes } from './episodes.ts';
import { groupRows, type ProcessRow, type SummaryOptions } from './summary.ts';
import { lowerBound, rowAt, type TimeIndex } from './time-index.ts';

function addOverlap(into: Float64Array, ep: Episodes, t0: number, t1: number): void {
  for (let i = 0; i < ep.length; i++) {
    const s = Math.max(ep.start[i], t0);
    const e = Math.min(ep.end[i], t1);
    if (e > s) into[ep.task[i]] += e - s;
  }
}

export function rangeRows(
  table: EventTable,
  a: Analysis,
  index: TimeIndex,
  t0: number,
  t1: number,
  opts: Omit<SummaryOptions, 'kernelCompat'> = {},
): ProcessRow[] {
  const c = newTaskCounters(a.taskCount);
  const i0 = lowerBound(index.ts, t0);
  const i1 = lowerBound(index.ts, t1);
  const { task, kind, slots } = table;
  const context = a.context;
  for (let i = i0; i < i1; i++) {
    const r = rowAt(index, i);
    countEvent(c, slots, r, task[r], kind[r], (context[r] & REWAKE_BIT) !== 0);
  }
  const stall = new Float64Array(a.taskCount);
  const awake = new Float64Array(a.taskCount);
  addOverlap(stall, a.direct, t0, t1);
  addOverlap(awake, a.kswapd, t0, t1);
  return groupRows(table, c, stall, awake, opts);
}
