// A range [t0, t1) holds the events at t0 and not those at t1: events placed
// exactly on both edges of a range, by hand. The real traces rarely put a
// counted event exactly on a range's edge, so mutation testing found a
// summary reading one event past the end unnoticed.

import { describe, expect, it } from 'vitest';
import { chunksOf, parseTrace } from '../parser/parse.ts';
import { analyzeParsed } from './report.ts';
import { rangeRows } from './range-summary.ts';
import { buildTimeIndex } from './time-index.ts';
import { summarize } from './summary.ts';

const line = (task: string, t: string, ev: string): string => `${task.padStart(16)} [000] .....  ${t}: ${ev}`;
const isolate = (n: number): string => `mm_vmscan_lru_isolate: classzone=3 order=0 nr_requested=32 nr_scanned=${n} nr_skipped=0 nr_taken=${n} lru=inactive_file`;

describe('a range summary', () => {
  it('counts the events at its start and none at its end', async () => {
    const text = [
      line('dd-100', '1.000000', 'mm_vmscan_direct_reclaim_begin: order=0 gfp_flags=GFP_KERNEL'),
      line('dd-100', '1.000100', isolate(1)),
      line('dd-100', '1.000200', isolate(10)), // t0
      line('dd-100', '1.000300', isolate(100)),
      line('dd-100', '1.000400', isolate(1000)), // t1
      line('dd-100', '1.000500', 'mm_vmscan_direct_reclaim_end: nr_reclaimed=5'),
    ];
    const { table, report } = await parseTrace(chunksOf(new TextEncoder().encode(text.join('\n') + '\n')));
    const a = analyzeParsed(table, report);
    const index = buildTimeIndex(table);
    const scanned = (t0: number, t1: number): number => rangeRows(table, a, index, t0, t1).find((r) => r.name === 'dd-100')!.pagesScanned;
    expect(scanned(1_000_200_000, 1_000_400_000)).toBe(110);
    expect(scanned(1_000_200_000, 1_000_400_001)).toBe(1110);
    expect(scanned(1_000_200_001, 1_000_400_000)).toBe(100);
    // the stall inside the range only: 200 µs of the 500 µs episode
    expect(summarize(rangeRows(table, a, index, 1_000_200_000, 1_000_400_000)).directStallMs).toBeCloseTo(0.2, 9);
  });
});
