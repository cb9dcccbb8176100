// The kernel script's process and kswapd tables, for every variant at once and
// for the scope (visible range or whole trace): sortable by any column,
// filterable by name, fast with thousands of rows. Rows group by task or by
// command (the script's --ignore-pid); compare mode puts one command per row
// with a column group per variant. Clicking a row selects it (the charts show
// it against the whole) and lists its events. Tables copy as text, Markdown, CSV.
// Columns are the values the script's headers name (its 6.12 printf shifts them).

import { useMemo } from 'react';
import type { RangeKswapd, RangeProcess, RangeView } from '../../analysis/range-filter.ts';
import type { Grid } from '../../share/grid-export.ts';
import { useSelection } from '../../state/selection.ts';
import { useReadyVariants, useVariants } from '../../state/variants.ts';
import { useView } from '../../state/view.ts';
import { CopyGrid } from '../explore/CopyGrid.tsx';
import type { Scope } from '../explore/scope.ts';
import { ScopeNote } from '../explore/ScopeNote.tsx';
import { colorOfVariant } from '../format.ts';
import { changePercent, formatChange } from '../../share/comparison-table.ts';
import { VirtualTable, type Column } from './VirtualTable.tsx';

type Tagged = { variant: string; variantId: string; color: string };
type PRow = RangeProcess & Tagged;
type KRow = RangeKswapd & Tagged;

function orders(m: Record<string, number>, prefix: string): string {
  return Object.entries(m)
    .map(([o, n]) => `${prefix}-${o}=${n}`)
    .join(' ');
}

type ReadyVariant = ReturnType<typeof useReadyVariants>[number];

function tag(v: ReadyVariant): Tagged {
  return { variant: v.name, variantId: v.id, color: colorOfVariant(v) };
}

/**
 * Every variant's rows, tagged with it: those of its range view, or for a
 * snapshot that cannot answer (grouped by task only) its whole-trace report's.
 */
function taggedRows<R>(ready: ReadyVariant[], views: { data: Record<string, RangeView>; failed: string[] }, groupByCommand: boolean, fromView: (rv: RangeView) => R[], fromReport: (v: ReadyVariant) => R[]): (R & Tagged)[] {
  return ready.flatMap((v) => {
    const rv = views.data[v.id];
    const rows = rv ? fromView(rv) : !views.failed.includes(v.id) || groupByCommand ? [] : fromReport(v);
    return rows.map((r) => ({ ...r, ...tag(v) }));
  });
}

type PageCounts = Pick<RangeProcess, 'pagesScanned' | 'pagesReclaimed' | 'writeFileSync' | 'writeAnonSync' | 'writeFileAsync' | 'writeAnonAsync'>;

/** The page columns the process and kswapd tables share. */
function pageColumns<T extends PageCounts>(): Column<T>[] {
  return [
    { key: 'pagesScanned', label: 'Pages scanned', numeric: true, value: (r) => r.pagesScanned },
    { key: 'pagesReclaimed', label: 'Pages reclaimed', numeric: true, value: (r) => r.pagesReclaimed },
    { key: 'sync', label: 'Sync I/O', numeric: true, value: (r) => r.writeFileSync + r.writeAnonSync },
    { key: 'async', label: 'Async I/O', numeric: true, value: (r) => r.writeFileAsync + r.writeAnonAsync },
  ];
}

function toGrid<T>(rows: T[], cols: Column<T>[]): Grid {
  return { columns: cols.map((c) => ({ label: c.label, numeric: c.numeric })), rows: rows.map((r) => cols.map((c) => c.value(r))) };
}

