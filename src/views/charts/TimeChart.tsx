// One time-series chart: every variant overlaid as a step line over aligned
// seconds, labelled axes with units, a legend, a tooltip with units, and
// drag-to-zoom: press, drag across the chart and release to zoom every chart
// to that span. The chart is one tab stop; focused, + / - zoom, the arrows pan
// and 0 resets. Ticks fall on round values printed exactly (ticks.ts).
// Chart options (state/chart-options.ts): overlaid or one track per variant,
// linear or log y, legend entries that hide or show a variant.

import { memo, useEffect, useMemo, useRef, useState } from 'react';
import { Area, CartesianGrid, ComposedChart, Line, ReferenceArea, Tooltip, XAxis, YAxis } from 'recharts';
import { useChartOptions, variantOfLine } from '../../state/chart-options.ts';
import { formatSeconds } from '../format.ts';
import { logTicks, spanTicks, valueTicks } from './ticks.ts';
import { useStaggered } from '../stagger.ts';
import { download, safeFileName } from '../download.ts';
import { chartSvg, EXPORT_HEAD, svgToPng } from './chart-export.ts';
import { useNoTabStopsInside } from './no-tab-stops.ts';
import type { LineSpec, Row } from './chart-data.ts';
import { PLOT_RIGHT } from './lane-plot.ts';
import { gridRows, NO_LINES, type GridArea } from './grid.ts';
import { plainTick } from './plain-tick.tsx';

const TICK = plainTick(11);

export interface TimeChartProps {
  id: string;
  title: string;
  subtitle?: string;
  yLabel: string;
  /** Unit of the values, for the tooltip ("ms/s", "pages/s", "processes"). */
  unit: string;
  /** A count axis: whole-number ticks only. */
  integer?: boolean;
  rows: Row[];
  lines: LineSpec[];
  domain: [number, number]; // seconds
  xLabel: string;
  width: number;
  height?: number;
  highlight?: [number, number] | null;
  onZoom: (t0: number, t1: number) => void;
  /** Keyboard zoom and pan on the focused chart. */
  onKey?: (key: ChartKey) => void;
  /** A menu of which series the chart shows. */
  pick?: ChartPickProps;
}

export interface ChartPickProps {
  label: string;
  choices: Record<string, { label: string }>;
  value: string;
  onChange: (v: string) => void;
}

