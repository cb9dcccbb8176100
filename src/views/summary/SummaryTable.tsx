// The comparison table: the kernel script's Summary rows, one column per
// variant, each cell the value and its change against the baseline
// (mmtests style). Below it the rows beyond the script's Summary (memcg,
// throttling, compaction, efficiency), then traced time and the share of it
// spent stalled in direct reclaim and with kswapd awake, for the same range as
// the rows. Rows that are zero in every variant fold into one line.

import { useState } from 'react';
import type { TraceInfo } from '../../analysis/store.ts';
import type { Variant } from '../../state/variants.ts';

type Ready = Variant & { info: TraceInfo };
import { useView } from '../../state/view.ts';
import { colorOfVariant } from '../format.ts';
import { CpuTimeInput } from './CpuTimeInput.tsx';
import { NOT_TRACED, type TableRow, type VariantColumn } from '../../share/summary-rows.ts';
import { useTableModel } from './useTableModel.ts';
import { useScope } from '../explore/scope.ts';
import { ScopeNote } from '../explore/ScopeNote.tsx';

export function SummaryTable() {
  const { ready, baselineId, rows, extraRows, columns, rates, inView, waiting, unavailable, range } = useTableModel();
  const scope = useScope();
  const tableScope = useView((s) => s.tableScope);
  const setView = useView((s) => s.set);

  if (ready.length === 0) return null;
  return (
    <section className="panel" aria-labelledby="summary-title">
      <div className="panel-head">
        <h2 id="summary-title">FTrace Reclaim Statistics</h2>
        <div className="toggles" role="group" aria-label="Table options">
          <label>
            <input type="checkbox" checked={rates} onChange={(e) => setView({ rates: e.target.checked })} /> per second of traced time
          </label>
          <label title={range ? 'Every section follows the visible range; untick for whole-trace figures' : 'Zoom into a chart first'}>
            <input
              type="checkbox"
              checked={tableScope === 'view'}
              disabled={range === null}
              onChange={(e) => setView({ tableScope: e.target.checked ? 'view' : 'whole' })}
            />{' '}
            only the visible range
          </label>
        </div>
      </div>
      <p className="note">
        Rows are the Summary of the kernel&apos;s trace-vmscan-postprocess.pl (with its miscounts fixed; see Help). Times in ms
        {rates ? ' per second' : ''}, pages are base pages. In brackets: change against the baseline, mmtests style:{' '}
        <span className="better">positive is better</span> (less), <span className="worse">negative is worse</span>.

        {waiting ? ' Computing…' : ''}
        {unavailable.length ? (
          <span className="warn">
            {' '}
            A shared snapshot holds the table of its shared range only: {unavailable.join(', ')} show{unavailable.length === 1 ? 's' : ''} the whole trace.
          </span>
        ) : null}
      </p>
      <ScopeNote scope={scope} what="Summary and Time" />
      <RowsTable testId="summary-table" title={rates ? 'Rate per second' : 'Statistic'} rows={rows} ready={ready} baselineId={baselineId} />
      <h3 className="block-title">Beyond the script&apos;s Summary</h3>
      <RowsTable testId="extra-table" title={rates ? 'Rate per second' : 'Statistic'} rows={extraRows} ready={ready} baselineId={baselineId} />
      <TimeShares ready={ready} columns={columns} inView={inView} />
    </section>
  );
}

