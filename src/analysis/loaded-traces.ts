// A set of loaded traces and the questions the dashboard asks of them. Pure
// (no DOM, no worker API): the worker exposes an instance over Comlink, tests
// call it directly. Each trace keeps its event table, analysis and time index;
// answers are plain data, with typed arrays the worker can transfer.

import type { EventTable } from '../model/event-table.ts';
import { Kind } from '../model/kinds.ts';
import type { ParseReport } from '../model/parse-report.ts';
import type { Summary } from '../model/summary.ts';
import { ns, nsToMs, type Ms, type Ns } from '../model/units.ts';
import { TraceError } from '../parser/errors.ts';
import { contentHash } from '../parser/content-hash.ts';
import { parseTrace, type ParseOptions } from '../parser/parse.ts';
import type { ByteSource } from '../parser/source.ts';
import type { Analysis } from './analyze.ts';
import { extraRows, type ExtraRows } from './extra-rows.ts';
import { directLatency, type LatencyStats } from './latency.ts';
import { rangeRows } from './range-summary.ts';
import { analyzeParsed, buildFileReport, type FileReport } from './report.ts';
import { buildSeriesIndex, computeSeries, episodesByTask, type Series, type SeriesIndex, type SeriesRequest } from './series.ts';
import { busiestPeriods, longestEpisodes, type StallEpisode, type StallPeriod } from './stalls.ts';
import { summarize, taskName, type ProcessRow } from './summary.ts';
import { buildTimeIndex, type TimeIndex } from './time-index.ts';

interface Loaded {
  hash: string;
  table: EventTable;
  report: ParseReport;
  analysis: Analysis;
  index: TimeIndex;
  directByTask: Uint32Array;
  /** Block sums that make re-bucketing a big range cheap (series.ts). */
  seriesIndex: SeriesIndex;
  fileReport: FileReport;
}

/** What the UI keeps about a loaded trace. */
export interface TraceInfo {
  report: FileReport;
  /** Trace start and end, ns (absolute clock). */
  startNs: Ns;
  endNs: Ns;
  latency: Omit<LatencyStats, 'durationsMs'>;
  kswapdInstances: string[];
  hasCompaction: boolean;
  hasMemcg: boolean;
  /** First direct-reclaim begin or kswapd wake, ns after the trace start (0 if none): where pressure starts. */
  pressureStartNs: Ns;
  /** Content hash of the file (parser/content-hash.ts), to recognise it in a shared view. */
  hash: string;
}

export interface RangeSummary {
  summary: Summary;
  rows: ProcessRow[];
  /** How much of the range the trace covers, ms (0 for a range wholly outside it). */
  spanMs: Ms;
  /** The rows beyond the script's Summary (extra-rows.ts); absent in snapshots made before they existed. */
  extra?: ExtraRows;
}

export interface EpisodeBar {
  startNs: Ns; // relative to trace start
  endNs: Ns;
  process: string;
  order: number;
  reclaimed: number;
}

function pressureStart(table: EventTable, a: Analysis): Ns {
  for (let r = 0; r < table.length; r++) {
    const k = table.kind[r];
    if (k === Kind.DIRECT_BEGIN || k === Kind.KSWAPD_WAKE) return ns(Math.max(0, table.ts[r] - a.startNs));
  }
  return ns(0);
}

/**
 * How much of [from, to) (absolute ns) the trace [start, end] covers, ms: 0 for
 * a range wholly before or after it, never negative (a negative span made
 * every share link and comparison file of such a view invalid).
 */
export function tracedSpanMs(startNs: Ns, endNs: Ns, from: Ns, to: Ns): Ms {
  return nsToMs(ns(Math.max(0, Math.min(to, endNs) - Math.max(from, startNs))));
}

export class LoadedTraces {
  private readonly traces = new Map<string, Loaded>();

  /** `onAnalysing` is called when the file is read and the analysis starts (the card's stage). */
  async load(id: string, file: string, source: ByteSource, opts: ParseOptions & { onAnalysing?: () => void } = {}): Promise<TraceInfo> {
    const { table, report } = await parseTrace(source, opts);
    opts.onAnalysing?.();
    const hash = await contentHash(source);
    return this.adopt(id, file, table, report, hash);
  }

