// The comparison table: the kernel script's Summary rows, one column per
// variant, each cell the value and its change against the baseline
// (mmtests style). Below it, traced time and the share of it spent stalled in
// direct reclaim and with kswapd awake.

import { readyVariants, useVariants } from '../../state/variants.ts';
import { useView } from '../../state/view.ts';
import { variantColor } from '../format.ts';
import { CpuTimeInput } from './CpuTimeInput.tsx';
import { useTableModel } from './useTableModel.ts';
import { useScope } from '../explore/scope.ts';
import { ScopeNote } from '../explore/ScopeNote.tsx';
import type { VariantColumn } from '../../share/summary-rows.ts';

export function SummaryTable() {
  const { variants, ready, baselineId, rows, rates, inView, waiting, unavailable, range, columns } = useTableModel();
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
      <div className="table-scroll">
        <table data-testid="summary-table" className="summary">
          <thead>
            <tr>
              <th scope="col" className="label-col">
                {rates ? 'Rate per second' : 'Statistic'}
              </th>
              {ready.map((v) => (
                <th
                  scope="col"
                  key={v.id}
                  data-variant={v.id}
                  data-baseline={v.id === baselineId ? 'yes' : undefined}
                  title={v.id === baselineId ? 'baseline' : undefined}
                  style={{ borderTopColor: variantColor(variants.indexOf(v)) }}
                >
                  {v.name}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.key} data-key={row.key}>
                <th scope="row" className="label-col" data-unit={row.unit}>
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
      </div>
      <TimeShares columns={inView ? columns : null} />
    </section>
  );
}

function pct(x: number): string {
  return `${x.toFixed(2)}%`;
}

/** The Time block; `columns` (the range's Summary and length per variant) replace the whole-trace figures when given. */
function TimeShares({ columns }: { columns: VariantColumn[] | null }) {
  const variants = useVariants((s) => s.variants);
  const ready = readyVariants(variants);
  const stallMs = (i: number) => (columns ? columns[i].summary.directStallMs : ready[i].info.report.summary.directStallMs);
  const awakeMs = (i: number) => (columns ? columns[i].summary.kswapdAwakeMs : ready[i].info.report.summary.kswapdAwakeMs);
  const tracedMs = (i: number) => (columns ? columns[i].seconds * 1000 : (ready[i].info.endNs - ready[i].info.startNs) / 1e6);
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
            {columns ? 'Traced time in the range' : 'Total traced time'}
          </th>
          {ready.map((v, i) => (
            <td key={v.id} className="num">
              {(tracedMs(i) / 1000).toFixed(2)}
            </td>
          ))}
        </tr>
        <tr>
          <th scope="row" className="label-col">
            Percentage time stalled in direct reclaim (of traced time)
          </th>
          {ready.map((v, i) => {
            const traced = tracedMs(i);
            return (
              <td key={v.id} className="num">
                {traced > 0 ? pct((stallMs(i) / traced) * 100) : '—'}
              </td>
            );
          })}
        </tr>
        <tr>
          <th scope="row" className="label-col">
            Percentage time kswapd awake (of traced time)
          </th>
          {ready.map((v, i) => {
            const traced = tracedMs(i);
            return (
              <td key={v.id} className="num">
                {traced > 0 ? pct((awakeMs(i) / traced) * 100) : '—'}
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
