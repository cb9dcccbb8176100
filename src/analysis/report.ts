// The per-file report: everything the CLI's --json prints and the app shows
// for one trace, computed from the parsed table by the pure analysis modules.

import type { EventTable } from '../model/event-table.ts';
import type { ParseReport } from '../model/parse-report.ts';
import type { Recorded } from '../model/recorded.ts';
import type { Extra, Summary } from '../model/summary.ts';
import { ns, nsToMs, nsToSec } from '../model/units.ts';
import { analyze, type Analysis, type Anomalies, type Fixes } from './analyze.ts';
import { extraRows, reclaimEfficiency, type ExtraRows } from './extra-rows.ts';
import { extraOf, processRows, summarize, taskName, type GroupBy, type ProcessRow } from './summary.ts';

/** Pages scanned, reclaimed and written, as both the process and the kswapd tables count them. */
export interface PageCounts {
  pagesScanned: number;
  filePagesScanned: number;
  anonPagesScanned: number;
  pagesReclaimed: number;
  filePagesReclaimed: number;
  anonPagesReclaimed: number;
  writeFileSync: number;
  writeAnonSync: number;
  writeFileAsync: number;
  writeAnonAsync: number;
}

export interface ProcessJson extends PageCounts {
  process: string;
  directReclaims: number;
  wakeKswapdRequests: number;
  stallMs: number;
  directPerOrder: Record<string, number>;
  wakeupPerOrder: Record<string, number>;
}

export interface KswapdJson extends PageCounts {
  instance: string;
  wakeups: number;
  rewakeups: number;
  awakeMs: number;
  wakePerOrder: Record<string, number>;
  rewakePerOrder: Record<string, number>;
}

function pageCounts(r: ProcessRow): PageCounts {
  return {
    pagesScanned: r.pagesScanned,
    filePagesScanned: r.filePagesScanned,
    anonPagesScanned: r.anonPagesScanned,
    pagesReclaimed: r.pagesReclaimed,
    filePagesReclaimed: r.filePagesReclaimed,
    anonPagesReclaimed: r.anonPagesReclaimed,
    writeFileSync: r.writeFileSync,
    writeAnonSync: r.writeAnonSync,
    writeFileAsync: r.writeFileAsync,
    writeAnonAsync: r.writeAnonAsync,
  };
}

export interface OpenJson {
  type: string;
  process: string;
  startS: number;
  openMs: number;
  order: number;
}

export interface FileReport {
  file: string;
  format: string | null;
  capture: string | null;
  compression: string;
  events: number;
  summary: Summary;
  processes: ProcessJson[];
  kswapd: KswapdJson[];
  extra: Extra & {
    openAtEndDetail: OpenJson[];
    lostEventsByCpu: Record<string, number>;
    tracedMs: number;
    memcgEpisodes: number;
    /** Completed compaction episodes by the status of their mm_compaction_end (success, partial_skipped, ...). */
    compactionByStatus: Record<string, number>;
    softlimitReclaims: number;
    nodeReclaims: number;
    throttledEvents: number;
    throttledMs: number;
    /** How often each of the four fixes changed something (fixtures/README.md). */
    fixes: Fixes;
    anomalies: Anomalies;
  } & Partial<ExtraJson>; // absent in comparison files made before these keys existed
  /**
   * The run's settings and outcome from a `reclaimscope record` header; null
   * for other traces (always set here; absent only in comparison files made
   * before it existed).
   */
  recorded?: Recorded | null;
  parseReport: Omit<ParseReport, 'recorded'>;
}

/** The extra rows (extra-rows.ts) over the whole trace, as `extra` keys beside the older ones. */
export type ExtraJson = Omit<ExtraRows, 'memcgReclaims' | 'memcgStallMs' | 'softlimitReclaims' | 'nodeReclaims' | 'throttledEvents' | 'throttledMs' | 'directReclaimedByEnd'> & {
  /** Pages reclaimed / pages scanned, %, of the Summary's direct and kswapd rows (null when none scanned). */
  directReclaimEfficiency: number | null;
  kswapdReclaimEfficiency: number | null;
};

