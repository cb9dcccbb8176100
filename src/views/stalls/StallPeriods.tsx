// The worst stalls of every variant in one list, for the scope (visible range
// or whole trace): the busiest merged periods or the longest single
// direct-reclaim episodes, ranked together with a variant column, a page at a
// time. Clicking one zooms the charts to it in its variant's time (the others
// follow the alignment), highlights it and lists its events. "Align" shifts
// its variant (a typed offset, analysis/timeline.ts) so that it starts at 0:
// aligning one period in each variant lines them up. Times are on the shared
// axis (seconds, or % of each run).

import { useState, type ReactNode } from 'react';
import type { RangeView } from '../../analysis/range-filter.ts';
import type { StallEpisode, StallPeriod } from '../../analysis/stalls.ts';
import type { Ns } from '../../model/units.ts';
import { useSelection } from '../../state/selection.ts';
import { useUi } from '../../state/ui.ts';
import { useReadyVariants } from '../../state/variants.ts';
import { useTimeAxis, useView } from '../../state/view.ts';
import type { Scope } from '../explore/scope.ts';
import { ScopeNote } from '../explore/ScopeNote.tsx';
import { formatDuration, colorOfVariant } from '../format.ts';
import { axisTime } from '../charts/lane-plot.ts';
import { useStalls } from '../hooks.ts';
import { axisUnit, offsetPutting, timeOf, toAxis, type TimedVariant, type VariantTime } from '../../analysis/timeline.ts';

const PAGE = 15;

type Tag = { variantId: string; variant: string; color: string; m: VariantTime; timed: TimedVariant };
/** A period or an episode of one variant: what the shared columns (variant, start) and a click need. */
type StallRow = Tag & { startNs: Ns; durationNs: Ns };
type StallWhat = 'period' | 'episode';
interface Column<R> {
  head: string;
  cell: (r: R) => ReactNode;
  className?: string;
}

/** Start on the shared axis (seconds, or % of the run). */
const startOnAxis = (r: StallRow) => toAxis(r.m, r.startNs) / 1e9;

const PERIOD_COLUMNS: Column<StallPeriod & Tag>[] = [
  { head: 'Length', cell: (p) => formatDuration(p.durationNs), className: 'num' },
  { head: 'Stall time', cell: (p) => formatDuration(p.stallNs), className: 'num' },
  { head: 'Episodes', cell: (p) => p.episodes, className: 'num' },
  { head: 'Processes', cell: (p) => p.processes, className: 'num' },
  { head: 'Orders', cell: (p) => p.orders.join(', ') },
  { head: 'Pages reclaimed', cell: (p) => p.reclaimed, className: 'num' },
  { head: 'Most stalled', cell: (p) => p.topProcesses.join(', '), className: 'procs' },
];

const EPISODE_COLUMNS: Column<StallEpisode & Tag>[] = [
  { head: 'Duration', cell: (e) => formatDuration(e.durationNs), className: 'num' },
  { head: 'Process', cell: (e) => e.process, className: 'procs' },
  { head: 'Order', cell: (e) => e.order, className: 'num' },
  { head: 'Pages reclaimed', cell: (e) => e.reclaimed, className: 'num' },
  { head: 'gfp flags', cell: (e) => e.gfp, className: 'procs gfp' },
];

/**
 * One page of either list: the variant, the start (a button that zooms to the
 * row and lists its events), then the list's own columns.
 */
function StallTable<R extends StallRow>({
  rows,
  what,
  columns,
  rowKey,
  focus,
  alignOn,
  isHighlighted,
  unit,
}: {
  rows: R[];
  what: StallWhat;
  columns: Column<R>[];
  rowKey: (r: R, i: number) => string;
  focus: (r: StallRow, what: StallWhat) => void;
  alignOn: (r: StallRow, what: StallWhat) => void;
  isHighlighted: (r: StallRow) => boolean;
  unit: 's' | '%';
}) {
  return (
    <table className="grid">
      <thead>
        <tr>
          <th scope="col">Variant</th>
          <th scope="col">Start ({unit})</th>
          {columns.map((c) => (
            <th key={c.head} scope="col">
              {c.head}
            </th>
          ))}
          <th scope="col">Align</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r, i) => (
          <tr key={rowKey(r, i)} data-testid="stall-row" data-variant={r.variant} className={isHighlighted(r) ? 'selected' : undefined}>
            <td className="procs" style={{ color: r.color, fontWeight: 600 }}>
              {r.variant}
            </td>
            <td>
              <button type="button" className="link" data-start={startOnAxis(r)} onClick={() => focus(r, what)} aria-label={`Zoom to the ${what} of ${r.variant} at ${axisTime(r.m, r.startNs)}`}>
                {startOnAxis(r).toFixed(3)}
              </button>
            </td>
            {columns.map((c) => (
              <td key={c.head} className={c.className}>
                {c.cell(r)}
              </td>
            ))}
            <td>
              <button type="button" className="small" onClick={() => alignOn(r, what)} aria-label={`Align ${r.variant} on its ${what} at ${axisTime(r.m, r.startNs)}`}>
                Align here
              </button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

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

  const focus = (r: StallRow, what: StallWhat, m = r.m) => {
    const { startNs, durationNs } = r;
    const margin = Math.max(durationNs * 0.25, 200_000);
    setHighlight({ variantId: r.variantId, t0: startNs, t1: startNs + durationNs });
    showEvents({ variantId: r.variantId, label: `${what} of ${r.variant} at ${axisTime(m, startNs)}`, t0: startNs, t1: startNs + durationNs, closedEnd: true });
    zoomTo([toAxis(m, startNs - margin), toAxis(m, startNs + durationNs + margin)]);
  };
  /** Shifts the variant so that this period starts at 0 (time modes; from % of run, back to each trace's first event). */
  const alignOn = (r: StallRow, what: StallWhat) => {
    const align = axis.align === 'percent' ? 'start' : axis.align;
    if (axis.align === 'percent') setView({ align });
    setOffset(r.timed.info.hash, offsetPutting(r.timed, align, r.startNs));
    focus(r, what, { zero: r.startNs, scale: 1, unit: 's' });
  };
  const isHighlighted = (r: StallRow) => highlight !== null && highlight.variantId === r.variantId && highlight.t0 === r.startNs && highlight.t1 === r.startNs + r.durationNs;

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
        <StallTable rows={busiest.slice(at * PAGE, at * PAGE + PAGE)} what="period" columns={PERIOD_COLUMNS} rowKey={(p) => `${p.variantId}/${p.startNs}`} focus={focus} alignOn={alignOn} isHighlighted={isHighlighted} unit={unit} />
      ) : (
        <StallTable rows={longest.slice(at * PAGE, at * PAGE + PAGE)} what="episode" columns={EPISODE_COLUMNS} rowKey={(e, i) => `${e.variantId}/${e.startNs}/${i}`} focus={focus} alignOn={alignOn} isHighlighted={isHighlighted} unit={unit} />
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
