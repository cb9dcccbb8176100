// One small trace per kernel era (fixtures/eras/, built from that era's own
// TP_printk strings, cited in fixtures/eras/README.md). The expected Summary
// of each was worked out by hand from the fixture lines, with the semantics of
// the kernel script plus the four fixes (fixtures/README.md); the arithmetic
// is in the comments. Every parse runs with 1 MiB, 3-byte and 7-byte chunks.

import { describe, expect, it } from 'vitest';
import { analyzeParsed, buildFileReport } from '../analysis/report.ts';
import { Kind, LRU_NAMES, RECLAIM_WB, slotOf, ABSENT } from '../model/kinds.ts';
import type { Summary } from '../model/summary.ts';
import type { ParsedTrace } from './parse.ts';
import { fixture, parseBoth } from '../test-support/parse-both.ts';

const MS_KEYS = new Set(['directStallMs', 'kswapdAwakeMs']);

function summaryOf(parsed: ParsedTrace, opts: { kernelCompat?: boolean } = {}): Summary {
  const a = analyzeParsed(parsed.table, parsed.report);
  return buildFileReport('t', parsed.table, parsed.report, a, { groupBy: opts.kernelCompat ? 'script' : 'task', ...opts }).summary;
}

function expectSummary(actual: Summary, expected: Summary): void {
  for (const [k, v] of Object.entries(expected) as [keyof Summary, number][]) {
    if (MS_KEYS.has(k)) expect(actual[k], k).toBeCloseTo(v, 6);
    else expect(actual[k], k).toBe(v);
  }
  expect(Object.keys(actual).sort()).toEqual(Object.keys(expected).sort());
}

/** Values of one slot for the rows of one kind, by field name. */
function column(p: ParsedTrace, kind: number, key: string): number[] {
  const slot = slotOf(kind as never, key);
  expect(slot, `${key} is a field of kind ${kind}`).toBeGreaterThanOrEqual(0);
  const out: number[] = [];
  for (let r = 0; r < p.table.length; r++) if (p.table.kind[r] === kind) out.push(p.table.slots[slot][r]);
  return out;
}

function strings(p: ParsedTrace, ids: number[]): string[] {
  return ids.map((id) => (id === ABSENT ? '<absent>' : p.table.strings.get(id)));
}

function taskNames(p: ParsedTrace): string[] {
  const t = p.table.tasks;
  return t.pid.map((pid, i) => `${p.table.strings.get(t.comm[i])}-${pid}`).sort();
}

