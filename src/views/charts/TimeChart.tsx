// One time-series chart: every variant overlaid as a step line over aligned
// seconds, labelled axes with units, a legend, a tooltip, and drag-to-zoom:
// press, drag across the chart and release to zoom every chart to that span.
// Chart options (state/chart-options.ts): overlaid or one track per variant,
// linear or log y, legend entries that hide or show a variant.

import { memo, useRef, useState } from 'react';
import { CartesianGrid, Line, LineChart, ReferenceArea, Tooltip, XAxis, YAxis } from 'recharts';
import { useChartOptions, variantOfLine } from '../../state/chart-options.ts';
import { formatSeconds } from '../format.ts';
import { useStaggered } from '../stagger.ts';
import { download, safeFileName } from '../download.ts';
import { chartSvg, EXPORT_HEAD, svgToPng } from './chart-export.ts';
import type { LineSpec, Row } from './chart-data.ts';

export interface TimeChartProps {
  id: string;
  title: string;
  subtitle?: string;
  yLabel: string;
  rows: Row[];
  lines: LineSpec[];
  domain: [number, number]; // seconds
  xLabel: string;
  width: number;
  height?: number;
  highlight?: [number, number] | null;
  onZoom: (t0: number, t1: number) => void;
  children?: React.ReactNode;
}

function compact(v: number): string {
  const a = Math.abs(v);
  if (a >= 1e6) return `${(v / 1e6).toFixed(1)}M`;
  if (a >= 1e4) return `${(v / 1e3).toFixed(0)}k`;
  if (a >= 1e3) return `${(v / 1e3).toFixed(1)}k`;
  if (a === 0) return '0';
  if (a < 0.01) return v.toExponential(0);
  if (a < 10) return String(+v.toFixed(2));
  return String(Math.round(v));
}

/** Round tick values (1, 2, 5 × 10^k steps) across [lo, hi]: computed here so Recharts need not measure candidates. */
export function niceTicks(lo: number, hi: number, count: number): number[] {
  const span = hi - lo;
  if (!(span > 0)) return [lo];
  const raw = span / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  const out: number[] = [];
  for (let t = Math.ceil(lo / step) * step; t <= hi + step * 1e-9; t += step) out.push(+t.toPrecision(12));
  return out;
}

/** A TimeChart whose renders each run in a task of their own (stagger.ts). */
export function StaggeredTimeChart(p: TimeChartProps) {
  const shown = useStaggered(p);
  if (!shown) return <div className="chart-placeholder" style={{ height: (p.height ?? 220) + 28 }} aria-busy="true" />;
  return <TimeChart {...shown} />;
}

/** What the names of a track's lines share (the variant's name), for its heading. */
function commonPrefix(names: string[]): string {
  if (names.length === 0) return '';
  let p = names[0];
  for (const n of names) while (!n.startsWith(p)) p = p.slice(0, -1);
  return (names.length > 1 ? p.replace(/[\s:]+\S*$/, '') : p).trim() || names[0];
}

/** Ticks for a log axis over the rows' positive values: powers of ten, with 2 and 5 between them when few decades are shown. */
function logTicks(rows: Row[], keys: string[]): number[] {
  let lo = Infinity;
  let hi = 0;
  for (const r of rows)
    for (const k of keys) {
      const v = r[k];
      if (v > 0) {
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
    }
  if (!(hi > 0)) return [1, 10];
  const a = Math.floor(Math.log10(lo));
  const b = Math.ceil(Math.log10(hi));
  const steps = b - a <= 2 ? [1, 2, 5] : [1];
  const out: number[] = [];
  for (let e = a; e <= b; e++) for (const m of steps) out.push(+(m * 10 ** e).toPrecision(6));
  return out.filter((t) => t >= 10 ** a && t <= 10 ** b);
}

/** Rows for a log y axis: zeros and below have no logarithm, so they become gaps. */
function forLog(rows: Row[]): Row[] {
  return rows.map((r) => {
    const o = { ...r };
    for (const k in o) if (k !== 't' && !(o[k] > 0)) (o as Record<string, number | null>)[k] = null;
    return o;
  });
}

export const TimeChart = memo(function TimeChart(p: TimeChartProps) {
  const [drag, setDrag] = useState<{ a: number; b: number } | null>(null);
  const { layout, logY, hidden, toggle } = useChartOptions();
  const rows = logY ? forLog(p.rows) : p.rows;
  const shownLines = p.lines.filter((l) => !hidden.includes(variantOfLine(l.key)));
  // Small multiples: one track per variant, each with its own lines, sharing x and zoom.
  const tracks: LineSpec[][] =
    layout === 'multiples' ? [...new Set(shownLines.map((l) => variantOfLine(l.key)))].map((v) => shownLines.filter((l) => variantOfLine(l.key) === v)) : [shownLines];
  const trackH = layout === 'multiples' && tracks.length > 1 ? Math.max(110, Math.round((p.height ?? 220) * 0.6)) : (p.height ?? 220);
  const body = useRef<HTMLDivElement>(null);
  const span = p.domain[1] - p.domain[0];
  const exportSvg = (): { svg: string; w: number; h: number } | null => {
    const el = body.current?.querySelector('svg.recharts-surface[role="application"]') as SVGSVGElement | null;
    if (!el) return null;
    const h = trackH;
    return { svg: chartSvg(el, p.title, p.subtitle ?? '', tracks[0]), w: p.width, h: h + EXPORT_HEAD };
  };
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
    <figure className="chart" data-testid={`chart-${p.id}`} aria-label={p.title}>
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
      <div className="chart-body" ref={body} style={{ cursor: 'crosshair', userSelect: 'none' }}>
        {tracks.map((lines, ti) => (
        <div key={ti} className="track">
        {tracks.length > 1 ? (
          <div className="track-name" style={{ color: lines[0]?.color }}>
            {commonPrefix(lines.map((l) => l.name))}
          </div>
        ) : null}
        <LineChart
          width={p.width}
          height={trackH}
          data={rows}
          margin={{ top: 8, right: 16, bottom: 22, left: 12 }}
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
            ticks={niceTicks(p.domain[0], p.domain[1], Math.max(3, Math.floor(p.width / 120)))}
            interval={0}
            tickFormatter={(v: number) => formatSeconds(v, span)}
            label={{ value: p.xLabel, position: 'insideBottom', offset: -14, fill: '#5b6575', fontSize: 12 }}
            tick={{ fontSize: 11 }}
          />
          <YAxis
            interval={0}
            scale={logY ? 'log' : 'auto'}
            {...(logY ? (() => {
              const t = logTicks(rows, lines.map((l) => l.key));
              return { ticks: t, domain: [t[0], t[t.length - 1]] as [number, number] };
            })() : { domain: [0, 'auto'] as [number, string] })}
            allowDataOverflow={logY}
            tickFormatter={compact}
            width={90}
            tick={{ fontSize: 11 }}
            label={{ value: `${p.yLabel}${logY ? ' (log)' : ''}`, angle: -90, position: 'insideLeft', offset: 4, fill: '#5b6575', fontSize: 12, style: { textAnchor: 'middle' } }}
          />
          <Tooltip
            isAnimationActive={false}
            labelFormatter={(v) => `t = ${formatSeconds(Number(v), span)} s`}
            formatter={(v) => (typeof v === 'number' ? +v.toFixed(3) : v)}
          />
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
        </LineChart>
        </div>
        ))}
      </div>
    </figure>
  );
});