export interface ReportOptions {
  groupBy?: GroupBy;
  kernelCompat?: boolean;
}

export function analyzeParsed(table: EventTable, report: ParseReport): Analysis {
  const at = (t: number | null) => (t === null ? undefined : ns(t));
  return analyze(table, { startNs: at(report.firstTsNs), endNs: at(report.lastTsNs) });
}

export function processJson(r: ProcessRow): ProcessJson {
  return {
    process: r.name,
    directReclaims: r.directReclaims,
    wakeKswapdRequests: r.wakeKswapdRequests,
    ...pageCounts(r),
    stallMs: nsToMs(ns(r.stallNs)),
    directPerOrder: r.directPerOrder,
    wakeupPerOrder: r.wakeupPerOrder,
  };
}

export function kswapdJson(r: ProcessRow): KswapdJson {
  return {
    instance: r.name,
    wakeups: r.kswapdWakeups,
    rewakeups: r.kswapdRewakeups,
    ...pageCounts(r),
    awakeMs: nsToMs(ns(r.awakeNs)),
    wakePerOrder: r.kswapdWakePerOrder,
    rewakePerOrder: r.rewakePerOrder,
  };
}

function countLabels(table: EventTable, labels: Int32Array): Record<string, number> {
  const out: Record<string, number> = {};
  for (const l of labels) {
    const k = l >= 0 ? table.strings.get(l) : 'unknown';
    out[k] = (out[k] ?? 0) + 1;
  }
  return out;
}

export function byName<T>(key: (t: T) => string): (a: T, b: T) => number {
  return (a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0);
}

export function buildFileReport(
  file: string,
  table: EventTable,
  parseReport: ParseReport,
  analysis: Analysis,
  opts: ReportOptions = {},
): FileReport {
  const rows = processRows(table, analysis, opts);
  const extra = extraOf(analysis, parseReport.lost.total);
  const summary = summarize(rows);
  const more = extraRows(table, analysis, null, analysis.startNs, analysis.endNs + 1);
  const eff = reclaimEfficiency(summary);
  const { recorded, ...rest } = parseReport;
  return {
    file,
    format: parseReport.format,
    capture: parseReport.capture,
    compression: parseReport.compression,
    events: parseReport.events,
    summary,
    processes: rows.filter((r) => r.directReclaims > 0).map(processJson).sort(byName((p) => p.process)),
    kswapd: rows.filter((r) => r.kswapdWakeups > 0).map(kswapdJson).sort(byName((k) => k.instance)),
    extra: {
      ...extra,
      openAtEndDetail: analysis.open.map((o) => ({
        type: o.type,
        process: taskName(table, o.task),
        startS: nsToSec(o.startNs),
        openMs: nsToMs(o.openNs),
        order: o.order,
      })),
      lostEventsByCpu: parseReport.lost.byCpu,
      tracedMs: nsToMs(ns(analysis.endNs - analysis.startNs)),
      memcgEpisodes: analysis.memcg.length,
      compactionByStatus: countLabels(table, analysis.compaction.label),
      softlimitReclaims: analysis.softlimitBegins,
      nodeReclaims: analysis.nodeBegins,
      throttledEvents: analysis.throttledEvents,
      throttledMs: analysis.throttledUs / 1000,
      fixes: analysis.fixes,
      anomalies: analysis.anomalies,
      memcgPagesScanned: more.memcgPagesScanned,
      memcgPagesReclaimed: more.memcgPagesReclaimed,
      softlimitStallMs: more.softlimitStallMs,
      nodeStallMs: more.nodeStallMs,
      throttledByReason: more.throttledByReason,
      compactionByResult: more.compactionByResult,
      kcompactdWakeups: more.kcompactdWakeups,
      directEpisodesEnded: more.directEpisodesEnded,
      directReclaimedPerEpisodeMean: more.directReclaimedPerEpisodeMean,
      directReclaimedPerEpisodeMax: more.directReclaimedPerEpisodeMax,
      directReclaimEfficiency: eff.direct,
      kswapdReclaimEfficiency: eff.kswapd,
    },
    recorded,
    parseReport: rest,
  };
}
