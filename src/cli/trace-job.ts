// One trace, start to finish, for the batch commands (`report --format ndjson`,
// `export --parquet`): read it, analyse it, and hand back either its `--json`
// object as one line or what the Parquet files need (a summary row, its
// episodes as rows, its event columns). Runs on the main thread or in a job
// worker (job-pool.ts); the result is plain data that crosses threads.

import type { EventColumns } from '../model/event-table.ts';
import { analyzeParsed, buildFileReport, type FileReport } from '../analysis/report.ts';
import { episodeRows, type EpisodeRows } from '../analysis/episode-rows.ts';
import type { GroupBy } from '../analysis/summary.ts';
import { EXTRA_NUMERIC_KEYS, settingColumn } from '../model/parquet-schema.ts';
import { SUMMARY_KEYS } from '../model/summary.ts';
import { contentHash } from '../parser/content-hash.ts';
import { isTraceError, TraceError } from '../parser/errors.ts';
import { parseTrace } from '../parser/parse.ts';
import { fsMessage, openFileSource } from './node-source.ts';

export interface JobOptions {
  mode: 'ndjson' | 'export';
  groupBy: GroupBy;
  kernelCompat: boolean;
  ns: boolean;
  /** export: also hand back the event columns (events.parquet) */
  events: boolean;
}

export type SummaryRow = Record<string, string | number | null>;

/** The event table's columns and side tables, as plain data (events.parquet). */
export interface EventColumnsOut extends EventColumns {
  taskComm: string[];
  taskPid: number[];
  strings: string[];
}

export type JobResult =
  | { file: string; ok: true; line: string }
  | { file: string; ok: true; summary: SummaryRow; episodes: EpisodeRows; events: EventColumnsOut | null }
  | { file: string; ok: false; error: { code: string; message: string }; line: string };

/** The error object of a trace that could not be read: the element `report --json` prints for it. */
export function errorResult(file: string, code: string, message: string): JobResult {
  const error = { code, message };
  return { file, ok: false, error, line: JSON.stringify({ file, error }) };
}

/** The recorded header of `reclaimscope record` (issue 12), where a report carries one. */
interface Recorded {
  kernel?: unknown;
  sysctl?: Record<string, unknown>;
}

/** summary.parquet's row for one report (columns in parquet-schema.ts). */
export function summaryRow(report: FileReport, hash: string, bytes: number, uname: string | null): SummaryRow {
  const row: SummaryRow = {
    file: report.file,
    content_hash: hash,
    format: report.format,
    capture: report.capture,
    compression: report.compression,
    bytes,
    events: report.events,
    kernel_release: null,
    hostname: null,
  };
  // trace.dat's UNAME option: "sysname nodename release machine" (trace-cmd's tracecmd_add_option(UNAME)).
  const u = uname?.split(/\s+/);
  if (u && u.length >= 3) {
    row.hostname = u[1];
    row.kernel_release = u[2];
  }
  const recorded = (report as FileReport & { recorded?: Recorded }).recorded;
  if (recorded && typeof recorded.kernel === 'string' && recorded.kernel) row.kernel_release = recorded.kernel;
  for (const [k, v] of Object.entries(recorded?.sysctl ?? {})) if (v !== null && v !== undefined) row[settingColumn(k)] = String(v);
  for (const k of SUMMARY_KEYS) row[k] = report.summary[k];
  for (const [k] of EXTRA_NUMERIC_KEYS) row[k] = report.extra[k] ?? null;
  return row;
}

export async function runJob(file: string, opts: JobOptions): Promise<JobResult> {
  let uname: string | null = null;
  try {
    const src = await openFileSource(file).catch((e) => {
      throw new TraceError('unreadable', fsMessage(e));
    });
    try {
      const parsed = await parseTrace(src, { timeResolution: opts.ns ? 'ns' : 'us', onUname: (u) => (uname = u) }).catch((e) => {
        if (!(e instanceof TraceError) && (e as NodeJS.ErrnoException)?.code) throw new TraceError('unreadable', fsMessage(e));
        throw e;
      });
      const analysis = analyzeParsed(parsed.table, parsed.report);
      const report = buildFileReport(file, parsed.table, parsed.report, analysis, { groupBy: opts.groupBy, kernelCompat: opts.kernelCompat });
      if (opts.mode === 'ndjson') return { file, ok: true, line: JSON.stringify(report) };
      const t = parsed.table;
      return {
        file,
        ok: true,
        summary: summaryRow(report, await contentHash(src), src.size, uname),
        episodes: episodeRows(t, analysis),
        events: opts.events
          ? {
              length: t.length,
              ts: t.ts,
              task: t.task,
              cpu: t.cpu,
              kind: t.kind,
              slots: t.slots,
              extras: t.extras,
              taskComm: t.tasks.comm.map((c) => t.strings.get(c)),
              taskPid: t.tasks.pid,
              strings: t.strings.values,
            }
          : null,
      };
    } finally {
      await src.close();
    }
  } catch (e) {
    const code = isTraceError(e) ? e.code : 'internal';
    const message = isTraceError(e) ? e.message : `internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`;
    return errorResult(file, code, message);
  }
}

/** Buffers of a result to move (not copy) to the main thread. */
export function transferList(r: JobResult): ArrayBuffer[] {
  if (!r.ok || !('episodes' in r)) return [];
  const out = new Set<ArrayBuffer>();
  const add = (a: ArrayBufferView): void => void out.add(a.buffer as ArrayBuffer);
  const ep = r.episodes;
  for (const a of [ep.pid, ep.startNs, ep.durationNs, ep.pagesScanned, ep.pagesReclaimed, ep.pagesWritten]) add(a);
  if (r.events) {
    for (const a of [r.events.ts, r.events.task, r.events.cpu, r.events.kind, ...r.events.slots]) add(a);
    for (const x of r.events.extras) if (x) for (const a of [x.rows, ...x.cols]) if (a) add(a);
  }
  return [...out];
}
