// The range and event questions of the "explore" views, over the traces a
// LoadedTraces holds: latency, tables and stall lists of a range
// (range-filter.ts), one process's series, and the event list, whose result
// (table row indices) stays here, cached by query, and is read a page at a time.

import type { LoadedTraces } from './loaded-traces.ts';
import { accountOf, queryEvents, readRows, type EventAccount, type EventQuery, type EventRow } from './event-query.ts';
import { cpuBars, rangeView, tasksNamed, taskSeries, type CpuBar, type RangeView, type TaskSeries } from './range-filter.ts';
import type { GroupBy } from './summary.ts';
import type { Ns } from '../model/units.ts';

export interface EventListInfo {
  count: number;
  account: EventAccount;
}

export class ExploreStore {
  private readonly results = new Map<string, { key: string; rows: Uint32Array }>();

  constructor(private readonly traces: LoadedTraces) {}

  rangeView(id: string, t0: Ns | null, t1: Ns | null, groupBy: GroupBy = 'task'): RangeView {
    const { table, analysis, index } = this.traces.internals(id);
    return rangeView(table, analysis, index, t0, t1, { groupBy });
  }

  /** Series of the process named `comm-pid` (or every process of a command), null if the trace has none. */
  processSeries(id: string, name: string, byCommand: boolean, t0: Ns, t1: Ns, bucketCount: number): TaskSeries | null {
    const { table, analysis, index } = this.traces.internals(id);
    const tasks = tasksNamed(table, name, byCommand);
    return tasks.length ? taskSeries(table, analysis, index, tasks, t0, t1, bucketCount) : null;
  }

  /** Reclaim intervals per CPU in a range (relative ns), null beyond `limit`. */
  cpuBars(id: string, t0: Ns, t1: Ns, limit: number): CpuBar[] | null {
    const { table, analysis } = this.traces.internals(id);
    return cpuBars(table, analysis, t0, t1, limit);
  }

  private rows(id: string, q: EventQuery): Uint32Array {
    const key = JSON.stringify(q);
    const hit = this.results.get(id);
    if (hit && hit.key === key) return hit.rows;
    const { table, analysis, index } = this.traces.internals(id);
    const rows = queryEvents(table, analysis, index, q);
    this.results.set(id, { key, rows }); // one list per trace: the one on screen
    return rows;
  }

  /** Runs a query (kept for the pages that follow): how many events it lists and their account. */
  eventList(id: string, q: EventQuery): EventListInfo {
    const rows = this.rows(id, q);
    return { count: rows.length, account: accountOf(this.traces.internals(id).table, rows) };
  }

  /** Rows [offset, offset + count) of a query's list, decoded. */
  eventPage(id: string, q: EventQuery, offset: number, count: number): EventRow[] {
    const { table, analysis } = this.traces.internals(id);
    return readRows(table, analysis, this.rows(id, q), offset, Math.min(count, 1000));
  }

  drop(id: string): void {
    this.results.delete(id);
  }
}
