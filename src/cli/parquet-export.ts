// `reclaimscope export --parquet DIR [--events] [--jobs N] FILE|DIR|GLOB|- ...`:
// the traces of one run as Parquet files an engine reads (DuckDB, Spark):
// DIR/summary.parquet (one row per trace), DIR/episodes.parquet (one row per
// complete episode) and, with --events, DIR/events.parquet (every stored
// event). Columns and types: src/model/parquet-schema.ts. Written with
// hyparquet-writer: typed INT64/INT32/DOUBLE columns, dictionary-encoded
// strings, row groups of ROW_GROUP_ROWS, each flushed as it fills, so memory
// holds at most one row group per file plus the traces in flight.

import { mkdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fileWriter, ParquetWriter } from 'hyparquet-writer';
import type { EpisodeRows } from '../analysis/episode-rows.ts';
import { ABSENT, LRU_NAMES, RECLAIM_WB, SLOT_COUNT, SPEC_BY_KIND } from '../model/kinds.ts';
import {
  EPISODE_COLUMNS,
  EVENT_COLUMNS,
  EVENT_FIELD_COLUMNS,
  ROW_GROUP_ROWS,
  SUMMARY_COLUMNS,
  type ColumnSpec,
  type ColumnType,
} from '../model/parquet-schema.ts';
import { parseBatchArgs, stdinChunks } from './batch.ts';
import { expandInputs } from './inputs.ts';
import { runJobs } from './job-pool.ts';
import type { EventColumnsOut, SummaryRow } from './trace-job.ts';

type Cell = string | number | bigint | null;

const KV = [{ key: 'reclaimscope.schema', value: 'reclaimscope-parquet.v1' }];

/** One Parquet file written row group by row group. */
class TableWriter {
  private readonly writer: ParquetWriter;
  private readonly cells: Cell[][];
  private rows = 0;
  written = 0;

  constructor(
    readonly path: string,
    private readonly columns: ColumnSpec[],
  ) {
    this.cells = columns.map(() => []);
    this.writer = new ParquetWriter({
      writer: fileWriter(path),
      schema: [
        { name: 'root', num_children: columns.length },
        ...columns.map((c) => ({
          name: c.name,
          type: c.type === 'STRING' ? ('BYTE_ARRAY' as const) : c.type,
          ...(c.type === 'STRING' ? { converted_type: 'UTF8' as const } : {}),
          repetition_type: c.nullable ? ('OPTIONAL' as const) : ('REQUIRED' as const),
        })),
      ],
      kvMetadata: KV,
      createdBy: 'reclaimscope',
    });
  }

  /** Appends one row (cells in column order); a full row group is written out. */
  push(row: Cell[]): void {
    for (let c = 0; c < row.length; c++) this.cells[c].push(row[c]);
    if (++this.rows >= ROW_GROUP_ROWS) this.flush();
  }

  private flush(): void {
    if (this.rows === 0) return;
    const columnData = this.columns.map((c, i) => ({
      name: c.name,
      data: this.cells[i],
      ...(c.type === 'STRING' ? { encoding: 'RLE_DICTIONARY' as const } : {}),
    }));
    void this.writer.write({ columnData, rowGroupSize: ROW_GROUP_ROWS });
    this.written += this.rows;
    this.rows = 0;
    for (let i = 0; i < this.cells.length; i++) this.cells[i] = [];
  }

  finish(): void {
    this.flush();
    void this.writer.finish();
  }
}

function cell(type: ColumnType, v: string | number | null | undefined): Cell {
  if (v === null || v === undefined) return null;
  if (type === 'INT64') return BigInt(Math.round(Number(v)));
  if (type === 'STRING') return String(v);
  return Number(v);
}

function int64(v: number): bigint {
  return BigInt(Math.round(v));
}

function pushEpisodes(w: TableWriter, trace: string, ep: EpisodeRows): void {
  const opt = (v: number | null): bigint | null => (v === null ? null : BigInt(v));
  for (let i = 0; i < ep.length; i++)
    w.push([
      trace,
      ep.task[i],
      ep.pid[i],
      ep.kind[i],
      ep.order[i],
      int64(ep.startNs[i]),
      int64(ep.durationNs[i]),
      int64(ep.pagesScanned[i]),
      int64(ep.pagesReclaimed[i]),
      int64(ep.pagesWritten[i]),
      opt(ep.nrReclaimed[i]),
      ep.result[i],
      ep.gfpFlags[i],
    ]);
}

const WB_NAMES = Object.entries(RECLAIM_WB).map(([name, bit]) => [`RECLAIM_WB_${name}`, bit] as const);

/**
 * For each kind, where each field column's value is: a slot (`slot` >= 0), an
 * extra field (`extra` >= 0, kinds.ts) or neither; and how it is typed.
 */
const FIELD_SLOTS: { slot: number; extra: number; type: string }[][] = (() => {
  const out: { slot: number; extra: number; type: string }[][] = [];
  for (const spec of SPEC_BY_KIND) {
    if (!spec) continue;
    out[spec.kind] = EVENT_FIELD_COLUMNS.map((c) => {
      const slot = spec.fields.findIndex((f) => f.key === c.key);
      const extra = slot >= 0 ? -1 : (spec.extra?.findIndex((f) => f.key === c.key) ?? -1);
      return { slot: slot < SLOT_COUNT ? slot : -1, extra, type: slot >= 0 ? spec.fields[slot].type : 'int' };
    });
  }
  return out;
})();

