// The comparison table for the current variants (each a set of runs),
// baseline and view, built by share/comparison-table.ts: one hook for the
// table on screen and for its text exports, so both show the same numbers,
// and the same module as `reclaimscope compare`, so the CLI does too.

import { useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useLatencySamples, useRangeSummaries } from '../hooks.ts';
import { useReadyVariants, useVariants } from '../../state/variants.ts';
import { variantsOf } from '../../state/runs.ts';
import { useTimeAxis, useView } from '../../state/view.ts';
import { toVariantRange } from '../../analysis/timeline.ts';
import { buildComparison, runFromReport, type VariantInput } from '../../share/comparison-table.ts';

export function useTableModel() {
  const ready = useReadyVariants();
  const groups = useVariants((s) => s.groups);
  const baselineId = useVariants((s) => s.baselineId);
  const { rates, tableScope, range } = useView(useShallow((s) => ({ rates: s.rates, tableScope: s.tableScope, range: s.range })));
  const axis = useTimeAxis();
  const inView = tableScope === 'view' && range !== null;
  const ranges = useMemo(
    () => (inView ? Object.fromEntries(ready.map((v) => [v.id, toVariantRange(range!, v, axis)])) : null),
    [inView, ready, range, axis],
  );
  const { data: ranged, failed } = useRangeSummaries(ranges);
  const ids = useMemo(() => ready.map((v) => v.id), [ready]);
  const samples = useLatencySamples(ids);
  const waiting = inView && ready.some((v) => !ranged[v.id] && !failed.includes(v.id));
  const unavailable = useMemo(() => (inView ? ready.filter((v) => failed.includes(v.id)).map((v) => v.name) : []), [inView, ready, failed]);
  // Variants with at least one ready run, each with its ready runs.
  const columns = useMemo(() => variantsOf(groups, ready), [groups, ready]);
  const baselineGroup = ready.find((v) => v.id === baselineId)?.groupId;
  const baselineIndex = columns.findIndex((g) => g.id === baselineGroup);
  // Progress updates of a loading trace change `variants` many times a second; the table only
  // changes with the ready runs, their grouping and CPU times, so it is rebuilt on those alone.
  const readyKey = columns.map((g) => `${g.id}:${g.name}:${g.runs.map((v) => `${v.id}/${v.cpuSeconds}`).join('+')}`).join('|');
  const base = Math.max(0, baselineIndex);
  const comparison = useMemo(() => {
    const inputs: VariantInput[] = columns.map((g) => ({
      name: g.name,
      runs: g.runs.map((v) => {
        const r = inView ? ranged[v.id] : undefined;
        const run = { ...runFromReport(v.fileName, v.info.report, samples[v.id] ?? null, v.cpuSeconds), latencyQuantiles: v.info.latency.all };
        if (!inView) return run;
        // In the visible range: its summary, span and rows beyond the Summary; the report's other extra keys are whole-trace counts, so they are left out.
        if (!r) return { ...run, extra: {}, beyond: run.beyond === undefined ? undefined : null };
        return { ...run, summary: r.summary, tracedMs: r.spanMs, traced: r.spanMs > 0, extra: {}, beyond: r.extra ?? null };
      }),
    }));
    return buildComparison(inputs, { baseline: base, rates });
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `columns` is keyed by readyKey
  }, [readyKey, inView, ranged, samples, base, rates]);
  return useMemo(
    () => ({ ready, columns, baselineId, baselineIndex, comparison, rates, inView, waiting, unavailable, range }),
    [ready, columns, baselineId, baselineIndex, comparison, rates, inView, waiting, unavailable, range],
  );
}

/** The comparison table's model: built once (Dashboard) for the table and the share bar. */
export type TableModel = ReturnType<typeof useTableModel>;
