// What the charts draw, as plain data: from the workers' series to Recharts
// rows (one row per bucket start in aligned seconds, one column per line, a
// closing row at the range end so step lines cover the last bucket) and the
// lines of each chart (per run, per variant's mean of runs, the selected
// process dotted). Pure: Charts.tsx only renders what these return, and the
// same inputs give the same objects' contents, so memoised charts skip redraws.

import type { Series, SeriesKey } from '../../analysis/series.ts';
import type { TaskSeries } from '../../analysis/range-filter.ts';
import type { EpisodeBar } from '../../analysis/loaded-traces.ts';
import { toAxis, type VariantTime } from '../../analysis/timeline.ts';
import { perSecond } from './rates.ts';
import { meanOfRuns } from './run-mean.ts';

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
export type ValuePick = (s: Series) => ArrayLike<number>;

export function pickSum(keys: SeriesKey[]): ValuePick {
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

/** Rows and lines of one chart. */
export interface ChartLines {
  rows: Row[];
  lines: LineSpec[];
}

/** A trace as the charts need it. */
export interface ChartRun {
  id: string;
  name: string;
  color: string;
  /** Where this trace is on the shared axis: axis = (own ns - zero) * scale (timeline.ts timeOf). */
  time: VariantTime;
  /** The trace's traced length, ns. */
  lengthNs: number;
}

/** Everything the charts are computed from: one answered request of the workers. */
export interface ChartInput {
  /** The traces that have a series, in the order of the cards. */
  runs: ChartRun[];
  /** Runs grouped into variants (several runs each, or one). */
  groups: { id: string; name: string; runs: ChartRun[] }[];
  series: Record<string, Series>;
  /** The range asked of each trace, ns in its own time. */
  ranges: Record<string, readonly [number, number]>;
  /** The common bucket grid, aligned ns. */
  grid: { start: number; n: number; bucketNs: number };
  /** "Mean of runs" asked for (and possible). */
  mean: boolean;
  /** The selected process's own series per trace that has it, and its name; null when none is selected. */
  selected: { name: string; series: Record<string, TaskSeries | null> } | null;
}

/** How a chart turns amounts per bucket into values: as they are, per second, or (times in ms) % of time. */
export type Rate = 'none' | 'perSecond' | 'percent';

function toRate(a: ArrayLike<number>, bucketNs: number, rate: Rate): ArrayLike<number> {
  return rate === 'none' ? a : perSecond(a, bucketNs, rate === 'percent');
}

/** Every series on the common grid (a snapshot may hold none finer than asked, and then has its own). */
export function onCommonGrid(c: ChartInput): boolean {
  const { n, bucketNs } = c.grid;
  return c.runs.every((v) => c.series[v.id].n === n && Math.abs(c.series[v.id].bucketNs * v.time.scale - bucketNs) <= bucketNs * 1e-9);
}

/** "Mean of runs" is drawn when asked, some variant has several runs, and every series is on the common grid. */
export function drawsMean(c: ChartInput): boolean {
  return c.mean && c.groups.some((g) => g.runs.length > 1) && onCommonGrid(c);
}

/** A line of run v on its own series' grid, placed on the shared axis; `rate` by the series' own bucket width (ns of its trace). */
function line(c: ChartInput, v: ChartRun, key: string, a: ArrayLike<number>, rate: Rate): StepSource {
  const s = c.series[v.id];
  return { key, values: toRate(a, s.bucketNs, rate), t0: toAxis(v.time, s.t0), bucketNs: s.bucketNs * v.time.scale, n: s.n };
}

function rowsOf(c: ChartInput, sources: StepSource[]): Row[] {
  return onCommonGrid(c) ? toRows(c.grid.start, sources, c.grid.n, c.grid.bucketNs) : toStepRows(sources);
}

/** The selected process's part of a chart, dotted, in each run that has it on the same grid, in the chart's rate. */
function ofSelected(c: ChartInput, rate: Rate, own?: (s: TaskSeries) => ArrayLike<number>): { sources: StepSource[]; lines: LineSpec[] } {
  const sel = c.selected;
  if (!own || !sel) return { sources: [], lines: [] };
  const withIt = c.runs.filter((v) => sel.series[v.id] && sel.series[v.id]!.stallMs.length === c.series[v.id].n);
  return {
    sources: withIt.map((v) => line(c, v, `${v.id}:sel`, own(sel.series[v.id]!), rate)),
    lines: withIt.map((v) => ({ key: `${v.id}:sel`, name: `${v.name}: ${sel.name}`, color: v.color, dash: '2 2' })),
  };
}

/**
 * "Mean of runs": per variant, the per-bucket mean of its runs (a run counts
 * only where it was traced) and, with several runs, a band from the lowest to
 * the highest run. Only on the common grid (drawsMean).
 */
function perGroup(c: ChartInput, pick: ValuePick, rate: Rate, suffix = '', dash?: string, band = true): { sources: { key: string; values: ArrayLike<number> }[]; lines: LineSpec[] } {
  const { n, bucketNs } = c.grid;
  const sources: { key: string; values: ArrayLike<number> }[] = [];
  const lines: LineSpec[] = [];
  for (const g of c.groups) {
    const m = meanOfRuns(
      // on the axis's scale (% of run stretches each run onto 0-100), rates by each run's own bucket width
      g.runs.map((v) => ({ values: toRate(pick(c.series[v.id]), c.series[v.id].bucketNs, rate), from: c.ranges[v.id][0] * v.time.scale, lengthNs: v.lengthNs * v.time.scale })),
      n,
      bucketNs,
    );
    const key = `${g.id}${suffix}`;
    sources.push({ key, values: m.mean });
    const withBand = band && g.runs.length > 1;
    if (withBand) sources.push({ key: `${key}:lo`, values: m.lo }, { key: `${key}:hi`, values: m.hi });
    lines.push({
      key,
      name: `${g.name}${suffix ? ` ${suffix.slice(1)}` : ''}${g.runs.length > 1 ? ` (mean of ${g.runs.length})` : ''}`,
      color: g.runs[0].color,
      dash,
      ...(withBand ? { band: { lo: `${key}:lo`, hi: `${key}:hi` } } : {}),
    });
  }
  return { sources, lines };
}

/** One line per run (or per variant's mean of runs) of a picked value, and the selected process's own part. */
export function perVariant(c: ChartInput, pick: ValuePick, rate: Rate = 'perSecond', own?: (s: TaskSeries) => ArrayLike<number>): ChartLines {
  const sel = ofSelected(c, rate, own);
  if (drawsMean(c)) {
    const g = perGroup(c, pick, rate);
    return { rows: toRows(c.grid.start, [...g.sources, ...sel.sources], c.grid.n, c.grid.bucketNs), lines: [...g.lines, ...sel.lines] };
  }
  return {
    rows: rowsOf(c, [...c.runs.map((v) => line(c, v, v.id, pick(c.series[v.id]), rate)), ...sel.sources]),
    lines: [...c.runs.map((v) => ({ key: v.id, name: v.name, color: v.color })), ...sel.lines],
  };
}

/** Whether any trace has more than one kswapd (NUMA nodes): the kswapd chart then draws each. */
export function severalKswapds(c: ChartInput): boolean {
  return c.runs.some((v) => c.series[v.id].kswapdInstances.length > 1);
}

const KSWAPD_DASHES = [undefined, '6 3', '2 2', '8 2 2 2'];

/** kswapd awake, % of time: per run, or per kswapd instance of each run when there are several. */
export function kswapdChart(c: ChartInput): ChartLines {
  if (!severalKswapds(c) || drawsMean(c)) return perVariant(c, pickSum(['kswapdAwakeMs']), 'percent', (p) => p.awakeMs);
  const sources: StepSource[] = [];
  const lines: LineSpec[] = [];
  for (const v of c.runs)
    c.series[v.id].kswapdInstances.forEach((k, i) => {
      const key = `${v.id}:${k.name}`;
      sources.push(line(c, v, key, k.ms, 'percent'));
      lines.push({ key, name: `${v.name} ${k.name}`, color: v.color, dash: KSWAPD_DASHES[i % KSWAPD_DASHES.length] });
    });
  return { rows: rowsOf(c, sources), lines };
}

const SCAN_PARTS: { k: SeriesKey; label: string; dash?: string }[] = [
  { k: 'scannedDirect', label: 'scanned, direct' },
  { k: 'reclaimedDirect', label: 'reclaimed, direct', dash: '6 3' },
  { k: 'scannedKswapd', label: 'scanned, kswapd', dash: '1 2' },
  { k: 'reclaimedKswapd', label: 'reclaimed, kswapd', dash: '8 2 1 2' },
];

/** Pages scanned (solid) and reclaimed (dashed), by direct reclaim and kswapd (dotted), per run (or per variant's mean of runs, without bands). */
export function scanTogether(c: ChartInput): ChartLines {
  const sel = ofSelected(c, 'perSecond', (p) => p.scanned);
  if (drawsMean(c)) {
    // four means per variant: their bands would hide one another, so the bands are in the single-series views of the menu
    const g = SCAN_PARTS.map((x) => perGroup(c, pickSum([x.k]), 'perSecond', `:${x.label}`, x.dash, false));
    return { rows: toRows(c.grid.start, [...g.flatMap((x) => x.sources), ...sel.sources], c.grid.n, c.grid.bucketNs), lines: [...g.flatMap((x) => x.lines), ...sel.lines] };
  }
  return {
    rows: rowsOf(c, [...c.runs.flatMap((v) => SCAN_PARTS.map((x) => line(c, v, `${v.id}:${x.k}`, c.series[v.id].values[x.k], 'perSecond'))), ...sel.sources]),
    lines: [...c.runs.flatMap((v) => SCAN_PARTS.map((x) => ({ key: `${v.id}:${x.k}`, name: `${v.name} ${x.label}`, color: v.color, dash: x.dash }))), ...sel.lines],
  };
}

/** Compaction (solid) and memcg reclaim (dashed), ms per second. */
export function compactionChart(c: ChartInput): ChartLines {
  if (drawsMean(c)) {
    const comp = perGroup(c, pickSum(['compactionMs']), 'perSecond', ':compaction');
    const memcg = perGroup(c, pickSum(['memcgStallMs']), 'perSecond', ':memcg reclaim', '5 3', false);
    return { rows: toRows(c.grid.start, [...comp.sources, ...memcg.sources], c.grid.n, c.grid.bucketNs), lines: [...comp.lines, ...memcg.lines] };
  }
  const sources = c.runs.flatMap((v) => [line(c, v, `${v.id}:c`, c.series[v.id].values.compactionMs, 'perSecond'), line(c, v, `${v.id}:m`, c.series[v.id].values.memcgStallMs, 'perSecond')]);
  return {
    rows: rowsOf(c, sources),
    lines: c.runs.flatMap((v) => [
      { key: `${v.id}:c`, name: `${v.name} compaction`, color: v.color },
      { key: `${v.id}:m`, name: `${v.name} memcg reclaim`, color: v.color, dash: '5 3' },
    ]),
  };
}

/** The widest bucket of any series: coarser than the grid where a shared snapshot holds none finer. */
export function coarsestBucket(c: ChartInput): number {
  return c.runs.reduce((m, v) => Math.max(m, c.series[v.id].bucketNs * v.time.scale), c.grid.bucketNs);
}

/** One lane of episode bars: a process of one trace. */
export interface Lane {
  variantId: string;
  variant: string;
  color: string;
  process: string;
  bars: EpisodeBar[];
  /** Where the lane's trace is on the shared axis. */
  time: VariantTime;
}

/** Episode bars in lanes, one per process of each trace, processes in name order within a trace. */
export function episodeLanes(runs: ChartRun[], episodes: Record<string, EpisodeBar[] | null>): Lane[] {
  const lanes: Lane[] = [];
  for (const v of runs) {
    const byProc = new Map<string, Lane>();
    for (const b of episodes[v.id] ?? []) {
      let lane = byProc.get(b.process);
      if (!lane) byProc.set(b.process, (lane = { variantId: v.id, variant: v.name, color: v.color, process: b.process, bars: [], time: v.time }));
      lane.bars.push(b);
    }
    lanes.push(...[...byProc.values()].sort((a, b) => (a.process < b.process ? -1 : 1)));
  }
  return lanes;
}