describe('Linux 2.6.36 (no flags column, isolate_mode 0/1/2 with contig_*, no shrink_inactive)', () => {
  it('reads every line of the 2.6.36 layout as an event', async () => {
    const p = await parseBoth(fixture('eras/linux-2.6.36.txt'));
    expect(p.report.lines).toBe(31);
    expect(p.report.events).toBe(31);
    expect(p.report.storedEvents).toBe(31);
    expect(p.report.capture).toBe('trace_pipe');
    expect(p.report.firstTsNs).toBe(412_100_000_000);
    expect(p.report.lastTsNs).toBe(412_600_000_000);
    expect(taskNames(p)).toEqual(['cc1-4100', 'dd-3101', 'firefox-bin-2890', 'kswapd0-25']);
    expect(p.report.eventsByName.mm_vmscan_lru_shrink_inactive).toBeUndefined();
  });

  it('decodes isolate_mode, may_writepage, zid and the 2.6.36 gfp and writepage flag names by key', async () => {
    const p = await parseBoth(fixture('eras/linux-2.6.36.txt'));
    expect(column(p, Kind.LRU_ISOLATE, 'isolate_mode')).toEqual([0, 1, 0, 2, 0, 2, 0, 1]);
    expect(column(p, Kind.LRU_ISOLATE, 'nr_scanned')).toEqual([32, 40, 32, 64, 32, 48, 40, 16]);
    expect(column(p, Kind.LRU_ISOLATE, 'file')).toEqual(Array(8).fill(ABSENT)); // no file= before 3.3
    expect(column(p, Kind.LRU_ISOLATE, 'lru')).toEqual(Array(8).fill(ABSENT));
    expect(column(p, Kind.DIRECT_BEGIN, 'may_writepage')).toEqual([1, 1, 1]);
    expect(column(p, Kind.WAKEUP_KSWAPD, 'zid')).toEqual([2, 2, 2]);
    expect(strings(p, column(p, Kind.DIRECT_BEGIN, 'gfp_flags'))).toEqual([
      'GFP_HIGHUSER_MOVABLE',
      'GFP_KERNEL|GFP_NOWARN|GFP_COMP',
      'GFP_HIGHUSER_MOVABLE',
    ]);
    expect(strings(p, column(p, Kind.SOFTLIMIT_BEGIN, 'gfp_flags'))).toEqual(['GFP_NOWAIT']);
    const { FILE, ANON, SYNC, ASYNC } = RECLAIM_WB;
    expect(column(p, Kind.WRITEPAGE, 'flags')).toEqual([FILE | ASYNC, FILE | ASYNC, ANON | ASYNC, FILE | SYNC, ANON | SYNC]);
  });

  it('computes the Summary worked out by hand', async () => {
    const p = await parseBoth(fixture('eras/linux-2.6.36.txt'));
    expectSummary(summaryOf(p), {
      directReclaims: 3, // dd-3101 x2, firefox-bin-2890 x1
      // scanned: every isolate_mode but 2 (2.6.36 has no file=, so no file/anon split)
      // dd: 32 (mode 0) + 16 (mode 1); firefox-bin: 40 (mode 0), its 48 in mode 2 not counted
      directPagesScanned: 88, // 32 + 16 + 40
      directFilePagesScanned: 0,
      directAnonPagesScanned: 0,
      directPagesReclaimed: 0, // no mm_vmscan_lru_shrink_inactive before 2.6.37
      directFilePagesReclaimed: 0,
      directAnonPagesReclaimed: 0,
      directWriteFileSync: 1, // firefox-bin FILE|SYNC (lumpy reclaim)
      directWriteAnonSync: 1, // firefox-bin ANON|SYNC
      directWriteFileAsync: 1, // dd FILE|ASYNC
      directWriteAnonAsync: 0,
      wakeKswapdRequests: 2, // dd 1 + firefox-bin 1; cc1-4100 never entered direct reclaim
      // (412.300900-412.300100) + (412.501600-412.500100) + (412.502100-412.501700) = 0.8 + 1.5 + 0.4 ms
      directStallMs: 2.7,
      kswapdWakeups: 3, // the wake at 412.301000 comes while awake: a re-wakeup
      kswapdPagesScanned: 104, // 32 (mode 0) + 40 (mode 1) + 32 (mode 0); 64 in mode 2 not counted
      kswapdFilePagesScanned: 0,
      kswapdAnonPagesScanned: 0,
      kswapdPagesReclaimed: 0,
      kswapdFilePagesReclaimed: 0,
      kswapdAnonPagesReclaimed: 0,
      kswapdWriteFileSync: 0,
      kswapdWriteAnonSync: 0,
      kswapdWriteFileAsync: 1,
      kswapdWriteAnonAsync: 1,
      // (412.100200-412.100000) + (412.302010-412.300010) + (412.503020-412.500020) = 0.2 + 2.0 + 3.0 ms
      kswapdAwakeMs: 5.2,
    });
  });
});

