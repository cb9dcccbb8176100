// Adapter from per-variant extra rows (analysis/extra-rows.ts) to the
// comparison table's second block, "Beyond the script's Summary": memcg and
// soft-limit reclaim, node reclaim, throttling per reason, compaction per
// result, kcompactd wakeups, pages reclaimed as direct reclaim reports them at
// its end (total, mean and max per episode) and reclaim efficiency.

import type { ExtraRows } from '../../analysis/extra-rows.ts';
import { reclaimEfficiency } from '../../analysis/extra-rows.ts';
import type { FileReport } from '../../analysis/report.ts';
import type { Summary } from '../../model/summary.ts';
import { rowCells, type TableRow } from '../../share/summary-rows.ts';
import type { Direction } from '../../share/tone.ts';

export interface ExtraColumn {
  /** null: this variant's numbers are not known (a snapshot made before these rows existed). */
  extra: ExtraRows | null;
  summary: Summary;
  seconds: number;
  traced: boolean;
}

/** The whole-trace extra rows of a file report (null when it predates them). */
export function extraOfReport(e: FileReport['extra']): ExtraRows | null {
  if (e.memcgPagesScanned === undefined || e.throttledByReason === undefined || e.compactionByResult === undefined) return null;
  return {
    memcgReclaims: e.memcgReclaims,
    softlimitReclaims: e.softlimitReclaims,
    memcgStallMs: e.memcgStallMs,
    softlimitStallMs: e.softlimitStallMs ?? 0,
    memcgPagesScanned: e.memcgPagesScanned,
    memcgPagesReclaimed: e.memcgPagesReclaimed ?? 0,
    nodeReclaims: e.nodeReclaims,
    nodeStallMs: e.nodeStallMs ?? 0,
    throttledEvents: e.throttledEvents,
    throttledMs: e.throttledMs,
    throttledByReason: e.throttledByReason,
    compactionByResult: e.compactionByResult,
    kcompactdWakeups: e.kcompactdWakeups ?? 0,
    directReclaimedByEnd: e.directReclaimedByEnd,
    directEpisodesEnded: e.directEpisodesEnded ?? 0,
    directReclaimedPerEpisodeMean: e.directReclaimedPerEpisodeMean ?? 0,
    directReclaimedPerEpisodeMax: e.directReclaimedPerEpisodeMax ?? 0,
  };
}

interface Spec {
  key: string;
  label: string;
  unit: 'count' | 'pages' | 'ms' | '%';
  direction: Direction;
  /** Per-second in rate mode (totals); means, maxima and ratios stay as they are. */
  rate: boolean;
  get: (x: ExtraRows, s: Summary) => number | null;
}

