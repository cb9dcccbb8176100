// At high zoom, every direct-reclaim episode as its own bar: one lane per
// process and variant, bars from begin to end, coloured by variant. Drawn in
// plain SVG (a Gantt chart is not a Recharts shape). Clicking a bar lists its
// events; the selected process's lanes are marked.

import type { EpisodeBar } from '../../analysis/loaded-traces.ts';
import { formatDuration } from '../format.ts';
import type { Lane } from './chart-data.ts';
import { axisTime, lanePlot, PLOT_LEFT } from './lane-plot.ts';
import { toAxis } from '../../analysis/timeline.ts';

export function EpisodeLanes({
  lanes,
  domain,
  width,
  selected = null,
  onSelect,
}: {
  lanes: Lane[];
  domain: [number, number];
  width: number;
  selected?: string | null;
  onSelect?: (lane: Lane, bar: EpisodeBar) => void;
}) {
  const left = PLOT_LEFT;
  const laneH = 16;
  const top = 6;
  const { plotW, x, xSec, ticks } = lanePlot(domain, width);
  const height = top + lanes.length * laneH + 28;
  return (
    <figure className="chart" data-testid="chart-episodes" aria-label="Direct reclaim episodes">
      <figcaption>
        <span className="chart-title">Direct reclaim episodes</span>
        <span className="chart-sub"> each bar is one episode, begin to end; hover for details, click to list its events</span>
      </figcaption>
      <svg width={width} height={height} role="img" aria-label="Direct reclaim episodes per process">
        {lanes.map((lane, i) => (
          <g key={`${lane.variant}/${lane.process}`}>
            <rect x={2} y={top + i * laneH + 2} width={3} height={laneH - 5} fill={lane.color} />
            {selected !== null && (lane.process === selected || lane.process.replace(/-\d+$/, '') === selected) ? (
              <rect x={left} y={top + i * laneH} width={plotW} height={laneH - 1} fill="#f5c518" fillOpacity={0.18} />
            ) : null}
            <text x={left - 4} y={top + i * laneH + 11} textAnchor="end" fontSize={10} fill="#1d2430">
              <title>{`${lane.variant}: ${lane.process}`}</title>
              {lane.process.length > 16 ? `${lane.process.slice(0, 15)}…` : lane.process}
            </text>
            <line x1={left} x2={left + plotW} y1={top + i * laneH + laneH - 1} y2={top + i * laneH + laneH - 1} stroke="#eef0f3" />
            {lane.bars.map((b, j) => {
              const x0 = Math.max(left, x(toAxis(lane.time, b.startNs)));
              const x1 = Math.min(left + plotW, x(toAxis(lane.time, b.endNs)));
              return (
                <rect
                  key={j}
                  data-episode="1"
                  data-variant={lane.variant}
                  data-process={b.process}
                  data-start-ns={b.startNs}
                  data-end-ns={b.endNs}
                  role={onSelect ? 'button' : undefined}
                  aria-label={onSelect ? `Events of the episode of ${b.process} at ${axisTime(lane.time, b.startNs)}` : undefined}
                  style={onSelect ? { cursor: 'pointer' } : undefined}
                  onClick={onSelect ? () => onSelect(lane, b) : undefined}
                  x={x0} y={top + i * laneH + 2} width={Math.max(1.5, x1 - x0)} height={laneH - 5} fill={lane.color} rx={1}>
                  <title>
                    {`${lane.variant}: ${b.process}, order ${b.order}, ${formatDuration(b.endNs - b.startNs)}, ${b.reclaimed} pages reclaimed, at ${axisTime(lane.time, b.startNs)}`}
                  </title>
                </rect>
              );
            })}
          </g>
        ))}
        {ticks.values.map((t) => (
          <g key={t}>
            <line x1={xSec(t)} x2={xSec(t)} y1={top} y2={height - 22} stroke="#e8ebef" />
            <text x={xSec(t)} y={height - 8} fontSize={11} textAnchor="middle" fill="#5b6575">
              {ticks.format(t)}
            </text>
          </g>
        ))}
      </svg>
    </figure>
  );
}
