// Capture variants and the unmatched begin/end cases, one fixture each in
// fixtures/edge/ (fixtures/README.md says where every line came from). The
// format is always detected from the bytes alone: no test passes a file name.
// Expected numbers are worked out by hand from the fixture lines; for the
// files the kernel script reads, its own output is quoted next to them.

import { describe, expect, it } from 'vitest';
import { analyzeParsed, buildFileReport, type FileReport } from '../analysis/report.ts';
import { Kind, slotOf } from '../model/kinds.ts';
import type { ParsedTrace } from './parse.ts';
import { bytesOf, fixture, parseBoth, tableSnapshot } from '../test-support/parse-both.ts';

function reportOf(p: ParsedTrace, kernelCompat = false): FileReport {
  const a = analyzeParsed(p.table, p.report);
  return buildFileReport('t', p.table, p.report, a, kernelCompat ? { groupBy: 'script', kernelCompat: true } : {});
}

function taskNames(p: ParsedTrace): string[] {
  const t = p.table.tasks;
  return t.pid.map((pid, i) => `${p.table.strings.get(t.comm[i])}-${pid}`).sort();
}

/** `comm-pid` of each stored row, in file order. */
function rowTasks(p: ParsedTrace): string[] {
  const { table } = p;
  const out: string[] = [];
  for (let r = 0; r < table.length; r++) {
    const t = table.task[r];
    out.push(`${table.strings.get(table.tasks.comm[t])}-${table.tasks.pid[t]}`);
  }
  return out;
}

describe('the ftrace trace file: header, TGID column, awkward comms', () => {
  it('skips the 12 header lines and reads the TGID layout, (  4400) and (-------) alike', async () => {
    const p = await parseBoth(fixture('edge/trace-file-tgid-comms.txt'));
    expect(p.report.format).toBe('ftrace');
    expect(p.report.capture).toBe('trace');
    expect(p.report.lines).toBe(28);
    expect(p.report.skipped.header?.count).toBe(12);
    expect(p.report.events).toBe(16);
    expect(p.report.storedEvents).toBe(16);
    expect(p.report.cpus).toBe(8);
    expect(p.report.warnings).toEqual([]);
  });

  it('keeps comms with spaces, dashes, slashes, digits only, a leading # and no name at all', async () => {
    const p = await parseBoth(fixture('edge/trace-file-tgid-comms.txt'));
    expect(taskNames(p)).toEqual([
      '#1-2001',
      '-5972',
      '3-3482',
      '<...>-7777', // never seen under a name: stays <...>
      'Jit thread pool-4435', // <...>-4435 takes the name seen before it, as the kernel script does
      'irq/100-enet-fe-118',
      'kcompactd0-35',
      'kswapd0-91',
      'kworker/u16:1-77',
    ]);
    expect(rowTasks(p).slice(0, 4)).toEqual(Array(4).fill('Jit thread pool-4435'));
    expect(p.table.cpu[0]).toBe(3);
  });

  it('gives a <...> line the name its pid was seen under most recently, after a rename and back', async () => {
    const line = (comm: string, t: string, ev: string): string => `${comm.padStart(16)}-100     [000] .....  ${t}: mm_vmscan_${ev}`;
    const begin = 'direct_reclaim_begin: order=0 gfp_flags=GFP_HIGHUSER_MOVABLE';
    const end = 'direct_reclaim_end: nr_reclaimed=1';
    const text = [
      line('a', '1.000000', begin),
      line('a', '1.000100', end),
      line('b', '1.001000', begin), // the task calls exec: a new name
      line('<...>', '1.001100', end), // b, the latest
      line('a', '1.002000', begin), // and back
      line('a', '1.002100', end),
      line('<...>', '1.003000', begin), // a again, though b was named after a first
      line('<...>', '1.003100', end),
      '',
    ].join('\n');
    const p = await parseBoth(bytesOf(text));
    expect(rowTasks(p)).toEqual(['a-100', 'a-100', 'b-100', 'b-100', 'a-100', 'a-100', 'a-100', 'a-100']);
  });

  it('ignores trailing spaces after the payload', async () => {
    const p = await parseBoth(fixture('edge/trace-file-tgid-comms.txt'));
    const rows = (kind: number) => [...Array(p.table.length).keys()].filter((r) => p.table.kind[r] === kind);
    const [end] = rows(Kind.DIRECT_END);
    expect(p.table.slots[slotOf(Kind.DIRECT_END, 'nr_reclaimed')][end]).toBe(30); // `nr_reclaimed=30  `
    const [wake] = rows(Kind.KCOMPACTD_WAKE);
    expect(p.table.strings.get(p.table.slots[slotOf(Kind.KCOMPACTD_WAKE, 'classzone_idx')][wake])).toBe('Normal');
  });

  it('takes the trace span from the earliest and latest timestamps, not the first and last lines', async () => {
    const p = await parseBoth(fixture('edge/trace-file-tgid-comms.txt'));
    // kswapd_wake (11640.871900) is printed after a line stamped 11640.872000
    expect(p.report.backwardSteps).toBe(1);
    expect(p.report.firstTsNs).toBe(11640_869_472_000);
    expect(p.report.lastTsNs).toBe(11640_884_000_000);
  });

  it('keeps the span right when the first line is not the earliest and the last not the latest', async () => {
    // trace_pipe prints a CPU's late-committed events after later ones of another CPU
    const line = (cpu: number, ts: string, ev: string) => `         kswapd0-45      [00${cpu}] .....  ${ts}: ${ev}`;
    const text = [
      line(1, '10.000500', 'mm_vmscan_kswapd_wake: nid=0 order=0'),
      line(0, '10.000100', 'mm_compaction_kcompactd_sleep: nid=0'),
      line(1, '10.000900', 'mm_vmscan_kswapd_sleep: nid=0'),
      line(0, '10.000700', 'mm_compaction_kcompactd_sleep: nid=0'),
      '',
    ].join('\n');
    const p = await parseBoth(new TextEncoder().encode(text));
    expect(p.report.firstTsNs).toBe(10_000_100_000);
    expect(p.report.lastTsNs).toBe(10_000_900_000);
    expect(p.report.backwardSteps).toBe(2);
  });

  it('computes the Summary worked out by hand', async () => {
    const p = await parseBoth(fixture('edge/trace-file-tgid-comms.txt'));
    const s = reportOf(p).summary;
    expect(s.directReclaims).toBe(4); // Jit thread pool, -5972, 3-3482, kworker/u16:1
    // (.870472-.869472) + (.871300-.871000) + (.873000-.872500) + (.882250-.882000) = 1.0 + 0.3 + 0.5 + 0.25 ms
    expect(s.directStallMs).toBeCloseTo(2.05, 6);
    expect(s.directPagesScanned).toBe(32);
    expect(s.directFilePagesScanned).toBe(32);
    expect(s.directPagesReclaimed).toBe(30);
    expect(s.wakeKswapdRequests).toBe(0); // irq/100-enet-fe, <...>-7777 and #1 never enter direct reclaim
    expect(s.kswapdWakeups).toBe(1);
    expect(s.kswapdAwakeMs).toBeCloseTo(8, 6); // 11640.879900 - 11640.871900
  });
});