export function ProcessTables({ scope, views }: { scope: Scope; views: { data: Record<string, RangeView>; failed: string[] } }) {
  const ready = useReadyVariants();
  const baselineId = useVariants((s) => s.baselineId);
  const filter = useView((s) => s.processFilter);
  const set = useView((s) => s.set);
  const { process: selected, groupByCommand, compare, selectProcess, setGroupByCommand, setCompare, showEvents } = useSelection();
  const procRows = useMemo<PRow[]>(
    () => taggedRows(ready, views, groupByCommand, (rv) => rv.processes, (v) => v.info.report.processes.map((p) => ({ ...p, episodes: p.directReclaims, tasks: [] }))),
    [ready, views, groupByCommand],
  );
  const kRows = useMemo<KRow[]>(
    () => taggedRows(ready, views, groupByCommand, (rv) => rv.kswapd, (v) => v.info.report.kswapd.map((k) => ({ ...k, episodes: k.wakeups, tasks: [] }))),
    [ready, views, groupByCommand],
  );
  const variantCol = <T extends Tagged>(): Column<T> => ({
    key: 'variant',
    label: 'Variant',
    value: (r) => r.variant,
    render: (r) => <span style={{ color: r.color, fontWeight: 600 }}>{r.variant}</span>,
    width: 120,
  });
  const pCols: Column<PRow>[] = [
    variantCol<PRow>(),
    { key: 'process', label: groupByCommand ? 'Command' : 'Process', value: (r) => r.process },
    { key: 'directReclaims', label: 'Direct reclaims', numeric: true, value: (r) => r.directReclaims },
    { key: 'episodes', label: 'Episodes', numeric: true, value: (r) => r.episodes },
    { key: 'wakeKswapdRequests', label: 'Woke kswapd', numeric: true, value: (r) => r.wakeKswapdRequests },
    ...pageColumns<PRow>(),
    { key: 'stallMs', label: 'Stalled (ms)', numeric: true, value: (r) => r.stallMs, render: (r) => r.stallMs.toFixed(3) },
    { key: 'orders', label: 'Orders', value: (r) => orders(r.directPerOrder, 'direct') },
  ];
  const kCols: Column<KRow>[] = [
    variantCol<KRow>(),
    { key: 'instance', label: 'kswapd instance', value: (r) => r.instance },
    { key: 'wakeups', label: 'Wakeups', numeric: true, value: (r) => r.wakeups },
    { key: 'rewakeups', label: 'Re-wakeups', numeric: true, value: (r) => r.rewakeups },
    ...pageColumns<KRow>(),
    { key: 'awakeMs', label: 'Awake (ms)', numeric: true, value: (r) => r.awakeMs, render: (r) => r.awakeMs.toFixed(3) },
    { key: 'orders', label: 'Wake orders', value: (r) => orders(r.wakePerOrder, 'wake') },
  ];
  const pick = (kind: 'process' | 'kswapd', r: Tagged & { tasks: number[] }, name: string) => {
    const same = selected && selected.variantId === r.variantId && selected.name === name;
    selectProcess(same ? null : { variantId: r.variantId, name, kind });
    const own = scope.ranges[r.variantId] ?? null;
    if (!same && r.tasks.length)
      showEvents({ variantId: r.variantId, label: `events of ${name} (${r.variant}) in the ${scope.label}`, t0: own ? own[0] : null, t1: own ? own[1] : null, closedEnd: false, tasks: r.tasks });
  };
  const isSel = (r: Tagged, name: string) => !!selected && selected.variantId === r.variantId && selected.name === name;
  const shownP = filter.trim() ? procRows.filter((r) => `${r.variant} ${r.process}`.toLowerCase().includes(filter.trim().toLowerCase())) : procRows;
  if (ready.length === 0) return null;
  return (
    <section className="panel" aria-labelledby="proc-title">
      <div className="panel-head">
        <h2 id="proc-title">Processes in direct reclaim</h2>
        <div className="toggles">
          <label>
            <input type="checkbox" checked={groupByCommand} onChange={(e) => setGroupByCommand(e.target.checked)} /> group by command
          </label>
          <label>
            <input
              type="checkbox"
              checked={compare}
              onChange={(e) => {
                setCompare(e.target.checked);
                if (e.target.checked) setGroupByCommand(true);
              }}
            />{' '}
            compare variants
          </label>
          <label>
            filter{' '}
            <input type="search" data-testid="process-filter" aria-label="Filter processes by name" value={filter} onChange={(e) => set({ processFilter: e.target.value })} placeholder="process or variant name" />
          </label>
          {!compare ? <CopyGrid grid={() => toGrid(shownP, pCols)} what="process table" /> : null}
        </div>
      </div>
      <ScopeNote scope={scope} what="Processes" fallback={ready.filter((v) => views.failed.includes(v.id)).map((v) => v.name)} />
      <p className="note">
        {groupByCommand ? 'One row per command (all its pids), as the kernel script’s --ignore-pid. ' : 'One row per process (command-pid). '}
        “Direct reclaims” counts begins in the scope, “Episodes” the direct-reclaim episodes that overlap it. Click a row to show it in the charts and list its events.
      </p>
      {compare ? (
        <CompareTable rows={shownP} ready={ready} baselineId={baselineId} />
      ) : (
        <VirtualTable
          rows={procRows}
          columns={pCols}
          filterText={filter}
          filterOf={(r) => `${r.variant} ${r.process}`}
          testId="process-table"
          caption="Processes in direct reclaim"
          initialSort="stallMs"
          onRowClick={(r) => pick('process', r, r.process)}
          isSelected={(r) => isSel(r, r.process)}
          rowLabel={(r) => `${r.variant} ${r.process}`}
        />
      )}
      <div className="panel-head">
        <h2 className="sub-title">kswapd instances</h2>
        <CopyGrid grid={() => toGrid(kRows, kCols)} what="kswapd table" />
      </div>
      <VirtualTable
        rows={kRows}
        columns={kCols}
        filterText=""
        filterOf={(r) => r.instance}
        testId="kswapd-table"
        caption="kswapd instances"
        initialSort="awakeMs"
        onRowClick={(r) => pick('kswapd', r, r.instance)}
        isSelected={(r) => isSel(r, r.instance)}
        rowLabel={(r) => `${r.variant} ${r.instance}`}
      />
    </section>
  );
}

