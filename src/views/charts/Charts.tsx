// The time-series charts of every ready variant over one visible range with
// one bucket size: direct-reclaim stall, processes stalled, kswapd awake time,
// reclaim writeback, pages scanned and reclaimed, compaction and memcg stall,
// and, once zoomed in far enough, each direct-reclaim episode as a bar.
// Series come from the workers for the visible range, so zooming re-buckets.

import { memo, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { SeriesKey } from '../../analysis/series.ts';
import { useSelection } from '../../state/selection.ts';
import { useShallow } from 'zustand/react/shallow';
import { useUi } from '../../state/ui.ts';
import { useReadyVariants, useVariants } from '../../state/variants.ts';
import { METRICS, useTimeAxis, useView, type Metric } from '../../state/view.ts';
import { bucketText, colorOfVariant } from '../format.ts';
import { useEpisodes, useSeries, useWidth } from '../hooks.ts';
import { axisLabel, fullDomain, timeOf, toAxis, toVariantRange } from '../../analysis/timeline.ts';
import { bucketGrid } from '../../analysis/bucket-grid.ts';
import { isSnapshot } from '../../worker/client.ts';
import {
  coarsestBucket,
  compactionChart,
  drawsMean,
  episodeLanes,
  kswapdChart,
  perVariant,
  pickSum,
  scanTogether,
  severalKswapds,
  type ChartInput,
  type ChartRun,
  type ValuePick,
} from './chart-data.ts';
import { EpisodeLanes } from './EpisodeLanes.tsx';
import { useProcessSeries } from '../explore/scope.ts';
import { axisTime } from './lane-plot.ts';
import { ChartOptionsBar } from './ChartOptionsBar.tsx';
import { CpuLanes } from './CpuLanes.tsx';
import { RangeBar } from './RangeBar.tsx';
import { StaggeredTimeChart, type ChartKey, type ChartPickProps } from './TimeChart.tsx';
import { variantsOf } from '../../state/runs.ts';

type Choices = Record<string, { label: string; pick: ValuePick; keys: SeriesKey[] }>;

/** Choices of a chart's menu, each with the sum of series it draws. */
function choices(c: Record<string, { label: string; keys: SeriesKey[] }>): Choices {
  return Object.fromEntries(Object.entries(c).map(([k, v]) => [k, { ...v, pick: pickSum(v.keys) }]));
}

const WRITEBACK = choices({
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
});

const SCAN = choices({
  together: { label: 'scanned and reclaimed, direct and kswapd', keys: [] },
  scannedDirect: { label: 'scanned by direct reclaim', keys: ['scannedDirect'] },
  scannedKswapd: { label: 'scanned by kswapd', keys: ['scannedKswapd'] },
  reclaimedDirect: { label: 'reclaimed by direct reclaim', keys: ['reclaimedDirect'] },
  reclaimedKswapd: { label: 'reclaimed by kswapd', keys: ['reclaimedKswapd'] },
  scannedOther: { label: 'scanned elsewhere (memcg, node, proactive)', keys: ['scannedOther'] },
  reclaimedOther: { label: 'reclaimed elsewhere (memcg, node, proactive)', keys: ['reclaimedOther'] },
});

const STALL = pickSum(['directStallMs']);
const STALLED_PROCS = pickSum(['directStalledProcs']);

const METRIC_LABELS: Record<Metric, string> = {
  stall: 'direct reclaim stall',
  kswapd: 'kswapd awake',
  writeback: 'writeback',
  scan: 'scanned / reclaimed',
  compaction: 'compaction & memcg',
};

const EPISODE_LIMIT = 400;

/** The request the series answer: the visible span and its bucket grid, as they were when asked. */
interface Grid {
  visible: readonly [number, number];
  start: number;
  n: number;
  bucketNs: number;
}

export const Charts = memo(function Charts() {
  const ready = useReadyVariants();
  const groups = useVariants((s) => s.groups);
  const { range, chosenNs, metrics, zoomTo, reset, set } = useView(
    useShallow((s) => ({ range: s.range, chosenNs: s.bucketNs, metrics: s.metrics, zoomTo: s.zoomTo, reset: s.reset, set: s.set })),
  );
  const axis = useTimeAxis();
  const [runsShown, setRunsShown] = useState<'each' | 'mean'>('each');
  const highlight = useUi((s) => s.highlight);
  const [ref, width] = useWidth<HTMLDivElement>();
  const [wbPick, setWbPick] = useState('all');
  const [scanPick, setScanPick] = useState('together');

  const full = useMemo(() => fullDomain(ready, axis), [ready, axis]);
  const visible = range ?? full;
  const { start: gridStart, end: gridEnd, n, bucketNs, limited } = bucketGrid(visible[0], visible[1], chosenNs);
  const v0 = visible[0];
  const v1 = visible[1];
  const asked = useMemo((): Grid => ({ visible: [v0, v1], start: gridStart, n, bucketNs }), [v0, v1, gridStart, n, bucketNs]);

  const ranges = useMemo(
    () => Object.fromEntries(ready.map((v) => [v.id, toVariantRange([gridStart, gridEnd], v, axis)])),
    [ready, gridStart, gridEnd, axis],
  );
  const runsOfReady = useMemo(
    (): ChartRun[] =>
      ready.map((v) => ({ id: v.id, name: v.name, color: colorOfVariant(v), time: timeOf(v, axis), lengthNs: v.info.endNs - v.info.startNs })),
    [ready, axis],
  );
  // Charts draw the series with the grid (and time zeros) they were asked on, so a zoom redraws them once, when the answer comes.
  const answered = useSeries(ranges, n, { grid: asked, ranges, runs: runsOfReady });
  const series = answered.data;
  const grid = answered.meta?.grid ?? asked;
  const episodes = useEpisodes(ranges, EPISODE_LIMIT);
  const selected = useSelection((s) => s.process);
  const showEvents = useSelection((s) => s.showEvents);
  const procSeries = useProcessSeries(ranges, n);

  const input = useMemo((): ChartInput | null => {
    if (!answered.meta) return null;
    const askedRuns = new Map(answered.meta.runs.map((r) => [r.id, r]));
    // names and colours as they are now, time zeros as they were asked
    const runs = runsOfReady.filter((v) => series[v.id] && askedRuns.has(v.id)).map((v) => ({ ...v, time: askedRuns.get(v.id)!.time }));
    if (runs.length === 0) return null;
    const byId = new Map(runs.map((r) => [r.id, r]));
    return {
      runs,
      groups: variantsOf(groups, runs.map((r) => ready.find((v) => v.id === r.id)!)).map((g) => ({ id: g.id, name: g.name, runs: g.runs.map((v) => byId.get(v.id)!) })),
      series,
      ranges: answered.meta.ranges,
      grid: { start: grid.start, n: grid.n, bucketNs: grid.bucketNs },
      mean: runsShown === 'mean',
      selected: selected ? { name: selected.name, series: procSeries } : null,
    };
  }, [runsOfReady, series, answered.meta, groups, ready, grid, runsShown, selected, procSeries]);

  const stall = useMemo(() => input && perVariant(input, STALL, 'perSecond', (p) => p.stallMs), [input]);
  const stalledProcs = useMemo(() => input && perVariant(input, STALLED_PROCS, 'none'), [input]);
  const kswapd = useMemo(() => input && kswapdChart(input), [input]);
  const writeback = useMemo(() => input && perVariant(input, WRITEBACK[wbPick].pick, 'perSecond', (p) => p.written), [input, wbPick]);
  const scan = useMemo(
    () => input && (scanPick === 'together' ? scanTogether(input) : perVariant(input, SCAN[scanPick].pick, 'perSecond', scanPick.startsWith('reclaimed') ? (p) => p.reclaimed : (p) => p.scanned)),
    [input, scanPick],
  );
  const compaction = useMemo(() => input && compactionChart(input), [input]);

  const onZoom = useCallback((a: number, b: number) => zoomTo([a * 1e9, b * 1e9]), [zoomTo]);
  // Keys act on the latest view (a second key press before the charts have redrawn goes on from the first),
  // read from a ref so that the charts' props do not change with every zoom before their new series come.
  const latest = useRef({ v0, v1, full });
  useEffect(() => {
    latest.current = { v0, v1, full };
  });
  const onKey = useCallback(
    (k: ChartKey) => {
      const { v0, v1, full } = latest.current;
      const w = v1 - v0;
      const mid = (v0 + v1) / 2;
      if (k === 'reset') reset();
      else if (k === 'in') zoomTo([mid - w / 4, mid + w / 4]);
      else if (k === 'out') {
        if (w * 2 >= full[1] - full[0]) reset();
        else zoomTo([Math.max(full[0], mid - w), Math.min(full[1], mid + w)]);
      } else {
        const d = (k === 'left' ? -w : w) / 4;
        zoomTo([v0 + d, v1 + d]);
      }
    },
    [reset, zoomTo],
  );
  const xLabel = axisLabel(axis);
  const hl = useMemo((): [number, number] | null => {
    if (!highlight) return null;
    const v = ready.find((x) => x.id === highlight.variantId);
    if (!v) return null;
    const m = timeOf(v, axis);
    return [toAxis(m, highlight.t0) / 1e9, toAxis(m, highlight.t1) / 1e9];
  }, [highlight, ready, axis]);
  const g0 = grid.visible[0];
  const g1 = grid.visible[1];
  const domainS = useMemo((): [number, number] => [g0 / 1e9, g1 / 1e9], [g0, g1]);
  /** What every chart shares: the span its series were asked for, the axis label, the width, the highlight and the zoom. */
  const common = { domain: domainS, xLabel, width: width - 34, highlight: hl, onZoom, onKey };
  const wbMenu = useMemo((): ChartPickProps => ({ label: 'Writeback shown', choices: WRITEBACK, value: wbPick, onChange: setWbPick }), [wbPick]);
  const scanMenu = useMemo((): ChartPickProps => ({ label: 'Pages shown', choices: SCAN, value: scanPick, onChange: setScanPick }), [scanPick]);

  const anyCompaction = ready.some((v) => v.info.hasCompaction || v.info.hasMemcg);
  const allEpisodes = ready.every((v) => episodes[v.id] !== undefined && episodes[v.id] !== null);
  // A shared snapshot answers null for ranges it holds no bars for, whatever their count.
  const notHeld = ready.filter((v) => isSnapshot(v.id) && episodes[v.id] === null).map((v) => v.name);
  const lanes = useMemo(() => (allEpisodes ? episodeLanes(runsOfReady, episodes) : []), [allEpisodes, runsOfReady, episodes]);
  const coarsest = input ? coarsestBucket(input) : grid.bucketNs;
  const coarse = coarsest > grid.bucketNs * (1 + 1e-9);
  const sub = coarse ? `${bucketText(coarsest, axis.align)} buckets, the finest this snapshot holds` : `${bucketText(grid.bucketNs, axis.align)} buckets`;
  const severalRuns = variantsOf(groups, ready).some((g) => g.runs.length > 1);
  const meanMode = input !== null && drawsMean(input);
  const perInstance = input !== null && severalKswapds(input);

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
      {input === null ? <p className="muted">Computing…</p> : null}
      {input !== null && metrics.includes('stall') ? (
        <>
          <StaggeredTimeChart id="stall" title="Direct reclaim stall" subtitle={`ms stalled per second, summed over processes; ${sub}`} yLabel="ms stalled / s" unit="ms/s" {...stall!} {...common} />
          <StaggeredTimeChart id="stalled-procs" title="Processes in direct reclaim" subtitle={`distinct processes stalled per ${bucketText(coarsest, axis.align)} bucket${coarse ? ' (the finest this snapshot holds)' : ''}`} yLabel="processes" unit="processes" integer height={170} {...stalledProcs!} {...common} />
          {allEpisodes && lanes.length > 0 ? <EpisodeLanes
              lanes={lanes}
              domain={domainS}
              width={width - 34}
              selected={selected?.name ?? null}
              onSelect={(lane, b) =>
                showEvents({
                  variantId: lane.variantId,
                  label: `episode of ${b.process} (${lane.variant}) at ${axisTime(lane.time, b.startNs)}`,
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
      {input !== null && metrics.includes('kswapd') ? (
        <StaggeredTimeChart id="kswapd" title="kswapd awake" subtitle={`% of time awake${perInstance ? ', per kswapd instance (NUMA node)' : ''}; ${sub}`} yLabel="% awake" unit="% awake" {...kswapd!} {...common} />
      ) : null}
      {input !== null && metrics.includes('writeback') ? (
        <StaggeredTimeChart id="writeback" title="Reclaim writeback I/O" subtitle={`pages written per second; ${sub}`} yLabel="pages / s" unit="pages/s" {...writeback!} {...common} pick={wbMenu} />
      ) : null}
      {input !== null && metrics.includes('scan') ? (
        <StaggeredTimeChart id="scan" title="Pages scanned and reclaimed" subtitle={`pages per second (inactive-list scans, as in the Summary); ${sub}`} yLabel="pages / s" unit="pages/s" {...scan!} {...common} pick={scanMenu} />
      ) : null}
      {input !== null && metrics.includes('compaction') && !anyCompaction ? (
        <p className="note chart-empty" data-testid="chart-compaction-empty">
          Compaction and memcg reclaim: no trace has any compaction or memcg reclaim event, so there is nothing to draw.
        </p>
      ) : null}
      {input !== null && metrics.includes('compaction') && anyCompaction ? (
        <StaggeredTimeChart
          id="compaction"
          title="Compaction and memcg reclaim"
          subtitle={`ms per second: compaction solid, memcg reclaim dashed; ${sub}`}
          yLabel="ms / s"
          unit="ms/s"
          {...compaction!}
          {...common}
        />
      ) : null}
    </section>
  );
});
