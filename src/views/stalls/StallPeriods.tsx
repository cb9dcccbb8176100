// The worst stalls per variant: the longest direct-reclaim episodes and the
// busiest merged periods. Clicking one zooms every chart to it (with some
// margin on each side) and highlights it.

import { useMemo, useState } from 'react';
import { useUi } from '../../state/ui.ts';
import { useReadyVariants } from '../../state/variants.ts';
import { useView } from '../../state/view.ts';
import { formatDuration, formatSeconds, colorOfVariant } from '../format.ts';
import { useStalls } from '../hooks.ts';
import { offsetOf } from '../../analysis/timeline.ts';

export function StallPeriods() {
  const ready = useReadyVariants();
  const ids = useMemo(() => ready.map((v) => v.id), [ready]);
  const stalls = useStalls(ids);
  const [mode, setMode] = useState<'busiest' | 'longest'>('busiest');
  const [pick, setPick] = useState<string | null>(null);
  const align = useView((s) => s.align);
  const zoomTo = useView((s) => s.zoomTo);
  const setHighlight = useUi((s) => s.setHighlight);
  const highlight = useUi((s) => s.highlight);
  const current = ready.find((v) => v.id === pick) ?? ready[0];
  if (!current) return null;
  const data = stalls[current.id];
  const off = offsetOf(current, align);

  const focus = (startNs: number, durationNs: number) => {
    const margin = Math.max(durationNs * 0.25, 200_000);
    setHighlight({ variantId: current.id, t0: startNs, t1: startNs + durationNs });
    zoomTo([startNs - off - margin, startNs - off + durationNs + margin]);
  };
  const isHighlighted = (s: number, d: number) =>
    highlight !== null && highlight.variantId === current.id && highlight.t0 === s && highlight.t1 === s + d;

  return (
    <section className="panel" aria-labelledby="stalls-title" data-testid="stall-periods">
      <div className="panel-head">
        <h2 id="stalls-title">Stall periods</h2>
        <div className="toggles">
          <div className="segmented" role="group" aria-label="Variant">
            {ready.map((v) => (
              <button
                type="button"
                key={v.id}
                aria-pressed={v.id === current.id}
                onClick={() => setPick(v.id)}
                style={{ borderBottomColor: colorOfVariant(v) }}
              >
                {v.name}
              </button>
            ))}
          </div>
          <div className="segmented" role="group" aria-label="Stall list">
            <button type="button" aria-pressed={mode === 'busiest'} onClick={() => setMode('busiest')}>
              Busiest periods
            </button>
            <button type="button" aria-pressed={mode === 'longest'} onClick={() => setMode('longest')}>
              Longest episodes
            </button>
          </div>
        </div>
      </div>
      <p className="note">
        {mode === 'busiest'
          ? 'Direct-reclaim episodes of all processes that overlap or are less than 1 ms apart, merged, ranked by the stall time they add up to.'
          : 'Single direct-reclaim episodes, longest first.'}{' '}
        Click one to zoom every chart to it.
      </p>
      {!data ? (
        <p className="muted">Computing…</p>
      ) : (mode === 'busiest' ? data.busiest : data.longest).length === 0 ? (
        <p className="muted">No direct reclaim in this trace.</p>
      ) : mode === 'busiest' ? (
        <table className="grid">
          <thead>
            <tr>
              <th scope="col">Start (s)</th>
              <th scope="col">Length</th>
              <th scope="col">Stall time</th>
              <th scope="col">Episodes</th>
              <th scope="col">Processes</th>
              <th scope="col">Orders</th>
              <th scope="col">Pages reclaimed</th>
              <th scope="col">Most stalled</th>
            </tr>
          </thead>
          <tbody>
            {data.busiest.map((p) => (
              <tr key={p.startNs} data-testid="stall-row" className={isHighlighted(p.startNs, p.durationNs) ? 'selected' : undefined}>
                <td>
                  <button type="button" className="link" onClick={() => focus(p.startNs, p.durationNs)} aria-label={`Zoom to the period at ${formatSeconds((p.startNs - off) / 1e9)} s`}>
                    {((p.startNs - off) / 1e9).toFixed(3)}
                  </button>
                </td>
                <td className="num">{formatDuration(p.durationNs)}</td>
                <td className="num">{formatDuration(p.stallNs)}</td>
                <td className="num">{p.episodes}</td>
                <td className="num">{p.processes}</td>
                <td>{p.orders.join(', ')}</td>
                <td className="num">{p.reclaimed}</td>
                <td className="procs">{p.topProcesses.join(', ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <table className="grid">
          <thead>
            <tr>
              <th scope="col">Start (s)</th>
              <th scope="col">Duration</th>
              <th scope="col">Process</th>
              <th scope="col">Order</th>
              <th scope="col">Pages reclaimed</th>
              <th scope="col">gfp flags</th>
            </tr>
          </thead>
          <tbody>
            {data.longest.map((e, i) => (
              <tr key={`${e.startNs}/${i}`} data-testid="stall-row" className={isHighlighted(e.startNs, e.durationNs) ? 'selected' : undefined}>
                <td>
                  <button type="button" className="link" onClick={() => focus(e.startNs, e.durationNs)} aria-label={`Zoom to the episode at ${formatSeconds((e.startNs - off) / 1e9)} s`}>
                    {((e.startNs - off) / 1e9).toFixed(3)}
                  </button>
                </td>
                <td className="num">{formatDuration(e.durationNs)}</td>
                <td className="procs">{e.process}</td>
                <td className="num">{e.order}</td>
                <td className="num">{e.reclaimed}</td>
                <td className="procs gfp">{e.gfp}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
