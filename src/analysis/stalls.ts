// Stall periods: the worst direct-reclaim stalls of a trace, for the "stall
// periods" panel. Two views: the longest single episodes, and the busiest
// periods, where overlapping (or nearly touching) episodes of all processes
// are merged and ranked by the stall time they add up to.

import type { EventTable } from '../model/event-table.ts';
import { ns, type Ns } from '../model/units.ts';
import type { Analysis } from './analyze.ts';
import { taskName } from './summary.ts';

export interface StallEpisode {
  startNs: Ns; // relative to trace start
  durationNs: Ns;
  process: string;
  order: number;
  reclaimed: number;
  gfp: string;
}

export interface StallPeriod {
  startNs: Ns; // relative to trace start
  durationNs: Ns;
  /** Sum of the episodes' durations: process-time stalled. */
  stallNs: Ns;
  episodes: number;
  processes: number;
  orders: number[];
  reclaimed: number;
  /** Up to 5 process names, most stalled first. */
  topProcesses: string[];
}

export function longestEpisodes(table: EventTable, a: Analysis, limit: number): StallEpisode[] {
  const ep = a.direct;
  const idx = Array.from({ length: ep.length }, (_, i) => i);
  idx.sort((x, y) => ep.end[y] - ep.start[y] - (ep.end[x] - ep.start[x]) || ep.start[x] - ep.start[y]);
  return idx.slice(0, limit).map((i) => ({
    startNs: ns(ep.start[i] - a.startNs),
    durationNs: ns(ep.end[i] - ep.start[i]),
    process: taskName(table, ep.task[i]),
    order: ep.order[i],
    reclaimed: ep.reclaimed[i],
    gfp: ep.label[i] >= 0 ? table.strings.get(ep.label[i]) : '',
  }));
}

/**
 * Merges direct-reclaim episodes that overlap or are less than gapNs apart
 * into periods and returns the `limit` with the most stall time.
 */
export function busiestPeriods(table: EventTable, a: Analysis, limit: number, gapNs = 1e6): StallPeriod[] {
  const ep = a.direct;
  const idx = Array.from({ length: ep.length }, (_, i) => i).sort((x, y) => ep.start[x] - ep.start[y]);
  const periods: StallPeriod[] = [];
  let k = 0;
  while (k < idx.length) {
    const first = idx[k];
    let end = ep.end[first];
    const members = [first];
    k++;
    while (k < idx.length && ep.start[idx[k]] <= end + gapNs) {
      members.push(idx[k]);
      end = Math.max(end, ep.end[idx[k]]);
      k++;
    }
    const perProcess = new Map<number, number>();
    const orders = new Set<number>();
    let stall = 0;
    let reclaimed = 0;
    for (const i of members) {
      const d = ep.end[i] - ep.start[i];
      stall += d;
      if (ep.reclaimed[i] > 0) reclaimed += ep.reclaimed[i];
      orders.add(ep.order[i]);
      perProcess.set(ep.task[i], (perProcess.get(ep.task[i]) ?? 0) + d);
    }
    periods.push({
      startNs: ns(ep.start[first] - a.startNs),
      durationNs: ns(end - ep.start[first]),
      stallNs: ns(stall),
      episodes: members.length,
      processes: perProcess.size,
      orders: [...orders].sort((x, y) => x - y),
      reclaimed,
      topProcesses: [...perProcess.entries()]
        .sort((x, y) => y[1] - x[1])
        .slice(0, 5)
        .map(([t]) => taskName(table, t)),
    });
  }
  periods.sort((x, y) => y.stallNs - x.stallNs || x.startNs - y.startNs);
  return periods.slice(0, limit);
}
