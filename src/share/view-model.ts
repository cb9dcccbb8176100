// What a view of a comparison is made of, as the URL and snapshots carry it:
// the charts that can be shown and the defaults a link leaves out. The view
// store (state/view.ts) builds on it; it lives here, below the store, because
// the URL codec and the snapshot format need it too.

import type { Alignment, Offsets, Range } from '../analysis/timeline.ts';
import { ns } from '../model/units.ts';

export type { Alignment, Offsets, Range };

export const METRICS = ['stall', 'kswapd', 'writeback', 'scan', 'compaction'] as const;
export type Metric = (typeof METRICS)[number];

export const DEFAULT_VIEW = {
  range: null as Range | null,
  align: 'start' as Alignment,
  /** Each variant's typed shift of its time zero, ms, by trace content hash (URL version 4). */
  offsets: {} as Offsets,
  /** Bucket width the user chose; 0 = auto (analysis/bucket-grid.ts). URL key `bk`, a snapshot's view.buckets. */
  bucketNs: ns(0),
  metrics: [...METRICS] as Metric[],
  rates: false,
  /** Every section (Summary, latency, tables, stall list) follows the visible range unless 'whole' (URL version 2). */
  tableScope: 'view' as 'whole' | 'view',
  processFilter: '',
};
