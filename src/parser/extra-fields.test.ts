// The fields a kind prints beyond its six slots (kinds.ts `extra`:
// lru_shrink_inactive's nr_writeback ... nr_unmap_fail, lru_isolate's
// nr_requested, shrink_active's nr_referenced, older eras' zid, nr_activate,
// contig_*): every row of those kinds keeps them, as a plain reading of the
// text says, in real traces and the era fixtures; only those rows pay; a value
// that does not read is kept as missing without refusing the event or
// changing a number of the report.

import { describe, expect, it } from 'vitest';
import { analyzeParsed, buildFileReport } from '../analysis/report.ts';
import { extraValue, type EventTable } from '../model/event-table.ts';
import { ABSENT, Kind, KIND_COUNT, kindOfEventName, SPEC_BY_KIND } from '../model/kinds.ts';
import { fixture, parseBoth } from '../test-support/parse-both.ts';
import { textBytes } from '../test-support/real-traces.ts';
import { chunksOf, parseTrace } from './parse.ts';

const LINE = /\[(\d+)\][^:]*?\s(\d+)\.(\d+): (mm_\w+): (.*)$/;

/**
 * `ts cpu kind key=value ...` for every event line of a kind with extra
 * fields, read with a regular expression (the last `key=` wins, a value that
 * is not a plain count is `-`), sorted: the table is in time order, the text
 * in print order.
 */
function fromText(text: string): string[] {
  const out: string[] = [];
  for (const line of text.split('\n')) {
    const m = LINE.exec(line);
    if (!m) continue;
    const kind = kindOfEventName(m[4]);
    const extra = SPEC_BY_KIND[kind]?.extra;
    if (!extra) continue;
    const words = new Map(m[5].trim().split(/\s+/).map((w) => [w.slice(0, w.indexOf('=')), w.slice(w.indexOf('=') + 1)] as const));
    const ns = BigInt(m[2]) * 1_000_000_000n + BigInt(m[3].padEnd(9, '0'));
    const vals = extra.map((f) => {
      const v = words.get(f.key);
      return `${f.key}=${v !== undefined && /^\d+$/.test(v) && Number(v) < 2 ** 31 ? v : '-'}`;
    });
    out.push([ns, Number(m[1]), kind, ...vals].join(' '));
  }
  return out.sort();
}

function fromTable(t: EventTable): string[] {
  const out: string[] = [];
  for (let r = 0; r < t.length; r++) {
    const extra = SPEC_BY_KIND[t.kind[r]]?.extra;
    if (!extra) continue;
    const vals = extra.map((f, j) => {
      const v = extraValue(t.extras[t.kind[r]], r, j);
      return `${f.key}=${v === ABSENT ? '-' : v}`;
    });
    out.push([BigInt(t.ts[r]), t.cpu[r], t.kind[r], ...vals].join(' '));
  }
  return out.sort();
}

const decode = (b: Uint8Array) => new TextDecoder().decode(b);

