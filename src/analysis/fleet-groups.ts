// Many traces as a few variants: the rows of a summary.parquet (one per trace,
// `reclaimscope export --parquet`) grouped by the value of one column (kernel
// release, a setting, the capture tool, or the file itself), with per group
// the mean, median (nearest rank), 90th percentile and spread of every
// numeric column, plus each trace's share of traced time stalled in direct
// reclaim and with kswapd awake. Pure: rows in, groups out.

import { nearestRank } from './latency.ts';

export type FleetRow = Record<string, string | number | null>;

export interface FleetStat {
  mean: number;
  median: number;
  p90: number;
  min: number;
  max: number;
  /** traces with a value (a column can be null where a trace did not say) */
  n: number;
}

export interface FleetGroup {
  /** the column's value; NOT_RECORDED where a trace has none */
  key: string;
  traces: number;
  stats: Record<string, FleetStat>;
}

export const NOT_RECORDED = '(not recorded)';

/** Per-trace shares of traced time, in percent, computed before grouping. */
export const DERIVED = {
  directStallPct: (r: FleetRow): number | null => share(r.directStallMs, r.tracedMs),
  kswapdAwakePct: (r: FleetRow): number | null => share(r.kswapdAwakeMs, r.tracedMs),
};

function share(part: unknown, whole: unknown): number | null {
  return typeof part === 'number' && typeof whole === 'number' && whole > 0 ? (part / whole) * 100 : null;
}

function stat(values: number[]): FleetStat {
  const sorted = Float64Array.from(values).sort();
  let sum = 0;
  for (const v of sorted) sum += v;
  const n = sorted.length;
  return {
    mean: n ? sum / n : NaN,
    median: nearestRank(sorted, 50),
    p90: nearestRank(sorted, 90),
    min: n ? sorted[0] : NaN,
    max: n ? sorted[n - 1] : NaN,
    n,
  };
}

/** Groups in the order of their keys (runs of digits in numeric order, NOT_RECORDED last). */
export function groupFleet(rows: FleetRow[], by: string, numeric: string[]): FleetGroup[] {
  const groups = new Map<string, FleetRow[]>();
  for (const r of rows) {
    const v = r[by];
    const key = v === null || v === undefined || v === '' ? NOT_RECORDED : String(v);
    let g = groups.get(key);
    if (!g) groups.set(key, (g = []));
    g.push(r);
  }
  const keys = [...groups.keys()].sort((a, b) => {
    if (a === NOT_RECORDED || b === NOT_RECORDED) return a === NOT_RECORDED ? 1 : b === NOT_RECORDED ? -1 : 0;
    // digit runs compare as numbers: 6.9 before 6.10, dirty_ratio 5 before 40
    return a.localeCompare(b, 'en', { numeric: true });
  });
  return keys.map((key) => {
    const members = groups.get(key)!;
    const stats: Record<string, FleetStat> = {};
    for (const c of numeric) stats[c] = stat(members.map((r) => r[c]).filter((v): v is number => typeof v === 'number' && Number.isFinite(v)));
    for (const [name, f] of Object.entries(DERIVED)) stats[name] = stat(members.map(f).filter((v): v is number => v !== null));
    return { key, traces: members.length, stats };
  });
}
