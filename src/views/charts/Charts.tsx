// The time-series charts of every ready variant over one visible range with
// one bucket size: direct-reclaim stall, processes stalled, kswapd awake time,
// reclaim writeback, pages scanned and reclaimed, compaction and memcg stall,
// and, once zoomed in far enough, each direct-reclaim episode as a bar.
// Series come from the workers for the visible range, so zooming re-buckets.

import { useMemo, useState } from 'react';
import type { Series, SeriesKey } from '../../analysis/series.ts';
import type { TaskSeries } from '../../analysis/range-filter.ts';
import { useSelection } from '../../state/selection.ts';
import { useShallow } from 'zustand/react/shallow';
import { useUi } from '../../state/ui.ts';
import { useReadyVariants, useVariants } from '../../state/variants.ts';
import { METRICS, useView, type Metric } from '../../state/view.ts';
import { formatDuration, colorOfVariant } from '../format.ts';
import { useEpisodes, useSeries, useWidth } from '../hooks.ts';
import { fullDomain, offsetOf, toVariantRange } from '../../analysis/timeline.ts';
import { bucketGrid } from '../../analysis/bucket-grid.ts';
import { isSnapshot } from '../../worker/client.ts';
import { perSecond } from './rates.ts';
import { pickSum, toRows, toStepRows, type LineSpec, type SeriesPick, type Row, type StepSource } from './chart-data.ts';
import { EpisodeLanes, type Lane } from './EpisodeLanes.tsx';
import { useProcessSeries } from '../explore/scope.ts';
import { formatSeconds } from '../format.ts';
import { ChartOptionsBar } from './ChartOptionsBar.tsx';
import { CpuLanes } from './CpuLanes.tsx';
import { RangeBar } from './RangeBar.tsx';
import { StaggeredTimeChart, type ChartKey } from './TimeChart.tsx';
import { meanOfRuns } from './run-mean.ts';
import { variantsOf } from '../../state/runs.ts';

const WRITEBACK: Record<string, { label: string; keys: SeriesKey[] }> = {
  all: {
    label: 'all reclaim writeback',
    keys: ['wbDirectFileSync', 'wbDirectFileAsync', 'wbDirectAnonSync', 'wbDirectAnonAsync', 'wbKswapdFileSync', 'wbKswapdFileAsync', 'wbKswapdAnonSync', 'wbKswapdAnonAsync', 'wbOther'],
  },
  direct: { label: 'from direct reclaim', keys: ['wbDirectFileSync', 'wbDirectFileAsync', 'wbDirectAnonSync', 'wbDirectAnonAsync'] },
  kswapd: { label: 'from kswapd', keys: ['wbKswapdFileSync', 'wbKswapdFileAsync', 'wbKswapdAnonSync', 'wbKswapdAnonAsync'] },
  fileSync: { label: 'file, sync', keys: ['wbDirectFileSync', 'wbKswapdFileSync'] },
  fileAsync: { label: 'file, async', keys: ['wbDirectFileAsync', 'wbKswapdFileAsync'] },
  anonSync: { label: 'anon, sync', keys: ['wbDirectAnonSync', 'wbKswapdAnonSync'] },
  anonAsync: { label: 'anon, async', keys: ['wbDirectAnonAsync', 'wbKswapdAnonAsync'] },
  directFileSync: { label: 'direct, file, sync', keys: ['wbDirectFileSync'] },
  directFileAsync: { label: 'direct, file, async', keys: ['wbDirectFileAsync'] },
  directAnonSync: { label: 'direct, anon, sync', keys: ['wbDirectAnonSync'] },
  directAnonAsync: { label: 'direct, anon, async', keys: ['wbDirectAnonAsync'] },
  kswapdFileAsync: { label: 'kswapd, file, async', keys: ['wbKswapdFileAsync'] },
  kswapdAnonAsync: { label: 'kswapd, anon, async', keys: ['wbKswapdAnonAsync'] },
};

const SCAN: Record<string, { label: string; keys: SeriesKey[] }> = {
  together: { label: 'scanned and reclaimed, direct and kswapd', keys: [] },
  scannedDirect: { label: 'scanned by direct reclaim', keys: ['scannedDirect'] },
  scannedKswapd: { label: 'scanned by kswapd', keys: ['scannedKswapd'] },
  reclaimedDirect: { label: 'reclaimed by direct reclaim', keys: ['reclaimedDirect'] },
  reclaimedKswapd: { label: 'reclaimed by kswapd', keys: ['reclaimedKswapd'] },
  scannedOther: { label: 'scanned elsewhere (memcg, node, proactive)', keys: ['scannedOther'] },
  reclaimedOther: { label: 'reclaimed elsewhere (memcg, node, proactive)', keys: ['reclaimedOther'] },
};

