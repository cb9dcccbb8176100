// The comparison table: the kernel script's Summary rows, then the rows
// beyond the script's Summary (memcg, throttling, compaction, efficiency), one
// column per variant, each cell the mean over the variant's runs (and on
// request its spread) with its signed change against the baseline (+ = more)
// and a * where Welch's t-test calls the change significant. Below it, traced
// time and the share of it stalled and with kswapd awake, for the same range.
// Rows that are zero in every variant fold into one line. The numbers come
// from share/comparison-table.ts, as the CLI's do.

import { useState } from 'react';
import { useView } from '../../state/view.ts';
import { LEVEL, type CompareCell, type CompareRow } from '../../share/comparison-table.ts';
import { colorOfVariant } from '../format.ts';
import { CpuTimeInput } from './CpuTimeInput.tsx';
import type { TableModel } from './useTableModel.ts';
import { useScope } from '../explore/scope.ts';
import { ScopeNote } from '../explore/ScopeNote.tsx';

type Spread = 'none' | 'sd' | 'range' | 'ci';

function spreadText(c: CompareCell, spread: Spread, digits: number): string | null {
  const s = c.stats;
  const f = (x: number) => x.toFixed(digits);
  if (spread === 'none' || s.n < 2 || s.min === s.max) return null;
  if (spread === 'sd') return `± ${f(s.sd!)} sd`;
  if (spread === 'range') return `${f(s.min)}–${f(s.max)}`;
  return `± ${f(s.ci95!)} (95%)`;
}

function markTitle(c: CompareCell): string | undefined {
  if (c.p === null) return undefined;
  return `Welch's t-test: p = ${c.p < 0.0001 ? c.p.toExponential(1) : c.p.toFixed(4)}, ${c.significant ? 'significant' : 'not significant'} at the ${LEVEL * 100}% level`;
}

export function SummaryTable({ model }: { model: TableModel }) {
  const { columns, baselineIndex, comparison, rates, inView, waiting, unavailable, range } = model;
  const scope = useScope();
  const tableScope = useView((s) => s.tableScope);
  const setView = useView((s) => s.set);
  const [spread, setSpread] = useState<Spread>('none');

  if (columns.length === 0) return null;
  const summaryRows = comparison.rows.filter((r) => r.block === 'summary');
  const extraRows = comparison.rows.filter((r) => r.block === 'extra');
  const severalRuns = columns.some((g) => g.runs.length > 1);
  const table = { columns, baselineIndex, spread, rates, title: rates ? 'Rate per second' : 'Statistic' };
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
          <label title={severalRuns ? 'Spread of the run values of each variant' : 'Needs a variant with several runs'}>
            spread{' '}
            <select value={spread} onChange={(e) => setSpread(e.target.value as Spread)} disabled={!severalRuns} aria-label="Spread over runs">
              <option value="none">none</option>
              <option value="sd">standard deviation</option>
              <option value="range">min–max</option>
              <option value="ci">95% interval of the mean</option>
            </select>
          </label>
        </div>
      </div>
      <p className="note">
        Rows are the Summary of the kernel&apos;s trace-vmscan-postprocess.pl (with its miscounts fixed; see Help). Times in ms
        {rates ? ' per second' : ''}, pages are base pages{severalRuns ? '; each cell is the mean over the variant’s runs' : ''}. In
        brackets: change against the baseline, + = more, - = less; the colour says whether that is <span className="better">better</span> or{' '}
        <span className="worse">worse</span> for the row.{' '}
        {comparison.untested ? (
          <span data-testid="untested-note">{comparison.untested} Colour then marks changes of 5% or more.</span>
        ) : (
          <span>
            <span className="mark">*</span> marks a change that Welch&apos;s t-test on the run values calls significant (two-sided, {LEVEL * 100}% level); only
            those are coloured.
          </span>
        )}
        {waiting ? ' Computing…' : ''}
        {unavailable.length ? (
          <span className="warn">
            {' '}
            A shared snapshot holds the table of its shared range only: {unavailable.join(', ')} show{unavailable.length === 1 ? 's' : ''} the whole trace.
          </span>
        ) : null}
      </p>
      <ScopeNote scope={scope} what="Summary and Time" />
      <RowsTable testId="summary-table" rows={summaryRows} {...table} />
      <h3 className="block-title">Beyond the script&apos;s Summary</h3>
      <RowsTable testId="extra-table" bodyTestId="extra-rows" rows={extraRows} {...table} />
      <TimeShares columns={columns} comparison={comparison} inView={inView} />
    </section>
  );
}

type Columns = TableModel['columns'];

