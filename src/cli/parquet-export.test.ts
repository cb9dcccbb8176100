// `export --parquet DIR`: the files read back by DuckDB (@duckdb/node-api).
// summary.parquet's rows equal `report --json` for every real fixture (and
// its Summary the independent expected.json); episodes.parquet's direct rows
// give the analysis's episode count, stall total and p99; events.parquet holds
// every stored event; the columns are typed and strings dictionary-encoded;
// public/reclaimscope-parquet.v1.schema.json is generated from the schema.

import { mkdtempSync, readFileSync, rmSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { directLatency } from '../analysis/latency.ts';
import { analyzeParsed } from '../analysis/report.ts';
import { EPISODE_COLUMNS, EVENT_COLUMNS, EXTRA_NUMERIC_KEYS, parquetSchemaDocument, ROW_GROUP_ROWS, SUMMARY_COLUMNS } from '../model/parquet-schema.ts';
import { SUMMARY_KEYS } from '../model/summary.ts';
import { contentHash } from '../parser/content-hash.ts';
import { bufferSource } from '../parser/source.ts';
import { parseTrace } from '../parser/parse.ts';
import { realTraces, ROOT, storedBytes } from '../test-support/real-traces.ts';
import { main } from './main.ts';

class Sink extends Writable {
  text = '';
  override _write(chunk: Buffer | string, _enc: BufferEncoding, cb: () => void): void {
    this.text += String(chunk);
    cb();
  }
}

async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out = new Sink();
  const err = new Sink();
  const code = await main(argv, out, err);
  return { code, out: out.text, err: err.text };
}

const real = realTraces();
const DATS = ['fixtures/real-6.18/tracecmd-writeback.dat', 'fixtures/real-6.18/tracecmd-writeback.v6.dat.gz'];
const PATHS = [...real.map((t) => t.path), ...DATS];
const tmp = mkdtempSync(join(tmpdir(), 'reclaimscope-parquet-'));
const dir = join(tmp, 'out');
let db: DuckDBConnection;
let exported: { code: number; out: string; err: string };

async function rows(sql: string): Promise<Record<string, unknown>[]> {
  return (await db.runAndReadAll(sql)).getRowObjectsJS() as Record<string, unknown>[];
}

beforeAll(async () => {
  exported = await run(['export', '--parquet', dir, '--events', '--jobs', '2', ...PATHS.map((p) => `${ROOT}${p}`)]);
  db = await (await DuckDBInstance.create(':memory:')).connect();
}, 120_000);
afterAll(() => {
  db?.closeSync();
  rmSync(tmp, { recursive: true, force: true });
});