describe('Linux 3.12 (trace file with header, 4 flag characters, file=, shrink_inactive with zid)', () => {
  it('skips the 11 header lines and reads the 29 events, shrink_slab included as an unknown event', async () => {
    const p = await parseBoth(fixture('eras/linux-3.12.txt'));
    expect(p.report.lines).toBe(40);
    expect(p.report.skipped.header?.count).toBe(11);
    expect(p.report.events).toBe(29);
    expect(p.report.storedEvents).toBe(28);
    expect(p.report.eventsByName.mm_shrink_slab_start).toBe(1);
    expect(p.report.capture).toBe('trace');
    expect(p.report.cpus).toBe(2);
    expect(p.report.warnings).toEqual([]); // entries-in-buffer equals entries-written
    expect(taskNames(p)).toEqual(['Chrome_IOThread-5530', 'chrome-5512', 'kswapd0-38']);
  });

  it('decodes file= and the zid of shrink_inactive by key', async () => {
    const p = await parseBoth(fixture('eras/linux-3.12.txt'));
    expect(column(p, Kind.LRU_ISOLATE, 'file')).toEqual([1, 0, 1, 1, 0, 1]);
    expect(column(p, Kind.LRU_ISOLATE, 'isolate_mode')).toEqual([0, 0, 1, 0, 0, 0]);
    expect(column(p, Kind.SHRINK_INACTIVE, 'nr_reclaimed')).toEqual([30, 8, 28, 32, 4, 32]);
    expect(column(p, Kind.SHRINK_INACTIVE, 'priority')).toEqual([12, 12, 12, 12, 12, 12]);
  });

  it('computes the Summary worked out by hand', async () => {
    const p = await parseBoth(fixture('eras/linux-3.12.txt'));
    expectSummary(summaryOf(p), {
      directReclaims: 3, // chrome-5512 x2, Chrome_IOThread-5530 x1
      directPagesScanned: 76, // chrome 32 (file, mode 1) + 32 (file); IOThread 12 (anon)
      directFilePagesScanned: 64,
      directAnonPagesScanned: 12,
      directPagesReclaimed: 64, // chrome 28 + 32 (file); IOThread 4 (anon)
      directFilePagesReclaimed: 60,
      directAnonPagesReclaimed: 4,
      directWriteFileSync: 0,
      directWriteAnonSync: 0,
      directWriteFileAsync: 0,
      directWriteAnonAsync: 1, // IOThread ANON|ASYNC
      wakeKswapdRequests: 2, // chrome x2
      // (1830.101300-1830.100100) + (1830.102000-1830.101400) + (1830.200600-1830.200100) = 1.2 + 0.6 + 0.5
      directStallMs: 2.3,
      kswapdWakeups: 3,
      kswapdPagesScanned: 84, // 32 (file) + 20 (anon) + 32 (file)
      kswapdFilePagesScanned: 64,
      kswapdAnonPagesScanned: 20,
      kswapdPagesReclaimed: 70, // 30 (file) + 8 (anon) + 32 (file)
      kswapdFilePagesReclaimed: 62,
      kswapdAnonPagesReclaimed: 8,
      kswapdWriteFileSync: 0,
      kswapdWriteAnonSync: 0,
      kswapdWriteFileAsync: 0,
      kswapdWriteAnonAsync: 1,
      // (1830.004100-1830.000100) + (1830.103050-1830.100050) + (1830.205020-1830.200020) = 4.0 + 3.0 + 5.0
      kswapdAwakeMs: 12,
    });
  });
});

