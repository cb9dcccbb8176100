// Grouping summary rows into fleet variants: counts, mean, nearest-rank
// median and p90, shares of traced time, and the order of the groups,
// checked against values worked out by hand.

import { describe, expect, it } from 'vitest';
import { groupFleet, NOT_RECORDED, type FleetRow } from './fleet-groups.ts';

const row = (kernel: string | null, stall: number, awake: number, traced: number): FleetRow => ({
  file: `${kernel}-${stall}`,
  kernel_release: kernel,
  directStallMs: stall,
  kswapdAwakeMs: awake,
  tracedMs: traced,
});

describe('groupFleet', () => {
  const rows = [row('6.9', 10, 100, 1000), row('6.10', 1, 0, 100), row('6.9', 30, 300, 1000), row(null, 5, 5, 10), row('6.9', 20, 200, 2000), row('6.10', 3, 50, 100)];
  const groups = groupFleet(rows, 'kernel_release', ['directStallMs', 'kswapdAwakeMs', 'tracedMs']);

  it('orders groups naturally (6.9 before 6.10) with traces whose column is null last', () => {
    expect(groups.map((g) => [g.key, g.traces])).toEqual([
      ['6.9', 3],
      ['6.10', 2],
      [NOT_RECORDED, 1],
    ]);
  });

  it('gives mean, nearest-rank median and p90, min and max per group', () => {
    // 6.9 stalls: 10, 30, 20 -> sorted 10, 20, 30; mean 20; median rank ceil(1.5)=2 -> 20; p90 rank ceil(2.7)=3 -> 30
    expect(groups[0].stats.directStallMs).toEqual({ mean: 20, median: 20, p90: 30, min: 10, max: 30, n: 3 });
    // 6.10 stalls: 1, 3 -> mean 2, median rank 1 -> 1, p90 rank 2 -> 3
    expect(groups[1].stats.directStallMs).toEqual({ mean: 2, median: 1, p90: 3, min: 1, max: 3, n: 2 });
  });

  it('computes each trace’s share of traced time before grouping', () => {
    // 6.9 kswapd awake: 100/1000, 300/1000, 200/2000 -> 10%, 30%, 10%: mean 50/3
    expect(groups[0].stats.kswapdAwakePct.mean).toBeCloseTo(50 / 3, 12);
    expect(groups[0].stats.kswapdAwakePct.median).toBe(10);
    // 6.10 direct stall: 1/100, 3/100 -> 1%, 3%
    expect(groups[1].stats.directStallPct.mean).toBeCloseTo(2, 12);
    expect(groups[2].stats.directStallPct.mean).toBe(50);
  });

  it('keeps every trace alone when grouped by file', () => {
    expect(groupFleet(rows, 'file', ['tracedMs']).map((g) => g.traces)).toEqual([1, 1, 1, 1, 1, 1]);
  });
});
