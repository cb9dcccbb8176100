// The edges of analyze() that the real traces never reach, each with a short
// trace written by hand and its numbers read off the lines: the anomaly
// counters, kswapd awake when the trace starts, the throttled time, which
// tasks are kswapd, the trace's end and what is still open there. Mutation
// testing (README, Tests) found that a mutant of any of these passed every
// other test.

import { describe, expect, it } from 'vitest';
import { analyze, Context, CONTEXT_MASK } from './analyze.ts';
import { chunksOf, parseTrace } from '../parser/parse.ts';
import { analyzeParsed } from './report.ts';
import { EventTableBuilder } from '../model/event-table.ts';
import { Kind } from '../model/kinds.ts';

const line = (task: string, cpu: number, t: string, ev: string): string => `${task.padStart(16)} [00${cpu}] .....  ${t}: ${ev}`;
const ISOLATE = 'mm_vmscan_lru_isolate: classzone=3 order=0 nr_requested=32 nr_scanned=8 nr_skipped=0 nr_taken=8 lru=inactive_file';
const BEGIN = 'mm_vmscan_direct_reclaim_begin: order=0 gfp_flags=GFP_HIGHUSER_MOVABLE';
const COMPACT_BEGIN = 'mm_compaction_begin: zone_start=0x100000 migrate_pfn=0x109800 free_pfn=0x13a200 zone_end=0x640000, mode=async';
const COMPACT_END = 'mm_compaction_end: zone_start=0x100000 migrate_pfn=0x107e00 free_pfn=0x13a200 zone_end=0x640000, mode=async status=success';

async function analyzed(lines: string[]) {
  const { table, report } = await parseTrace(chunksOf(new TextEncoder().encode(lines.join('\n') + '\n')));
  return { table, report, analysis: analyzeParsed(table, report) };
}