describe('CRLF line ends', () => {
  it('gives the same table and report as the same file with LF line ends', async () => {
    const crlf = await parseBoth(fixture('edge/crlf-line-ends.txt'));
    const lf = await parseBoth(fixture('edge/trace-file-tgid-comms.txt'));
    expect(tableSnapshot(crlf.table)).toEqual(tableSnapshot(lf.table));
    expect(crlf.report.bytes).toBe(lf.report.bytes + 28); // one CR per line
    expect({ ...crlf.report, bytes: 0, decodedBytes: 0 }).toEqual({ ...lf.report, bytes: 0, decodedBytes: 0 });
  });
});

describe('flags column: absent, 4 and 5 characters', () => {
  it('reads all three layouts with the right timestamps', async () => {
    const p = await parseBoth(fixture('edge/flag-columns.txt'));
    expect(p.report.events).toBe(4);
    expect(Array.from(p.table.ts)).toEqual([1000_000_100_000, 1000_000_200_000, 1000_000_300_000, 1000_000_400_000]);
    expect(taskNames(p)).toEqual(['kswapd0-45']);
    const s = reportOf(p).summary;
    expect(s.kswapdPagesScanned).toBe(48); // 32 inactive_file + 16 inactive_anon
    expect(s.kswapdFilePagesScanned).toBe(32);
    expect(s.kswapdAnonPagesScanned).toBe(16);
    expect(s.kswapdAwakeMs).toBeCloseTo(0.3, 6); // 1000.000400 - 1000.000100
  });
});

