// The kernel script's process and kswapd tables, for every variant at once:
// sortable by any column, filterable by name, and fast with thousands of rows.
// Columns are the values the script's headers name (its 6.12 printf shifts them).

import { useMemo } from 'react';
import type { KswapdJson, ProcessJson } from '../../analysis/report.ts';
import { useReadyVariants } from '../../state/variants.ts';
import { useView } from '../../state/view.ts';
import { colorOfVariant } from '../format.ts';
import { VirtualTable, type Column } from './VirtualTable.tsx';

type PRow = ProcessJson & { variant: string; color: string };
type KRow = KswapdJson & { variant: string; color: string };

function orders(m: Record<string, number>, prefix: string): string {
  return Object.entries(m)
    .map(([o, n]) => `${prefix}-${o}=${n}`)
    .join(' ');
}

export function ProcessTables() {
  const ready = useReadyVariants();
  const filter = useView((s) => s.processFilter);
  const set = useView((s) => s.set);
  const procRows = useMemo<PRow[]>(
    () => ready.flatMap((v) => v.info.report.processes.map((p) => ({ ...p, variant: v.name, color: colorOfVariant(v) }))),
    [ready],
  );
  const kRows = useMemo<KRow[]>(
    () => ready.flatMap((v) => v.info.report.kswapd.map((k) => ({ ...k, variant: v.name, color: colorOfVariant(v) }))),
    [ready],
  );
  const variantCol = <T extends { variant: string; color: string }>(): Column<T> => ({
    key: 'variant',
    label: 'Variant',
    value: (r) => r.variant,
    render: (r) => <span style={{ color: r.color, fontWeight: 600 }}>{r.variant}</span>,
    width: 120,
  });
  const pCols: Column<PRow>[] = [
    variantCol<PRow>(),
    { key: 'process', label: 'Process', value: (r) => r.process },
    { key: 'directReclaims', label: 'Direct reclaims', numeric: true, value: (r) => r.directReclaims },
    { key: 'wakeKswapdRequests', label: 'Woke kswapd', numeric: true, value: (r) => r.wakeKswapdRequests },
    { key: 'pagesScanned', label: 'Pages scanned', numeric: true, value: (r) => r.pagesScanned },
    { key: 'pagesReclaimed', label: 'Pages reclaimed', numeric: true, value: (r) => r.pagesReclaimed },
    { key: 'sync', label: 'Sync I/O', numeric: true, value: (r) => r.writeFileSync + r.writeAnonSync },
    { key: 'async', label: 'Async I/O', numeric: true, value: (r) => r.writeFileAsync + r.writeAnonAsync },
    { key: 'stallMs', label: 'Stalled (ms)', numeric: true, value: (r) => r.stallMs, render: (r) => r.stallMs.toFixed(3) },
    { key: 'orders', label: 'Orders', value: (r) => orders(r.directPerOrder, 'direct') },
  ];
  const kCols: Column<KRow>[] = [
    variantCol<KRow>(),
    { key: 'instance', label: 'kswapd instance', value: (r) => r.instance },
    { key: 'wakeups', label: 'Wakeups', numeric: true, value: (r) => r.wakeups },
    { key: 'rewakeups', label: 'Re-wakeups', numeric: true, value: (r) => r.rewakeups },
    { key: 'pagesScanned', label: 'Pages scanned', numeric: true, value: (r) => r.pagesScanned },
    { key: 'pagesReclaimed', label: 'Pages reclaimed', numeric: true, value: (r) => r.pagesReclaimed },
    { key: 'sync', label: 'Sync I/O', numeric: true, value: (r) => r.writeFileSync + r.writeAnonSync },
    { key: 'async', label: 'Async I/O', numeric: true, value: (r) => r.writeFileAsync + r.writeAnonAsync },
    { key: 'awakeMs', label: 'Awake (ms)', numeric: true, value: (r) => r.awakeMs, render: (r) => r.awakeMs.toFixed(3) },
    { key: 'orders', label: 'Wake orders', value: (r) => orders(r.wakePerOrder, 'wake') },
  ];
  if (ready.length === 0) return null;
  return (
    <section className="panel" aria-labelledby="proc-title">
      <div className="panel-head">
        <h2 id="proc-title">Processes in direct reclaim</h2>
        <label>
          filter{' '}
          <input type="search" data-testid="process-filter" aria-label="Filter processes by name" value={filter} onChange={(e) => set({ processFilter: e.target.value })} placeholder="process or variant name" />
        </label>
      </div>
      <VirtualTable rows={procRows} columns={pCols} filterText={filter} filterOf={(r) => `${r.variant} ${r.process}`} testId="process-table" caption="Processes in direct reclaim" initialSort="stallMs" />
      <h2 className="sub-title">kswapd instances</h2>
      <VirtualTable rows={kRows} columns={kCols} filterText="" filterOf={(r) => r.instance} testId="kswapd-table" caption="kswapd instances" initialSort="awakeMs" />
    </section>
  );
}
