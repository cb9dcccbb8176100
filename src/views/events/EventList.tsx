// The events behind the selection, one row per stored event: time, CPU, task,
// event and its decoded fields by name. It lists the visible range of one
// variant, or what was clicked (an episode bar, a stall period, a process row)
// with a one-line account above it. Filters by event name, task/pid, CPU and
// field value; sorts by time or any field. Virtualised: the worker keeps the
// list and sends only the page in view (worker/explore-api.ts), so millions of
// rows stay smooth. `data-count` on `data-testid="event-list"` is the number listed.

import { useEffect, useRef, useState } from 'react';
import type { EventAccount, EventQuery, EventRow } from '../../analysis/event-query.ts';
import { KIND_SPECS } from '../../model/kinds.ts';
import { useSelection } from '../../state/selection.ts';
import { useReadyVariants } from '../../state/variants.ts';
import { useTimeAxis, useView } from '../../state/view.ts';
import { exploreFor } from '../../worker/explore-client.ts';
import { formatDuration, formatSeconds, colorOfVariant } from '../format.ts';
import { track, useWorkerQuery } from '../hooks.ts';
import { VariantPicker } from '../app/VariantPicker.tsx';
import { axisLabel, axisUnit, timeOf, toAxis, toVariantRange } from '../../analysis/timeline.ts';

const formatCount = (n: number): string => String(n);

const ROW_H = 22;
const VIEW_H = 420;
const PAGE = 200;
/** Tallest scroll area we let the browser lay out; beyond it the scroll position maps to rows in proportion. */
const MAX_H = 8_000_000;

/** Every field an event can carry: the slots' and the extra fields' (kinds.ts). */
const FIELD_KEYS = [...new Set(KIND_SPECS.flatMap((s) => [...s.fields, ...(s.extra ?? [])].map((f) => f.key)))].sort();
const TEMPLATE = '118px 46px minmax(150px, 1.2fr) minmax(220px, 1.4fr) minmax(260px, 3fr)';

/**
 * A row's fields with the ones the list is sorted or filtered by first: an
 * event can print fifteen (lru_shrink_inactive), more than the cell shows.
 */
function fieldsFirst(fields: [string, string | number][], keys: string[]): [string, string | number][] {
  const front = keys.flatMap((k) => fields.filter(([f]) => f === k));
  return [...front, ...fields.filter(([f]) => !keys.includes(f))];
}

export function accountLine(a: EventAccount): string {
  const parts = [`${formatCount(a.events)} events`];
  if (a.reclaims > 1) parts.push(`${formatCount(a.reclaims)} direct reclaims`);
  if (a.durationNs !== null) parts.push(`${formatDuration(a.durationNs)} in reclaim`);
  if (a.order !== null) parts.push(`order ${a.order}`);
  parts.push(`${formatCount(a.scanned)} pages scanned`, `${formatCount(a.endReclaimed ?? a.reclaimed)} reclaimed`, `${formatCount(a.written)} written`);
  if (a.dirty) parts.push(`${formatCount(a.dirty)} dirty met`);
  if (a.compactions) parts.push(`${a.compactions} compaction attempts`);
  return `${parts.join(', ')}${a.ending ? `; ended: ${a.ending}` : ''}.`;
}