describe('lost-event and buffer-started markers', () => {
  it('counts LOST markers per CPU, with and without a count, and the buffer-started annotation', async () => {
    const p = await parseBoth(fixture('edge/lost-events.txt'));
    expect(p.report.lines).toBe(14);
    expect(p.report.events).toBe(6);
    expect(p.report.skipped.header?.count).toBe(4);
    expect(p.report.skipped['lost-events-marker']?.count).toBe(3);
    expect(p.report.skipped['lost-events-marker']?.examples.map((e) => e.line)).toEqual([6, 11, 13]);
    expect(p.report.skipped['buffer-started-marker']?.count).toBe(1);
    expect(p.report.lost).toEqual({ total: 1900, markers: 3, markersWithoutCount: 1, byCpu: { '0': 0, '1': 1900 } });
    expect(p.report.bufferStarted).toEqual({ '1': 1 });
    // entries-in-buffer/entries-written: 6/1906
    expect(p.report.warnings).toEqual([expect.stringContaining('1900 of 1906 events')]);
    expect(reportOf(p).extra.lostEvents).toBe(1900);
  });
});

describe('trace-cmd report', () => {
  it('recognises the preamble, the dropped-events markers and names padded to 20 columns', async () => {
    const p = await parseBoth(fixture('edge/trace-cmd-report.txt'));
    expect(p.report.format).toBe('ftrace');
    expect(p.report.capture).toBe('trace-cmd-report');
    expect(p.report.cpus).toBe(4);
    expect(p.report.lines).toBe(20);
    expect(p.report.skipped.preamble?.count).toBe(4); // version = 6, CPU 2/3 is empty, cpus=4
    expect(p.report.skipped['lost-events-marker']?.count).toBe(2);
    expect(p.report.lost).toEqual({ total: 12, markers: 2, markersWithoutCount: 1, byCpu: { '0': 0, '1': 12 } });
    expect(p.report.events).toBe(14);
    expect(p.report.eventsByName).toMatchObject({ mm_compaction_begin: 2, mm_compaction_end: 2 });
  });

  it('computes the compaction episodes and kswapd rows worked out by hand', async () => {
    const p = await parseBoth(fixture('edge/trace-cmd-report.txt'));
    const r = reportOf(p);
    expect(r.extra.compactionEpisodes).toBe(2);
    expect(r.extra.compactionMs).toBeCloseTo(5.215, 6); // (1228.804039-1228.799052) + (1228.814192-1228.813964)
    expect(r.summary.kswapdWakeups).toBe(1);
    expect(r.summary.kswapdPagesScanned).toBe(32); // the two active_file isolations (24 each) do not count
    expect(r.summary.kswapdPagesReclaimed).toBe(45); // 32 + 13
    expect(r.summary.kswapdAwakeMs).toBe(0); // still awake when the capture ends
    expect(r.extra.openAtEnd).toBe(1);
  });

  it('reads nanosecond timestamps (trace-cmd report -t) to the nanosecond', async () => {
    const us = await parseBoth(fixture('edge/trace-cmd-report.txt'));
    const ns = await parseBoth(fixture('edge/trace-cmd-report-ns.txt'));
    expect(ns.table.length).toBe(us.table.length);
    expect(ns.table.ts[1]).toBe(1228_787_726_185); // `1228.787726185: mm_vmscan_kswapd_wake`
    for (let r = 0; r < us.table.length; r++) {
      const extra = ns.table.ts[r] - us.table.ts[r];
      expect(extra).toBeGreaterThanOrEqual(0);
      expect(extra).toBeLessThan(1000);
    }
    expect({ ...tableSnapshot(ns.table), ts: null }).toEqual({ ...tableSnapshot(us.table), ts: null });
  });
});

