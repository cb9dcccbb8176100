// Every episode of a trace as plain JSON (the command line's `--episodes`):
// direct reclaim, kswapd awake and compaction, each with its process, start
// and end in ns after the trace's first event, its order and pages reclaimed.
// What the app's range views count can be checked against this from outside.

import type { EventTable } from '../model/event-table.ts';
import type { Analysis } from './analyze.ts';
import type { Episodes } from './episodes.ts';
import { taskName } from './summary.ts';

export interface EpisodeJson {
  process: string;
  startNs: number;
  endNs: number;
  order: number;
  reclaimed: number;
}

function list(table: EventTable, a: Analysis, ep: Episodes): EpisodeJson[] {
  const out: EpisodeJson[] = [];
  for (let i = 0; i < ep.length; i++)
    out.push({ process: taskName(table, ep.task[i]), startNs: ep.start[i] - a.startNs, endNs: ep.end[i] - a.startNs, order: ep.order[i], reclaimed: ep.reclaimed[i] });
  return out;
}

export function episodesJson(table: EventTable, a: Analysis): { direct: EpisodeJson[]; kswapd: EpisodeJson[]; compaction: EpisodeJson[] } {
  return { direct: list(table, a, a.direct), kswapd: list(table, a, a.kswapd), compaction: list(table, a, a.compaction) };
}
