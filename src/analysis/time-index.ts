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

/** First position whose timestamp is >= t. */
export function lowerBound(ts: Float64Array, t: number): number {
  let lo = 0;
  let hi = ts.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (ts[mid] < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function rowAt(index: TimeIndex, i: number): number {
  return index.order ? index.order[i] : i;
}
