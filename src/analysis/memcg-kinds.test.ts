// Memcg, soft-limit and node reclaim, nested on one task and interleaved
// across tasks: each end closes its own kind's episode, and an event's
// context follows what is still open (direct first, then memcg or soft
// limit, then node). The real memcg traces hold memcg reclaim only, so
// mutation testing found that pairing the three kinds as one passed every
// test; the numbers below are read off the lines by hand.

import { describe, expect, it } from 'vitest';
import { Context, CONTEXT_MASK } from './analyze.ts';
import { chunksOf, parseTrace } from '../parser/parse.ts';
import { analyzeParsed, buildFileReport } from './report.ts';

const SHRINK =
  'mm_vmscan_lru_shrink_inactive: nid=0 nr_scanned=4 nr_reclaimed=2 nr_dirty=0 nr_writeback=0 nr_congested=0 nr_immediate=0 nr_activate_anon=0 nr_activate_file=0 nr_ref_keep=0 nr_unmap_fail=0 priority=12 flags=RECLAIM_WB_ANON|RECLAIM_WB_ASYNC';
const line = (task: string, cpu: number, t: string, ev: string): string => `${task.padStart(16)} [00${cpu}] .....  ${t}: ${ev}`;

const LINES = [
  line('dd-100', 0, '10.000000', 'mm_vmscan_memcg_reclaim_begin: order=0 gfp_flags=GFP_HIGHUSER_MOVABLE'),
  line('dd-100', 0, '10.000100', 'mm_vmscan_memcg_softlimit_reclaim_begin: order=1 gfp_flags=GFP_KERNEL'),
  line('dd-100', 0, '10.000200', SHRINK), // row 2: memcg and soft limit open
  line('dd-100', 0, '10.000300', 'mm_vmscan_memcg_softlimit_reclaim_end: nr_reclaimed=7'),
  line('dd-100', 0, '10.000400', SHRINK), // row 4: memcg still open
  line('dd-100', 0, '10.001000', 'mm_vmscan_memcg_reclaim_end: nr_reclaimed=32'),
  line('dd-100', 0, '10.001100', SHRINK), // row 6: nothing open
  line('cc-200', 1, '10.002000', 'mm_vmscan_node_reclaim_begin: nid=0 order=2 gfp_flags=GFP_KERNEL'),
  line('cc-200', 1, '10.002500', 'mm_vmscan_memcg_reclaim_begin: order=3 gfp_flags=GFP_KERNEL'),
  line('cc-200', 1, '10.003500', 'mm_vmscan_memcg_reclaim_end: nr_reclaimed=3'),
  line('cc-200', 1, '10.003600', SHRINK), // row 10: node still open, memcg closed
  line('cc-200', 1, '10.004000', 'mm_vmscan_node_reclaim_end: nr_reclaimed=9'),
  line('cc-200', 1, '10.004100', SHRINK), // row 12: the node end closed node reclaim
  line('ee-300', 0, '10.005000', 'mm_vmscan_memcg_softlimit_reclaim_begin: order=0 gfp_flags=GFP_KERNEL'),
  line('ee-300', 0, '10.005500', SHRINK), // row 14: soft limit alone
  line('ee-300', 0, '10.006000', 'mm_vmscan_memcg_softlimit_reclaim_end: nr_reclaimed=1'),
  line('cc-200', 1, '10.007000', 'mm_vmscan_memcg_softlimit_reclaim_end: nr_reclaimed=1'), // no begin
];

async function analyzed() {
  const { table, report } = await parseTrace(chunksOf(new TextEncoder().encode(LINES.join('\n') + '\n')));
  const analysis = analyzeParsed(table, report);
  return { analysis, file: buildFileReport('nested.txt', table, report, analysis) };
}

/** Episodes as [start µs from the first event, duration µs, order, nr_reclaimed]. */
function listed(e: { length: number; start: Float64Array; end: Float64Array; order: Int32Array; reclaimed: Int32Array }, t0: number) {
  return Array.from({ length: e.length }, (_, i) => [
    Math.round((e.start[i] - t0) / 1e3),
    Math.round((e.end[i] - e.start[i]) / 1e3),
    e.order[i],
    e.reclaimed[i],
  ]);
}

describe('memcg, soft-limit and node reclaim', () => {
  it('pair each end with its own kind on its task, and count the begins per kind', async () => {
    const { analysis, file } = await analyzed();
    const t0 = 10e9;
    expect(listed(analysis.memcg, t0)).toEqual([
      [0, 1000, 0, 32],
      [2500, 1000, 3, 3],
    ]);
    expect(listed(analysis.softlimit, t0)).toEqual([
      [100, 200, 1, 7],
      [5000, 1000, 0, 1],
    ]);
    expect(listed(analysis.node, t0)).toEqual([[2000, 2000, 2, 9]]);
    expect([analysis.memcgBegins, analysis.softlimitBegins, analysis.nodeBegins]).toEqual([2, 2, 1]);
    expect(analysis.anomalies.memcgEndWithoutBegin).toBe(1);
    expect(file.extra.softlimitReclaims).toBe(2);
    expect(file.extra.nodeReclaims).toBe(1);
  });

  it('give each event the context of what is open on its task', async () => {
    const { analysis } = await analyzed();
    const ctx = (row: number): number => analysis.context[row] & CONTEXT_MASK;
    expect([2, 4, 6, 10, 12, 14].map(ctx)).toEqual([Context.MEMCG, Context.MEMCG, Context.OTHER, Context.NODE, Context.OTHER, Context.MEMCG]);
  });
});