describe('perf script', () => {
  it('detects the default perf script layout and strips the vmscan: prefix', async () => {
    const p = await parseBoth(fixture('edge/perf-script.txt'));
    expect(p.report.format).toBe('perf');
    expect(p.report.capture).toBe('perf-script');
    expect(p.report.lines).toBe(11);
    expect(p.report.events).toBe(11);
    expect(p.report.storedEvents).toBe(10); // mm_shrink_slab_end is counted, not stored
    expect(p.report.eventsByName.mm_vmscan_write_folio).toBe(1);
    expect(Object.keys(p.report.eventsByName).some((n) => n.includes(':'))).toBe(false);
    expect(taskNames(p)).toEqual(['dd-6122', 'kdamond.0-77', 'kswapd0-45']);
  });

  it('computes the kswapd rows worked out by hand', async () => {
    const s = reportOf(await parseBoth(fixture('edge/perf-script.txt'))).summary;
    expect(s.kswapdWakeups).toBe(1);
    expect(s.kswapdPagesScanned).toBe(64); // 32 inactive_file + 32 inactive_anon; 24 active_file not counted
    expect(s.kswapdFilePagesScanned).toBe(32);
    expect(s.kswapdAnonPagesScanned).toBe(32);
    expect(s.kswapdPagesReclaimed).toBe(28);
    expect(s.kswapdWriteAnonAsync).toBe(1); // write_folio (fix 1)
    expect(s.kswapdAwakeMs).toBeCloseTo(1626.603, 6); // 987.746693 - 986.120090
    expect(s.directReclaims).toBe(0);
    expect(s.wakeKswapdRequests).toBe(0);
  });

  it('reads pid/tid (keyed by tid), nanosecond timestamps and the :-1 unknown thread', async () => {
    const p = await parseBoth(fixture('edge/perf-script-pid-tid-ns.txt'));
    expect(p.report.format).toBe('perf');
    expect(p.report.events).toBe(13);
    expect(taskNames(p)).toEqual([':-1--1', 'dd-6122', 'kdamond.0-77', 'kswapd0-45']);
    expect(p.table.ts[0]).toBe(976_864_446_417); // `976.864446417:`
    const s = reportOf(p).summary;
    expect(s.kswapdAwakeMs).toBeCloseTo(1626.603307, 6); // 987.746693662 - 986.120090355
  });
});

describe('kswapd awake when the trace starts (fix 3)', () => {
  // highalloc-baseline.txt lines 530-552: the cut starts while kswapd0 reclaims.
  // Kernel script: "Kswapd wakeups: 1", "Kswapd pages scanned: 2049",
  // "Kswapd pages reclaimed: 2305", "Time kswapd awake: 911.69 seconds"
  // (it counts the first sleep from time zero).
  it('counts the first sleep from the first timestamp of the trace', async () => {
    const p = await parseBoth(fixture('edge/kswapd-awake-at-start.txt'));
    const r = reportOf(p);
    expect(r.extra.fixes.kswapdAwakeAtStart).toBe(1);
    expect(r.summary.kswapdWakeups).toBe(1);
    expect(r.summary.kswapdPagesScanned).toBe(2049); // 8 x 256 + 1, all inactive_file
    expect(r.summary.kswapdPagesReclaimed).toBe(2305); // 9 x 256 + 1
    expect(r.summary.kswapdAwakeMs).toBeCloseTo(105.818, 6); // 911.694720 - 911.588902 (first line)
    expect(r.extra.openAtEnd).toBe(1); // the wake at 911.709398 never sleeps in the cut
  });

  it('gives the kernel script numbers in kernel-compat mode', async () => {
    const s = reportOf(await parseBoth(fixture('edge/kswapd-awake-at-start.txt')), true).summary;
    expect(s.kswapdWakeups).toBe(1);
    expect(s.kswapdPagesScanned).toBe(2049);
    expect(s.kswapdPagesReclaimed).toBe(2305);
    expect(s.kswapdAwakeMs).toBeCloseTo(911694.72, 6); // 911.694720 s - 0
    expect((s.kswapdAwakeMs / 1000).toFixed(2)).toBe('911.69');
  });
});

describe('a direct-reclaim end with no begin (fix 2)', () => {
  // mixed-dirty40.txt lines 10058-10070: <...>-7892 begins (the comm cache missed),
  // bash-7892 ends; then four constructed lines: bash-7892 reclaims for 25 ms.
  // Kernel script: "Direct reclaims: 3", "pages scanned: 544", "pages reclaimed: 544",
  // "Time stalled direct reclaim: 0.00 seconds" (0.000250 with 6 decimals):
  // the hole at bash-7892's first end hides its 25 ms stall.
  it('skips the unmatched end on its own and keeps the later stall', async () => {
    const p = await parseBoth(fixture('edge/direct-end-without-begin.txt'));
    const r = reportOf(p);
    expect(r.extra.fixes.directEndWithoutBegin).toBe(1);
    expect(r.summary.directReclaims).toBe(3); // dd-7409, <...>-7892, bash-7892
    // (1395.339107-1395.338857) + (1395.427000-1395.402000) = 0.25 + 25.0 ms
    expect(r.summary.directStallMs).toBeCloseTo(25.25, 6);
    expect(r.summary.directPagesScanned).toBe(544); // 256 + 256 + 32
    expect(r.summary.directPagesReclaimed).toBe(544); // 256 (dd) + 256 + 32 (bash)
    expect(r.summary.kswapdWakeups).toBe(1);
    expect(r.summary.kswapdPagesScanned).toBe(512);
    expect(r.summary.kswapdPagesReclaimed).toBe(256);
    expect(r.processes.map((x) => x.process)).toEqual(['<...>-7892', 'bash-7892', 'dd-7409']);
  });

  it('gives the kernel script numbers in kernel-compat mode', async () => {
    const s = reportOf(await parseBoth(fixture('edge/direct-end-without-begin.txt')), true).summary;
    expect(s.directReclaims).toBe(3);
    expect(s.directPagesScanned).toBe(544);
    expect(s.directPagesReclaimed).toBe(544);
    expect(s.directStallMs).toBeCloseTo(0.25, 6);
    expect((s.directStallMs / 1000).toFixed(2)).toBe('0.00');
  });
});