type CRow = { command: string; per: (PRow | undefined)[] };

/** One row per command, a column group per run (each variant's runs are columns of their own), with signed changes against the baseline run (+ = more). */
function CompareTable({ rows, ready, baselineId }: { rows: PRow[]; ready: { id: string; name: string }[]; baselineId: string | null }) {
  const b = Math.max(0, ready.findIndex((v) => v.id === baselineId));
  const byCommand = new Map<string, CRow>();
  for (const r of rows) {
    let c = byCommand.get(r.process);
    if (!c) byCommand.set(r.process, (c = { command: r.process, per: ready.map(() => undefined) }));
    c.per[ready.findIndex((v) => v.id === r.variantId)] = r;
  }
  const metrics: { key: string; label: string; get: (r: PRow) => number; fmt: (x: number) => string }[] = [
    { key: 'directReclaims', label: 'reclaims', get: (r) => r.directReclaims, fmt: String },
    { key: 'stallMs', label: 'stalled ms', get: (r) => r.stallMs, fmt: (x) => x.toFixed(1) },
    { key: 'pagesReclaimed', label: 'reclaimed', get: (r) => r.pagesReclaimed, fmt: String },
  ];
  const val = (r: PRow | undefined, m: (typeof metrics)[number]) => (r ? m.get(r) : 0);
  const cols: Column<CRow>[] = [
    { key: 'command', label: 'Command', value: (r) => r.command, width: 150 },
    ...ready.flatMap((v, i) =>
      metrics.map(
        (m): Column<CRow> => ({
          key: `${v.id}:${m.key}`,
          label: `${v.name} ${m.label}`,
          numeric: true,
          value: (r) => val(r.per[i], m),
          render: (r) => {
            const x = val(r.per[i], m);
            const ch = i === b ? null : changePercent(val(r.per[b], m), x);
            return (
              <>
                {m.fmt(x)}
                {ch !== null ? <span className={`change ${ch < 0 ? 'better' : ch > 0 ? 'worse' : ''}`}> ({formatChange(ch)})</span> : null}
              </>
            );
          },
        }),
      ),
    ),
  ];
  const list = [...byCommand.values()];
  return (
    <>
      <div className="panel-head">
        <span className="note">Changes against the baseline ({ready[b]?.name}), signed as in the comparison table: + = more, - = less; less is coloured better.</span>
        <CopyGrid grid={() => toGrid(list, cols)} what="process comparison" />
      </div>
      <div className="table-scroll">
        <VirtualTable rows={list} columns={cols} filterText="" filterOf={(r) => r.command} testId="process-compare" caption="Processes compared across variants" initialSort={`${ready[b]?.id}:stallMs`} />
      </div>
    </>
  );
}