describe('analyze, the edges the real traces do not reach', () => {
  it('counts each anomaly once per event that shows it, and never as a fix', async () => {
    const { analysis } = await analyzed([
      line('dd-100', 0, '1.000000', BEGIN),
      line('dd-100', 0, '1.000100', BEGIN), // a second begin replaces the first
      line('dd-100', 0, '1.000300', 'mm_vmscan_direct_reclaim_end: nr_reclaimed=5'),
      line('dd-100', 0, '1.000400', 'mm_vmscan_memcg_reclaim_end: nr_reclaimed=1'), // no memcg begin
      line('dd-100', 0, '1.000500', 'mm_vmscan_node_reclaim_end: nr_reclaimed=1'), // no node begin: the same counter
      line('cc-200', 1, '1.000600', COMPACT_END), // no compaction begin
      line('cc-200', 1, '1.000700', COMPACT_END), // and again
      line('kswapd0-45', 1, '1.001000', 'mm_vmscan_kswapd_wake: nid=0 order=0'),
      line('kswapd0-45', 1, '1.002000', 'mm_vmscan_kswapd_sleep: nid=0'),
      line('kswapd0-45', 1, '1.003000', 'mm_vmscan_kswapd_sleep: nid=0'), // asleep already: not fix 3, an anomaly
      line('kswapd0-45', 1, '1.004000', 'mm_vmscan_kswapd_sleep: nid=0'),
    ]);
    expect(analysis.anomalies).toEqual({
      directBeginReplaced: 1,
      kswapdSleepWithoutWake: 2,
      memcgEndWithoutBegin: 2,
      compactionEndWithoutBegin: 2,
      negativeDurations: 0,
    });
    expect(analysis.fixes.kswapdAwakeAtStart).toBe(0);
    // the replaced begin's episode runs from the second begin: 200 µs
    expect(Array.from(analysis.direct.end).map((e, i) => e - analysis.direct.start[i])).toEqual([200_000]);
    // kswapd: one wake-sleep, 1 ms; the sleeps without a wake add nothing
    expect(analysis.kswapd.length).toBe(1);
    expect(analysis.kswapd.end[0] - analysis.kswapd.start[0]).toBe(1_000_000);
    expect(analysis.tasks.kswapdAwakeNs[analysis.kswapd.task[0]]).toBe(1_000_000);
  });

  it('counts a duration that runs backwards as 0 and as an anomaly (a table out of time order)', () => {
    const b = new EventTableBuilder(8);
    const task = b.tasks.idOf(100, b.strings.intern('dd'));
    const v = new Int32Array(8).fill(-1);
    b.push(2_000_000, task, 0, Kind.DIRECT_BEGIN, v);
    v[0] = 4;
    b.push(1_000_000, task, 0, Kind.DIRECT_END, v);
    const a = analyze(b.finish());
    // without the parse report's first and last timestamps, the table's first and last rows
    expect([a.startNs, a.endNs]).toEqual([2_000_000, 1_000_000]);
    expect(a.anomalies.negativeDurations).toBe(1);
    expect(a.direct.length).toBe(1);
    expect(a.direct.end[0] - a.direct.start[0]).toBe(0);
    expect(a.tasks.directStallNs[task]).toBe(0);
  });

  it('counts kswapd awake at the start from the first timestamp of the trace, with no wake fields', async () => {
    const { analysis } = await analyzed([
      line('dd-100', 0, '5.000000', ISOLATE), // the trace's first timestamp
      line('kswapd0-45', 1, '5.250000', 'mm_vmscan_kswapd_sleep: nid=0'),
      line('kswapd0-45', 1, '5.500000', 'mm_vmscan_kswapd_wake: nid=0 order=3'),
      line('kswapd0-45', 1, '5.750000', 'mm_vmscan_kswapd_sleep: nid=0'),
    ]);
    expect(analysis.fixes.kswapdAwakeAtStart).toBe(1);
    expect(analysis.startNs).toBe(5e9);
    const k = analysis.kswapd;
    expect(Array.from({ length: k.length }, (_, i) => [k.start[i] - 5e9, k.end[i] - k.start[i], k.order[i], k.reclaimed[i], k.label[i], k.beginRow[i]])).toEqual([
      [0, 250e6, -1, -1, -1, -1],
      [500e6, 250e6, 3, -1, -1, 2],
    ]);
    const kswapdTask = analysis.kswapd.task[0];
    expect(analysis.tasks.kswapdAwakeNs[kswapdTask]).toBe(500e6);
    // the script counts the first sleep from time zero: 5.25 s, plus the 0.25 s episode
    expect(analysis.tasks.scriptKswapdAwakeNs[kswapdTask]).toBe(5.5e9);
  });

  it('sums the throttled delay of the events that carry it', async () => {
    const { analysis } = await analyzed([
      line('dd-100', 0, '1.000000', 'mm_vmscan_throttled: nid=0 usec_timeout=100000 usect_delayed=8000 reason=VMSCAN_THROTTLE_WRITEBACK'),
      line('dd-100', 0, '1.100000', 'mm_vmscan_throttled: nid=0 usec_timeout=100000 usect_delayed=2500 reason=VMSCAN_THROTTLE_ISOLATED'),
      line('ee-101', 1, '1.200000', 'mm_vmscan_throttled: nid=0 usec_timeout=100000 usect_delayed=1 reason=VMSCAN_THROTTLE_NOPROGRESS'),
    ]);
    expect(analysis.throttledEvents).toBe(3);
    expect(analysis.throttledUs).toBe(10_501);
  });

  it('takes as kswapd the tasks named kswapdN or that log a kswapd wake or sleep, and no others', async () => {
    const { table, analysis } = await analyzed([
      line('kswapd0-45', 0, '1.000000', ISOLATE), // by its name alone
      line('kswapd-46', 0, '1.000100', ISOLATE), // comm "kswapd": kswapd with no node number
      line('kswapd1x-47', 0, '1.000200', ISOLATE), // not kswapdN
      line('reclaimer-48', 1, '1.000300', 'mm_vmscan_kswapd_wake: nid=1 order=0'), // by what it logs
      line('reclaimer-48', 1, '1.000400', ISOLATE),
      line('xkswapd0-49', 0, '1.000500', ISOLATE), // not kswapdN
      line('kswapdx-50', 0, '1.000550', ISOLATE), // not kswapdN
      line('reclaimer-48', 1, '1.000600', 'mm_vmscan_kswapd_sleep: nid=1'),
    ]);
    const byPid = (pid: number): number => {
      for (let t = 0; t < table.tasks.length; t++) if (table.tasks.pid[t] === pid) return t;
      throw new Error(`no task ${pid}`);
    };
    expect([45, 46, 47, 48, 49, 50].map((p) => analysis.isKswapd[byPid(p)])).toEqual([1, 1, 0, 1, 0, 0]);
    expect([0, 1, 2, 4, 5, 6].map((r) => analysis.context[r] & CONTEXT_MASK)).toEqual([Context.KSWAPD, Context.KSWAPD, Context.OTHER, Context.KSWAPD, Context.OTHER, Context.OTHER]);
  });

  it('ends the trace at its last timestamp and reports what is still open there', async () => {
    const { analysis } = await analyzed([
      line('dd-100', 0, '2.000000', 'mm_vmscan_direct_reclaim_begin: order=2 gfp_flags=GFP_KERNEL'),
      line('cc-200', 1, '2.100000', COMPACT_BEGIN),
      line('kswapd0-45', 1, '2.200000', 'mm_vmscan_kswapd_wake: nid=0 order=4'),
      line('ee-300', 0, '2.300000', 'mm_vmscan_memcg_reclaim_begin: order=1 gfp_flags=GFP_KERNEL'),
      line('ee-300', 0, '2.400000', 'mm_vmscan_memcg_softlimit_reclaim_begin: order=5 gfp_flags=GFP_KERNEL'),
      line('ff-400', 1, '2.500000', 'mm_vmscan_node_reclaim_begin: nid=0 order=6 gfp_flags=GFP_KERNEL'),
      line('dd-100', 0, '3.000000', ISOLATE), // the trace's last timestamp
    ]);
    expect(analysis.endNs).toBe(3e9);
    const open = analysis.open.map((o) => [o.type, o.startNs - 2e9, o.openNs, o.order]);
    expect(open).toEqual([
      ['direct', 0, 1e9, 2],
      ['memcg', 300e6, 700e6, 1],
      ['softlimit', 400e6, 600e6, 5],
      ['node', 500e6, 500e6, 6],
      ['compaction', 100e6, 900e6, -1],
      ['kswapd', 200e6, 800e6, 4],
    ]);
    // nothing open is counted as an episode
    expect([analysis.direct.length, analysis.memcg.length, analysis.softlimit.length, analysis.node.length, analysis.compaction.length, analysis.kswapd.length]).toEqual([0, 0, 0, 0, 0, 0]);
  });
});
