// Direct-reclaim latency per variant, for the scope (visible range or whole
// trace): p50/p90/p99/max overall and per allocation order, a log-spaced
// histogram or the CDF (log axes on request), and, against the baseline, a
// Mann-Whitney rank test for all orders and per order, so that a small
// difference is not mistaken for a result. One row per run; a variant with
// several runs is tested on the episodes of all its runs pooled. The table
// copies as text.

import { useMemo, useRef, useState } from 'react';
import { Bar, BarChart, CartesianGrid, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts';
import { logHistogram, quantiles, type Quantiles } from '../../analysis/latency.ts';
import type { RangeView } from '../../analysis/range-filter.ts';
import { mannWhitney, verdict, type RankTest } from '../../analysis/stats.ts';
import type { Grid } from '../../share/grid-export.ts';
import { useReadyVariants, useVariants } from '../../state/variants.ts';
import { chartSvg, EXPORT_HEAD, svgToPng } from '../charts/chart-export.ts';
import { download } from '../download.ts';
import { CopyGrid } from '../explore/CopyGrid.tsx';
import type { Scope } from '../explore/scope.ts';
import { ScopeNote } from '../explore/ScopeNote.tsx';
import { colorOfVariant } from '../format.ts';
import { useLatencySamples, useWidth } from '../hooks.ts';
import { groupsOutOfTabOrder } from '../charts/no-tab-stops.ts';
import { gridColumns, gridRows, NO_LINES, type GridArea } from '../charts/grid.ts';
import { logTicks, valueTicks } from '../charts/ticks.ts';
import { plainTick } from '../charts/plain-tick.tsx';

const TICK_10 = plainTick(10);
const TICK_11 = plainTick(11);

function ms(v: number): string {
  return v >= 100 ? v.toFixed(1) : v >= 1 ? v.toFixed(2) : v.toFixed(3);
}

function binLabel(lo: number, hi: number): string {
  const f = (x: number) => (x >= 10 ? x.toFixed(0) : x >= 1 ? x.toFixed(1) : x >= 0.01 ? x.toFixed(2) : x.toPrecision(1));
  return `${f(lo)}–${f(hi)}`;
}

function testText(t: RankTest | null, pooledRuns: boolean): string {
  if (!t) return "can't tell (no episodes to compare)";
  return `${verdict(t)} (${t.p < 0.0001 ? 'p < 0.0001' : `p = ${t.p.toFixed(4)}`}, ${t.method === 'exact' ? 'exact' : 'normal approx.'}, n = ${t.n1} vs ${t.n2}${pooledRuns ? ', runs pooled' : ''})`;
}

interface VariantLatency {
  samples: Float64Array;
  /** Orders of the samples, when known (not for a snapshot). */
  orders: Int32Array | null;
  all: Quantiles;
  byOrder: { order: number; q: Quantiles }[];
}

/** Episodes of one or several runs, with their orders when every run knows them. */
type Pool = Pick<VariantLatency, 'samples' | 'orders'>;

function pooled(runs: Pool[]): Pool {
  const samples = new Float64Array(runs.reduce((a, r) => a + r.samples.length, 0));
  const orders = runs.every((r) => r.orders) ? new Int32Array(samples.length) : null;
  let at = 0;
  for (const r of runs) {
    samples.set(r.samples, at);
    if (orders) orders.set(r.orders!, at);
    at += r.samples.length;
  }
  return { samples, orders };
}

function ofOrder(l: Pool, order: number): Float64Array {
  if (!l.orders) return new Float64Array(0);
  const out: number[] = [];
  for (let i = 0; i < l.samples.length; i++) if (l.orders[i] === order) out.push(l.samples[i]);
  return Float64Array.from(out);
}

/** Points of the empirical CDF on a log-spaced grid spanning every sample. */
function cdfRows(samples: { key: string; values: Float64Array }[]): Record<string, number>[] {
  let lo = Infinity;
  let hi = 0;
  for (const s of samples)
    for (const v of s.values) {
      if (v > 0 && v < lo) lo = v;
      if (v > hi) hi = v;
    }
  if (!Number.isFinite(lo) || hi <= 0) return [];
  const sorted = samples.map((s) => ({ key: s.key, v: Float64Array.from(s.values).sort() }));
  const steps = 160;
  const rows: Record<string, number>[] = [];
  const a = Math.log10(lo);
  const b = Math.log10(hi) + 1e-9;
  for (let i = 0; i <= steps; i++) {
    const x = 10 ** (a + ((b - a) * i) / steps);
    const row: Record<string, number> = { x };
    for (const s of sorted) {
      let l = 0;
      let h = s.v.length;
      while (l < h) {
        const m = (l + h) >>> 1;
        if (s.v[m] <= x) l = m + 1;
        else h = m;
      }
      row[s.key] = s.v.length ? (l / s.v.length) * 100 : 0;
    }
    rows.push(row);
  }
  return rows;
}

export function Latency({ scope, views }: { scope: Scope; views: { data: Record<string, RangeView>; failed: string[] } }) {
  const ready = useReadyVariants();
  const baselineId = useVariants((s) => s.baselineId);
  const fallbackIds = useMemo(() => views.failed, [views.failed]);
  const fallbackSamples = useLatencySamples(fallbackIds);
  const [ref, width] = useWidth<HTMLDivElement>();
  const [kind, setKind] = useState<'histogram' | 'cdf'>('histogram');
  const [logY, setLogY] = useState(false);
  const [pointer, setPointer] = useState(false);
  const chartRef = useRef<HTMLDivElement>(null);

  const lat: Record<string, VariantLatency> = {};
  for (const v of ready) {
    const rv = views.data[v.id];
    if (rv) lat[v.id] = { samples: rv.latency.durationsMs, orders: rv.latencyOrders, all: rv.latency.all, byOrder: rv.latency.byOrder };
    else if (fallbackSamples[v.id]) lat[v.id] = { samples: fallbackSamples[v.id], orders: null, all: quantiles(fallbackSamples[v.id]), byOrder: v.info.latency.byOrder };
  }
  const have = ready.filter((v) => lat[v.id]);
  const hist = logHistogram(have.map((v) => lat[v.id].samples));
  const rows = hist.bins.map((b, i) => {
    const row: Record<string, number | string | null> = { bin: binLabel(b.loMs, b.hiMs) };
    have.forEach((v, j) => (row[v.id] = logY && hist.counts[j][i] === 0 ? null : hist.counts[j][i]));
    return row;
  });
  const cdf = kind === 'cdf' ? cdfRows(have.map((v) => ({ key: v.id, values: lat[v.id].samples }))) : [];
  // Round ticks of our own (ticks.ts), so that the grid is drawn at them without measuring labels (grid.ts)
  const maxCount = Math.max(1, ...hist.counts.flat());
  const histY = logY ? logTicks(1, maxCount) : valueTicks(0, maxCount, 5, true);
  const histDomain: [number, number] = [logY ? 0.8 : 0, histY.values[histY.values.length - 1]];
  const cdfY = logY ? logTicks(0.1, 100) : valueTicks(0, 100, 5);
  const cdfX = logTicks(cdf.length ? Number(cdf[0].x) : 1, cdf.length ? Number(cdf[cdf.length - 1].x) : 10);
  // Each run's episodes in the scope are rows of their own; a variant with several runs (state/runs.ts groups) is tested on the
  // episodes of all its runs pooled, against the baseline variant's pool.
  const baseGroup = ready.find((v) => v.id === baselineId)?.groupId;
  const pools = new Map<string, Pool>();
  for (const gid of new Set(ready.map((v) => v.groupId))) {
    const runs = ready.filter((v) => v.groupId === gid);
    if (runs.every((v) => lat[v.id])) pools.set(gid, pooled(runs.map((v) => lat[v.id])));
  }
  const base = baseGroup !== undefined ? pools.get(baseGroup) : undefined;

  const tableRows = have.flatMap((v) => {
    const l = lat[v.id];
    const firstOfVariant = ready.find((x) => x.groupId === v.groupId) === v;
    const severalRuns = ready.filter((x) => x.groupId === v.groupId).length > 1;
    const pool = pools.get(v.groupId);
    const tested = firstOfVariant && v.groupId !== baseGroup && base && pool ? pool : null;
    const all = { order: 'all', q: l.all, test: tested && base ? mannWhitney(tested.samples, base.samples) : null };
    const per = l.byOrder.map((o) => ({
      order: String(o.order),
      q: o.q,
      test: tested && base && tested.orders && base.orders ? mannWhitney(ofOrder(tested, o.order), ofOrder(base, o.order)) : null,
    }));
    return [all, ...per].map((r, i) => ({ v, first: i === 0, firstOfVariant, severalRuns, byOrder: !!pool?.orders, ...r }));
  });
  const against = (r: (typeof tableRows)[number]) => {
    if (!r.firstOfVariant) return r.first ? 'pooled with the runs above' : '';
    if (r.v.groupId === baseGroup) return r.first ? `baseline${r.severalRuns ? ' (runs pooled)' : ''}` : '';
    if (!base) return '';
    return r.first || (r.byOrder && base.orders) ? testText(r.test, r.severalRuns) : '';
  };
  const grid = (): Grid => ({
    columns: [{ label: 'Variant' }, { label: 'Order' }, { label: 'Episodes', numeric: true }, { label: 'p50 (ms)', numeric: true }, { label: 'p90 (ms)', numeric: true }, { label: 'p99 (ms)', numeric: true }, { label: 'max (ms)', numeric: true }, { label: 'Against the baseline' }],
    rows: tableRows.map((r) => [r.v.name, r.order, r.q.count, r.q.p50, r.q.p90, r.q.p99, r.q.max, against(r)]),
  });
  const save = (fmt: 'SVG' | 'PNG') => {
    const el = chartRef.current?.querySelector('svg.recharts-surface') as SVGSVGElement | null;
    if (!el) return;
    const title = kind === 'cdf' ? 'Latency CDF' : 'Latency histogram';
    const svg = chartSvg(el, title, `direct reclaim, ${scope.label}`, have.map((v) => ({ key: v.id, name: v.name, color: colorOfVariant(v) })));
    const name = `reclaimscope-latency-${kind}`;
    if (fmt === 'SVG') download(new Blob([svg], { type: 'image/svg+xml' }), `${name}.svg`);
    else void svgToPng(svg, width - 34, 250 + EXPORT_HEAD).then((b) => download(b, `${name}.png`));
  };

  if (ready.length === 0) return null;
  const waiting = ready.some((v) => !lat[v.id]);
  return (
    <section className="panel" aria-labelledby="latency-title" data-testid="latency" ref={ref}>
      <div className="panel-head">
        <h2 id="latency-title">Direct reclaim latency</h2>
        <CopyGrid grid={grid} what="latency table" />
      </div>
      <ScopeNote scope={scope} what="Direct-reclaim episodes" fallback={ready.filter((v) => views.failed.includes(v.id)).map((v) => v.name)} />
      <p className="note">
        Duration of each complete direct-reclaim episode, whole (never clipped), in ms (nearest-rank percentiles). One trace is one sample:
        the rank test (Mann-Whitney U, two-sided) says whether a variant&apos;s latencies are lower or higher than the baseline&apos;s at the
        5% level, for all orders and per order. Each run of a variant is a row of its own, for the scope above; a variant with several runs
        is tested on the episodes of all its runs together.{waiting ? ' Computing…' : ''}
      </p>
      <table className="grid" data-testid="latency-table">
        <thead>
          <tr>
            <th scope="col">Variant</th>
            <th scope="col">Order</th>
            <th scope="col" className="num">Episodes</th>
            <th scope="col" className="num">p50 (ms)</th>
            <th scope="col" className="num">p90 (ms)</th>
            <th scope="col" className="num">p99 (ms)</th>
            <th scope="col" className="num">max (ms)</th>
            <th scope="col">Against the baseline</th>
          </tr>
        </thead>
        <tbody>
          {tableRows.map((r) => (
            <tr key={`${r.v.id}/${r.order}`} data-variant={r.v.name} data-order={r.order}>
              <td style={{ color: colorOfVariant(r.v), fontWeight: r.first ? 600 : 400 }}>{r.first ? r.v.name : ''}</td>
              <td>{r.order}</td>
              <td className="num">{r.q.count}</td>
              <td className="num">{r.q.count ? ms(r.q.p50) : '—'}</td>
              <td className="num">{r.q.count ? ms(r.q.p90) : '—'}</td>
              <td className="num">{r.q.count ? ms(r.q.p99) : '—'}</td>
              <td className="num">{r.q.count ? ms(r.q.max) : '—'}</td>
              <td data-testid={r.first ? 'rank-test' : 'rank-test-order'}>{against(r)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {rows.length > 0 ? (
        <figure className="chart" data-testid="chart-latency" aria-label={kind === 'cdf' ? 'Latency CDF' : 'Latency histogram'} ref={groupsOutOfTabOrder}>
          <figcaption>
            <span className="chart-title">{kind === 'cdf' ? 'Latency CDF' : 'Latency histogram'}</span>
            <span className="chart-sub">
              {kind === 'cdf' ? ' % of episodes at or below each duration (ms, log axis)' : ' episodes per duration bin (ms, log-spaced, 4 bins per decade)'}
            </span>
            <span className="segmented" role="group" aria-label="Latency chart">
              <button type="button" aria-pressed={kind === 'histogram'} onClick={() => setKind('histogram')}>
                Histogram
              </button>
              <button type="button" aria-pressed={kind === 'cdf'} onClick={() => setKind('cdf')}>
                CDF
              </button>
            </span>{' '}
            <label>
              <input type="checkbox" checked={logY} onChange={(e) => setLogY(e.target.checked)} /> log y
            </label>
            <span className="chart-save">
              {(['SVG', 'PNG'] as const).map((f) => (
                <button key={f} type="button" className="small" aria-label={`Save the latency chart as ${f}`} onClick={() => save(f)}>
                  {f}
                </button>
              ))}
            </span>
          </figcaption>
          <ul className="legend" aria-label="Latency legend">
            {have.map((v) => (
              <li key={v.id} style={{ color: colorOfVariant(v) }}>
                <svg width="18" height="8" aria-hidden="true">
                  <rect width="18" height="8" fill={colorOfVariant(v)} />
                </svg>
                {v.name}
              </li>
            ))}
          </ul>
          {/* the tooltip mounts with the first pointer over the chart: mounted with it, it measures its box in the DOM */}
          <div ref={chartRef} onPointerEnter={() => setPointer(true)}>
            {kind === 'histogram' ? (
              <BarChart accessibilityLayer={false} width={width - 34} height={250} data={rows} margin={{ top: 8, right: 16, bottom: 24, left: 12 }}>
                <CartesianGrid stroke="#e8ebef" vertical={false} verticalCoordinatesGenerator={NO_LINES} horizontalCoordinatesGenerator={(a: GridArea) => gridRows(histY.values, logY, a, histDomain)} />
                <XAxis dataKey="bin" tick={TICK_10} interval={0} angle={rows.length > 14 ? -30 : 0} textAnchor={rows.length > 14 ? 'end' : 'middle'} height={rows.length > 14 ? 44 : 24} label={{ value: 'episode duration (ms)', position: 'insideBottom', offset: -16, fill: '#5b6575', fontSize: 12 }} />
                <YAxis tick={TICK_11} width={50} scale={logY ? 'log' : 'auto'} domain={histDomain} ticks={histY.values} interval={0} tickFormatter={histY.format} allowDataOverflow label={{ value: logY ? 'episodes (log)' : 'episodes', angle: -90, position: 'insideLeft', fill: '#5b6575', fontSize: 12, style: { textAnchor: 'middle' } }} />
                {pointer ? <Tooltip isAnimationActive={false} /> : null}
                {have.map((v) => (
                  <Bar key={v.id} dataKey={v.id} name={v.name} fill={colorOfVariant(v)} isAnimationActive={false} />
                ))}
              </BarChart>
            ) : (
              <LineChart accessibilityLayer={false} width={width - 34} height={250} data={cdf} margin={{ top: 8, right: 16, bottom: 24, left: 12 }}>
                <CartesianGrid
                  stroke="#e8ebef"
                  horizontalCoordinatesGenerator={(a: GridArea) => gridRows(cdfY.values, logY, a)}
                  verticalCoordinatesGenerator={(a: GridArea) => gridColumns(cdfX.values, true, a)}
                />
                <XAxis dataKey="x" type="number" scale="log" domain={[cdfX.values[0], cdfX.values[cdfX.values.length - 1]]} ticks={cdfX.values} interval={0} tick={TICK_11} tickFormatter={cdfX.format} label={{ value: 'episode duration (ms, log)', position: 'insideBottom', offset: -16, fill: '#5b6575', fontSize: 12 }} />
                <YAxis tick={TICK_11} width={50} scale={logY ? 'log' : 'auto'} domain={logY ? [0.1, 100] : [0, 100]} ticks={cdfY.values} interval={0} tickFormatter={cdfY.format} allowDataOverflow label={{ value: logY ? '% of episodes (log)' : '% of episodes', angle: -90, position: 'insideLeft', fill: '#5b6575', fontSize: 12, style: { textAnchor: 'middle' } }} />
                {pointer ? <Tooltip isAnimationActive={false} labelFormatter={(x) => `≤ ${ms(Number(x))} ms`} formatter={(y) => (typeof y === 'number' ? `${y.toFixed(1)}%` : y)} /> : null}
                {have.map((v) => (
                  <Line key={v.id} dataKey={v.id} name={v.name} type="stepAfter" stroke={colorOfVariant(v)} dot={false} strokeWidth={1.6} isAnimationActive={false} />
                ))}
              </LineChart>
            )}
          </div>
        </figure>
      ) : null}
    </section>
  );
}