describe('extra fields', () => {
  it.each(['public/samples/mixed-baseline.txt.gz', 'fixtures/real-6.18/writeback-dirty40.txt.gz', 'fixtures/real-6.18/memcg-256m.trace.txt.gz'])(
    'keeps every extra field of every row of %s as the text prints it',
    async (path) => {
      const bytes = textBytes(path);
      const { table } = await parseTrace(chunksOf(bytes));
      const want = fromText(decode(bytes));
      expect(want.length).toBeGreaterThan(1000);
      expect(fromTable(table)).toEqual(want);
    },
  );

  it('reads the memcg trace\'s nr_writeback and nr_activate_file of lru_shrink_inactive (1507 and 1653 non-zero rows)', async () => {
    const { table } = await parseTrace(chunksOf(textBytes('fixtures/real-6.18/memcg-256m.trace.txt.gz')));
    const x = table.extras[Kind.SHRINK_INACTIVE]!;
    const col = (key: string) => x.cols[SPEC_BY_KIND[Kind.SHRINK_INACTIVE].extra!.findIndex((f) => f.key === key)]!;
    expect(col('nr_writeback').filter((v) => v > 0).length).toBe(1507);
    expect(col('nr_activate_file').filter((v) => v > 0).length).toBe(1653);
    expect(col('nr_ref_keep').filter((v) => v > 0).length).toBe(74);
  });

  it.each(['eras/linux-2.6.36.txt', 'eras/linux-3.12.txt', 'eras/linux-4.14.txt', 'eras/linux-6.x.txt'])('keeps the extra fields of each era (%s)', async (f) => {
    const bytes = fixture(f);
    const { table } = await parseBoth(bytes);
    const want = fromText(decode(bytes));
    expect(want.length).toBeGreaterThan(0);
    expect(fromTable(table)).toEqual(want);
  });

  it('gives each era its own columns: 4.14 nr_activate, 3.12 zid, 2.6.36 contig_*; 6.x none of those', async () => {
    const present = async (f: string, kind: number) => {
      const { table } = await parseTrace(chunksOf(fixture(f)));
      const x = table.extras[kind]!;
      return SPEC_BY_KIND[kind].extra!.filter((_, j) => x.cols[j] !== null).map((e) => e.key);
    };
    expect(await present('eras/linux-4.14.txt', Kind.SHRINK_INACTIVE)).toEqual(['nr_writeback', 'nr_congested', 'nr_immediate', 'nr_activate', 'nr_ref_keep', 'nr_unmap_fail']);
    expect(await present('eras/linux-6.x.txt', Kind.SHRINK_INACTIVE)).toEqual(['nr_writeback', 'nr_congested', 'nr_immediate', 'nr_activate_anon', 'nr_activate_file', 'nr_ref_keep', 'nr_unmap_fail']);
    expect(await present('eras/linux-3.12.txt', Kind.SHRINK_INACTIVE)).toEqual(['zid']);
    expect(await present('eras/linux-2.6.36.txt', Kind.LRU_ISOLATE)).toEqual(['nr_requested', 'contig_taken', 'contig_dirty', 'contig_failed']);
    expect(await present('eras/linux-6.x.txt', Kind.LRU_ISOLATE)).toEqual(['classzone', 'nr_requested', 'nr_skipped']);
  });

  it('makes only rows of kinds with extra fields pay: one row index and one Int32 per field printed', async () => {
    const bytes = textBytes('public/samples/mixed-baseline.txt.gz');
    const text = decode(bytes);
    const { table } = await parseTrace(chunksOf(bytes));
    const count = (name: string) => text.split('\n').filter((l) => l.includes(`: ${name}: `)).length;
    for (let k = 0; k < KIND_COUNT; k++) {
      const x = table.extras[k];
      if (!SPEC_BY_KIND[k]?.extra) {
        expect(x, `kind ${k}`).toBeNull();
        continue;
      }
      const rows = table.kind.filter((kk) => kk === k).length;
      expect(x!.length, SPEC_BY_KIND[k].names[0]).toBe(rows);
    }
    expect(table.extras[Kind.SHRINK_INACTIVE]!.length).toBe(count('mm_vmscan_lru_shrink_inactive'));
    expect(table.extras[Kind.LRU_ISOLATE]!.length).toBe(count('mm_vmscan_lru_isolate'));
    // write_folio, the most frequent event of many traces, has no extra fields
    expect(table.extras[Kind.WRITE_FOLIO]).toBeNull();
  });

  it('keeps a value that does not read as missing, and the event and every number of the report as they were', async () => {
    const text = decode(fixture('eras/linux-6.x.txt'));
    const lines = text.split('\n');
    const shrink = lines.map((l, i) => (l.includes('mm_vmscan_lru_shrink_inactive') ? i : -1)).filter((i) => i >= 0);
    expect(shrink.length).toBeGreaterThanOrEqual(3);
    const altered = [...lines];
    altered[shrink[0]] = altered[shrink[0]].replace(/nr_congested=\d+/, 'nr_congested=5x');
    altered[shrink[1]] = altered[shrink[1]].replace(/nr_ref_keep=\d+/, 'nr_ref_keep=4294967296');
    altered[shrink[2]] = altered[shrink[2]].replace(/nr_immediate=\d+/, 'nr_immediate=-1');
    const a = await parseBoth(new TextEncoder().encode(altered.join('\n')));
    const b = await parseBoth(new TextEncoder().encode(text));
    // the file grew by the altered bytes, nothing else
    expect({ ...a.report, bytes: 0, decodedBytes: 0 }).toEqual({ ...b.report, bytes: 0, decodedBytes: 0 });
    const report = (p: typeof a) => {
      const r = buildFileReport('x', p.table, p.report, analyzeParsed(p.table, p.report));
      return { ...r, parseReport: { ...r.parseReport, bytes: 0, decodedBytes: 0 } };
    };
    expect(report(a)).toEqual(report(b));
    expect(fromTable(a.table)).toEqual(fromText(altered.join('\n')));
    expect(fromTable(a.table)).not.toEqual(fromTable(b.table));
    const missing = fromTable(a.table).join('\n');
    expect(missing).toContain('nr_congested=-');
    expect(missing).toContain('nr_ref_keep=-');
    expect(missing).toContain('nr_immediate=-');
  });
});