function pushEvents(w: TableWriter, trace: string, ev: EventColumnsOut): void {
  // rows of each kind's extras are ascending: one cursor per kind walks them with the rows
  const cursor = new Int32Array(ev.extras.length);
  for (let r = 0; r < ev.length; r++) {
    const k = ev.kind[r];
    const t = ev.task[r];
    const row: Cell[] = [trace, BigInt(r), int64(ev.ts[r]), ev.cpu[r], ev.taskComm[t], ev.taskPid[t], SPEC_BY_KIND[k]?.names[0] ?? 'unknown'];
    const slots = FIELD_SLOTS[k];
    const x = ev.extras[k] ?? null;
    const xi = x && cursor[k] < x.length && x.rows[cursor[k]] === r ? cursor[k]++ : -1;
    for (let c = 0; c < EVENT_FIELD_COLUMNS.length; c++) {
      const f = slots?.[c];
      let v = ABSENT;
      if (f && f.slot >= 0) v = ev.slots[f.slot][r];
      else if (f && f.extra >= 0 && xi >= 0) v = x!.cols[f.extra]?.[xi] ?? ABSENT;
      if (v === ABSENT) {
        row.push(null);
        continue;
      }
      let value: string | number;
      if (f!.type === 'str') value = v >= 0 ? ev.strings[v] : '';
      else if (f!.type === 'lru') value = LRU_NAMES[v] ?? String(v);
      else if (f!.type === 'rflags') value = WB_NAMES.filter(([, bit]) => v & bit).map(([n]) => n).join('|') || '0';
      else value = v;
      row.push(cell(EVENT_FIELD_COLUMNS[c].type, value));
    }
    w.push(row);
  }
}

const EXPORT_USAGE = 'usage: reclaimscope export --parquet DIR [--events] [--jobs N] [--ignore-pid] [--kernel-compat] [--ns] FILE|DIR|GLOB|- ...';

export async function exportParquet(argv: string[], out: NodeJS.WritableStream, err: NodeJS.WritableStream): Promise<number> {
  let dir: string | undefined;
  let events = false;
  const args = parseBatchArgs(argv, (a, next) => {
    if (a === '--parquet') dir = next();
    else if (a.startsWith('--parquet=')) dir = a.slice(10);
    else if (a === '--events') events = true;
    else return false;
    return true;
  });
  if (typeof args === 'string' || !dir) {
    err.write(`${typeof args === 'string' ? args : 'reclaimscope: export needs --parquet DIR'}\n${EXPORT_USAGE}\n`);
    return 2;
  }
  await mkdir(dir, { recursive: true });
  // Written under temporary names, renamed at the end: a run that stops leaves no half file under the real name.
  const tmp = (name: string): string => join(dir!, `.${name}.partial`);
  const episodes = new TableWriter(tmp('episodes.parquet'), EPISODE_COLUMNS);
  const eventsW = events ? new TableWriter(tmp('events.parquet'), EVENT_COLUMNS) : null;
  const summaries: SummaryRow[] = [];
  let failed = 0;
  try {
    await runJobs(
      expandInputs(args.inputs, stdinChunks),
      args.jobs,
      { mode: 'export', groupBy: args.groupBy, kernelCompat: args.kernelCompat, ns: args.ns, events },
      (r) => {
        if (!r.ok) {
          failed++;
          err.write(`reclaimscope: ${r.file}: ${r.error.message}\n`);
          return;
        }
        if (!('summary' in r)) return;
        summaries.push(r.summary);
        pushEpisodes(episodes, r.file, r.episodes);
        if (eventsW && r.events) pushEvents(eventsW, r.file, r.events);
      },
    );
    episodes.finish();
    eventsW?.finish();
    // summary.parquet: rows by file name; the settings any trace recorded become columns after the fixed ones.
    summaries.sort((a, b) => (String(a.file) < String(b.file) ? -1 : String(a.file) > String(b.file) ? 1 : 0));
    const fixed = new Set(SUMMARY_COLUMNS.map((c) => c.name));
    const settings = [...new Set(summaries.flatMap((s) => Object.keys(s).filter((k) => !fixed.has(k))))].sort();
    const columns: ColumnSpec[] = [...SUMMARY_COLUMNS, ...settings.map((name) => ({ name, type: 'STRING' as const, nullable: true, description: 'a recorded setting' }))];
    const summary = new TableWriter(tmp('summary.parquet'), columns);
    for (const s of summaries) summary.push(columns.map((c) => cell(c.type, s[c.name])));
    summary.finish();
    for (const w of [summary, episodes, eventsW]) if (w) await rename(w.path, join(dir, w.path.slice(dir.length + 2, -'.partial'.length)));
    out.write(
      `reclaimscope: ${summaries.length} trace(s) written to ${dir}: summary.parquet (${summary.written} rows), episodes.parquet (${episodes.written} rows)` +
        (eventsW ? `, events.parquet (${eventsW.written} rows)` : '') +
        (failed ? `; ${failed} could not be read` : '') +
        '\n',
    );
  } finally {
    for (const name of ['summary.parquet', 'episodes.parquet', 'events.parquet']) await rm(tmp(name), { force: true });
  }
  return failed > 0 ? 1 : 0;
}
