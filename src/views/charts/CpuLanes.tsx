// Per-CPU lanes at high zoom, like KernelShark's timeline: for one variant,
// which CPUs were in direct reclaim, kswapd or compaction when (each interval
// on the CPU of its begin event). Plain SVG on the charts' plot area, so a bar
// sits under the stall it belongs to.

import { useState } from 'react';
import type { CpuBar } from '../../analysis/range-filter.ts';
import { useReadyVariants } from '../../state/variants.ts';
import { exploreFor } from '../../worker/explore-client.ts';
import { VariantPicker } from '../app/VariantPicker.tsx';
import { formatDuration } from '../format.ts';
import { useWorkerQuery, type VariantRanges } from '../hooks.ts';
import { axisTime, lanePlot, PLOT_LEFT } from './lane-plot.ts';
import { useTimeAxis } from '../../state/view.ts';
import { timeOf, toAxis } from '../../analysis/timeline.ts';

const LIMIT = 3000;
const TYPE_FILL: Record<CpuBar['type'], string> = { direct: '#c62828', kswapd: '#0b5394', compaction: '#9a6700' };

export function CpuLanes({ ranges, domain, width }: { ranges: VariantRanges; domain: [number, number]; width: number }) {
  const ready = useReadyVariants();
  const axis = useTimeAxis();
  const [pick, setPick] = useState<string | null>(null);
  const v = ready.find((x) => x.id === pick) ?? ready[0];
  const r = v ? ranges[v.id] : undefined;
  const key = r ? `${r[0]}:${r[1]}` : '';
  const bars = useWorkerQuery(v && r ? [v.id] : [], key, (id) => exploreFor(id).cpuBars(id, ranges[id][0], ranges[id][1], LIMIT)).data[v?.id ?? ''];
  if (!v || !r) return null;
  const m = timeOf(v, axis);
  const cpus = bars ? [...new Set(bars.map((b) => b.cpu))].sort((a, b) => a - b) : [];
  const laneH = 16;
  const top = 4;
  const { plotW, x: xAxis, xSec, ticks } = lanePlot(domain, width);
  const x = (ownNs: number) => xAxis(toAxis(m, ownNs));
  const height = top + cpus.length * laneH + 26;
  return (
    <figure className="chart" data-testid="chart-cpus" aria-label="Reclaim per CPU">
      <figcaption>
        <span className="chart-title">Reclaim per CPU</span>
        <span className="chart-sub">
          {' '}
          <span style={{ color: TYPE_FILL.direct }}>direct reclaim</span>, <span style={{ color: TYPE_FILL.kswapd }}>kswapd awake</span>,{' '}
          <span style={{ color: TYPE_FILL.compaction }}>compaction</span>, on the CPU of the begin event
        </span>
        <VariantPicker as="span" label="CPU lanes of variant" variants={ready} current={v.id} onPick={setPick} />
      </figcaption>
      {bars === undefined ? <p className="muted">Computing…</p> : null}
      {bars === null ? <p className="note">Zoom in to fewer than {LIMIT} reclaim intervals to see them per CPU.</p> : null}
      {bars && bars.length === 0 ? <p className="muted">No reclaim in this range.</p> : null}
      {bars && bars.length > 0 ? (
        <svg width={width} height={height} role="img" aria-label={`Reclaim per CPU, ${v.name}`}>
          {cpus.map((c, i) => (
            <g key={c} data-cpu={c}>
              <text x={PLOT_LEFT - 4} y={top + i * laneH + 11} textAnchor="end" fontSize={10} fill="#1d2430">
                {c < 0 ? 'awake at start' : `CPU ${c}`}
              </text>
              <line x1={PLOT_LEFT} x2={PLOT_LEFT + plotW} y1={top + (i + 1) * laneH - 1} y2={top + (i + 1) * laneH - 1} stroke="#eef0f3" />
            </g>
          ))}
          {bars.map((b, j) => {
            const lane = cpus.indexOf(b.cpu);
            const x0 = Math.max(PLOT_LEFT, x(b.startNs));
            const x1 = Math.min(PLOT_LEFT + plotW, x(b.endNs));
            if (x1 < PLOT_LEFT || x0 > PLOT_LEFT + plotW) return null;
            const inset = b.type === 'kswapd' ? 5 : b.type === 'compaction' ? 3 : 2;
            return (
              <rect key={j} data-cpu-bar={b.type} x={x0} y={top + lane * laneH + inset} width={Math.max(1.5, x1 - x0)} height={laneH - 2 * inset} fill={TYPE_FILL[b.type]} fillOpacity={b.type === 'kswapd' ? 0.45 : 0.85}>
                <title>{`CPU ${b.cpu}: ${b.type} ${b.process}, ${formatDuration(b.endNs - b.startNs)} at ${axisTime(m, b.startNs)}`}</title>
              </rect>
            );
          })}
          {ticks.values.map((t) => (
            <text key={t} x={xSec(t)} y={height - 8} fontSize={11} textAnchor="middle" fill="#5b6575">
              {ticks.format(t)}
            </text>
          ))}
        </svg>
      ) : null}
    </figure>
  );
}
