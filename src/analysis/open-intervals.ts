// Per task, the interval of one family (direct reclaim, memcg, soft limit,
// node, compaction, kswapd awake) that has begun and not ended yet: when it
// began and on which event row. analyze.ts keeps one of these per family
// instead of two parallel arrays each.

import { ns } from '../model/units.ts';
import type { OpenInterval } from './episodes.ts';

export class OpenIntervals {
  /** Begin time per task; NaN when nothing is open. */
  private readonly since: Float64Array;
  /** Event row of the begin per task; -1 when nothing is open. */
  private readonly rows: Int32Array;

  constructor(tasks: number) {
    this.since = new Float64Array(tasks).fill(NaN);
    this.rows = new Int32Array(tasks).fill(-1);
  }

  isOpen(task: number): boolean {
    return !Number.isNaN(this.since[task]);
  }

  /** When the open interval of `task` began (NaN if none). */
  beganAt(task: number): number {
    return this.since[task];
  }

  /** The event row that began it (-1 if none). */
  beganOnRow(task: number): number {
    return this.rows[task];
  }

  open(task: number, now: number, row: number): void {
    this.since[task] = now;
    this.rows[task] = row;
  }

  close(task: number): void {
    this.since[task] = NaN;
    this.rows[task] = -1;
  }

  /** What is still open at the end of the trace; `order` read from the begin row's slot when given. */
  leftOpen(type: OpenInterval['type'], endNs: number, orderSlot: Int32Array | null): OpenInterval[] {
    const out: OpenInterval[] = [];
    for (let t = 0; t < this.since.length; t++) {
      if (!this.isOpen(t)) continue;
      const row = this.rows[t];
      out.push({ type, task: t, startNs: ns(this.since[t]), openNs: ns(Math.max(0, endNs - this.since[t])), order: orderSlot && row >= 0 ? orderSlot[row] : -1 });
    }
    return out;
  }
}
