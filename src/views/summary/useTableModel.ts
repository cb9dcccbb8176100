// The comparison table's rows for the current variants, baseline and view:
// one hook for the table on screen and for its text exports, so both show
// the same numbers.

import { useMemo } from 'react';
import { useRangeSummaries } from '../hooks.ts';
import { useReadyVariants, useVariants } from '../../state/variants.ts';
import { useShallow } from 'zustand/react/shallow';
import { useView } from '../../state/view.ts';
import { toVariantRange } from '../../analysis/timeline.ts';
import { extraOfReport, extraTable, type ExtraColumn } from './extra-table.ts';
import { summaryTable, type TableRow, type VariantColumn } from '../../share/summary-rows.ts';

export function useTableModel() {
  const ready = useReadyVariants();
  const baselineId = useVariants((s) => s.baselineId);
  const { rates, tableScope, range, align } = useView(useShallow((s) => ({ rates: s.rates, tableScope: s.tableScope, range: s.range, align: s.align })));
  const inView = tableScope === 'view' && range !== null;
  const ranges = useMemo(
    () => (inView ? Object.fromEntries(ready.map((v) => [v.id, toVariantRange(range!, v, align)])) : null),
    [inView, ready, range, align],
  );
  const { data: ranged, failed } = useRangeSummaries(ranges);
  const columns: (VariantColumn & ExtraColumn)[] = ready.map((v) => {
    const r = inView ? ranged[v.id] : undefined;
    const seconds = inView && r ? r.spanMs / 1000 : (v.info.endNs - v.info.startNs) / 1e9;
    const traced = !(inView && r && r.spanMs === 0);
    const extra = inView ? (r?.extra ?? null) : extraOfReport(v.info.report.extra);
    return { summary: r ? r.summary : v.info.report.summary, seconds, traced, extra };
  });
  const waiting = inView && ready.some((v) => !ranged[v.id] && !failed.includes(v.id));
  const unavailable = inView ? ready.filter((v) => failed.includes(v.id)).map((v) => v.name) : [];
  const baselineIndex = ready.findIndex((v) => v.id === baselineId);
  const rows: TableRow[] = summaryTable(columns, baselineIndex, rates);
  const extraRows: TableRow[] = extraTable(columns, baselineIndex, rates);
  return { ready, baselineId, baselineIndex, rows, extraRows, columns, rates, inView, waiting, unavailable, range };
}

export function unitSuffix(unit: string): string {
  return unit === 'ms' ? ' (ms)' : unit === 'ms/s' ? ' (ms/s)' : unit === '%' ? ' (%)' : unit.endsWith('/s') ? ' (/s)' : '';
}