  /** Keeps a parsed table under an id: analysis, time and series indexes, file report. */
  adopt(id: string, file: string, table: EventTable, report: ParseReport, hash = ''): TraceInfo {
    const analysis = analyzeParsed(table, report);
    const fileReport = buildFileReport(file, table, report, analysis);
    const index = buildTimeIndex(table);
    const loaded: Loaded = {
      hash,
      table,
      report,
      analysis,
      index,
      directByTask: episodesByTask(analysis.direct),
      seriesIndex: buildSeriesIndex(table, analysis, index),
      fileReport,
    };
    this.traces.set(id, loaded);
    return this.info(id);
  }

  /** The parsed table and report of a loaded trace. */
  parsed(id: string): { table: EventTable; report: ParseReport } {
    const t = this.get(id);
    return { table: t.table, report: t.report };
  }

  has(id: string): boolean {
    return this.traces.has(id);
  }

  drop(id: string): void {
    this.traces.delete(id);
  }

  /** Table, analysis and time index of a loaded trace, for the range and event queries (explore-store.ts). */
  internals(id: string): { table: EventTable; analysis: Analysis; index: TimeIndex } {
    const t = this.get(id);
    return { table: t.table, analysis: t.analysis, index: t.index };
  }

  private get(id: string): Loaded {
    const t = this.traces.get(id);
    if (!t) throw new TraceError('unreadable', `no trace loaded under id ${id}`);
    return t;
  }

  info(id: string): TraceInfo {
    const t = this.get(id);
    const { durationsMs: _, ...latency } = directLatency(t.analysis);
    return {
      report: t.fileReport,
      startNs: t.analysis.startNs,
      endNs: t.analysis.endNs,
      latency,
      kswapdInstances: [...new Set(Array.from(t.analysis.kswapd.task))].map((task) => taskName(t.table, task)),
      hasCompaction: t.analysis.compactionBegins > 0,
      hasMemcg: t.analysis.memcgBegins + t.analysis.softlimitBegins > 0,
      pressureStartNs: pressureStart(t.table, t.analysis),
      hash: t.hash,
    };
  }

  latencySamples(id: string): Float64Array {
    return directLatency(this.get(id).analysis).durationsMs;
  }

  series(id: string, req: SeriesRequest): Series {
    const t = this.get(id);
    return computeSeries(t.table, t.analysis, t.index, req, t.directByTask, t.seriesIndex);
  }

  /** Summary of [t0, t1) ns relative to the trace start; null bounds mean the whole trace. */
  rangeSummary(id: string, t0: Ns | null, t1: Ns | null): RangeSummary {
    const t = this.get(id);
    const a = t.analysis;
    const from = ns(t0 === null ? a.startNs : a.startNs + t0);
    const to = ns(t1 === null ? a.endNs + 1 : a.startNs + t1);
    const rows = rangeRows(t.table, a, t.index, from, to);
    return { summary: summarize(rows), rows, spanMs: tracedSpanMs(a.startNs, a.endNs, from, to), extra: extraRows(t.table, a, t.index, from, to) };
  }

  stalls(id: string, limit = 20): { longest: StallEpisode[]; busiest: StallPeriod[] } {
    const t = this.get(id);
    return { longest: longestEpisodes(t.table, t.analysis, limit), busiest: busiestPeriods(t.table, t.analysis, limit) };
  }

  /** Direct-reclaim episodes overlapping [t0, t1) (relative ns), or null if there are more than limit. */
  episodes(id: string, t0: Ns, t1: Ns, limit = 3000): EpisodeBar[] | null {
    const t = this.get(id);
    const a = t.analysis;
    const ep = a.direct;
    const out: EpisodeBar[] = [];
    for (let i = 0; i < ep.length; i++) {
      const s = ns(ep.start[i] - a.startNs);
      const e = ns(ep.end[i] - a.startNs);
      if (e < t0 || s >= t1) continue;
      if (out.length >= limit) return null;
      out.push({ startNs: s, endNs: e, process: taskName(t.table, ep.task[i]), order: ep.order[i], reclaimed: ep.reclaimed[i] });
    }
    return out;
  }
}