describe('a direct-reclaim end after an end (fix 4)', () => {
  // mixed-dirty40.txt lines 1023-1034, the begin of line 1027 replaced by a
  // loss marker. Kernel script: "Direct reclaims: 2", "pages scanned: 768",
  // "Time stalled direct reclaim: 0.00 seconds" (0.000661 with 6 decimals: it
  // pairs the second end with the first begin again).
  it('does not pair the second end with the consumed begin', async () => {
    const p = await parseBoth(fixture('edge/direct-end-after-end.txt'));
    const r = reportOf(p);
    expect(r.extra.fixes.directEndAfterEnd).toBe(1);
    expect(p.report.lost.byCpu).toEqual({ '0': 1 });
    expect(r.summary.directReclaims).toBe(2);
    // (1393.962992-1393.962838) + (1393.963357-1393.963270) = 0.154 + 0.087 ms
    expect(r.summary.directStallMs).toBeCloseTo(0.241, 6);
    expect(r.summary.directPagesScanned).toBe(768);
    expect(r.summary.directPagesReclaimed).toBe(768);
  });

  it('gives the kernel script numbers in kernel-compat mode', async () => {
    const s = reportOf(await parseBoth(fixture('edge/direct-end-after-end.txt')), true).summary;
    // 0.154 + (1393.963258-1393.962838 = 0.420) + 0.087 ms
    expect(s.directStallMs).toBeCloseTo(0.661, 6);
    expect(s.directReclaims).toBe(2);
    expect(s.directPagesScanned).toBe(768);
  });
});

describe('stack traces', () => {
  it('counts perf script -g callchain lines as stack-trace lines', async () => {
    const text = [
      '         kswapd0    45 [001]   986.120090:                   vmscan:mm_vmscan_kswapd_wake: nid=0 order=0',
      '\tffffffff8128c1a5 balance_pgdat+0x3a5 ([kernel.kallsyms])',
      '\tffffffff8128d0e1 kswapd+0x1f1 ([kernel.kallsyms])',
      '',
      '         kswapd0    45 [001]   987.746693:                  vmscan:mm_vmscan_kswapd_sleep: nid=0',
      '\t ffffffff8128d0e1 kswapd+0x1f1 ([kernel.kallsyms])',
      '',
    ].join('\n');
    const p = await parseBoth(new TextEncoder().encode(text));
    expect(p.report.events).toBe(2);
    expect(p.report.skipped['stack-trace']?.count).toBe(3);
    expect(p.report.skipped['stack-trace']?.examples.map((e) => e.line)).toEqual([2, 3, 6]);
    expect(p.report.skipped.blank?.count).toBe(1); // line 4; the final newline ends line 6
    expect(p.report.skipped['unrecognised-line']).toBeUndefined();
  });

  it('counts the ftrace <stack trace> pseudo-event and its => frames as stack-trace lines', async () => {
    const text = [
      '              dd-7033    [000] .....  1285.792000: mm_vmscan_direct_reclaim_begin: order=0 gfp_flags=GFP_NOFS',
      '              dd-7033    [000] .....  1285.792001: <stack trace>',
      ' => __alloc_pages_slowpath.constprop.0+0x3c1/0xd70',
      ' => __alloc_pages_noprof+0x2f6/0x330',
      '              dd-7033    [000] .....  1285.792300: mm_vmscan_direct_reclaim_end: nr_reclaimed=24',
    ].join('\n');
    const p = await parseBoth(new TextEncoder().encode(text));
    expect(p.report.events).toBe(2);
    expect(p.report.skipped['stack-trace']?.count).toBe(3);
    expect(p.report.skipped['stack-trace']?.examples.map((e) => e.line)).toEqual([2, 3, 4]);
  });
});
