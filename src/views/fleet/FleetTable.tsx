// A summary.parquet of many traces, shown as variants: the traces grouped by
// a column the user picks (kernel release, a recorded setting, capture...),
// one table column per group with its trace count, each cell the group's
// mean, median or 90th percentile of a Summary row and its signed change
// against the baseline group (+ = more), as the comparison table prints it.

import { useMemo } from 'react';
import { DERIVED, groupFleet } from '../../analysis/fleet-groups.ts';
import { EXTRA_COLUMN_UNIT, EXTRA_NUMERIC_KEYS } from '../../model/parquet-schema.ts';
import { SUMMARY_ROWS } from '../../model/summary.ts';
import { useFleet, type FleetStatistic } from '../../state/fleet.ts';
import { changePercent, formatChange } from '../../share/comparison-table.ts';

/** The Summary rows, the shares of traced time, then the numeric `extra` keys; traced time and lost events are not "less is better". */
const ROWS: { key: string; label: string; title?: string; unit: string; neutral?: boolean }[] = [
  ...SUMMARY_ROWS.map((r) => ({ key: r.key, label: r.label, unit: r.unit })),
  { key: 'directStallPct', label: 'Percentage time stalled in direct reclaim (of traced time)', unit: '%' },
  { key: 'kswapdAwakePct', label: 'Percentage time kswapd awake (of traced time)', unit: '%' },
  ...EXTRA_NUMERIC_KEYS.map(([key, type, what, label]) => ({
    key,
    label,
    title: `extra.${key}: ${what}`,
    unit: EXTRA_COLUMN_UNIT[key] ?? (type === 'DOUBLE' ? 'ms' : 'count'),
    neutral: key === 'tracedMs' || key === 'lostEvents',
  })),
];

const STATISTICS: { value: FleetStatistic; label: string }[] = [
  { value: 'mean', label: 'mean' },
  { value: 'median', label: 'median' },
  { value: 'p90', label: '90th percentile' },
];

function fmt(unit: string, v: number): string {
  if (!Number.isFinite(v)) return '—';
  return unit === 'ms' || unit === '%' ? v.toFixed(2) : Number.isInteger(v) ? String(v) : v.toFixed(1);
}

export function FleetTable() {
  const table = useFleet((s) => s.table);
  const groupBy = useFleet((s) => s.groupBy);
  const baseline = useFleet((s) => s.baseline);
  const statistic = useFleet((s) => s.statistic);
  const set = useFleet((s) => s.set);
  const close = useFleet((s) => s.close);
  const groups = useMemo(() => (table ? groupFleet(table.rows, groupBy, table.numericColumns) : []), [table, groupBy]);
  if (!table) return null;
  const rows = ROWS.filter((r) => r.key in DERIVED || table.numericColumns.includes(r.key));
  const baseIndex = Math.max(0, groups.findIndex((g) => g.key === baseline));
  const base = groups[baseIndex];
  return (
    <section className="panel fleet" aria-labelledby="fleet-title" data-testid="fleet">
      <div className="panel-head">
        <h2 id="fleet-title">
          Fleet: {table.name} <span className="muted">({table.rows.length} traces)</span>
        </h2>
        <div className="toggles" role="group" aria-label="Fleet options">
          <label>
            Group by{' '}
            <select data-testid="fleet-group-by" value={groupBy} onChange={(e) => set({ groupBy: e.target.value })}>
              {table.textColumns
                .filter((c) => c !== 'content_hash')
                .map((c) => (
                  <option key={c} value={c}>
                    {c === 'file' ? 'file (each trace alone)' : c}
                  </option>
                ))}
            </select>
          </label>
          <label>
            Baseline{' '}
            <select data-testid="fleet-baseline" value={base?.key ?? ''} onChange={(e) => set({ baseline: e.target.value })}>
              {groups.map((g) => (
                <option key={g.key} value={g.key}>
                  {g.key}
                </option>
              ))}
            </select>
          </label>
          <label>
            Show{' '}
            <select data-testid="fleet-statistic" value={statistic} onChange={(e) => set({ statistic: e.target.value as FleetStatistic })}>
              {STATISTICS.map((s) => (
                <option key={s.value} value={s.value}>
                  {s.label}
                </option>
              ))}
            </select>
          </label>
          <button type="button" className="button" onClick={close}>
            Close
          </button>
        </div>
      </div>
      <p className="note">
        One row per trace in the file, grouped by <code>{groupBy}</code>: each column is a group ({groups.length} in all), each cell the {statistic === 'p90' ? '90th percentile' : statistic} over
        the group&apos;s traces. Times in ms, pages are base pages. In brackets: change of that statistic against the baseline group, + = more, - = less
        (<span className="better">less is better</span>, <span className="worse">more is worse</span>). For the questions across traces that a
        table cannot answer, query the Parquet files with DuckDB or Spark (README).
      </p>
      <div className="table-scroll">
        <table data-testid="fleet-table" className="summary">
          <thead>
            <tr>
              <th scope="col" className="label-col">
                {groupBy}
              </th>
              {groups.map((g, i) => (
                <th scope="col" key={g.key} data-group={g.key} data-baseline={i === baseIndex ? 'yes' : undefined} title={i === baseIndex ? 'baseline' : undefined}>
                  {g.key}
                  <div className="muted fleet-count">
                    {g.traces} trace{g.traces === 1 ? '' : 's'}
                  </div>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => {
              const baseValue = base?.stats[row.key]?.[statistic];
              return (
                <tr key={row.key} data-key={row.key}>
                  <th scope="row" className="label-col" data-unit={row.unit} title={row.title}>
                    {row.label}
                  </th>
                  {groups.map((g, i) => {
                    const s = g.stats[row.key];
                    const v = s && s.n > 0 ? s[statistic] : NaN;
                    const change = i === baseIndex || !Number.isFinite(v) || baseValue === undefined || !Number.isFinite(baseValue) ? null : baseValue === 0 && v === 0 ? 0 : changePercent(baseValue, v);
                    const tone = change === null || row.neutral ? 'none' : Math.abs(change) < 0.005 ? 'same' : change < 0 ? 'better' : 'worse'; // less is better
                    return (
                      <td key={g.key} className={`num ${tone}`} data-value={Number.isFinite(v) ? v : undefined} title={s && s.n ? `${s.n} traces; min ${fmt(row.unit, s.min)}, max ${fmt(row.unit, s.max)}` : 'no value'}>
                        {fmt(row.unit, v)}
                        {change !== null ? <span className="change"> ({formatChange(change)})</span> : null}
                      </td>
                    );
                  })}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}

/** While a summary.parquet is read, and what went wrong if it could not be. */
export function FleetStatus() {
  const loading = useFleet((s) => s.loading);
  const error = useFleet((s) => s.error);
  if (error)
    return (
      <div className="notice" role="alert" data-testid="fleet-error">
        {error}
      </div>
    );
  return loading ? <p className="muted">Reading {loading}…</p> : null;
}
