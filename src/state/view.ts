// The view store: what part of the traces is looked at and how. The visible
// range is in ns relative to each trace's start (alignment 'start'); null
// means the whole trace. Zoom history is a stack of earlier ranges.

import { create } from 'zustand';
import { ns, type Ns } from '../model/units.ts';
import { DEFAULT_VIEW, METRICS, type Alignment, type Metric, type Offsets, type Range } from '../share/view-model.ts';
import { useShallow } from 'zustand/react/shallow';
import type { TimeAxis } from '../analysis/timeline.ts';

export { DEFAULT_VIEW, METRICS };
export type { Alignment, Metric, Range };

export interface ViewState {
  range: Range | null;
  align: Alignment;
  /** Per-variant shift of time zero, ms, by trace content hash (analysis/timeline.ts). */
  offsets: Offsets;
  history: (Range | null)[];
  /** Bucket width the user chose; 0 = auto (round widths, about 300 across the visible span: analysis/bucket-grid.ts). */
  bucketNs: Ns;
  metrics: Metric[];
  /** Comparison table: totals or per second of traced time. */
  rates: boolean;
  /** Every section (Summary, latency, tables, stall list): the visible range (default) or the whole trace. */
  tableScope: 'whole' | 'view';
  processFilter: string;
  setRange: (r: Range | null) => void;
  /** Zooms to [a, b] in aligned ns (either order), from a drag, a key or typed seconds. */
  zoomTo: (r: readonly [number, number]) => void;
  back: () => void;
  reset: () => void;
  set: (patch: Partial<Pick<ViewState, 'bucketNs' | 'metrics' | 'rates' | 'tableScope' | 'processFilter' | 'align'>>) => void;
  /** Sets one variant's offset (ms; 0 removes it). */
  setOffset: (hash: string, ms: number) => void;
}

export const useView = create<ViewState>()((set) => ({
  ...DEFAULT_VIEW,
  history: [],
  setRange: (range) => set({ range }),
  zoomTo: (r) =>
    set((s) => {
      const lo = Math.min(r[0], r[1]);
      const hi = Math.max(r[0], r[1]);
      if (hi - lo < 1000) return s; // below a microsecond there is nothing to see
      return { range: [ns(lo), ns(hi)], history: [...s.history, s.range] };
    }),
  back: () =>
    set((s) => (s.history.length ? { range: s.history[s.history.length - 1], history: s.history.slice(0, -1) } : s)),
  reset: () => set((s) => (s.range === null ? s : { range: null, history: [...s.history, s.range] })),
  set: (patch) => set(patch),
  setOffset: (hash, ms) =>
    set((s) => {
      const offsets = { ...s.offsets };
      if (ms === 0 || !Number.isFinite(ms)) delete offsets[hash];
      else offsets[hash] = ms;
      return { offsets };
    }),
}));

/** The alignment and the offsets: what places each variant on the time axis. */
export function useTimeAxis(): TimeAxis {
  return useView(useShallow((s) => ({ align: s.align, offsets: s.offsets })));
}