function specs(cols: ExtraColumn[]): Spec[] {
  const reasons = [...new Set(cols.flatMap((c) => Object.keys(c.extra?.throttledByReason ?? {})))].sort();
  const results = [...new Set(cols.flatMap((c) => Object.keys(c.extra?.compactionByResult ?? {})))].sort();
  const lower = 'lower' as const;
  return [
    { key: 'memcgReclaims', label: 'Memcg reclaims', unit: 'count', direction: lower, rate: true, get: (x) => x.memcgReclaims },
    { key: 'softlimitReclaims', label: 'Soft-limit reclaims', unit: 'count', direction: lower, rate: true, get: (x) => x.softlimitReclaims },
    { key: 'memcgStallMs', label: 'Time stalled memcg reclaim', unit: 'ms', direction: lower, rate: true, get: (x) => x.memcgStallMs },
    { key: 'softlimitStallMs', label: 'Time stalled soft-limit reclaim', unit: 'ms', direction: lower, rate: true, get: (x) => x.softlimitStallMs },
    { key: 'memcgPagesScanned', label: 'Memcg reclaim pages scanned', unit: 'pages', direction: 'neutral', rate: true, get: (x) => x.memcgPagesScanned },
    { key: 'memcgPagesReclaimed', label: 'Memcg reclaim pages reclaimed', unit: 'pages', direction: 'neutral', rate: true, get: (x) => x.memcgPagesReclaimed },
    { key: 'nodeReclaims', label: 'Node reclaims', unit: 'count', direction: lower, rate: true, get: (x) => x.nodeReclaims },
    { key: 'nodeStallMs', label: 'Time in node reclaim', unit: 'ms', direction: lower, rate: true, get: (x) => x.nodeStallMs },
    { key: 'throttledEvents', label: 'Reclaim throttled (mm_vmscan_throttled)', unit: 'count', direction: lower, rate: true, get: (x) => x.throttledEvents },
    { key: 'throttledMs', label: 'Time throttled', unit: 'ms', direction: lower, rate: true, get: (x) => x.throttledMs },
    ...reasons.flatMap((r): Spec[] => [
      { key: `throttled:${r}`, label: `Throttled ${r}`, unit: 'count', direction: lower, rate: true, get: (x) => x.throttledByReason[r]?.events ?? 0 },
      { key: `throttledMs:${r}`, label: `Time throttled ${r}`, unit: 'ms', direction: lower, rate: true, get: (x) => x.throttledByReason[r]?.ms ?? 0 },
    ]),
    ...results.flatMap((r): Spec[] => [
      { key: `compaction:${r}`, label: `Compaction stalls ${r}`, unit: 'count', direction: lower, rate: true, get: (x) => x.compactionByResult[r]?.stalls ?? 0 },
      { key: `compactionMs:${r}`, label: `Time compacting ${r}`, unit: 'ms', direction: lower, rate: true, get: (x) => x.compactionByResult[r]?.ms ?? 0 },
    ]),
    { key: 'kcompactdWakeups', label: 'Kcompactd wakeups', unit: 'count', direction: lower, rate: true, get: (x) => x.kcompactdWakeups },
    { key: 'directReclaimedByEnd', label: 'Direct reclaim pages reclaimed (by direct_reclaim_end)', unit: 'pages', direction: 'neutral', rate: true, get: (x) => x.directReclaimedByEnd },
    { key: 'directReclaimedPerEpisodeMean', label: 'Direct reclaim pages reclaimed per episode, mean', unit: 'pages', direction: 'neutral', rate: false, get: (x) => x.directReclaimedPerEpisodeMean },
    { key: 'directReclaimedPerEpisodeMax', label: 'Direct reclaim pages reclaimed per episode, max', unit: 'pages', direction: 'neutral', rate: false, get: (x) => x.directReclaimedPerEpisodeMax },
    { key: 'directEfficiency', label: 'Direct reclaim efficiency (reclaimed / scanned)', unit: '%', direction: 'higher', rate: false, get: (_x, s) => reclaimEfficiency(s).direct },
    { key: 'kswapdEfficiency', label: 'Kswapd reclaim efficiency (reclaimed / scanned)', unit: '%', direction: 'higher', rate: false, get: (_x, s) => reclaimEfficiency(s).kswapd },
  ];
}

/** Rows of the extra block; a value that cannot be known (efficiency with nothing scanned) is shown as a dash. */
export function extraTable(cols: ExtraColumn[], baselineIndex: number, rates: boolean): TableRow[] {
  return specs(cols).map((sp) => {
    const values = cols.map((c) => {
      if (!c.traced || !c.extra) return null;
      const v = sp.get(c.extra, c.summary);
      if (v === null) return NaN;
      return rates && sp.rate ? (c.seconds > 0 ? v / c.seconds : 0) : v;
    });
    const unit = rates && sp.rate ? (sp.unit === 'ms' ? 'ms/s' : `${sp.unit}/s`) : sp.unit;
    const cells = rowCells(
      values.map((v) => (v !== null && Number.isNaN(v) ? null : v)),
      baselineIndex,
      sp.unit,
      sp.direction,
      rates && sp.rate,
    ).map((c, i) => {
      const col = cols[i];
      if (col.traced && !col.extra) return { ...c, text: 'not in this snapshot' };
      if (col.traced && Number.isNaN(values[i] ?? 0)) return { ...c, value: NaN, text: '—' };
      return c;
    });
    return { key: sp.key, label: sp.label, unit, cells };
  });
}
