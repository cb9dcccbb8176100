// Reads a summary.parquet written by `reclaimscope export --parquet` (one row
// per trace) in the browser, with hyparquet, loaded only when such a file is
// opened so that the main bundle does not carry a Parquet reader. The file is
// untrusted input: its columns are checked against src/model/parquet-schema.ts
// and a missing one is named. INT64 values become numbers.

import { SUMMARY_COLUMNS } from '../model/parquet-schema.ts';
import { SUMMARY_KEYS } from '../model/summary.ts';
import type { FleetRow } from '../analysis/fleet-groups.ts';

export interface FleetTable {
  name: string;
  rows: FleetRow[];
  /** columns whose values are text (kernel release, settings, capture, file...) in file order */
  textColumns: string[];
  /** columns whose values are numbers, in file order */
  numericColumns: string[];
}

/** Parquet files start and end with these four bytes (the format's magic). */
export function looksLikeParquet(head: Uint8Array): boolean {
  return head.length >= 4 && head[0] === 0x50 && head[1] === 0x41 && head[2] === 0x52 && head[3] === 0x31;
}

/** At most this many traces are read: the table is for comparing groups, not for a million rows (use DuckDB). */
const MAX_ROWS = 200_000;

export async function readFleetSummary(name: string, bytes: ArrayBuffer): Promise<FleetTable> {
  const { parquetMetadata, parquetReadObjects, parquetSchema } = await import('hyparquet');
  let meta;
  try {
    meta = parquetMetadata(bytes);
  } catch (e) {
    throw new Error(`${name} is not a readable Parquet file: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
  const columns = parquetSchema(meta).children.map((c) => c.element);
  const names = new Set(columns.map((c) => c.name));
  if (names.has('duration_ns') && names.has('kind')) throw new Error(`${name} is reclaimscope's episodes.parquet: open the summary.parquet beside it`);
  if (names.has('ts_ns') && names.has('event')) throw new Error(`${name} is reclaimscope's events.parquet: open the summary.parquet beside it`);
  const missing = ['file', ...SUMMARY_KEYS].filter((k) => !names.has(k));
  if (missing.length)
    throw new Error(
      `${name} is not a reclaimscope summary.parquet: it has no column ${missing.slice(0, 3).join(', ')}${missing.length > 3 ? ` (and ${missing.length - 3} more)` : ''}`,
    );
  if (Number(meta.num_rows) > MAX_ROWS) throw new Error(`${name} holds ${meta.num_rows} traces; the app reads at most ${MAX_ROWS} (query more with DuckDB, see the README)`);
  const raw = await parquetReadObjects({ file: bytes });
  const numeric = new Set<string>();
  const text = new Set<string>();
  for (const c of columns) {
    if (c.type === 'BYTE_ARRAY') text.add(c.name);
    else if (c.type === 'INT32' || c.type === 'INT64' || c.type === 'DOUBLE' || c.type === 'FLOAT') numeric.add(c.name);
  }
  const rows: FleetRow[] = raw.map((r) => {
    const row: FleetRow = {};
    for (const [k, v] of Object.entries(r)) {
      if (typeof v === 'bigint') row[k] = Number(v);
      else if (typeof v === 'number' || typeof v === 'string' || v === null) row[k] = v;
      else if (v !== undefined) row[k] = String(v);
    }
    return row;
  });
  for (const key of SUMMARY_KEYS)
    if (!numeric.has(key)) throw new Error(`${name}: column ${key} holds ${columns.find((c) => c.name === key)?.type ?? 'no'} values, not numbers`);
  // keep the schema's order for the known columns, then the rest (settings) as the file has them
  const order = [...SUMMARY_COLUMNS.map((c) => c.name).filter((n) => names.has(n)), ...columns.map((c) => c.name).filter((n) => !SUMMARY_COLUMNS.some((s) => s.name === n))];
  return {
    name,
    rows,
    textColumns: order.filter((n) => text.has(n)),
    numericColumns: order.filter((n) => numeric.has(n)),
  };
}
