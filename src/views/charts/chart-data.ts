// Adapter from worker series to Recharts rows: one row per bucket start (in
// aligned seconds), one column per line, plus a closing row at the range end
// so that step lines cover the last bucket. No arithmetic on events here.

import type { Series, SeriesKey } from '../../analysis/series.ts';

export interface LineSpec {
  key: string;
  name: string;
  color: string;
  dash?: string;
}

export type Row = { t: number } & Record<string, number>;

/** A value per bucket picked from a series (one metric or a sum of several). */
export type Pick = (s: Series) => ArrayLike<number>;

export function pickSum(keys: SeriesKey[]): Pick {
  return (s) => {
    if (keys.length === 1) return s.values[keys[0]];
    const out = new Float64Array(s.n);
    for (const k of keys) {
      const v = s.values[k];
      for (let i = 0; i < s.n; i++) out[i] += v[i];
    }
    return out;
  };
}

/**
 * Rows for lines `${id}` (or `${id}:${suffix}` via extra pickers) of every
 * source; all sources share bucket count and width (one range, one bucket size).
 */
export function toRows(t0Ns: number, sources: { key: string; values: ArrayLike<number> }[], n: number, bucketNs: number): Row[] {
  const rows: Row[] = [];
  for (let i = 0; i <= n; i++) {
    const row = { t: (t0Ns + i * bucketNs) / 1e9 } as Row;
    const j = Math.min(i, n - 1);
    for (const s of sources) row[s.key] = s.values[j] ?? 0;
    rows.push(row);
  }
  return rows;
}
