// The worker's methods for the explore views (the selection filtering every
// view, the event list): a thin shell over analysis/explore-store.ts that
// transfers typed arrays instead of copying them. worker.ts spreads these
// into its Comlink API.

import { transfer } from 'comlink';
import type { EventQuery, EventRow } from '../analysis/event-query.ts';
import { ExploreStore, type EventListInfo } from '../analysis/explore-store.ts';
import type { CpuBar, RangeView, TaskSeries } from '../analysis/range-filter.ts';
import type { LoadedTraces } from '../analysis/loaded-traces.ts';
import type { GroupBy } from '../analysis/summary.ts';
import type { Ns } from '../model/units.ts';

export function exploreApi(traces: LoadedTraces) {
  const explore = new ExploreStore(traces);
  return {
    rangeView(id: string, t0: Ns | null, t1: Ns | null, groupBy?: GroupBy): RangeView {
      const v = explore.rangeView(id, t0, t1, groupBy);
      return transfer(v, [v.latency.durationsMs.buffer as ArrayBuffer, v.latencyOrders.buffer as ArrayBuffer]);
    },
    processSeries(id: string, name: string, byCommand: boolean, t0: Ns, t1: Ns, bucketCount: number): TaskSeries | null {
      const s = explore.processSeries(id, name, byCommand, t0, t1, bucketCount);
      return s ? transfer(s, Object.values(s).map((a: Float64Array) => a.buffer as ArrayBuffer)) : null;
    },
    cpuBars(id: string, t0: Ns, t1: Ns, limit: number): CpuBar[] | null {
      return explore.cpuBars(id, t0, t1, limit);
    },
    eventList(id: string, q: EventQuery): EventListInfo {
      return explore.eventList(id, q);
    },
    eventPage(id: string, q: EventQuery, offset: number, count: number): EventRow[] {
      return explore.eventPage(id, q, offset, count);
    },
    dropEvents(id: string): void {
      explore.drop(id);
    },
  };
}