/** One block of rows; rows that are zero in every variant fold into one line that opens them. */
function RowsTable({ testId, title, rows, ready, baselineId }: { testId: string; title: string; rows: TableRow[]; ready: Variant[]; baselineId: string | null }) {
  const [open, setOpen] = useState(false);
  const zero = (r: TableRow) => r.cells.every((c) => c.value === 0 || Number.isNaN(c.value));
  const folded = rows.filter(zero).length;
  return (
    <div className="table-scroll">
      <table data-testid={testId} className="summary">
        <thead>
          <tr>
            <th scope="col" className="label-col">
              {title}
            </th>
            {ready.map((v) => (
              <th
                scope="col"
                key={v.id}
                data-variant={v.id}
                data-baseline={v.id === baselineId ? 'yes' : undefined}
                title={v.id === baselineId ? `${v.name} (baseline)` : v.name}
                style={{ borderTopColor: colorOfVariant(v) }}
              >
                {v.name}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.key} data-key={row.key} hidden={!open && folded > 1 && zero(row)} data-zero={zero(row) ? 'yes' : undefined}>
              <th scope="row" className="label-col" data-unit={row.unit} title={row.label}>
                {row.label}
              </th>
              {row.cells.map((c, i) => (
                <td key={ready[i].id} data-value={c.value} className={`num ${c.tone}`}>
                  {c.text}
                  {ready[i].id !== baselineId && c.changeText ? <span className="change"> {c.changeText}</span> : null}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      {folded > 1 ? (
        <button type="button" className="small fold" data-testid={`${testId}-fold`} aria-expanded={open} onClick={() => setOpen(!open)}>
          {open ? `Hide the ${folded} rows that are zero in every variant` : `${folded} rows are zero in every variant: show them`}
        </button>
      ) : null}
    </div>
  );
}

function pct(x: number): string {
  return `${x.toFixed(2)}%`;
}

/** Traced time and shares of it, for the range the rows above show (whole trace, or the visible range). */
function TimeShares({ ready, columns, inView }: { ready: Ready[]; columns: VariantColumn[]; inView: boolean }) {
  return (
    <table className="summary shares" data-testid="time-shares">
      <thead>
        <tr>
          <th scope="col" className="label-col">
            Time
          </th>
          {ready.map((v) => (
            <th scope="col" key={v.id}>
              {v.name}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        <tr>
          <th scope="row" className="label-col" data-unit="s">
            {inView ? 'Traced time in the visible range' : 'Total traced time'}
          </th>
          {ready.map((v, i) => (
            <td key={v.id} className="num">
              {columns[i].traced ? columns[i].seconds.toFixed(2) : NOT_TRACED}
            </td>
          ))}
        </tr>
        <tr>
          <th scope="row" className="label-col">
            Percentage time stalled in direct reclaim (of traced time)
          </th>
          {ready.map((v, i) => {
            const traced = columns[i].seconds * 1000;
            return (
              <td key={v.id} className="num">
                {columns[i].traced && traced > 0 ? pct((columns[i].summary.directStallMs / traced) * 100) : '—'}
              </td>
            );
          })}
        </tr>
        <tr>
          <th scope="row" className="label-col">
            Percentage time kswapd awake (of traced time)
          </th>
          {ready.map((v, i) => {
            const traced = columns[i].seconds * 1000;
            return (
              <td key={v.id} className="num">
                {columns[i].traced && traced > 0 ? pct((columns[i].summary.kswapdAwakeMs / traced) * 100) : '—'}
              </td>
            );
          })}
        </tr>
        <tr>
          <th scope="row" className="label-col" data-unit="s">
            User/Sys time running the test
          </th>
          {ready.map((v) => (
            <td key={v.id} className="num">
              <CpuTimeInput variantId={v.id} />
            </td>
          ))}
        </tr>
        <tr>
          <th scope="row" className="label-col">
            Percentage time kswapd awake (of User+Sys)
          </th>
          {ready.map((v) => (
            <td key={v.id} className="num">
              {v.cpuSeconds ? pct((v.info.report.summary.kswapdAwakeMs / 1000 / v.cpuSeconds) * 100) : '—'}
            </td>
          ))}
        </tr>
        <tr>
          <th scope="row" className="label-col">
            Percentage time spent in direct reclaim (of User+Sys+Stall)
          </th>
          {ready.map((v) => {
            const stallS = v.info.report.summary.directStallMs / 1000;
            return (
              <td key={v.id} className="num">
                {v.cpuSeconds !== null ? pct((stallS / (v.cpuSeconds + stallS)) * 100) : '—'}
              </td>
            );
          })}
        </tr>
      </tbody>
    </table>
  );
}