const METRIC_LABELS: Record<Metric, string> = {
  stall: 'direct reclaim stall',
  kswapd: 'kswapd awake',
  writeback: 'writeback',
  scan: 'scanned / reclaimed',
  compaction: 'compaction & memcg',
};

const EPISODE_LIMIT = 400;

export function Charts() {
  const ready = useReadyVariants();
  const groups = useVariants((s) => s.groups);
  const { range, chosenNs, align, metrics, zoomTo, reset, set } = useView(
    useShallow((s) => ({ range: s.range, chosenNs: s.bucketNs, align: s.align, metrics: s.metrics, zoomTo: s.zoomTo, reset: s.reset, set: s.set })),
  );
  const [runsShown, setRunsShown] = useState<'each' | 'mean'>('each');
  const highlight = useUi((s) => s.highlight);
  const [ref, width] = useWidth<HTMLDivElement>();
  const [wbPick, setWbPick] = useState('all');
  const [scanPick, setScanPick] = useState('together');

  const full = useMemo(() => fullDomain(ready, align), [ready, align]);
  const visible = range ?? full;
  const { start: gridStart, end: gridEnd, n, bucketNs, limited } = bucketGrid(visible[0], visible[1], chosenNs);

  const ranges = useMemo(
    () => Object.fromEntries(ready.map((v) => [v.id, toVariantRange([gridStart, gridEnd], v, align)])),
    [ready, gridStart, gridEnd, align],
  );
  const series = useSeries(ranges, n);
  const episodes = useEpisodes(ranges, EPISODE_LIMIT);
  const selected = useSelection((s) => s.process);
  const showEvents = useSelection((s) => s.showEvents);
  const procSeries = useProcessSeries(ranges, n);

  const colorOf = (id: string) => colorOfVariant(ready.find((v) => v.id === id) ?? { color: null });
  const have = ready.filter((v) => series[v.id]);
  const domainS: [number, number] = [visible[0] / 1e9, visible[1] / 1e9];
  const onZoom = (a: number, b: number) => zoomTo([a * 1e9, b * 1e9]);
  const onKey = (k: ChartKey) => {
    const w = visible[1] - visible[0];
    const mid = (visible[0] + visible[1]) / 2;
    if (k === 'reset') reset();
    else if (k === 'in') zoomTo([mid - w / 4, mid + w / 4]);
    else if (k === 'out') {
      if (w * 2 >= full[1] - full[0]) reset();
      else zoomTo([Math.max(full[0], mid - w), Math.min(full[1], mid + w)]);
    } else {
      const d = (k === 'left' ? -w : w) / 4;
      zoomTo([visible[0] + d, visible[1] + d]);
    }
  };
  const xLabel = align === 'pressure' ? 'seconds from the first direct reclaim or kswapd wake' : "seconds from each trace's first event";
  const hl = useMemo((): [number, number] | null => {
    if (!highlight) return null;
    const v = ready.find((x) => x.id === highlight.variantId);
    if (!v) return null;
    const off = offsetOf(v, align);
    return [(highlight.t0 - off) / 1e9, (highlight.t1 - off) / 1e9];
  }, [highlight, ready, align]);

  /** Buckets as wide as each variant's series says (a snapshot may hold none finer than the grid asks for). */
  const coarsest = have.reduce<number>((m, v) => Math.max(m, series[v.id]!.bucketNs), bucketNs);
  const onGrid = have.every((v) => series[v.id]!.n === n && Math.abs(series[v.id]!.bucketNs - bucketNs) <= bucketNs * 1e-9);
  type Source = { key: string; values: ArrayLike<number> };
  type Rate = 'none' | 'perSecond' | 'percent';
  const toRate = (a: ArrayLike<number>, bucket: number, rate: Rate) => (rate === 'none' ? a : perSecond(a, bucket, rate === 'percent'));
  /** A line of variant v; `rate` turns amounts per bucket into per second (or % of time), by the series' own bucket width. */
  const line = (v: (typeof have)[number], key: string, a: ArrayLike<number>, rate: Rate): StepSource => {
    const s = series[v.id]!;
    return { key, values: toRate(a, s.bucketNs, rate), t0: s.t0 - offsetOf(v, align), bucketNs: s.bucketNs, n: s.n };
  };
  const rowsOf = (sources: StepSource[]): Row[] => (onGrid ? toRows(gridStart, sources as Source[], n, bucketNs) : toStepRows(sources));

  /** The selected process's part of a chart, dotted, in each run that has it (state/selection.ts), in the chart's rate. */
  const ofSelected = (rate: Rate, own?: (s: TaskSeries) => ArrayLike<number>): { sources: StepSource[]; lines: LineSpec[] } => {
    const withIt = own && selected ? have.filter((v) => procSeries[v.id] && procSeries[v.id]!.stallMs.length === series[v.id]!.n) : [];
    return {
      sources: withIt.map((v) => line(v, `${v.id}:sel`, own!(procSeries[v.id]!), rate)),
      lines: withIt.map((v) => ({ key: `${v.id}:sel`, name: `${v.name}: ${selected!.name}`, color: colorOf(v.id), dash: '2 2' })),
    };
  };

  // "Mean of runs": one line per variant with several runs (their per-bucket mean) and a band from their smallest to largest value.
  // Runs are averaged bucket by bucket on the common grid, so only when every series is on it (a snapshot's coarser buckets are shown run by run).
  // A selected process stays a dotted line per run that has it (a process is one run's), on the same grid.
  const severalRuns = variantsOf(groups, ready).some((g) => g.runs.length > 1);
  const meanMode = runsShown === 'mean' && severalRuns && onGrid;
  const groupsHave = variantsOf(groups, have);
  const perGroup = (pick: SeriesPick, rate: Rate, suffix = '', dash?: string, band = true): { sources: Source[]; lines: LineSpec[] } => {
    const sources: Source[] = [];
    const lines: LineSpec[] = [];
    for (const g of groupsHave) {
      const m = meanOfRuns(
        g.runs.map((v) => ({ values: toRate(pick(series[v.id] as Series), bucketNs, rate), from: ranges[v.id][0], lengthNs: v.info.endNs - v.info.startNs })),
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
        color: colorOf(g.runs[0].id),
        dash,
        ...(withBand ? { band: { lo: `${key}:lo`, hi: `${key}:hi` } } : {}),
      });
    }
    return { sources, lines };
  };

  const perVariant = (pick: SeriesPick, rate: Rate = 'perSecond', own?: (s: TaskSeries) => ArrayLike<number>): { rows: Row[]; lines: LineSpec[] } => {
    const sel = ofSelected(rate, own);
    if (meanMode) {
      const g = perGroup(pick, rate);
      return { rows: toRows(gridStart, [...g.sources, ...sel.sources], n, bucketNs), lines: [...g.lines, ...sel.lines] };
    }
    return {
      rows: rowsOf([...have.map((v) => line(v, v.id, pick(series[v.id] as Series), rate)), ...sel.sources]),
      lines: [...have.map((v) => ({ key: v.id, name: v.name, color: colorOf(v.id) })), ...sel.lines],
    };
  };

  const kswapdChart = (): { rows: Row[]; lines: LineSpec[] } => {
    const multi = have.some((v) => (series[v.id]?.kswapdInstances.length ?? 0) > 1);
    if (!multi || meanMode) return perVariant(pickSum(['kswapdAwakeMs']), 'percent', (p) => p.awakeMs);
    const sources: StepSource[] = [];
    const lines: LineSpec[] = [];
    const dashes = [undefined, '6 3', '2 2', '8 2 2 2'];
    for (const v of have)
      series[v.id]!.kswapdInstances.forEach((k, i) => {
        const key = `${v.id}:${k.name}`;
        sources.push(line(v, key, k.ms, 'percent'));
        lines.push({ key, name: `${v.name} ${k.name}`, color: colorOf(v.id), dash: dashes[i % dashes.length] });
      });
    return { rows: rowsOf(sources), lines };
  };

  /** Pages scanned (solid) and reclaimed (dashed), by direct reclaim and kswapd (dotted), per run (or per variant's mean of runs, without bands). */
  const scanTogether = (): { rows: Row[]; lines: LineSpec[] } => {
    const parts: { k: SeriesKey; label: string; dash?: string }[] = [
      { k: 'scannedDirect', label: 'scanned, direct' },
      { k: 'reclaimedDirect', label: 'reclaimed, direct', dash: '6 3' },
      { k: 'scannedKswapd', label: 'scanned, kswapd', dash: '1 2' },
      { k: 'reclaimedKswapd', label: 'reclaimed, kswapd', dash: '8 2 1 2' },
    ];
    const sel = ofSelected('perSecond', (p) => p.scanned);
    if (meanMode) {
      // four means per variant: their bands would hide one another, so the bands are in the single-series views of the menu
      const g = parts.map((x) => perGroup(pickSum([x.k]), 'perSecond', `:${x.label}`, x.dash, false));
      return { rows: toRows(gridStart, [...g.flatMap((x) => x.sources), ...sel.sources], n, bucketNs), lines: [...g.flatMap((x) => x.lines), ...sel.lines] };
    }
    return {
      rows: rowsOf([...have.flatMap((v) => parts.map((x) => line(v, `${v.id}:${x.k}`, series[v.id]!.values[x.k], 'perSecond'))), ...sel.sources]),
      lines: [...have.flatMap((v) => parts.map((x) => ({ key: `${v.id}:${x.k}`, name: `${v.name} ${x.label}`, color: colorOf(v.id), dash: x.dash }))), ...sel.lines],
    };
  };

  const compactionChart = (): { rows: Row[]; lines: LineSpec[] } => {
    if (meanMode) {
      const c = perGroup(pickSum(['compactionMs']), 'perSecond', ':compaction');
      const m = perGroup(pickSum(['memcgStallMs']), 'perSecond', ':memcg reclaim', '5 3', false);
      return { rows: toRows(gridStart, [...c.sources, ...m.sources], n, bucketNs), lines: [...c.lines, ...m.lines] };
    }
    const sources = have.flatMap((v) => [line(v, `${v.id}:c`, series[v.id]!.values.compactionMs, 'perSecond'), line(v, `${v.id}:m`, series[v.id]!.values.memcgStallMs, 'perSecond')]);
    return {
      rows: rowsOf(sources),
      lines: have.flatMap((v) => [
        { key: `${v.id}:c`, name: `${v.name} compaction`, color: colorOf(v.id) },
        { key: `${v.id}:m`, name: `${v.name} memcg reclaim`, color: colorOf(v.id), dash: '5 3' },
      ]),
    };
  };
  /** What every chart shares: the visible span, its label, the width, the highlight and the zoom. */
  const common = { domain: domainS, xLabel, width: width - 34, highlight: hl, onZoom, onKey };

  const anyCompaction = ready.some((v) => v.info.hasCompaction || v.info.hasMemcg);
  const allEpisodes = ready.every((v) => episodes[v.id] !== undefined && episodes[v.id] !== null);
  // A shared snapshot answers null for ranges it holds no bars for, whatever their count.
  const notHeld = ready.filter((v) => isSnapshot(v.id) && episodes[v.id] === null).map((v) => v.name);
  const lanes: Lane[] = [];
  if (allEpisodes)
    for (const v of ready) {
      const byProc = new Map<string, Lane>();
      for (const b of episodes[v.id] ?? []) {
        let lane = byProc.get(b.process);
        if (!lane) byProc.set(b.process, (lane = { variantId: v.id, variant: v.name, color: colorOf(v.id), process: b.process, bars: [], offsetNs: offsetOf(v, align) }));
        lane.bars.push(b);
      }
      lanes.push(...[...byProc.values()].sort((a, b) => (a.process < b.process ? -1 : 1)));
    }
  const coarse = coarsest > bucketNs * (1 + 1e-9);
  const sub = coarse ? `${formatDuration(coarsest)} buckets, the finest this snapshot holds` : `${formatDuration(bucketNs)} buckets`;

  return (
    <section className="panel" aria-labelledby="charts-title" ref={ref}>
      <div className="panel-head">
        <h2 id="charts-title">Over time</h2>
        <div className="toggles" role="group" aria-label="Charts shown">
          {METRICS.map((m) => (
            <label key={m}>
              <input
                type="checkbox"
                checked={metrics.includes(m)}
                onChange={(e) => set({ metrics: e.target.checked ? METRICS.filter((x) => x === m || metrics.includes(x)) : metrics.filter((x) => x !== m) })}
              />{' '}
              {METRIC_LABELS[m]}
            </label>
          ))}
        </div>
      </div>
      <RangeBar visible={visible} full={full} bucketNs={bucketNs} limited={limited} />
      <ChartOptionsBar />
      <p className="note">
        Drag across any chart to zoom every chart to that span. Each trace starts at its own time zero.
        {severalRuns ? (
          <span className="runs-shown" role="group" aria-label="Runs in the charts">
            {' '}
            Variants with several runs:{' '}
            <label>
              <input type="radio" name="runs-shown" checked={!meanMode} onChange={() => setRunsShown('each')} /> each run
            </label>{' '}
            <label>
              <input type="radio" name="runs-shown" checked={meanMode} onChange={() => setRunsShown('mean')} /> mean of runs, with a band from the
              lowest to the highest run
            </label>
          </span>
        ) : null}
      </p>
      {have.length === 0 ? <p className="muted">Computing…</p> : null}
      {have.length > 0 && metrics.includes('stall') ? (
        <>
          <StaggeredTimeChart id="stall" title="Direct reclaim stall" subtitle={`ms stalled per second, summed over processes; ${sub}`} yLabel="ms stalled / s" unit="ms/s" {...perVariant(pickSum(['directStallMs']), 'perSecond', (p) => p.stallMs)} {...common} />
          <StaggeredTimeChart id="stalled-procs" title="Processes in direct reclaim" subtitle={`distinct processes stalled per ${formatDuration(coarsest)} bucket${coarse ? ' (the finest this snapshot holds)' : ''}`} yLabel="processes" unit="processes" integer height={170} {...perVariant(pickSum(['directStalledProcs']), 'none')} {...common} />
          {allEpisodes && lanes.length > 0 ? <EpisodeLanes
              lanes={lanes}
              domain={domainS}
              width={width - 34}
              selected={selected?.name ?? null}
              onSelect={(lane, b) =>
                showEvents({
                  variantId: lane.variantId,
                  label: `episode of ${b.process} (${lane.variant}) at ${formatSeconds((b.startNs - lane.offsetNs) / 1e9)} s`,
                  t0: b.startNs,
                  t1: b.endNs,
                  closedEnd: true,
                  process: { name: b.process, byCommand: false },
                })
              }
            /> : null}
          {allEpisodes ? <CpuLanes ranges={ranges} domain={domainS} width={width - 34} /> : null}
          {!allEpisodes ? (
            <p className="note" data-testid="episodes-note">
              {notHeld.length > 0
                ? `${notHeld.join(', ')}: this shared view holds episode bars only for the ranges it was shared with, so none are drawn here; open the trace files to see every episode.`
                : `Zoom in to fewer than ${EPISODE_LIMIT} direct-reclaim episodes per trace to see each one as a bar.`}
            </p>
          ) : null}
        </>
      ) : null}
      {have.length > 0 && metrics.includes('kswapd') ? (
        <StaggeredTimeChart id="kswapd" title="kswapd awake" subtitle={`% of time awake${have.some((v) => (series[v.id]?.kswapdInstances.length ?? 0) > 1) ? ', per kswapd instance (NUMA node)' : ''}; ${sub}`} yLabel="% awake" unit="% awake" {...kswapdChart()} {...common} />
      ) : null}
      {have.length > 0 && metrics.includes('writeback') ? (
        <StaggeredTimeChart id="writeback" title="Reclaim writeback I/O" subtitle={`pages written per second; ${sub}`} yLabel="pages / s" unit="pages/s" {...perVariant(pickSum(WRITEBACK[wbPick].keys), 'perSecond', (p) => p.written)} {...common}>
          <ChartPick label="Writeback shown" choices={WRITEBACK} value={wbPick} onChange={setWbPick} />
        </StaggeredTimeChart>
      ) : null}
      {have.length > 0 && metrics.includes('scan') ? (
        <StaggeredTimeChart id="scan" title="Pages scanned and reclaimed" subtitle={`pages per second (inactive-list scans, as in the Summary); ${sub}`} yLabel="pages / s" unit="pages/s" {...(scanPick === 'together' ? scanTogether() : perVariant(pickSum(SCAN[scanPick].keys), 'perSecond', scanPick.startsWith('reclaimed') ? (p) => p.reclaimed : (p) => p.scanned))} {...common}>
          <ChartPick label="Pages shown" choices={SCAN} value={scanPick} onChange={setScanPick} />
        </StaggeredTimeChart>
      ) : null}
      {have.length > 0 && metrics.includes('compaction') && !anyCompaction ? (
        <p className="note chart-empty" data-testid="chart-compaction-empty">
          Compaction and memcg reclaim: no trace has any compaction or memcg reclaim event, so there is nothing to draw.
        </p>
      ) : null}
      {have.length > 0 && metrics.includes('compaction') && anyCompaction ? (
        <StaggeredTimeChart
          id="compaction"
          title="Compaction and memcg reclaim"
          subtitle={`ms per second: compaction solid, memcg reclaim dashed; ${sub}`}
          yLabel="ms / s"
          unit="ms/s"
          {...compactionChart()}
          {...common}
        />
      ) : null}
    </section>
  );
}

/** The select that picks which series a chart shows. */
function ChartPick({
  label,
  choices,
  value,
  onChange,
}: {
  label: string;
  choices: Record<string, { label: string }>;
  value: string;
  onChange: (v: string) => void;
}) {
  return (
    <select className="chart-pick" aria-label={label} value={value} onChange={(e) => onChange(e.target.value)}>
      {Object.entries(choices).map(([k, v]) => (
        <option key={k} value={k}>
          {v.label}
        </option>
      ))}
    </select>
  );
}
