// Episodes: intervals between a begin event and its end on the same task
// (direct, memcg, soft-limit and node reclaim, compaction) and kswapd's awake
// intervals. Stored as columns; built by analyze.ts, read by summary, series
// and stall-period code. Open intervals (no end before the trace ends) are
// kept apart and never enter totals.

import { ns, type Ns } from '../model/units.ts';

export interface Episodes {
  length: number;
  start: Float64Array; // ns
  end: Float64Array; // ns
  task: Uint32Array;
  order: Int32Array; // allocation order at begin (-1 when the event has none)
  /** nr_reclaimed of the end event (reclaim), -1 for compaction and kswapd */
  reclaimed: Int32Array;
  /** Interned string: gfp flags (reclaim), status (compaction); -1 if none */
  label: Int32Array;
  /** Row of the begin event in the event table (-1 for kswapd awake at trace start) */
  beginRow: Int32Array;
}

export class EpisodeBuilder {
  private s: number[] = [];
  private e: number[] = [];
  private t: number[] = [];
  private o: number[] = [];
  private r: number[] = [];
  private l: number[] = [];
  private b: number[] = [];

  add(start: number, end: number, task: number, order: number, reclaimed: number, label: number, beginRow: number): void {
    this.s.push(start);
    this.e.push(end);
    this.t.push(task);
    this.o.push(order);
    this.r.push(reclaimed);
    this.l.push(label);
    this.b.push(beginRow);
  }

  get length(): number {
    return this.s.length;
  }

  finish(): Episodes {
    return {
      length: this.s.length,
      start: Float64Array.from(this.s),
      end: Float64Array.from(this.e),
      task: Uint32Array.from(this.t),
      order: Int32Array.from(this.o),
      reclaimed: Int32Array.from(this.r),
      label: Int32Array.from(this.l),
      beginRow: Int32Array.from(this.b),
    };
  }
}

/** Sum of durations in ns. */
export function totalDurationNs(ep: Episodes): Ns {
  let sum = 0;
  for (let i = 0; i < ep.length; i++) sum += ep.end[i] - ep.start[i];
  return ns(sum);
}

export interface OpenInterval {
  type: 'direct' | 'memcg' | 'softlimit' | 'node' | 'compaction' | 'kswapd';
  task: number;
  startNs: Ns;
  /** Time from the begin to the last timestamp of the trace, ns. */
  openNs: Ns;
  order: number;
}