/** The select that picks which series a chart shows. */
function ChartPick({ label, choices, value, onChange }: ChartPickProps) {
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

export type ChartKey = 'in' | 'out' | 'left' | 'right' | 'reset';

const KEYS: Record<string, ChartKey> = { '+': 'in', '=': 'in', '-': 'out', _: 'out', ArrowLeft: 'left', ArrowRight: 'right', '0': 'reset' };

/** Largest value of each row key in the rows (0 for none), in one pass; and the t (axis s) of the first row holding it. */
function peaksOf(rows: Row[], lines: LineSpec[]): Map<string, number> & { at: Map<string, number | null> } {
  const keys = [...new Set(lines.flatMap((l) => (l.band ? [l.key, l.band.hi] : [l.key])))];
  const m = new Float64Array(keys.length);
  const at: (number | null)[] = keys.map(() => null);
  for (const r of rows)
    for (let i = 0; i < keys.length; i++) {
      const v = r[keys[i]];
      if (v > m[i]) {
        m[i] = v;
        at[i] = r.t;
      }
    }
  return Object.assign(new Map(keys.map((k, i) => [k, m[i]])), { at: new Map(keys.map((k, i) => [k, at[i]])) });
}

/** Largest value of any of the lines, or of the top of its band of runs (0 for none). */
function peakOf(peaks: Map<string, number>, lines: LineSpec[]): number {
  let m = 0;
  for (const l of lines) m = Math.max(m, peaks.get(l.key) ?? 0, l.band ? (peaks.get(l.band.hi) ?? 0) : 0);
  return m;
}

/** Tooltip value: as many decimals as a reader can use, with the unit. */
function tooltipValue(v: number, unit: string): string {
  const a = Math.abs(v);
  const text = a === 0 || a >= 100 ? v.toFixed(0) : a >= 1 ? v.toFixed(2) : v.toPrecision(3);
  return `${text} ${unit}`;
}

/**
 * A TimeChart whose renders each run in a task of their own (stagger.ts).
 * Memoised: with props that keep their identity (Charts.tsx memoises them), a
 * change elsewhere on the page neither queues nor redraws it.
 */
export const StaggeredTimeChart = memo(function StaggeredTimeChart(p: TimeChartProps) {
  const shown = useStaggered(p);
  if (!shown) return <div className="chart-placeholder" style={{ height: (p.height ?? 220) + 28 }} aria-busy="true" />;
  return <TimeChart {...shown} />;
});

/** What the names of a track's lines share (the variant's name), for its heading. */
function commonPrefix(names: string[]): string {
  if (names.length === 0) return '';
  let p = names[0];
  for (const n of names) while (!n.startsWith(p)) p = p.slice(0, -1);
  return (names.length > 1 ? p.replace(/[\s:]+\S*$/, '') : p).trim() || names[0];
}

/** Smallest and largest positive value of the lines in the rows, for a log axis ([1, 10] when none). */
function positiveRange(rows: Row[], lines: LineSpec[]): [number, number] {
  let lo = Infinity;
  let hi = 0;
  for (const r of rows)
    for (const l of lines) {
      const v = r[l.key];
      if (v > 0) {
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
    }
  return hi > 0 ? [lo, hi] : [1, 10];
}

/** Rows for a log y axis: zeros and below have no logarithm, so they become gaps. */
function forLog(rows: Row[]): Row[] {
  return rows.map((r) => {
    const o = { ...r };
    for (const k in o) if (k !== 't' && !(o[k] > 0)) (o as Record<string, number | null>)[k] = null;
    return o;
  });
}

/**
 * Counts the renders of a component that reached the page, in its element's
 * `data-renders` (an effect runs once per commit): the end-to-end tests read it
 * to hold renders per zoom and per keystroke down.
 */
function useRenderCount(el: React.RefObject<HTMLElement | null>): void {
  const count = useRef(0);
  useEffect(() => {
    count.current++;
    el.current?.setAttribute('data-renders', String(count.current));
  });
}

export const TimeChart = memo(function TimeChart(p: TimeChartProps) {
  const [drag, setDrag] = useState<{ a: number; b: number } | null>(null);
  const figure = useRef<HTMLElement>(null);
  useRenderCount(figure);
  const { layout, logY, hidden, toggle } = useChartOptions();
  const rows = useMemo(() => (logY ? forLog(p.rows) : p.rows), [logY, p.rows]);
  const byKey = useMemo(() => peaksOf(p.rows, p.lines), [p.rows, p.lines]);
  const shownLines = p.lines.filter((l) => !hidden.includes(variantOfLine(l.key)));
  // Small multiples: one track per variant, each with its own lines, sharing x and zoom.
  const tracks: LineSpec[][] =
    layout === 'multiples' ? [...new Set(shownLines.map((l) => variantOfLine(l.key)))].map((v) => shownLines.filter((l) => variantOfLine(l.key) === v)) : [shownLines];
  const height = p.height ?? 220;
  const trackH = layout === 'multiples' && tracks.length > 1 ? Math.max(110, Math.round(height * 0.6)) : height;
  const body = useRef<HTMLDivElement>(null);
  const span = p.domain[1] - p.domain[0];
  const xTicks = spanTicks(p.domain[0], p.domain[1], Math.max(3, Math.floor(p.width / 120)));
  const peak = peakOf(byKey, p.lines);
  const peaks = Object.fromEntries(p.lines.map((l) => [l.name, +peakOf(byKey, [l]).toPrecision(9)]));
  // where each line peaks on the x axis (s, or % of run): what a time offset moves
  const peakTimes = Object.fromEntries(p.lines.map((l) => [l.name, byKey.at.get(l.key) ?? null]));
  const exportSvg = (): { svg: string; w: number; h: number } | null => {
    const el = body.current?.querySelector('svg.recharts-surface') as SVGSVGElement | null;
    if (!el) return null;
    return { svg: chartSvg(el, p.title, p.subtitle ?? '', tracks[0]), w: p.width, h: trackH + EXPORT_HEAD };
  };
  // the chart body is its one tab stop
  useNoTabStopsInside(body);
  const fileBase = `reclaimscope-${safeFileName(p.id)}`;
  const save = (kind: 'SVG' | 'PNG'): void => {
    const e = exportSvg();
    if (!e) return;
    if (kind === 'SVG') download(new Blob([e.svg], { type: 'image/svg+xml' }), `${fileBase}.svg`);
    else void svgToPng(e.svg, e.w, e.h).then((b) => download(b, `${fileBase}.png`));
  };
  const label = (e: { activeLabel?: string | number }): number | null =>
    e.activeLabel === undefined || e.activeLabel === null ? null : Number(e.activeLabel);
  return (
    <figure ref={figure} className="chart" data-testid={`chart-${p.id}`} aria-label={p.title} data-peaks={JSON.stringify(peaks)} data-peak-times={JSON.stringify(peakTimes)}>
      <figcaption>
        <span className="chart-title">{p.title}</span>
        {p.subtitle ? <span className="chart-sub"> {p.subtitle}</span> : null}
        {p.pick ? <ChartPick {...p.pick} /> : null}
        <span className="chart-save">
          {(['SVG', 'PNG'] as const).map((kind) => (
            <button key={kind} type="button" className="small" aria-label={`Save the ${p.title} chart as ${kind}`} onClick={() => save(kind)}>
              {kind}
            </button>
          ))}
        </span>
      </figcaption>
      {/* Our own legend: Recharts' measures itself and renders the chart twice. */}
      <ul className="legend" aria-label={`${p.title} legend`}>
        {p.lines.map((l) => {
          const off = hidden.includes(variantOfLine(l.key));
          return (
            <li key={l.key} style={{ color: l.color, opacity: off ? 0.4 : 1 }}>
              <button type="button" className="legend-toggle" aria-pressed={!off} title={off ? 'Show this variant in every chart' : 'Hide this variant in every chart'} onClick={() => toggle(variantOfLine(l.key))}>
                <svg width="18" height="8" aria-hidden="true">
                  <line x1="0" x2="18" y1="4" y2="4" stroke={l.color} strokeWidth="2" strokeDasharray={l.dash} />
                </svg>
                {off ? <s>{l.name}</s> : l.name}
              </button>
            </li>
          );
        })}
      </ul>
      <div
        className="chart-body"
        ref={body}
        style={{ cursor: 'crosshair', userSelect: 'none' }}
        tabIndex={0}
        role="group"
        aria-label={`${p.title} chart, ${p.subtitle ?? ''}. Drag or press + and - to zoom, arrows to pan, 0 to reset.`}
        onKeyDown={(e) => {
          const k = KEYS[e.key];
          if (!k || !p.onKey || e.ctrlKey || e.metaKey || e.altKey) return;
          e.preventDefault();
          p.onKey(k);
        }}
      >
        {peak === 0 && p.rows.length > 0 ? (
          <p className="chart-empty" data-testid={`chart-${p.id}-empty`} style={{ height: height - 40 }}>
            Nothing to draw: no variant has any {p.title.toLowerCase()} in this range (every bucket is 0).
          </p>
        ) : (
          tracks.map((lines, ti) => {
            const yTicks = logY ? logTicks(...positiveRange(rows, lines)) : valueTicks(0, peakOf(byKey, lines), Math.max(3, Math.floor(trackH / 45)), p.integer);
            return (
        <div key={ti} className="track">
        {tracks.length > 1 ? (
          <div className="track-name" style={{ color: lines[0]?.color }}>
            {commonPrefix(lines.map((l) => l.name))}
          </div>
        ) : null}
        <ComposedChart
          accessibilityLayer={false}
          width={p.width}
          height={trackH}
          data={rows}
          margin={{ top: 8, right: PLOT_RIGHT, bottom: 22, left: 12 }}
          onMouseDown={(e) => {
            const x = label(e);
            if (x !== null) setDrag({ a: x, b: x });
          }}
          onMouseMove={(e) => {
            const x = label(e);
            if (drag && x !== null) setDrag({ a: drag.a, b: x });
          }}
          onMouseUp={() => {
            if (drag && drag.a !== drag.b) p.onZoom(Math.min(drag.a, drag.b), Math.max(drag.a, drag.b));
            setDrag(null);
          }}
          onMouseLeave={() => setDrag(null)}
        >
          <CartesianGrid
            stroke="#e8ebef"
            vertical={false}
            verticalCoordinatesGenerator={NO_LINES}
            horizontalCoordinatesGenerator={(area: GridArea) => gridRows(yTicks.values, logY, area)}
          />
          <XAxis
            dataKey="t"
            type="number"
            domain={p.domain}
            allowDataOverflow
            ticks={xTicks.values}
            interval={0}
            tickFormatter={xTicks.format}
            label={{ value: p.xLabel, position: 'insideBottom', offset: -14, fill: '#5b6575', fontSize: 12 }}
            tick={TICK}
          />
          <YAxis
            interval={0}
            scale={logY ? 'log' : 'auto'}
            ticks={yTicks.values}
            domain={[yTicks.values[0], yTicks.values[yTicks.values.length - 1]]}
            allowDataOverflow={logY}
            allowDecimals={!p.integer}
            tickFormatter={yTicks.format}
            width={90}
            tick={TICK}
            label={{ value: `${p.yLabel}${logY ? ' (log)' : ''}`, angle: -90, position: 'insideLeft', offset: 4, fill: '#5b6575', fontSize: 12, style: { textAnchor: 'middle' } }}
          />
          <Tooltip
            isAnimationActive={false}
            labelFormatter={(v) => `t = ${formatSeconds(Number(v), span)} ${p.xLabel.startsWith('%') ? '%' : 's'}`}
            formatter={(v) => (typeof v === 'number' ? tooltipValue(v, p.unit) : v)}
          />
          {/* the band of runs (min to max): on a linear axis only, a run's 0 has no logarithm */}
          {(logY ? [] : lines.filter((l) => l.band)).map((l) => (
            <Area
              key={`${l.key}:band`}
              dataKey={(r: Row) => [r[l.band!.lo], r[l.band!.hi]]}
              name={`${l.name} (min–max of runs)`}
              type="stepAfter"
              stroke="none"
              fill={l.color}
              fillOpacity={0.18}
              isAnimationActive={false}
              legendType="none"
              tooltipType="none"
            />
          ))}
          {lines.map((l) => (
            <Line
              key={l.key}
              dataKey={l.key}
              name={l.name}
              type="stepAfter"
              stroke={l.color}
              strokeDasharray={l.dash}
              strokeWidth={1.6}
              dot={false}
              isAnimationActive={false}
            />
          ))}
          {p.highlight ? <ReferenceArea x1={p.highlight[0]} x2={p.highlight[1]} fill="#f5c518" fillOpacity={0.25} ifOverflow="hidden" /> : null}
          {drag && drag.a !== drag.b ? <ReferenceArea x1={drag.a} x2={drag.b} fill="#0b5394" fillOpacity={0.15} /> : null}
        </ComposedChart>
        </div>
            );
          })
        )}
      </div>
    </figure>
  );
});
