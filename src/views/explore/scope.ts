// The one lens of the page: whether the sections show the visible range (the
// default) or the whole trace, and each variant's own range for it. Every
// section below the charts reads its figures through these hooks, and says
// which it shows (ScopeNote).

import { useMemo } from 'react';
import type { GroupBy } from '../../analysis/summary.ts';
import type { RangeView, TaskSeries } from '../../analysis/range-filter.ts';
import { useSelection } from '../../state/selection.ts';
import { useReadyVariants } from '../../state/variants.ts';
import { useTimeAxis, useView } from '../../state/view.ts';
import { exploreFor } from '../../worker/explore-client.ts';
import { formatSeconds } from '../format.ts';
import { rangesKey, useWorkerQuery, type VariantRanges } from '../hooks.ts';
import { axisUnit, toVariantRange, type Range } from '../../analysis/timeline.ts';

export interface Scope {
  /** Figures of the visible range (true) or of the whole trace. */
  inView: boolean;
  /** Per variant id: its own range (ns after its start), or null for the whole trace. */
  ranges: Record<string, Range | null>;
  /** "visible range 2.500–3.250 s" or "whole trace". */
  label: string;
}

export function useScope(): Scope {
  const ready = useReadyVariants();
  const range = useView((s) => s.range);
  const axis = useTimeAxis();
  const tableScope = useView((s) => s.tableScope);
  return useMemo(() => {
    const inView = tableScope === 'view' && range !== null;
    const ranges: Scope['ranges'] = {};
    for (const v of ready) ranges[v.id] = inView ? toVariantRange(range!, v, axis) : null;
    const span = range ? (range[1] - range[0]) / 1e9 : 0;
    const label = inView ? `visible range ${formatSeconds(range![0] / 1e9, span)}–${formatSeconds(range![1] / 1e9, span)} ${axisUnit(axis.align)}` : 'whole trace';
    return { inView, ranges, label };
  }, [ready, range, axis, tableScope]);
}

function scopeKey(ranges: Scope['ranges']): string {
  return Object.entries(ranges)
    .map(([id, r]) => `${id}=${r ? `${r[0]}:${r[1]}` : 'all'}`)
    .join(';');
}

/** Latency, process and kswapd rows and stall lists of each variant in the scope; `failed` lists variants (snapshots) that cannot answer. */
export function useRangeViews(scope: Scope, groupBy: GroupBy): { data: Record<string, RangeView>; failed: string[] } {
  const ids = Object.keys(scope.ranges);
  const key = `${scopeKey(scope.ranges)}|${groupBy}`;
  const { data, errors } = useWorkerQuery(ids, key, (id) => {
    const r = scope.ranges[id];
    return exploreFor(id).rangeView(id, r ? r[0] : null, r ? r[1] : null, groupBy);
  });
  const idList = ids.join(',');
  // One object per answer (not per render): the sections take it in a task of their own (Dashboard).
  return useMemo(() => ({ data, failed: idList.split(',').filter((id) => id !== '' && !data[id] && id in errors) }), [data, errors, idList]);
}

/** The selected process's series in each variant that has it (every variant for a command, its own for a `comm-pid`). */
export function useProcessSeries(ranges: VariantRanges, bucketCount: number): Record<string, TaskSeries | null> {
  const sel = useSelection((s) => s.process);
  const byCommand = useSelection((s) => s.groupByCommand);
  const ids = sel ? Object.keys(ranges).filter((id) => byCommand || id === sel.variantId) : [];
  const key = sel ? `${rangesKey(ranges)}:${bucketCount}:${byCommand ? 'c' : 't'}:${sel.name}` : 'none';
  return useWorkerQuery(ids, key, (id) => exploreFor(id).processSeries(id, sel!.name, byCommand, ranges[id][0], ranges[id][1], bucketCount)).data;
}