describe('export --parquet', () => {
  it('writes summary, episodes and events files and says how many rows', () => {
    expect(exported.err).toBe('');
    expect(exported.code).toBe(0);
    expect(exported.out).toMatch(/^reclaimscope: 13 trace\(s\) written to .*summary\.parquet \(13 rows\), episodes\.parquet \(\d+ rows\), events\.parquet \(\d+ rows\)\n$/);
  });

  it('has one summary row per trace equal to report --json: every Summary and numeric extra key, as its own column', async () => {
    const got = await rows(`select * from '${dir}/summary.parquet' order by file`);
    expect(got.length).toBe(PATHS.length);
    for (const p of PATHS) {
      const file = `${ROOT}${p}`;
      const json = JSON.parse((await run(['report', '--json', file])).out)[0];
      const row = got.find((r) => r.file === file)!;
      for (const k of SUMMARY_KEYS) expect(Number(row[k]), `${p} ${k}`).toBe(json.summary[k]);
      for (const [k] of EXTRA_NUMERIC_KEYS) expect(row[k] === null ? null : Number(row[k]), `${p} ${k}`).toBe(json.extra[k]);
      // every numeric key of extra has its column (none forgotten when extra grows)
      for (const [k, v] of Object.entries(json.extra)) if (typeof v === 'number') expect(row, `${p} extra.${k}`).toHaveProperty(k);
      expect(row).toMatchObject({ format: json.format, capture: json.capture, compression: json.compression, events: BigInt(json.events) });
      expect(row.content_hash).toBe(await contentHash(bufferSource(storedBytes(p))));
      expect(row.bytes).toBe(BigInt(storedBytes(p).length));
    }
    // the independently computed Summary
    for (const t of real) {
      const row = got.find((r) => r.file === `${ROOT}${t.path}`)!;
      for (const k of SUMMARY_KEYS) expect(Number(row[k]), `${t.name} ${k}`).toBe(t.expected.summary[k]);
    }
  });

  it('takes the kernel release and host from trace.dat’s UNAME option, and leaves them null where a trace does not say', async () => {
    const got = await rows(`select file, kernel_release, hostname from '${dir}/summary.parquet' order by file`);
    for (const r of got) {
      const dat = DATS.some((d) => r.file === `${ROOT}${d}`);
      // `strings tracecmd-writeback.dat` shows the option: "Linux vm 6.18.44-fc-v657 x86_64"
      expect(r.kernel_release).toBe(dat ? '6.18.44-fc-v657' : null);
      expect(r.hostname).toBe(dat ? 'vm' : null);
    }
  });

  it('gives per trace the analysis’s direct-reclaim episode count, total stall and p99 from episodes.parquet', async () => {
    const got = await rows(
      `select trace, count(*) n, sum(duration_ns) total_ns, quantile_disc(duration_ns, 0.99) p99_ns from '${dir}/episodes.parquet' where kind = 'direct' group by trace`,
    );
    for (const p of PATHS) {
      const parsed = await parseTrace(bufferSource(storedBytes(p)));
      const a = analyzeParsed(parsed.table, parsed.report);
      const lat = directLatency(a);
      const row = got.find((r) => r.trace === `${ROOT}${p}`);
      if (a.direct.length === 0) {
        expect(row, p).toBeUndefined();
        continue;
      }
      expect(Number(row!.n), p).toBe(a.direct.length);
      let total = 0;
      for (let i = 0; i < a.direct.length; i++) total += a.direct.end[i] - a.direct.start[i];
      expect(Number(row!.total_ns), p).toBe(total);
      expect(Number(row!.p99_ns) / 1e6, p).toBeCloseTo(lat.all.p99, 9);
    }
    // and against the independent expected.json: count = extra.directEpisodes, total = summary.directStallMs
    for (const t of real) {
      const row = got.find((r) => r.trace === `${ROOT}${t.path}`);
      expect(Number(row?.n ?? 0), t.name).toBe(t.expected.extra.directEpisodes);
      expect(Number(row?.total_ns ?? 0) / 1e6, t.name).toBeCloseTo(t.expected.summary.directStallMs, 2);
    }
  });

  it('gives the memcg and compaction episode counts and the kswapd awake time of report --json', async () => {
    const got = await rows(`select trace, kind, count(*) n, sum(duration_ns) total_ns from '${dir}/episodes.parquet' group by trace, kind`);
    const sum = await rows(`select file, memcgEpisodes, compactionEpisodes, compactionMs, kswapdAwakeMs from '${dir}/summary.parquet'`);
    for (const s of sum) {
      const of = (kind: string) => got.find((r) => r.trace === s.file && r.kind === kind);
      expect(Number(of('memcg')?.n ?? 0)).toBe(Number(s.memcgEpisodes));
      expect(Number(of('compaction')?.n ?? 0)).toBe(Number(s.compactionEpisodes));
      expect(Number(of('compaction')?.total_ns ?? 0) / 1e6).toBeCloseTo(Number(s.compactionMs), 6);
      expect(Number(of('kswapd')?.total_ns ?? 0) / 1e6).toBeCloseTo(Number(s.kswapdAwakeMs), 6);
    }
  });

  it('counts within each direct episode the pages the task scanned and reclaimed: on a trace with no memcg reclaim they add up to the Summary', async () => {
    // mixed-baseline: every direct-reclaim process's isolate/shrink events fall inside its episodes
    const t = real.find((x) => x.name === 'mixed-baseline.txt')!;
    const [r] = await rows(
      `select sum(pages_scanned) scanned, sum(pages_reclaimed) reclaimed, sum(nr_reclaimed) by_end from '${dir}/episodes.parquet' where kind = 'direct' and trace = '${ROOT}${t.path}'`,
    );
    expect(Number(r.scanned)).toBe(t.expected.summary.directPagesScanned);
    expect(Number(r.reclaimed)).toBe(t.expected.summary.directPagesReclaimed);
    expect(Number(r.by_end)).toBeLessThanOrEqual(t.expected.extra.directReclaimedByEnd);
  });

  it('holds every stored event in events.parquet with its decoded fields', async () => {
    const got = await rows(`select trace, count(*) n from '${dir}/events.parquet' group by trace`);
    for (const p of PATHS) {
      const parsed = await parseTrace(bufferSource(storedBytes(p)));
      expect(Number(got.find((r) => r.trace === `${ROOT}${p}`)!.n), p).toBe(parsed.table.length);
    }
    // the first direct_reclaim_begin of writeback-baseline, as its text line says it
    const wb = `${ROOT}fixtures/real-6.18/writeback-baseline.txt.gz`;
    const [first] = await rows(`select * from '${dir}/events.parquet' where trace = '${wb}' and event = 'mm_vmscan_direct_reclaim_begin' order by row limit 1`);
    const text = new TextDecoder().decode((await import('node:zlib')).gunzipSync(storedBytes('fixtures/real-6.18/writeback-baseline.txt.gz')));
    const line = text.split('\n').find((l) => l.includes('mm_vmscan_direct_reclaim_begin:'))!;
    const m = /^\s*(.*)-(\d+)\s+\[(\d+)\]\s+\S+\s+(\d+)\.(\d+): mm_vmscan_direct_reclaim_begin: order=(\d+) gfp_flags=(\S+)/.exec(line)!;
    expect(first).toMatchObject({
      task: m[1],
      pid: Number(m[2]),
      cpu: Number(m[3]),
      ts_ns: BigInt(m[4]) * 1_000_000_000n + BigInt(m[5]) * 1000n,
      order: BigInt(m[6]),
      gfp_flags: m[7],
      nr_scanned: null,
    });
  });

  it('holds the fields beyond the slots: lru_shrink_inactive\'s nr_writeback ... nr_unmap_fail sum as the text prints them', async () => {
    const path = 'fixtures/real-6.18/memcg-256m.trace.txt.gz';
    const text = new TextDecoder().decode((await import('node:zlib')).gunzipSync(storedBytes(path)));
    const keys = ['nr_writeback', 'nr_congested', 'nr_immediate', 'nr_activate_anon', 'nr_activate_file', 'nr_ref_keep', 'nr_unmap_fail'];
    const want: Record<string, number> = Object.fromEntries(keys.map((k) => [k, 0]));
    let n = 0;
    for (const l of text.split('\n')) {
      if (!l.includes(': mm_vmscan_lru_shrink_inactive: ')) continue;
      n++;
      for (const k of keys) want[k] += Number(new RegExp(` ${k}=(\\d+)`).exec(l)![1]);
    }
    expect(want.nr_writeback).toBeGreaterThan(0);
    const [got] = await rows(
      `select count(*) n, ${keys.map((k) => `sum(${k}) ${k}`).join(', ')} from '${dir}/events.parquet' where trace = '${ROOT}${path}' and event = 'mm_vmscan_lru_shrink_inactive'`,
    );
    expect(Number(got.n)).toBe(n);
    for (const k of keys) expect(Number(got[k]), k).toBe(want[k]);
    // lru_isolate's nr_requested; null for events that have no such field
    const [iso] = await rows(`select count(nr_requested) c, count(*) n from '${dir}/events.parquet' where trace = '${ROOT}${path}' and event = 'mm_vmscan_lru_isolate'`);
    expect(Number(iso.c)).toBe(Number(iso.n));
    const [none] = await rows(`select count(nr_writeback) c from '${dir}/events.parquet' where trace = '${ROOT}${path}' and event = 'mm_vmscan_write_folio'`);
    expect(Number(none.c)).toBe(0);
  });

  it('types the columns as the schema says, dictionary-encodes strings and keeps row groups within ROW_GROUP_ROWS', async () => {
    for (const [file, cols] of [
      ['summary', SUMMARY_COLUMNS],
      ['episodes', EPISODE_COLUMNS],
      ['events', EVENT_COLUMNS],
    ] as const) {
      const schema = await rows(`select name, type, converted_type, repetition_type from parquet_schema('${dir}/${file}.parquet') where name <> 'root'`);
      expect(schema.map((s) => s.name)).toEqual(cols.map((c) => c.name));
      for (const c of cols) {
        const s = schema.find((x) => x.name === c.name)!;
        expect(s.type, `${file}.${c.name}`).toBe(c.type === 'STRING' ? 'BYTE_ARRAY' : c.type);
        if (c.type === 'STRING') expect(s.converted_type).toBe('UTF8');
        expect(s.repetition_type).toBe(c.nullable ? 'OPTIONAL' : 'REQUIRED');
      }
      const meta = await rows(`select path_in_schema, encodings, row_group_num_rows from parquet_metadata('${dir}/${file}.parquet')`);
      for (const m of meta) {
        expect(Number(m.row_group_num_rows)).toBeLessThanOrEqual(ROW_GROUP_ROWS);
        if (cols.find((c) => c.name === m.path_in_schema)?.type === 'STRING') expect(m.encodings).toContain('RLE_DICTIONARY');
      }
    }
    const groups = await rows(`select count(distinct row_group_id) g from parquet_metadata('${dir}/events.parquet')`);
    expect(Number(groups[0].g)).toBeGreaterThan(1); // 183,235 events in 122,880-row groups
    const [kv] = await rows(`select decode(value) v from parquet_kv_metadata('${dir}/summary.parquet') where decode(key) = 'reclaimscope.schema'`);
    expect(kv.v).toBe('reclaimscope-parquet.v1');
  });

  it('leaves out a corrupt file among good ones, names it, and exits 1', async () => {
    const bad = join(tmp, 'corrupt.txt.gz');
    copyFileSync(`${ROOT}fixtures/compressed/truncated.txt.gz`, bad);
    const notTrace = join(tmp, 'notes.txt');
    writeFileSync(notTrace, 'just some notes\nnothing else\n');
    const out2 = join(tmp, 'out2');
    const good = `${ROOT}fixtures/real-6.18/writeback-dirty40.txt.gz`;
    const r = await run(['export', '--parquet', out2, '--jobs', '2', good, bad, notTrace]);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`reclaimscope: ${bad}: the gzip data is corrupt or truncated`);
    expect(r.err).toContain(`reclaimscope: ${notTrace}: no trace events found`);
    const got = await rows(`select file, directReclaims from '${out2}/summary.parquet'`);
    expect(got).toEqual([{ file: good, directReclaims: BigInt(real.find((t) => t.name === 'writeback-dirty40.txt')!.expected.summary.directReclaims) }]);
    const [{ n }] = await rows(`select count(*) n from '${out2}/episodes.parquet' where trace <> '${good}'`);
    expect(Number(n)).toBe(0);
  });

  it('publishes its schema, generated from src/model/parquet-schema.ts (public/reclaimscope-parquet.v1.schema.json)', () => {
    const published = JSON.parse(readFileSync(`${ROOT}public/reclaimscope-parquet.v1.schema.json`, 'utf8'));
    // to regenerate: npm run schema
    expect(published).toEqual(parquetSchemaDocument());
  });
});
