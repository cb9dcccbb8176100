// Damaged lines never change the numbers: 5% of the lines of real traces cut
// at random points (seeded) give the numbers of the same file without those
// lines, every cut event counted as a malformed payload or an unrecognised
// line. Counts out of range and timestamps that cannot be kept exactly are
// refused, not clamped.

import { describe, expect, it } from 'vitest';
import { analyzeParsed, buildFileReport, type FileReport } from '../analysis/report.ts';
import { realTraces, textBytes } from '../test-support/real-traces.ts';
import { chunksOf, parseTrace } from './parse.ts';
import { Kind } from '../model/kinds.ts';
import { seededRandom } from '../test-support/seeded-random.ts';

const rng = seededRandom;

/**
 * Where a line may be cut so that the damage shows: anywhere up to the start
 * of its last `key=` value (a cut inside the last value, `nr_reclaimed=12` of
 * `123`, leaves a well-formed line that no reader can tell from a real one).
 */
function cutLimit(line: string): number {
  const m = /^(.*\s)[A-Za-z_]+=/.exec(line);
  return m ? m[0].length : line.length;
}

interface Damaged {
  cut: string;
  without: string;
  cutLines: number;
}

function damage(text: string, share: number, seed: number): Damaged {
  const next = rng(seed);
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  const cut: string[] = [];
  const without: string[] = [];
  let cutLines = 0;
  for (const line of lines) {
    if (line.length > 0 && next() < share) {
      cut.push(line.slice(0, Math.floor(next() * (cutLimit(line) + 1))));
      cutLines++;
    } else {
      cut.push(line);
      without.push(line);
    }
  }
  return { cut: cut.join('\n') + '\n', without: without.join('\n') + '\n', cutLines };
}

const enc = new TextEncoder();
async function reportOf(text: string): Promise<{ file: FileReport; malformed: number }> {
  const { table, report } = await parseTrace(chunksOf(enc.encode(text)));
  return { file: buildFileReport('x', table, report, analyzeParsed(table, report)), malformed: report.skipped['malformed-payload']?.count ?? 0 };
}

const traces = realTraces().filter((t) => ['mixed-dirty40.txt', 'memcg-256m.trace.txt', 'perf-pressure.perf-script.txt', 'tracecmd-writeback.report.txt', 'writeback-baseline.txt'].includes(t.name));

describe('lines cut at random points', () => {
  it.each(traces.map((t) => [t.name, t] as const))('leave the numbers of %s equal to those of the file without those lines', async (_name, trace) => {
    const text = new TextDecoder().decode(textBytes(trace.path));
    const d = damage(text, 0.05, 15);
    expect(d.cutLines).toBeGreaterThan(100);
    const damaged = await reportOf(d.cut);
    const clean = await reportOf(d.without);
    expect(damaged.file.summary).toEqual(clean.file.summary);
    expect(damaged.file.extra).toEqual(clean.file.extra);
    expect(damaged.file.processes).toEqual(clean.file.processes);
    expect(damaged.malformed).toBeGreaterThan(0);
  });
});

describe('values that cannot be right', () => {
  const head = '           <...>-1234  [001] .....  100.000000: ';
  const parse = async (...payloads: string[]) => {
    const text = payloads.map((p, i) => head.replace('100.000000', `${100 + i}.000000`) + p).join('\n') + '\n';
    return parseTrace(chunksOf(enc.encode(text), 5));
  };

  it('refuses counts beyond the column and negative counts instead of clamping them', async () => {
    const { table, report } = await parse(
      'mm_vmscan_direct_reclaim_begin: order=0 gfp_flags=GFP_KERNEL',
      'mm_vmscan_direct_reclaim_end: nr_reclaimed=99999999999999999999',
      'mm_vmscan_direct_reclaim_end: nr_reclaimed=-5',
      'mm_vmscan_direct_reclaim_end: nr_reclaimed=2147483648',
      'mm_vmscan_direct_reclaim_end: nr_reclaimed=2147483647',
    );
    expect(report.skipped['malformed-payload']?.count).toBe(3);
    expect(report.skipped['malformed-payload']?.examples.map((e) => e.line)).toEqual([2, 3, 4]);
    expect(table.length).toBe(2);
    expect(table.slots[0][1]).toBe(2147483647);
  });

  it('refuses a shrink_inactive line cut before flags= and an isolate line cut before lru=', async () => {
    const { table, report } = await parse(
      'mm_vmscan_lru_shrink_inactive: nid=0 nr_scanned=32 nr_reclaimed=32 nr_dirty=0 nr_writeback=0 nr_congested=0 nr_immediate=0 nr_activate_anon=0 nr_activate_file=0 nr_ref_keep=0 nr_unmap_fail=0 priority=12 flags=RECLAIM_WB_FILE|RECLAIM_WB_ASYNC',
      'mm_vmscan_lru_shrink_inactive: nid=0 nr_scanned=32 nr_reclaimed=32 nr_dirty=0 nr_writeback=0 nr_congested=0 nr_immediate=0 nr_activate_anon=0 nr_activate_file=0 nr_ref_keep=0 nr_unmap_fail=0 priority=12',
      'mm_vmscan_lru_isolate: classzone=3 order=0 nr_requested=32 nr_scanned=256 nr_skipped=0 nr_taken=256',
      'mm_vmscan_lru_shrink_inactive: nid=0 nr_scanned=32 nr_reclaimed=32 nr_dirty=0 nr_writeback=0 nr_congested=0 nr_immediate=0 nr_activate_anon=0 nr_activate_file=0 nr_ref_keep=0 nr_unmap_fail=0 priority=12 flags=RECLAIM_WB_FI',
      'mm_vmscan_wakeup_kswapd: nid=0 order=0 gfp_flags=GFP_KERNEL',
      'mm_vmscan_wakeup_kswapd: nid=0 order=0 gfp_fl',
      'mm_vmscan_wakeup_kswapd: nid=0 order=0',
    );
    expect(report.skipped['malformed-payload']?.examples.map((e) => e.line)).toEqual([2, 3, 4, 6, 7]);
    expect(Array.from(table.kind)).toEqual([Kind.SHRINK_INACTIVE, Kind.WAKEUP_KSWAPD]);
  });

  it('keeps timestamps exactly or refuses them with their line', async () => {
    const text = [
      '  dd-1  [000] .....  100000000000000000.000000: mm_vmscan_kswapd_sleep: nid=0',
      '  dd-1  [000] .....  9007198.123456789: mm_vmscan_kswapd_sleep: nid=0',
      '  dd-1  [000] .....  9007199.123456789: mm_vmscan_kswapd_sleep: nid=0',
      '  dd-1  [000] .....  72057593.999999: mm_vmscan_kswapd_sleep: nid=0',
    ].join('\n');
    const { table, report } = await parseTrace(chunksOf(enc.encode(text + '\n')));
    expect(report.skipped['timestamp-out-of-range']?.examples.map((e) => e.line)).toEqual([1, 3]);
    expect(Array.from(table.ts)).toEqual([9007198123456789, 72057593999999000]);
    expect(72057593999999000 % 1000).toBe(0);
  });
});
