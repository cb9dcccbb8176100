// The worst stalls of every variant in one list, for the scope (visible range
// or whole trace): the busiest merged periods or the longest single
// direct-reclaim episodes, ranked together with a variant column, a page at a
// time. Clicking one zooms the charts to it in its variant's time (the others
// follow the alignment), highlights it and lists its events. "Align" shifts
// its variant (a typed offset, analysis/timeline.ts) so that it starts at 0:
// aligning one period in each variant lines them up. Times are on the shared
// axis (seconds, or % of each run).

import { useState } from 'react';
import type { RangeView } from '../../analysis/range-filter.ts';
import type { StallEpisode, StallPeriod } from '../../analysis/stalls.ts';
import { useSelection } from '../../state/selection.ts';
import { useUi } from '../../state/ui.ts';
import { useReadyVariants } from '../../state/variants.ts';
import { useTimeAxis, useView } from '../../state/view.ts';
import type { Scope } from '../explore/scope.ts';
import { ScopeNote } from '../explore/ScopeNote.tsx';
import { formatDuration, formatSeconds, colorOfVariant } from '../format.ts';
import { useStalls } from '../hooks.ts';
import { axisUnit, offsetPutting, timeOf, toAxis, type TimedVariant, type VariantTime } from '../../analysis/timeline.ts';

const PAGE = 15;

type Tag = { variantId: string; variant: string; color: string; m: VariantTime; timed: TimedVariant };