describe('Linux 4.14 (node reclaim: classzone_idx, kswapd_wake with zid, lru=, the 4.11-5.1 shrink_inactive)', () => {
  it('reads every line, inactive_list_is_low included as an unknown event', async () => {
    const p = await parseBoth(fixture('eras/linux-4.14.txt'));
    expect(p.report.lines).toBe(30);
    expect(p.report.events).toBe(30);
    expect(p.report.storedEvents).toBe(29);
    expect(p.report.eventsByName.mm_vmscan_inactive_list_is_low).toBe(1);
    expect(taskNames(p)).toEqual(['kswapd0-91', 'kworker/u16:3-1180', 'surfaceflinger-612']);
  });

  it('decodes classzone_idx, zid and lru= by key', async () => {
    const p = await parseBoth(fixture('eras/linux-4.14.txt'));
    expect(column(p, Kind.DIRECT_BEGIN, 'classzone_idx')).toEqual([2, 1, 2]);
    expect(column(p, Kind.DIRECT_BEGIN, 'may_writepage')).toEqual([1, 1, 1]);
    expect(column(p, Kind.KSWAPD_WAKE, 'zid')).toEqual([2, 2, 2]);
    expect(column(p, Kind.LRU_ISOLATE, 'lru').map((l) => LRU_NAMES[l])).toEqual([
      'inactive_file',
      'active_file',
      'inactive_anon',
      'inactive_file',
      'inactive_anon',
      'inactive_file',
    ]);
    expect(column(p, Kind.LRU_ISOLATE, 'isolate_mode')).toEqual([0, 0, 0, 0, 0, 0]);
  });

  it('computes the Summary worked out by hand', async () => {
    const p = await parseBoth(fixture('eras/linux-4.14.txt'));
    expectSummary(summaryOf(p), {
      directReclaims: 3, // surfaceflinger-612 x2, kworker/u16:3-1180 x1
      directPagesScanned: 88, // surfaceflinger 40 + 32 (inactive_file); kworker 16 (inactive_anon)
      directFilePagesScanned: 72,
      directAnonPagesScanned: 16,
      directPagesReclaimed: 68, // surfaceflinger 32 + 30 (file); kworker 6 (anon)
      directFilePagesReclaimed: 62,
      directAnonPagesReclaimed: 6,
      directWriteFileSync: 0,
      directWriteAnonSync: 0,
      directWriteFileAsync: 0,
      directWriteAnonAsync: 1, // kworker ANON|ASYNC
      wakeKswapdRequests: 2, // surfaceflinger x2
      // (5021.400900-5021.400100) + (5021.402400-5021.401000) + (5021.500400-5021.500000) = 0.8 + 1.4 + 0.4
      directStallMs: 2.6,
      kswapdWakeups: 3,
      kswapdPagesScanned: 96, // 64 (inactive_file) + 32 (inactive_anon); 32 on active_file not counted
      kswapdFilePagesScanned: 64,
      kswapdAnonPagesScanned: 32,
      kswapdPagesReclaimed: 41, // 31 (file) + 10 (anon)
      kswapdFilePagesReclaimed: 31,
      kswapdAnonPagesReclaimed: 10,
      kswapdWriteFileSync: 0,
      kswapdWriteAnonSync: 0,
      kswapdWriteFileAsync: 0,
      kswapdWriteAnonAsync: 2,
      // (5021.332010-5021.330010) + (5021.404010-5021.400010) + (5021.503510-5021.500510) = 2.0 + 4.0 + 3.0
      kswapdAwakeMs: 9,
    });
  });
});

