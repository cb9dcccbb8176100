// One time-series chart: every variant overlaid as a step line over aligned
// seconds, labelled axes with units, a legend, a tooltip with units, and
// drag-to-zoom: press, drag across the chart and release to zoom every chart
// to that span. The chart is one tab stop; focused, + / - zoom, the arrows pan
// and 0 resets. Ticks fall on round values printed exactly (ticks.ts).

import { memo, useRef, useState } from 'react';
import { Area, CartesianGrid, ComposedChart, Line, ReferenceArea, Tooltip, XAxis, YAxis } from 'recharts';
import { formatSeconds } from '../format.ts';
import { spanTicks, valueTicks } from './ticks.ts';
import { useStaggered } from '../stagger.ts';
import { download, safeFileName } from '../download.ts';
import { chartSvg, EXPORT_HEAD, svgToPng } from './chart-export.ts';
import { useNoTabStopsInside } from './no-tab-stops.ts';
import type { LineSpec, Row } from './chart-data.ts';
import { PLOT_RIGHT } from './EpisodeLanes.tsx';

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
  children?: React.ReactNode;
}

export type ChartKey = 'in' | 'out' | 'left' | 'right' | 'reset';

const KEYS: Record<string, ChartKey> = { '+': 'in', '=': 'in', '-': 'out', _: 'out', ArrowLeft: 'left', ArrowRight: 'right', '0': 'reset' };

/** Largest value of any line in the rows, or of the top of its band of runs (0 for none). */
function peakOf(rows: Row[], lines: LineSpec[]): number {
  let m = 0;
  const keys = lines.flatMap((l) => (l.band ? [l.key, l.band.hi] : [l.key]));
  for (const r of rows) for (const k of keys) if (r[k] > m) m = r[k];
  return m;
}

/** Tooltip value: as many decimals as a reader can use, with the unit. */
function tooltipValue(v: number, unit: string): string {
  const a = Math.abs(v);
  const text = a === 0 || a >= 100 ? v.toFixed(0) : a >= 1 ? v.toFixed(2) : v.toPrecision(3);
  return `${text} ${unit}`;
}

/** A TimeChart whose renders each run in a task of their own (stagger.ts). */
export function StaggeredTimeChart(p: TimeChartProps) {
  const shown = useStaggered(p);
  if (!shown) return <div className="chart-placeholder" style={{ height: (p.height ?? 220) + 28 }} aria-busy="true" />;
  return <TimeChart {...shown} />;
}

export const TimeChart = memo(function TimeChart(p: TimeChartProps) {
  const [drag, setDrag] = useState<{ a: number; b: number } | null>(null);
  const body = useRef<HTMLDivElement>(null);
  const span = p.domain[1] - p.domain[0];
  const height = p.height ?? 220;
  const xTicks = spanTicks(p.domain[0], p.domain[1], Math.max(3, Math.floor(p.width / 120)));
  const peak = peakOf(p.rows, p.lines);
  const yTicks = valueTicks(0, peak, Math.max(3, Math.floor(height / 45)), p.integer);
  const peaks = Object.fromEntries(p.lines.map((l) => [l.name, +peakOf(p.rows, [l]).toPrecision(9)]));
  const exportSvg = (): { svg: string; w: number; h: number } | null => {
    const el = body.current?.querySelector('svg.recharts-surface') as SVGSVGElement | null;
    if (!el) return null;
    return { svg: chartSvg(el, p.title, p.subtitle ?? '', p.lines), w: p.width, h: height + EXPORT_HEAD };
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
    <figure className="chart" data-testid={`chart-${p.id}`} aria-label={p.title} data-peaks={JSON.stringify(peaks)}>
      <figcaption>
        <span className="chart-title">{p.title}</span>
        {p.subtitle ? <span className="chart-sub"> {p.subtitle}</span> : null}
        {p.children}
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
        {p.lines.map((l) => (
          <li key={l.key} style={{ color: l.color }}>
            <svg width="18" height="8" aria-hidden="true">
              <line x1="0" x2="18" y1="4" y2="4" stroke={l.color} strokeWidth="2" strokeDasharray={l.dash} />
            </svg>
            {l.name}
          </li>
        ))}
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
        <ComposedChart
          accessibilityLayer={false}
          width={p.width}
          height={height}
          data={p.rows}
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
          <CartesianGrid stroke="#e8ebef" vertical={false} />
          <XAxis
            dataKey="t"
            type="number"
            domain={p.domain}
            allowDataOverflow
            ticks={xTicks.values}
            interval={0}
            tickFormatter={xTicks.format}
            label={{ value: p.xLabel, position: 'insideBottom', offset: -14, fill: '#5b6575', fontSize: 12 }}
            tick={{ fontSize: 11 }}
          />
          <YAxis
            interval={0}
            ticks={yTicks.values}
            domain={[yTicks.values[0], yTicks.values[yTicks.values.length - 1]]}
            allowDecimals={!p.integer}
            tickFormatter={yTicks.format}
            width={90}
            tick={{ fontSize: 11 }}
            label={{ value: p.yLabel, angle: -90, position: 'insideLeft', offset: 4, fill: '#5b6575', fontSize: 12, style: { textAnchor: 'middle' } }}
          />
          <Tooltip
            isAnimationActive={false}
            labelFormatter={(v) => `t = ${formatSeconds(Number(v), span)} s`}
            formatter={(v) => (typeof v === 'number' ? tooltipValue(v, p.unit) : v)}
          />
          {p.lines
            .filter((l) => l.band)
            .map((l) => (
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
          {p.lines.map((l) => (
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
        )}
      </div>
    </figure>
  );
});