/** One block of rows; rows that are zero in every variant fold into one line that opens them. */
function RowsTable({
  testId,
  bodyTestId,
  title,
  rows,
  columns,
  baselineIndex,
  spread,
  rates,
}: {
  testId: string;
  bodyTestId?: string;
  title: string;
  rows: CompareRow[];
  columns: Columns;
  baselineIndex: number;
  spread: Spread;
  rates: boolean;
}) {
  const [open, setOpen] = useState(false);
  const zero = (r: CompareRow) => r.cells.every((c) => c.stats.n === 0 || (c.stats.min === 0 && c.stats.max === 0));
  const folded = rows.filter(zero).length;
  return (
    <div className="table-scroll">
      <table data-testid={testId} className="summary">
        <thead>
          <tr>
            <th scope="col" className="label-col">
              {title}
            </th>
            {columns.map((g, i) => (
              <th
                scope="col"
                key={g.id}
                data-variant={g.runs[0].id}
                data-runs={g.runs.length}
                data-baseline={i === baselineIndex ? 'yes' : undefined}
                title={`${g.name}${i === baselineIndex ? ' (baseline)' : ''}; ${g.runs.length} run${g.runs.length === 1 ? '' : 's'}: ${g.runs.map((r) => r.fileName).join(', ')}`}
                style={{ borderTopColor: colorOfVariant(g.runs[0]) }}
              >
                {g.name}
              </th>
            ))}
          </tr>
        </thead>
        <tbody data-testid={bodyTestId}>
          {rows.map((r) => (
            <tr key={r.key} data-key={r.key} hidden={!open && folded > 1 && zero(r)} data-zero={zero(r) ? 'yes' : undefined}>
              <th scope="row" className="label-col" data-unit={r.unit} title={r.label}>
                {r.label}
              </th>
              {r.cells.map((c, i) => {
                const sp = spreadText(c, spread, r.unit === 'ms' || rates ? 2 : 1);
                return (
                  <td
                    key={columns[i].id}
                    data-value={c.stats.mean}
                    data-p={c.p ?? undefined}
                    data-significant={c.mark === '' ? undefined : String(c.significant)}
                    className={`num ${c.tone}`}
                    title={markTitle(c)}
                  >
                    {c.text}
                    {c.changeText ? <span className="change"> {c.changeText}</span> : null}
                    {c.mark === '*' ? (
                      <span className="mark" aria-label="significant">
                        *
                      </span>
                    ) : null}
                    {sp ? <span className="spread"> {sp}</span> : null}
                  </td>
                );
              })}
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

/** Traced time and shares of it, for the range the rows above show (whole trace, or the visible range), and the CPU time rows. */
function TimeShares({ columns, comparison, inView }: Pick<TableModel, 'columns' | 'comparison' | 'inView'>) {
  // The same rows as the copied text, under the longer names the screen has always shown.
  const names: Record<string, string> = {
    'Total traced time (s)': inView ? 'Traced time in the visible range (s)' : 'Total traced time (s)',
    '% time stalled in direct reclaim': 'Percentage time stalled in direct reclaim (of traced time)',
    '% time kswapd awake': 'Percentage time kswapd awake (of traced time)',
    '% kswapd awake of User+Sys': 'Percentage time kswapd awake (of User+Sys)',
    '% direct reclaim of User+Sys+Stall': 'Percentage time spent in direct reclaim (of User+Sys+Stall)',
  };
  const label = (l: string) => names[l] ?? l;
  const row = (t: { label: string; cells: string[] }) => (
    <tr key={t.label}>
      <th scope="row" className="label-col">
        {label(t.label)}
      </th>
      {t.cells.map((x, i) => (
        <td key={columns[i].id} className="num">
          {x}
        </td>
      ))}
    </tr>
  );
  return (
    <table className="summary shares" data-testid="time-shares">
      <thead>
        <tr>
          <th scope="col" className="label-col">
            Time{columns.some((g) => g.runs.length > 1) ? ' (mean over runs)' : ''}
          </th>
          {columns.map((g) => (
            <th scope="col" key={g.id}>
              {g.name}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {comparison.time.slice(0, 3).map(row)}
        <tr>
          <th scope="row" className="label-col" data-unit="s">
            User/Sys time running the test
          </th>
          {columns.map((g) => (
            <td key={g.id} className="num">
              {g.runs.map((r) => (
                <CpuTimeInput key={r.id} variantId={r.id} />
              ))}
            </td>
          ))}
        </tr>
        {comparison.time.slice(4).map(row)}
      </tbody>
    </table>
  );
}
