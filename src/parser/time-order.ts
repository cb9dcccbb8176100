// Puts a table's rows in time order where the capture explains the disorder,
// and measures it where it does not. trace_pipe prints each CPU's events in
// order but merges the CPUs as it reads them, so a task that moved between
// CPUs can show its end before its begin: when every CPU's own events run
// forward, a stable sort by timestamp is the order the events happened in,
// and begins pair with their ends. When time also runs backwards within one
// CPU (a reversed, shuffled or concatenated file) no order can be trusted:
// the rows stay as printed and the report says so (cpuBackwardSteps).

import { moveExtras, type EventTable } from '../model/event-table.ts';
import type { ParseReport } from '../model/parse-report.ts';

export function putInTimeOrder(table: EventTable, report: ParseReport): void {
  const n = table.length;
  const { ts, cpu } = table;
  let backward = 0;
  for (let r = 1; r < n; r++) if (ts[r] < ts[r - 1]) backward++;
  if (backward === 0) return;
  let cpuBackward = 0;
  const lastOfCpu = new Float64Array(65536).fill(-Infinity);
  for (let r = 0; r < n; r++) {
    const c = cpu[r];
    const t = ts[r];
    if (t < lastOfCpu[c]) cpuBackward++;
    lastOfCpu[c] = t;
  }
  if (cpuBackward > 0) {
    report.cpuBackwardSteps = cpuBackward;
    return;
  }
  // No copy of a column: each is permuted in place along the cycles of the
  // order, and the merge's scratch serves again for moveExtras. A copy per
  // column left up to 39 bytes a row of garbage, which the engine frees late:
  // the peak of a load in the worker (issue 13's memory floor).
  const byCpu = new Uint32Array(n);
  const order = mergeCpus(ts, cpu, n, byCpu);
  let moved = 0;
  for (let r = 0; r < n; r++) if (order[r] !== r) moved++;
  const done = new Uint8Array((n >> 3) + 1);
  permute(table.ts, order, n, done);
  permute(table.task, order, n, done);
  permute(table.cpu, order, n, done);
  permute(table.kind, order, n, done);
  // Int32 slots seen as Uint32 words: four array types in the loop, not five (a polymorphic access, not a megamorphic one)
  for (const s of table.slots) permute(new Uint32Array(s.buffer, s.byteOffset, s.length), order, n, done);
  moveExtras(table.extras, order, table.kind, new Int32Array(byCpu.buffer, 0, n));
  // a count, not a warning: the numbers are right once the order is (the parse report shows it)
  report.reordered = moved;
}

/**
 * The rows in time order, ties in row order (a stable sort by timestamp), for
 * rows whose every CPU's events already run forward: the CPUs' runs merged,
 * O(n log CPUs), instead of a comparison sort of every row (a second on 1.3 M
 * rows, a third of the command line's time on a write_folio-heavy trace).
 */
export function mergeCpus(ts: Float64Array, cpu: Uint16Array, n: number, byCpu = new Uint32Array(n)): Uint32Array {
  // rows grouped by CPU, each group in row order (so in time order)
  const count = new Uint32Array(65537);
  for (let r = 0; r < n; r++) count[cpu[r] + 1]++;
  const cpus: number[] = [];
  for (let c = 0; c < 65536; c++) if (count[c + 1] > 0) cpus.push(c);
  for (let c = 1; c < 65537; c++) count[c] += count[c - 1];
  const start = count.slice(0, 65536);
  const fill = start.slice();
  for (let r = 0; r < n; r++) byCpu[fill[cpu[r]]++] = r;
  // a binary heap of the CPUs' next rows, least (timestamp, row) on top
  const k = cpus.length;
  const pos = new Uint32Array(k);
  const end = new Uint32Array(k);
  cpus.forEach((c, i) => {
    pos[i] = start[c];
    end[i] = fill[c];
  });
  const heap = new Int32Array(k);
  let size = 0;
  const less = (a: number, b: number): boolean => {
    const ra = byCpu[pos[a]];
    const rb = byCpu[pos[b]];
    return ts[ra] < ts[rb] || (ts[ra] === ts[rb] && ra < rb);
  };
  const down = (i: number): void => {
    for (;;) {
      const l = 2 * i + 1;
      if (l >= size) return;
      const m = l + 1 < size && less(heap[l + 1], heap[l]) ? l + 1 : l;
      if (!less(heap[m], heap[i])) return;
      const t = heap[m];
      heap[m] = heap[i];
      heap[i] = t;
      i = m;
    }
  };
  for (let i = 0; i < k; i++) heap[size++] = i;
  for (let i = (size >> 1) - 1; i >= 0; i--) down(i);
  const order = new Uint32Array(n);
  for (let o = 0; o < n; o++) {
    const g = heap[0];
    order[o] = byCpu[pos[g]++];
    if (pos[g] === end[g]) heap[0] = heap[--size];
    down(0);
  }
  return order;
}

/**
 * Rows of a column put in the given order (new row r is old row order[r]), in
 * place: along each cycle of the order, every place takes the value of the
 * next, the last takes the first's. `done` (a bit per row) marks the places
 * written; it is cleared here, so one serves every column.
 */
function permute(col: Float64Array | Uint32Array | Uint16Array | Uint8Array, order: Uint32Array, n: number, done: Uint8Array): void {
  done.fill(0);
  for (let i = 0; i < n; i++) {
    if (order[i] === i || done[i >> 3] & (1 << (i & 7))) continue;
    const first = col[i];
    let j = i;
    for (;;) {
      done[j >> 3] |= 1 << (j & 7);
      const k = order[j];
      if (k === i) {
        col[j] = first;
        break;
      }
      col[j] = col[k];
      j = k;
    }
  }
}
