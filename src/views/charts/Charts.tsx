// The time-series charts of every ready variant over one visible range with
// one bucket size: direct-reclaim stall, processes stalled, kswapd awake time,
// reclaim writeback, pages scanned and reclaimed, compaction and memcg stall,
// and, once zoomed in far enough, each direct-reclaim episode as a bar.
// Series come from the workers for the visible range, so zooming re-buckets.

import { useMemo, useState } from 'react';
import type { Series, SeriesKey } from '../../analysis/series.ts';
import type { TaskSeries } from '../../analysis/range-filter.ts';
import { useSelection } from '../../state/selection.ts';
import { useUi } from '../../state/ui.ts';
import { readyVariants, useVariants } from '../../state/variants.ts';
import { METRICS, useView, type Metric } from '../../state/view.ts';
import { formatDuration, variantColor } from '../format.ts';
import { useEpisodes, useSeries, useWidth } from '../hooks.ts';
import { fullDomain, offsetOf, toVariantRange } from '../../analysis/timeline.ts';
import { pickSum, toRows, type LineSpec, type Pick, type Row } from './chart-data.ts';
import { EpisodeLanes, type Lane } from './EpisodeLanes.tsx';
import { useProcessSeries } from '../explore/scope.ts';
import { formatSeconds } from '../format.ts';
import { ChartOptionsBar } from './ChartOptionsBar.tsx';
import { CpuLanes } from './CpuLanes.tsx';
import { RangeBar } from './RangeBar.tsx';
import { StaggeredTimeChart } from './TimeChart.tsx';

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
  const variants = useVariants((s) => s.variants);
  const ready = useMemo(() => readyVariants(variants), [variants]);
  const { range, buckets, align, metrics, zoomTo, set } = useView();
  const highlight = useUi((s) => s.highlight);
  const [ref, width] = useWidth<HTMLDivElement>();
  const [wbPick, setWbPick] = useState('all');
  const [scanPick, setScanPick] = useState('together');

  const full = useMemo(() => fullDomain(ready, align), [ready, align]);
  const visible = range ?? full;
  const span = Math.max(1, visible[1] - visible[0]);
  const plotW = Math.max(100, width - 100);
  let n = buckets === 0 ? Math.floor(plotW / 4) : Math.ceil(span / buckets);
  const limited = n > plotW;
  n = Math.max(1, Math.min(n, plotW));
  const bucketNs = span / n;

  const ranges = useMemo(() => Object.fromEntries(ready.map((v) => [v.id, toVariantRange(visible, v, align)])), [ready, visible, align]);
  const series = useSeries(ranges, n);
  const episodes = useEpisodes(ranges, EPISODE_LIMIT);
  const selected = useSelection((s) => s.process);
  const showEvents = useSelection((s) => s.showEvents);
  const procSeries = useProcessSeries(ranges, n);

  const colorOf = (id: string) => variantColor(variants.findIndex((v) => v.id === id));
  const have = ready.filter((v) => series[v.id]);
  const domainS: [number, number] = [visible[0] / 1e9, visible[1] / 1e9];
  const onZoom = (a: number, b: number) => zoomTo([a * 1e9, b * 1e9]);
  const xLabel = align === 'pressure' ? 'seconds from the first direct reclaim or kswapd wake' : "seconds from each trace's first event";
  const hl = useMemo((): [number, number] | null => {
    if (!highlight) return null;
    const v = ready.find((x) => x.id === highlight.variantId);
    if (!v) return null;
    const off = offsetOf(v, align);
    return [(highlight.t0 - off) / 1e9, (highlight.t1 - off) / 1e9];
  }, [highlight, ready, align]);

  /** The selected process's part of a chart, dotted, in each variant that has it (state/selection.ts). */
  const ofSelected = (own?: (s: TaskSeries) => ArrayLike<number>) => {
    const withIt = own && selected ? have.filter((v) => procSeries[v.id] && procSeries[v.id]!.stallMs.length === n) : [];
    return {
      sources: withIt.map((v) => ({ key: `${v.id}:sel`, values: own!(procSeries[v.id]!) })),
      lines: withIt.map((v) => ({ key: `${v.id}:sel`, name: `${v.name}: ${selected!.name}`, color: colorOf(v.id), dash: '2 2' })),
    };
  };
  const perVariant = (pick: Pick, own?: (s: TaskSeries) => ArrayLike<number>): { rows: Row[]; lines: LineSpec[] } => {
    const sel = ofSelected(own);
    const rows = toRows(
      visible[0],
      [...have.map((v) => ({ key: v.id, values: pick(series[v.id] as Series) })), ...sel.sources],
      n,
      bucketNs,
    );
    return { rows, lines: [...have.map((v) => ({ key: v.id, name: v.name, color: colorOf(v.id) })), ...sel.lines] };
  };

  const kswapdChart = (): { rows: Row[]; lines: LineSpec[] } => {
    const multi = have.some((v) => (series[v.id]?.kswapdInstances.length ?? 0) > 1);
    if (!multi) return perVariant(pickSum(['kswapdAwakeMs']), (p) => p.awakeMs);
    const sources: { key: string; values: ArrayLike<number> }[] = [];
    const lines: LineSpec[] = [];
    const dashes = [undefined, '6 3', '2 2', '8 2 2 2'];
    for (const v of have)
      series[v.id]!.kswapdInstances.forEach((k, i) => {
        const key = `${v.id}:${k.name}`;
        sources.push({ key, values: k.ms });
        lines.push({ key, name: `${v.name} ${k.name}`, color: colorOf(v.id), dash: dashes[i % dashes.length] });
      });
    return { rows: toRows(visible[0], sources, n, bucketNs), lines };
  };

  /** Pages scanned (solid) and reclaimed (dashed), by direct reclaim (thick) and kswapd (thin dots), per variant. */
  const scanTogether = (): { rows: Row[]; lines: LineSpec[] } => {
    const parts: { k: SeriesKey; label: string; dash?: string }[] = [
      { k: 'scannedDirect', label: 'scanned, direct' },
      { k: 'reclaimedDirect', label: 'reclaimed, direct', dash: '6 3' },
      { k: 'scannedKswapd', label: 'scanned, kswapd', dash: '1 2' },
      { k: 'reclaimedKswapd', label: 'reclaimed, kswapd', dash: '8 2 1 2' },
    ];
    const sel = ofSelected((p) => p.scanned);
    return {
      rows: toRows(visible[0], [...have.flatMap((v) => parts.map((x) => ({ key: `${v.id}:${x.k}`, values: series[v.id]!.values[x.k] }))), ...sel.sources], n, bucketNs),
      lines: [...have.flatMap((v) => parts.map((x) => ({ key: `${v.id}:${x.k}`, name: `${v.name} ${x.label}`, color: colorOf(v.id), dash: x.dash }))), ...sel.lines],
    };
  };

  const compactionChart = (): { rows: Row[]; lines: LineSpec[] } => {
    const sources = have.flatMap((v) => [
      { key: `${v.id}:c`, values: series[v.id]!.values.compactionMs },
      { key: `${v.id}:m`, values: series[v.id]!.values.memcgStallMs },
    ]);
    return {
      rows: toRows(visible[0], sources, n, bucketNs),
      lines: have.flatMap((v) => [
        { key: `${v.id}:c`, name: `${v.name} compaction`, color: colorOf(v.id) },
        { key: `${v.id}:m`, name: `${v.name} memcg reclaim`, color: colorOf(v.id), dash: '5 3' },
      ]),
    };
  };
  /** What every chart shares: the visible span, its label, the width, the highlight and the zoom. */
  const common = { domain: domainS, xLabel, width: width - 34, highlight: hl, onZoom };

  const anyCompaction = ready.some((v) => v.info.hasCompaction || v.info.hasMemcg);
  const allEpisodes = ready.every((v) => episodes[v.id] !== undefined && episodes[v.id] !== null);
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
  const sub = `per ${formatDuration(bucketNs)} bucket`;

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
      <p className="note">Drag across any chart to zoom every chart to that span. Each trace starts at its own time zero.</p>
      {have.length === 0 ? <p className="muted">Computing…</p> : null}
      {have.length > 0 && metrics.includes('stall') ? (
        <>
          <StaggeredTimeChart id="stall" title="Direct reclaim stall" subtitle={`ms stalled ${sub}, summed over processes`} yLabel="ms stalled" {...perVariant(pickSum(['directStallMs']), (p) => p.stallMs)} {...common} />
          <StaggeredTimeChart id="stalled-procs" title="Processes in direct reclaim" subtitle={`distinct processes stalled ${sub}`} yLabel="processes" height={170} {...perVariant(pickSum(['directStalledProcs']))} {...common} />
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
          {!allEpisodes ? <p className="note">Zoom in to fewer than {EPISODE_LIMIT} direct-reclaim episodes per trace to see each one as a bar.</p> : null}
        </>
      ) : null}
      {have.length > 0 && metrics.includes('kswapd') ? (
        <StaggeredTimeChart id="kswapd" title="kswapd awake" subtitle={`ms awake ${sub}${have.some((v) => (series[v.id]?.kswapdInstances.length ?? 0) > 1) ? ', per kswapd instance (NUMA node)' : ''}`} yLabel="ms awake" {...kswapdChart()} {...common} />
      ) : null}
      {have.length > 0 && metrics.includes('writeback') ? (
        <StaggeredTimeChart id="writeback" title="Reclaim writeback I/O" subtitle={`pages written ${sub}`} yLabel="pages" {...perVariant(pickSum(WRITEBACK[wbPick].keys), (p) => p.written)} {...common}>
          <ChartPick label="Writeback shown" choices={WRITEBACK} value={wbPick} onChange={setWbPick} />
        </StaggeredTimeChart>
      ) : null}
      {have.length > 0 && metrics.includes('scan') ? (
        <StaggeredTimeChart id="scan" title="Pages scanned and reclaimed" subtitle={`pages ${sub} (inactive-list scans, as in the Summary)`} yLabel="pages" {...(scanPick === 'together' ? scanTogether() : perVariant(pickSum(SCAN[scanPick].keys), scanPick.startsWith('reclaimed') ? (p) => p.reclaimed : (p) => p.scanned))} {...common}>
          <ChartPick label="Pages shown" choices={SCAN} value={scanPick} onChange={setScanPick} />
        </StaggeredTimeChart>
      ) : null}
      {have.length > 0 && metrics.includes('compaction') && anyCompaction ? (
        <StaggeredTimeChart
          id="compaction"
          title="Compaction and memcg reclaim"
          subtitle={`ms ${sub}: compaction solid, memcg reclaim dashed`}
          yLabel="ms"
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