export function EventList() {
  const ready = useReadyVariants();
  const range = useView((s) => s.range);
  const axis = useTimeAxis();
  const { events: sel, eventVariant, showEvents, setEventVariant } = useSelection();
  const [filters, setFilters] = useState({ event: '', task: '', cpu: '', field: '' });
  const [sort, setSort] = useState<{ key: string; desc: boolean }>({ key: 'time', desc: false });
  const [scroll, setScroll] = useState({ key: '', top: 0 });
  /** The row clicked last, shown in full under the list (for this query only). */
  const [picked, setPicked] = useState<{ key: string; row: EventRow } | null>(null);
  const body = useRef<HTMLDivElement>(null);

  const v = ready.find((x) => x.id === (sel?.variantId ?? eventVariant)) ?? ready[0];
  const m = v ? timeOf(v, axis) : { zero: 0, scale: 1, unit: 's' as const };
  const at = (ns: number) => toAxis(m, ns) / 1e9;
  const unit = axisUnit(axis.align);
  const own = v && range ? toVariantRange(range, v, axis) : null;
  const query: EventQuery | null = v
    ? {
        t0: sel ? sel.t0 : own ? own[0] : null,
        t1: sel ? sel.t1 : own ? own[1] : null,
        closedEnd: sel?.closedEnd ?? false,
        ...(sel?.tasks ? { tasks: sel.tasks } : {}),
        ...(sel?.process ? { process: sel.process } : {}),
        event: filters.event,
        task: filters.task,
        cpu: filters.cpu.trim() === '' || !Number.isFinite(Number(filters.cpu)) ? null : Number(filters.cpu),
        field: filters.field,
        sortKey: sort.key,
        desc: sort.desc,
      }
    : null;
  const qKey = JSON.stringify(query);
  const ids = v ? [v.id] : [];
  const answers = useWorkerQuery(ids, qKey, (id) => exploreFor(id).eventList(id, query!));
  const info = answers.data[v?.id ?? ''];
  const failed = answers.errors[v?.id ?? ''];
  const count = info?.count ?? 0;

  // Pages of decoded rows, for this query only.
  const [pages, setPages] = useState<{ key: string; rows: Map<number, EventRow[]> }>({ key: '', rows: new Map() });
  // A new list starts at its top.
  const scrollTop = scroll.key === qKey ? scroll.top : 0;
  // Only when it was scrolled: writing scrollTop forces a layout of the whole page, which on the
  // panel's first mount (charts just drawn) took one main-thread task of 180 ms (measured).
  const scrolled = useRef(false);
  useEffect(() => {
    if (body.current && scrolled.current) body.current.scrollTop = 0;
    scrolled.current = false;
  }, [qKey]);
  const visible = Math.ceil(VIEW_H / ROW_H) + 1;
  const totalH = Math.min(count * ROW_H, MAX_H);
  const scaled = count * ROW_H > MAX_H;
  const first = scaled ? Math.floor((scrollTop / Math.max(1, totalH - VIEW_H)) * Math.max(0, count - visible)) : Math.floor(scrollTop / ROW_H);
  const last = Math.min(count, first + visible + 4);
  const want = [...new Set([Math.floor(first / PAGE), Math.floor(Math.max(first, last - 1) / PAGE)])];
  const wantKey = want.join(',');
  useEffect(() => {
    if (!v || !info || count === 0) return;
    const have = pages.key === qKey ? pages.rows : new Map<number, EventRow[]>();
    const missing = wantKey.split(',').map(Number).filter((p) => !have.has(p));
    if (missing.length === 0) return;
    let live = true;
    void track(Promise.all(missing.map((p) => exploreFor(v.id).eventPage(v.id, query!, p * PAGE, PAGE).then((rows) => [p, rows] as const)))).then(
      (got) => {
        if (!live) return;
        setPages((old) => {
          const m = new Map(old.key === qKey ? old.rows : []);
          for (const [p, rows] of got) m.set(p, rows);
          return { key: qKey, rows: m };
        });
      },
      () => {},
    );
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [qKey, wantKey, info, v?.id]);

  if (!v) return null;
  const rowsShown: EventRow[] = [];
  const held = pages.key === qKey ? pages.rows : new Map<number, EventRow[]>();
  for (let i = first; i < last; i++) {
    const r = held.get(Math.floor(i / PAGE))?.[i % PAGE];
    if (r) rowsShown.push(r);
  }
  const filterKey = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*[=<>~]/.exec(filters.field)?.[1];
  const front = [...new Set([sort.key, ...(filterKey ? [filterKey] : [])])];
  const detail = picked && picked.key === qKey ? picked.row : null;
  const header = (key: string, label: string) => (
    <div role="columnheader" aria-sort={sort.key === key ? (sort.desc ? 'descending' : 'ascending') : 'none'}>
      <button type="button" className="sort" onClick={() => setSort((s) => ({ key, desc: s.key === key ? !s.desc : false }))}>
        {label}
        {sort.key === key ? (sort.desc ? ' ▾' : ' ▴') : ''}
      </button>
    </div>
  );
  const span = own ? at(own[1]) - at(own[0]) : at(v.info.endNs - v.info.startNs) - at(0);
  const what = sel ? sel.label : own ? `visible range ${formatSeconds(at(own[0]), span)}–${formatSeconds(at(own[1]), span)} ${unit}` : 'whole trace';
  return (
    <section className="panel" aria-labelledby="events-title">
      <div className="panel-head">
        <h2 id="events-title">Events</h2>
        <div className="toggles">
          <VariantPicker label="Events of variant" variants={ready} current={v.id} onPick={setEventVariant} />
          {sel ? (
            <button type="button" className="small" onClick={() => showEvents(null)}>
              Show the visible range
            </button>
          ) : null}
        </div>
      </div>
      <p className="note" data-testid="event-selection">
        <span style={{ color: colorOfVariant(v), fontWeight: 600 }}>{v.name}</span>: {what}. Every stored vmscan and compaction
        event, times in {axisLabel(axis)}.
      </p>
      {info && sel ? (
        <p className="account" data-testid="event-account">
          {accountLine(info.account)}
        </p>
      ) : null}
      <form className="event-filters" role="search" aria-label="Event filters" onSubmit={(e) => e.preventDefault()}>
        <label>
          event <input value={filters.event} onChange={(e) => setFilters({ ...filters, event: e.target.value })} placeholder="shrink_inactive" aria-label="Filter events by name" />
        </label>
        <label>
          task/pid <input value={filters.task} onChange={(e) => setFilters({ ...filters, task: e.target.value })} placeholder="dd or 1234" aria-label="Filter events by task or pid" />
        </label>
        <label>
          CPU <input value={filters.cpu} onChange={(e) => setFilters({ ...filters, cpu: e.target.value })} size={3} inputMode="numeric" aria-label="Filter events by CPU" />
        </label>
        <label>
          field <input value={filters.field} onChange={(e) => setFilters({ ...filters, field: e.target.value })} placeholder="nr_dirty>0, order=9, gfp_flags~KSWAPD" aria-label="Filter events by field value" />
        </label>
        <label>
          sort by{' '}
          <select value={sort.key} onChange={(e) => setSort({ key: e.target.value, desc: sort.desc })} aria-label="Sort events by">
            <option value="time">time</option>
            <option value="cpu">CPU</option>
            <option value="task">task</option>
            <option value="event">event</option>
            {FIELD_KEYS.map((k) => (
              <option key={k} value={k}>
                {k}
              </option>
            ))}
          </select>
        </label>
        <label>
          <input type="checkbox" checked={sort.desc} onChange={(e) => setSort({ ...sort, desc: e.target.checked })} /> descending
        </label>
      </form>
      {failed ? <p className="muted">The events cannot be listed: {failed}.</p> : null}
      <div className="vtable events" data-testid="event-list" data-count={info ? count : undefined} role="table" aria-label="Events" aria-rowcount={count + 1}>
        <div className="vrow vhead" role="row" style={{ gridTemplateColumns: TEMPLATE }}>
          {header('time', `Time (${unit})`)}
          {header('cpu', 'CPU')}
          {header('task', 'Task')}
          {header('event', 'Event')}
          <div role="columnheader">Fields</div>
        </div>
        <div className="vbody" ref={body} style={{ height: Math.min(VIEW_H, Math.max(ROW_H, count * ROW_H + 2)) }} onScroll={(e) => {
            scrolled.current = true;
            setScroll({ key: qKey, top: e.currentTarget.scrollTop });
          }}>
          <div style={{ height: totalH, position: 'relative' }}>
            {rowsShown.map((r) => (
              <div
                role="row"
                className="vrow"
                key={r.i}
                data-testid="event-row"
                aria-selected={detail?.i === r.i}
                onClick={() => setPicked({ key: qKey, row: r })}
                aria-rowindex={r.i + 2}
                style={{ gridTemplateColumns: TEMPLATE, position: 'absolute', top: scaled ? scrollTop + (r.i - first) * ROW_H : r.i * ROW_H, left: 0, right: 0, height: ROW_H }}
              >
                <div role="cell" className="num">
                  {at(r.tNs).toFixed(6)}
                </div>
                <div role="cell" className="num">
                  {r.cpu}
                </div>
                <div role="cell" className="text" title={r.task}>
                  {r.task}
                </div>
                <div role="cell" className="text">
                  {r.event}
                </div>
                <div role="cell" className="text fields" title={r.fields.map(([k, x]) => `${k}=${x}`).join(' ')}>
                  {fieldsFirst(r.fields, front).map(([k, x]) => (
                    <span key={k}>
                      <span className="fk">{k}</span>={String(x)}{' '}
                    </span>
                  ))}
                </div>
              </div>
            ))}
          </div>
        </div>
        <div className="vfoot muted">{info ? `${formatCount(count)} events${detail ? '' : '; click a row to see all its fields'}` : 'Listing…'}</div>
      </div>
      {detail ? (
        <p className="event-detail" data-testid="event-detail">
          <span className="muted">{at(detail.tNs).toFixed(6)} {unit}, CPU {detail.cpu}, {detail.task}:</span> {detail.event}:{' '}
          {detail.fields.map(([k, x]) => (
            <span key={k}>
              <span className="fk">{k}</span>={String(x)}{' '}
            </span>
          ))}
        </p>
      ) : null}
    </section>
  );
}
