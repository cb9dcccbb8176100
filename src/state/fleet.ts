// The fleet store: a summary.parquet of many traces opened in the app (one row
// per trace, from `reclaimscope export --parquet`), the column the user groups
// them by, the baseline group and the statistic shown. Canonical state only:
// the groups are computed by a selector in the view. Independent of the
// variants store: a fleet table and dropped traces can be open side by side.

import { create } from 'zustand';
import { readFleetSummary, type FleetTable } from '../share/fleet-parquet.ts';

export type FleetStatistic = 'mean' | 'median' | 'p90';

interface FleetState {
  table: FleetTable | null;
  groupBy: string;
  /** key of the baseline group; null = the first */
  baseline: string | null;
  statistic: FleetStatistic;
  loading: string | null;
  error: string | null;
  set: (patch: Partial<Pick<FleetState, 'groupBy' | 'baseline' | 'statistic'>>) => void;
  close: () => void;
}

export const useFleet = create<FleetState>()((set) => ({
  table: null,
  groupBy: 'file',
  baseline: null,
  statistic: 'mean',
  loading: null,
  error: null,
  set: (patch) => set((s) => ({ ...patch, baseline: patch.groupBy !== undefined && patch.groupBy !== s.groupBy ? null : (patch.baseline ?? s.baseline) })),
  close: () => set({ table: null, error: null, baseline: null }),
}));

/**
 * The column to group by at first: the kernel release, else a recorded
 * setting, else the capture tool, when it splits the traces into at least two
 * groups; else every trace on its own.
 */
function defaultGroupBy(t: FleetTable): string {
  const fixed = ['kernel_release', 'hostname', 'capture', 'format', 'compression'];
  const settings = t.textColumns.filter((c) => !fixed.includes(c) && c !== 'file' && c !== 'content_hash');
  for (const c of ['kernel_release', ...settings, 'capture']) {
    if (!t.textColumns.includes(c)) continue;
    const values = new Set(t.rows.map((r) => r[c] ?? null));
    if (values.size >= 2 && values.size < t.rows.length + 1) return c;
  }
  return 'file';
}

/** Opens a summary.parquet; the Parquet reader is loaded on first use. */
export async function openFleetFile(file: Blob, name: string): Promise<void> {
  useFleet.setState({ loading: name, error: null });
  try {
    const table = await readFleetSummary(name, await file.arrayBuffer());
    useFleet.setState({ table, groupBy: defaultGroupBy(table), baseline: null, loading: null });
  } catch (e) {
    useFleet.setState({ loading: null, error: e instanceof Error ? e.message : String(e) });
  }
}
