// Adapter from worker series to Recharts rows: one row per bucket start (in
// aligned seconds), one column per line, plus a closing row at the range end
// so that step lines cover the last bucket. No arithmetic on events here.

import type { Series, SeriesKey } from '../../analysis/series.ts';

export interface LineSpec {
  key: string;
  name: string;
  color: string;
  dash?: string;
  /** Row keys of a band drawn behind the line (the spread of a variant's runs). */
  band?: { lo: string; hi: string };
}

export type Row = { t: number } & Record<string, number>;

/** A value per bucket picked from a series (one metric or a sum of several). */
export type SeriesPick = (s: Series) => ArrayLike<number>;

export function pickSum(keys: SeriesKey[]): SeriesPick {
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
 * Rows of a step chart whose sources all have the same n buckets of bucketNs
 * from t0Ns: one row per bucket edge, n + 1 of them (the last repeats the last
 * bucket so that the step reaches the end), each holding every source's value
 * under the source's key. Sources on grids of their own: toStepRows.
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

/** A line on its own bucket grid (aligned ns). */
export interface StepSource {
  key: string;
  values: ArrayLike<number>;
  t0: number;
  bucketNs: number;
  n: number;
}

/**
 * Rows for lines on different bucket grids (a snapshot's stored buckets): one
 * row at every bucket edge of any line, each line's value the bucket it is in
 * there (0 outside its buckets), so step lines show each line's own buckets.
 */
export function toStepRows(sources: StepSource[]): Row[] {
  const edges = new Set<number>();
  for (const s of sources) for (let i = 0; i <= s.n; i++) edges.add(s.t0 + i * s.bucketNs);
  return [...edges]
    .sort((a, b) => a - b)
    .map((t) => {
      const row = { t: t / 1e9 } as Row;
      for (const s of sources) {
        const i = Math.floor((t - s.t0) / s.bucketNs + 1e-9);
        row[s.key] = i >= 0 && i < s.n ? (s.values[i] ?? 0) : i === s.n ? (s.values[s.n - 1] ?? 0) : 0;
      }
      return row;
    });
}