describe('Linux 6.x (5 flag characters, lru= without isolate_mode, write_folio, throttled, compaction)', () => {
  it('reads every line of the 6.x layout as an event', async () => {
    const p = await parseBoth(fixture('eras/linux-6.x.txt'));
    expect(p.report.lines).toBe(35);
    expect(p.report.events).toBe(35);
    expect(p.report.storedEvents).toBe(35);
    expect(taskNames(p)).toEqual(['capture.sh-7023', 'dd-7033', 'kcompactd0-35', 'kswapd0-45', 'python3-7035', 'python3-7036']);
  });

  it('decodes write_folio, the usect_delayed typo, compaction mode/status and padded zone names', async () => {
    const p = await parseBoth(fixture('eras/linux-6.x.txt'));
    const { ANON, ASYNC } = RECLAIM_WB;
    expect(column(p, Kind.WRITE_FOLIO, 'flags')).toEqual([ANON | ASYNC, ANON | ASYNC]);
    expect(column(p, Kind.THROTTLED, 'usect_delayed')).toEqual([4000]);
    expect(column(p, Kind.THROTTLED, 'usec_timeout')).toEqual([100000]);
    expect(strings(p, column(p, Kind.THROTTLED, 'reason'))).toEqual(['VMSCAN_THROTTLE_WRITEBACK']);
    expect(strings(p, column(p, Kind.COMPACTION_BEGIN, 'mode'))).toEqual(['async']);
    expect(strings(p, column(p, Kind.COMPACTION_END, 'status'))).toEqual(['success']);
    expect(strings(p, column(p, Kind.KCOMPACTD_WAKE, 'classzone_idx'))).toEqual(['Normal']);
    expect(strings(p, column(p, Kind.WAKEUP_KCOMPACTD, 'classzone_idx'))).toEqual(['Normal']);
    expect(column(p, Kind.LRU_ISOLATE, 'isolate_mode')).toEqual(Array(6).fill(ABSENT));
    expect(column(p, Kind.DIRECT_BEGIN, 'may_writepage')).toEqual([ABSENT, ABSENT, ABSENT]);
    expect(column(p, Kind.DIRECT_BEGIN, 'order')).toEqual([0, 9, 0]);
  });

  const sixX: Summary = {
    directReclaims: 3, // python3-7035, capture.sh-7023, python3-7036
    directPagesScanned: 608, // 64 (anon) + 512 (file) + 32 (anon)
    directFilePagesScanned: 512,
    directAnonPagesScanned: 96,
    directPagesReclaimed: 568, // 24 (anon) + 512 (file) + 32 (anon)
    directFilePagesReclaimed: 512,
    directAnonPagesReclaimed: 56,
    directWriteFileSync: 0,
    directWriteAnonSync: 0,
    directWriteFileAsync: 0,
    directWriteAnonAsync: 1, // python3-7035 write_folio ANON|ASYNC (fix 1)
    wakeKswapdRequests: 1, // python3-7035; dd-7033 never entered direct reclaim
    // (1285.796500-1285.792000) + (1285.800450-1285.800000) + (1285.851100-1285.850000) = 4.5 + 0.45 + 1.1
    directStallMs: 6.05,
    kswapdWakeups: 3, // the wake at 1285.861500 is a re-wakeup
    kswapdPagesScanned: 288, // 256 (inactive_file) + 32 (inactive_anon); 40 on active_file not counted
    kswapdFilePagesScanned: 256,
    kswapdAnonPagesScanned: 32,
    kswapdPagesReclaimed: 270, // 250 (file) + 20 (anon)
    kswapdFilePagesReclaimed: 250,
    kswapdAnonPagesReclaimed: 20,
    kswapdWriteFileSync: 0,
    kswapdWriteAnonSync: 0,
    kswapdWriteFileAsync: 0,
    kswapdWriteAnonAsync: 1, // write_folio ANON|ASYNC (fix 1)
    // (1285.776495-1285.774495) + (1285.803956-1285.791956) + (1285.865000-1285.860000) = 2.0 + 12.0 + 5.0
    kswapdAwakeMs: 19,
  };

  it('computes the Summary worked out by hand', async () => {
    const p = await parseBoth(fixture('eras/linux-6.x.txt'));
    expectSummary(summaryOf(p), sixX);
  });

  it('matches the kernel script in kernel-compat mode, which does not count write_folio', async () => {
    // trace-vmscan-postprocess.pl (6.12) on this file prints the counts of sixX
    // with both write rows at 0, "Time stalled direct reclaim: 0.01 seconds" and
    // "Time kswapd awake: 0.02 seconds" (0.006050 and 0.019000 with 6 decimals).
    const p = await parseBoth(fixture('eras/linux-6.x.txt'));
    const compat = summaryOf(p, { kernelCompat: true });
    expectSummary(compat, { ...sixX, directWriteAnonAsync: 0, kswapdWriteAnonAsync: 0 });
    expect((compat.directStallMs / 1000).toFixed(2)).toBe('0.01');
    expect((compat.kswapdAwakeMs / 1000).toFixed(2)).toBe('0.02');
  });

  it('reports the compaction episode and the throttling', async () => {
    const p = await parseBoth(fixture('eras/linux-6.x.txt'));
    const r = buildFileReport('t', p.table, p.report, analyzeParsed(p.table, p.report));
    expect(r.extra.compactionEpisodes).toBe(1);
    expect(r.extra.compactionMs).toBeCloseTo(1.551, 6); // 1285.802051 - 1285.800500
    expect(r.extra.directEpisodes).toBe(3);
    expect(r.extra.directReclaimedByEnd).toBe(568); // 24 + 512 + 32
    expect(r.extra.throttledEvents).toBe(1);
  });
});
