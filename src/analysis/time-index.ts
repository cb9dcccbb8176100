// Events in time order. Text traces are almost sorted (trace_pipe merges
// per-CPU buffers late, so a few timestamps step back); range queries need
// exact order, so when the table is not sorted we build a permutation once.

import type { EventTable } from '../model/event-table.ts';

export interface TimeIndex {
  /** Row of the i-th event in time order, or null when rows are already sorted. */
  order: Uint32Array | null;
  /** Timestamps in time order (the table's own column when sorted). */
  ts: Float64Array;
}

export function buildTimeIndex(table: EventTable): TimeIndex {
  const n = table.length;
  const ts = table.ts;
  let sorted = true;
  for (let i = 1; i < n; i++)
    if (ts[i] < ts[i - 1]) {
      sorted = false;
      break;
    }
  if (sorted) return { order: null, ts };
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  // Stable: ties keep file order.
  order.sort((a, b) => ts[a] - ts[b] || a - b);
  const sortedTs = new Float64Array(n);
  for (let i = 0; i < n; i++) sortedTs[i] = ts[order[i]];
  return { order, ts: sortedTs };
}

// the first position whose timestamp is >= t: the model's search, named here where the analysis looks for it
export { lowerBound } from '../model/sorted.ts';

export function rowAt(index: TimeIndex, i: number): number {
  return index.order ? index.order[i] : i;
}