export function StallPeriods({ scope, views }: { scope: Scope; views: { data: Record<string, RangeView>; failed: string[] } }) {
  const ready = useReadyVariants();
  const fallback = useStalls(views.failed);
  const [mode, setMode] = useState<'busiest' | 'longest'>('busiest');
  const [page, setPage] = useState(0);
  const axis = useTimeAxis();
  const zoomTo = useView((s) => s.zoomTo);
  const setOffset = useView((s) => s.setOffset);
  const setView = useView((s) => s.set);
  const unit = axisUnit(axis.align);
  const setHighlight = useUi((s) => s.setHighlight);
  const highlight = useUi((s) => s.highlight);
  const showEvents = useSelection((s) => s.showEvents);

  const waiting = ready.some((v) => !views.data[v.id] && !fallback[v.id]);
  const busiest: (StallPeriod & Tag)[] = [];
  const longest: (StallEpisode & Tag)[] = [];
  for (const v of ready) {
    const s = views.data[v.id]?.stalls ?? fallback[v.id];
    if (!s) continue;
    const tag = { variantId: v.id, variant: v.name, color: colorOfVariant(v), m: timeOf(v, axis), timed: v };
    for (const p of s.busiest) busiest.push({ ...p, ...tag });
    for (const e of s.longest) longest.push({ ...e, ...tag });
  }
  busiest.sort((a, b) => b.stallNs - a.stallNs || a.startNs - b.startNs);
  longest.sort((a, b) => b.durationNs - a.durationNs || a.startNs - b.startNs);
  const list = mode === 'busiest' ? busiest : longest;
  const pages = Math.max(1, Math.ceil(list.length / PAGE));
  const at = Math.min(page, pages - 1);
  if (ready.length === 0) return null;

  /** Where a time of a variant is on the shared axis, in seconds (or %). */
  const at_ = (t: Tag, ns: number) => toAxis(t.m, ns) / 1e9;
  const focus = (t: Tag, startNs: number, durationNs: number, what: string, m = t.m) => {
    const margin = Math.max(durationNs * 0.25, 200_000);
    setHighlight({ variantId: t.variantId, t0: startNs, t1: startNs + durationNs });
    showEvents({ variantId: t.variantId, label: `${what} of ${t.variant} at ${formatSeconds(toAxis(m, startNs) / 1e9)} ${unit === '%' ? '%' : 's'}`, t0: startNs, t1: startNs + durationNs, closedEnd: true });
    zoomTo([toAxis(m, startNs - margin), toAxis(m, startNs + durationNs + margin)]);
  };
  /** Shifts the variant so that this period starts at 0 (time modes; from % of run, back to each trace's first event). */
  const alignOn = (t: Tag, startNs: number, durationNs: number, what: string) => {
    const align = axis.align === 'percent' ? 'start' : axis.align;
    if (axis.align === 'percent') setView({ align });
    setOffset(t.timed.info.hash, offsetPutting(t.timed, align, startNs));
    focus(t, startNs, durationNs, what, { zero: startNs, scale: 1 });
  };
  const isHighlighted = (t: Tag, s: number, d: number) => highlight !== null && highlight.variantId === t.variantId && highlight.t0 === s && highlight.t1 === s + d;
  const variantCell = (t: Tag) => (
    <td className="procs" style={{ color: t.color, fontWeight: 600 }}>
      {t.variant}
    </td>
  );

  return (
    <section className="panel" aria-labelledby="stalls-title" data-testid="stall-periods">
      <div className="panel-head">
        <h2 id="stalls-title">Stall periods</h2>
        <div className="toggles">
          <div className="segmented" role="group" aria-label="Stall list">
            <button type="button" aria-pressed={mode === 'busiest'} onClick={() => (setMode('busiest'), setPage(0))}>
              Busiest periods
            </button>
            <button type="button" aria-pressed={mode === 'longest'} onClick={() => (setMode('longest'), setPage(0))}>
              Longest episodes
            </button>
          </div>
        </div>
      </div>
      <ScopeNote scope={scope} what="Stalls" fallback={ready.filter((v) => views.failed.includes(v.id)).map((v) => v.name)} />
      <p className="note">
        {mode === 'busiest'
          ? 'Direct-reclaim episodes of all processes that overlap or are less than 1 ms apart, merged, ranked by the stall time they add up to; every variant in one ranking.'
          : 'Single direct-reclaim episodes, longest first, every variant in one ranking.'}{' '}
        Click one to zoom to it (in its variant&apos;s time) and list its events; &ldquo;Align here&rdquo; shifts its variant so that it starts at 0
        (align one in each variant to line them up).
      </p>
      {waiting && list.length === 0 ? (
        <p className="muted">Computing…</p>
      ) : list.length === 0 ? (
        <p className="muted">No direct reclaim in the {scope.label}.</p>
      ) : mode === 'busiest' ? (
        <table className="grid">
          <thead>
            <tr>
              <th scope="col">Variant</th>
              <th scope="col">Start ({unit})</th>
              <th scope="col">Length</th>
              <th scope="col">Stall time</th>
              <th scope="col">Episodes</th>
              <th scope="col">Processes</th>
              <th scope="col">Orders</th>
              <th scope="col">Pages reclaimed</th>
              <th scope="col">Most stalled</th>
              <th scope="col">Align</th>
            </tr>
          </thead>
          <tbody>
            {busiest.slice(at * PAGE, at * PAGE + PAGE).map((p) => (
              <tr key={`${p.variantId}/${p.startNs}`} data-testid="stall-row" data-variant={p.variant} className={isHighlighted(p, p.startNs, p.durationNs) ? 'selected' : undefined}>
                {variantCell(p)}
                <td>
                  <button type="button" className="link" data-start={at_(p, p.startNs)} onClick={() => focus(p, p.startNs, p.durationNs, 'period')} aria-label={`Zoom to the period of ${p.variant} at ${formatSeconds(at_(p, p.startNs))} ${unit}`}>
                    {at_(p, p.startNs).toFixed(3)}
                  </button>
                </td>
                <td className="num">{formatDuration(p.durationNs)}</td>
                <td className="num">{formatDuration(p.stallNs)}</td>
                <td className="num">{p.episodes}</td>
                <td className="num">{p.processes}</td>
                <td>{p.orders.join(', ')}</td>
                <td className="num">{p.reclaimed}</td>
                <td className="procs">{p.topProcesses.join(', ')}</td>
                <td>
                  <button type="button" className="small" onClick={() => alignOn(p, p.startNs, p.durationNs, 'period')} aria-label={`Align ${p.variant} on its period at ${formatSeconds(at_(p, p.startNs))} ${unit}`}>
                    Align here
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <table className="grid">
          <thead>
            <tr>
              <th scope="col">Variant</th>
              <th scope="col">Start ({unit})</th>
              <th scope="col">Duration</th>
              <th scope="col">Process</th>
              <th scope="col">Order</th>
              <th scope="col">Pages reclaimed</th>
              <th scope="col">gfp flags</th>
              <th scope="col">Align</th>
            </tr>
          </thead>
          <tbody>
            {longest.slice(at * PAGE, at * PAGE + PAGE).map((e, i) => (
              <tr key={`${e.variantId}/${e.startNs}/${i}`} data-testid="stall-row" data-variant={e.variant} className={isHighlighted(e, e.startNs, e.durationNs) ? 'selected' : undefined}>
                {variantCell(e)}
                <td>
                  <button type="button" className="link" data-start={at_(e, e.startNs)} onClick={() => focus(e, e.startNs, e.durationNs, 'episode')} aria-label={`Zoom to the episode of ${e.variant} at ${formatSeconds(at_(e, e.startNs))} ${unit}`}>
                    {at_(e, e.startNs).toFixed(3)}
                  </button>
                </td>
                <td className="num">{formatDuration(e.durationNs)}</td>
                <td className="procs">{e.process}</td>
                <td className="num">{e.order}</td>
                <td className="num">{e.reclaimed}</td>
                <td className="procs gfp">{e.gfp}</td>
                <td>
                  <button type="button" className="small" onClick={() => alignOn(e, e.startNs, e.durationNs, 'episode')} aria-label={`Align ${e.variant} on its episode at ${formatSeconds(at_(e, e.startNs))} ${unit}`}>
                    Align here
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {list.length > PAGE ? (
        <div className="pager" role="group" aria-label="Stall list pages">
          <button type="button" className="small" disabled={at === 0} onClick={() => setPage(at - 1)}>
            Previous
          </button>{' '}
          <span data-testid="stall-page">
            {at * PAGE + 1}–{Math.min(list.length, at * PAGE + PAGE)} of {list.length}
          </span>{' '}
          <button type="button" className="small" disabled={at >= pages - 1} onClick={() => setPage(at + 1)}>
            Next
          </button>
        </div>
      ) : null}
    </section>
  );
}
