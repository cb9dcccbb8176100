// Main-thread side of the explore methods (worker/explore-api.ts): range
// views, a process's series and the event list, asked of the worker that
// holds the trace. A snapshot (shared link, comparison file) holds no events
// and no episodes: these questions fail with a sentence the views show.

import type { EventQuery, EventRow } from '../analysis/event-query.ts';
import type { EventListInfo } from '../analysis/explore-store.ts';
import type { CpuBar, RangeView, TaskSeries } from '../analysis/range-filter.ts';
import type { GroupBy } from '../analysis/summary.ts';
import { remoteFor } from './client.ts';
import type { Ns } from '../model/units.ts';

export const SNAPSHOT_ONLY = 'a shared snapshot holds whole-trace figures only, not the events';

export interface ExploreBackend {
  rangeView(id: string, t0: Ns | null, t1: Ns | null, groupBy?: GroupBy): Promise<RangeView>;
  processSeries(id: string, name: string, byCommand: boolean, t0: Ns, t1: Ns, bucketCount: number): Promise<TaskSeries | null>;
  cpuBars(id: string, t0: Ns, t1: Ns, limit: number): Promise<CpuBar[] | null>;
  eventList(id: string, q: EventQuery): Promise<EventListInfo>;
  eventPage(id: string, q: EventQuery, offset: number, count: number): Promise<EventRow[]>;
}

const refuse = (): Promise<never> => Promise.reject(new Error(SNAPSHOT_ONLY));
const none: ExploreBackend = { rangeView: refuse, processSeries: refuse, cpuBars: refuse, eventList: refuse, eventPage: refuse };

export function exploreFor(id: string): ExploreBackend {
  return remoteFor(id) ?? none;
}
