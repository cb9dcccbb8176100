/* eslint-disable max-lines -- every case shares three parsed captures (below) */
// Long (about 800 lines): every trace.dat case against the same three real
// captures, which are parsed once and shared by the cases.
//
// The trace.dat reader against the real trace-cmd captures of fixtures/real-6.18:
// the v7 (zstd) file, its v6 copy and the `trace-cmd report` text of the same
// recording must give the same events, rows and report. Corrupt and truncated
// copies, built in memory, must fail with a clear TraceError. A few small .dat
// files written here cover what the fixtures do not (ties, lost events, time
// extends, padding, big-endian, unknown event types).

import { readFileSync } from 'node:fs';
import { deflateSync, gunzipSync } from 'node:zlib';
import { decompress as unzstd } from 'fzstd';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeParsed, buildFileReport, type FileReport } from '../analysis/report.ts';
import { EventTableBuilder, extraValue, type EventTable } from '../model/event-table.ts';
import { ABSENT, Kind, SPEC_BY_KIND, slotOf } from '../model/kinds.ts';
import { emptyParseReport } from '../model/parse-report.ts';
import { StringTable } from '../model/strings.ts';
import { isTraceError, type TraceError } from './errors.ts';
import { parseTrace, type ParsedTrace, type ParseOptions } from './parse.ts';
import { bufferSource, type ByteSource } from './source.ts';
import { parseTraceDat, type DatOptions } from './trace-dat.ts';
import type { EvalContext, RecordView } from './trace-dat-eval.ts';
import { parseEventFormat } from './trace-dat-format.ts';
import { keyTokens, parseFormatString } from './trace-dat-printf.ts';
import { compileKind, renderSlot } from './trace-dat-slots.ts';

const DIR = new URL('../../fixtures/real-6.18/', import.meta.url);
const read = (name: string) => new Uint8Array(readFileSync(new URL(name, DIR)));

let v7: Uint8Array;
let v6: Uint8Array;
let text: ParsedTrace;
let expected: { summary: Record<string, number>; extra: Record<string, number>; events: number };

const US: ParseOptions & DatOptions = { timeResolution: 'us' };

function parseDat(data: Uint8Array, opts: ParseOptions & DatOptions = US): Promise<ParsedTrace> {
  return parseTrace(bufferSource(data), opts);
}

function fileReport(p: ParsedTrace): FileReport {
  return buildFileReport('x', p.table, p.report, analyzeParsed(p.table, p.report));
}

/** One line per row: time in µs, pid, comm, CPU, kind, the six slots (strings as text) and the extra fields by name. */
function rows(t: EventTable): string[] {
  const out: string[] = [];
  for (let i = 0; i < t.length; i++) {
    const kind = t.kind[i];
    const spec = SPEC_BY_KIND[kind];
    const slots = t.slots.map((col, s) => {
      const v = col[i];
      if (v === ABSENT) return '-';
      return spec?.fields[s]?.type === 'str' ? JSON.stringify(t.strings.get(v)) : String(v);
    });
    const extra = (spec?.extra ?? []).map((f, j) => `${f.key}=${extraValue(t.extras[kind], i, j)}`);
    const task = t.task[i];
    out.push(
      [Math.round(t.ts[i] / 1000), t.tasks.pid[task], t.strings.get(t.tasks.comm[task]), t.cpu[i], kind, ...slots, ...extra].join(' '),
    );
  }
  return out;
}

async function failure(p: Promise<unknown>): Promise<TraceError> {
  try {
    await p;
  } catch (e) {
    if (isTraceError(e)) return e as TraceError;
    throw e;
  }
  throw new Error('expected a TraceError');
}

/** A source that hands out at most `max` bytes per read call. */
function trickle(data: Uint8Array, max: number): ByteSource & { calls: number } {
  const src = {
    size: data.length,
    calls: 0,
    read: async (offset: number, length: number) => {
      src.calls++;
      return data.slice(offset, Math.min(data.length, offset + Math.min(length, max)));
    },
  };
  return src;
}

beforeAll(async () => {
  v7 = read('tracecmd-writeback.dat');
  v6 = new Uint8Array(gunzipSync(read('tracecmd-writeback.v6.dat.gz')));
  text = await parseTrace(bufferSource(read('tracecmd-writeback.report.txt')));
  expected = JSON.parse(new TextDecoder().decode(read('oracle/tracecmd-writeback.report.expected.json')))[0];
});

describe('trace.dat files of a real capture', () => {
  it('reads the v7 zstd file and the v6 file into the summary of the report text and the oracle', async () => {
    const want = fileReport(text);
    for (const data of [v7, v6]) {
      const got = fileReport(await parseDat(data));
      expect(got.format).toBe('trace-cmd-dat');
      expect(got.capture).toBe('trace.dat');
      expect(got.events).toBe(expected.events);
      expect(got.summary).toEqual(want.summary);
      const { parseReport: _a, format: _b, capture: _c, ...rest } = got;
      const { parseReport: _d, format: _e, capture: _f, ...restWant } = want;
      expect(rest).toEqual(restWant);
      for (const [k, v] of Object.entries(expected.summary)) expect(got.summary[k as keyof typeof got.summary]).toBeCloseTo(v, 3);
      for (const [k, v] of Object.entries(expected.extra)) {
        const g = (got.extra as unknown as Record<string, number>)[k];
        if (k.endsWith('Ms')) expect(Math.abs(g - v)).toBeLessThanOrEqual(0.001 + 1e-9);
        else expect(g).toBe(v);
      }
    }
  });

  it('counts every event by name as the report text does', async () => {
    for (const data of [v7, v6]) {
      const { report } = await parseDat(data);
      expect(report.eventsByName).toEqual(text.report.eventsByName);
      expect(report.events).toBe(text.report.events);
      expect(report.storedEvents).toBe(text.report.storedEvents);
      expect(report.backwardSteps).toBe(0);
    }
  });

  it('stores the rows of the report text: time, pid, comm, CPU, kind, every slot and every extra field', async () => {
    const want = rows(text.table);
    // the extra fields are there to compare: lru_shrink_inactive: nr_activate_file (2 rows), lru_isolate: nr_requested
    expect(want.filter((r) => / nr_activate_file=[1-9]/.test(r)).length).toBe(2);
    expect(want.filter((r) => / nr_requested=32/.test(r)).length).toBeGreaterThan(0);
    for (const data of [v7, v6]) {
      const got = rows((await parseDat(data)).table);
      expect(got.length).toBe(want.length);
      for (let i = 0; i < want.length; i++) if (got[i] !== want[i]) expect(`${i}: ${got[i]}`).toBe(`${i}: ${want[i]}`);
    }
  });

  it('keeps nanoseconds when asked (--ns); by default rounds to the microsecond as trace-cmd report prints', async () => {
    const ns = await parseDat(v7, { timeResolution: 'ns' });
    expect(ns.report.firstTsNs).toBe(1213214821865); // printed as 1213.214822
    expect(text.report.firstTsNs).toBe(1213214822000);
    for (let i = 0; i < ns.table.length; i++) expect(Math.floor((ns.table.ts[i] + 500) / 1000) * 1000).toBe(text.table.ts[i]);
    // Durations differ from the text's by less than a microsecond per event.
    const a = fileReport(ns).summary;
    const b = fileReport(text).summary;
    expect(Math.abs(a.directStallMs - b.directStallMs)).toBeLessThan(0.001 * 48);
    expect(a.kswapdPagesScanned).toBe(b.kswapdPagesScanned);
    // the default equals the report text to the last duration
    const us = await parseDat(v7, {});
    expect(Array.from(us.table.ts)).toEqual(Array.from(text.table.ts));
    expect(fileReport(us).summary).toEqual(b);
  });

  it('renders string slots with the text trace-cmd prints for them', async () => {
    const dat = (await parseDat(v7)).table;
    const seen = (t: EventTable, kind: number, key: string) => {
      const s = slotOf(kind as never, key);
      const out = new Set<string>();
      for (let i = 0; i < t.length; i++) if (t.kind[i] === kind) out.add(t.strings.get(t.slots[s][i]));
      return out;
    };
    const strSlots: [number, string][] = [
      [Kind.WAKEUP_KSWAPD, 'gfp_flags'],
      [Kind.DIRECT_BEGIN, 'gfp_flags'],
      [Kind.COMPACTION_BEGIN, 'mode'],
      [Kind.COMPACTION_END, 'mode'],
      [Kind.COMPACTION_END, 'status'],
      [Kind.KCOMPACTD_WAKE, 'classzone_idx'],
    ];
    for (const [kind, key] of strSlots) {
      const got = seen(dat, kind, key);
      expect(got.size).toBeGreaterThan(0);
      expect(got).toEqual(seen(text.table, kind, key));
    }
    expect(seen(dat, Kind.WAKEUP_KSWAPD, 'gfp_flags')).toContain('GFP_KERNEL|__GFP_HIGHMEM|__GFP_ZERO|__GFP_NOWARN');
    for (const z of seen(dat, Kind.KCOMPACTD_WAKE, 'classzone_idx')) expect(z).toMatch(/^(DMA|DMA32|Normal|Movable)$/); // `%-8s` padding cut off
  });

  it('fills the parse report with the format, clock, CPUs, lost events and bytes read', async () => {
    const { report } = await parseDat(v7);
    expect(report.cpus).toBe(2);
    expect(report.timeUnit).toBe('ns');
    expect(report.lost).toEqual({ total: 0, markers: 0, markersWithoutCount: 0, byCpu: {} });
    // kallsyms (most of the file) is never read.
    expect(report.bytes).toBeGreaterThan(0);
    expect(report.bytes).toBeLessThan(v7.length / 2);
    expect(report.decodedBytes).toBeGreaterThan(report.bytes);
    expect(report.warnings).toEqual([]);
  });

  it('gives the same result when the source returns at most 7 bytes per read', async () => {
    const fast = await parseDat(v7);
    // The reader itself, given short reads (which the ByteSource contract does not promise).
    const short = trickle(v7, 7);
    const b = new EventTableBuilder();
    const report = emptyParseReport();
    await parseTraceDat(short, b, report, '7', US);
    expect(short.calls).toBeGreaterThan(1000);
    const slow = { table: b.finish(), report };
    expect(rows(slow.table)).toEqual(rows(fast.table));
    expect(fileReport(slow).summary).toEqual(fileReport(fast).summary);
    expect(slow.report.eventsByName).toEqual(fast.report.eventsByName);
    // Through the front door, with a source that fills each read from 7-byte pieces.
    const pieces = trickle(v7, 7);
    const looping: ByteSource = {
      size: v7.length,
      read: async (offset, length) => {
        const out = new Uint8Array(Math.max(0, Math.min(length, v7.length - offset)));
        for (let got = 0; got < out.length; ) {
          const c = await pieces.read(offset + got, out.length - got);
          out.set(c, got);
          got += c.length;
        }
        return out;
      },
    };
    const front = await parseTrace(looping, US);
    expect(pieces.calls).toBeGreaterThan(1000);
    expect(rows(front.table)).toEqual(rows(fast.table));
  });

  it('reads v7 files whose sections and CPU data are stored plainly or zlib-compressed', async () => {
    const want = rows(text.table);
    for (const mode of ['none', 'zlib'] as const) {
      const p = await parseDat(rewriteV7(v7, mode));
      expect(rows(p.table), mode).toEqual(want);
      expect(p.report.eventsByName).toEqual(text.report.eventsByName);
      // zlib: more bytes come out of decompression than were read; none: nothing is decompressed.
      if (mode === 'zlib') expect(p.report.decodedBytes).toBeGreaterThan(p.report.bytes);
      else expect(p.report.decodedBytes).toBeLessThanOrEqual(p.report.bytes);
    }
  });

  it('reads a gzipped v6 file through the front door', async () => {
    const p = await parseTrace(bufferSource(read('tracecmd-writeback.v6.dat.gz')), US);
    expect(p.report.compression).toBe('gzip');
    expect(rows(p.table)).toEqual(rows(text.table));
  });

  it('reports progress up to the file size and stops when cancelled', async () => {
    const seen: number[] = [];
    await parseTraceDat(bufferSource(v6), new EventTableBuilder(), emptyParseReport(), '6', { onProgress: (n) => seen.push(n) });
    expect(seen.length).toBeGreaterThan(3);
    for (let i = 1; i < seen.length; i++) expect(seen[i]).toBeGreaterThanOrEqual(seen[i - 1]);
    expect(seen[seen.length - 1]).toBe(v6.length);

    const ctl = new AbortController();
    const src = trickle(v7, 4096);
    const source: ByteSource = {
      size: src.size,
      read: (o, n) => {
        if (src.calls === 20) ctl.abort();
        return src.read(o, n);
      },
    };
    const err = await failure(parseTraceDat(source, new EventTableBuilder(), emptyParseReport(), '7', { signal: ctl.signal }));
    expect(err.code).toBe('cancelled');
    expect(src.calls).toBeLessThan(25);
  });
});

/**
 * The v7 fixture rewritten with its sections and CPU data stored plainly
 * ("none") or zlib-compressed, offsets in the options moved to match.
 */
function rewriteV7(src: Uint8Array, mode: 'none' | 'zlib'): Uint8Array {
  const dv = new DataView(src.buffer, src.byteOffset, src.byteLength);
  const u64 = (at: number) => Number(dv.getBigUint64(at, true));
  let p = 18; // magic, "7\0", endianness, long size, page size
  for (let k = 0; k < 2; k++) p = src.indexOf(0, p) + 1; // compression name and version
  const firstOptions = u64(p);
  p += 8;
  interface Sec {
    at: number;
    id: number;
    strId: number;
    body: Uint8Array;
    compressed: boolean;
  }
  const secs: Sec[] = [];
  while (p + 16 <= src.length) {
    const size = u64(p + 8);
    secs.push({ at: p, id: dv.getUint16(p, true), strId: dv.getUint32(p + 4, true), body: src.slice(p + 16, p + 16 + size), compressed: (dv.getUint16(p + 2, true) & 1) === 1 });
    p += 16 + size;
  }
  const plain = (b: Uint8Array) => unzstd(b.subarray(8, 8 + new DataView(b.buffer, b.byteOffset).getUint32(0, true)));
  const pack = (raw: Uint8Array) => {
    const z = deflateSync(raw);
    const out = new Uint8Array(8 + z.length);
    new DataView(out.buffer).setUint32(0, z.length, true);
    new DataView(out.buffer).setUint32(4, raw.length, true);
    out.set(z, 8);
    return out;
  };
  // The BUFFER option: where each CPU's chunks are.
  let cpus: { at: number; entry: number; offset: number; size: number }[] = [];
  for (const s of secs.filter((x) => x.id === 0)) {
    const b = new DataView(s.body.buffer, s.body.byteOffset);
    for (let o = 0; o < s.body.length; ) {
      const id = b.getUint16(o, true);
      const size = b.getUint32(o + 2, true);
      if (id === 3) {
        let q = o + 6 + 8;
        for (let k = 0; k < 2; k++) q = s.body.indexOf(0, q) + 1;
        const n = b.getUint32(q + 4, true);
        q += 8;
        cpus = [];
        for (let c = 0; c < n; c++, q += 20) cpus.push({ at: s.at, entry: q, offset: Number(b.getBigUint64(q + 4, true)), size: 0 });
      }
      o += 6 + size;
      if (id === 0) break;
    }
  }
  // Rebuild the flyrecord section from the CPU chunks.
  const fly = secs.find((x) => x.id === 3)!;
  const parts: Uint8Array[] = [];
  let rel = 0;
  for (const c of cpus) {
    let q = c.offset;
    const count = dv.getUint32(q, true);
    q += 4;
    const chunks: Uint8Array[] = [];
    for (let k = 0; k < count; k++) {
      const cs = dv.getUint32(q, true);
      chunks.push(unzstd(src.subarray(q + 8, q + 8 + cs)));
      q += 8 + cs;
    }
    let data: Uint8Array;
    if (mode === 'none') data = new Uint8Array(Buffer.concat(chunks));
    else {
      const packed = chunks.map(pack);
      data = new Uint8Array(Buffer.concat([new Uint8Array(new Uint32Array([count]).buffer), ...packed]));
    }
    c.offset = rel;
    c.size = mode === 'none' ? data.length : data.length - 4;
    parts.push(data);
    rel += data.length;
  }
  fly.body = new Uint8Array(Buffer.concat(parts));
  fly.compressed = mode === 'zlib';
  for (const s of secs) {
    if (s.id === 0 || s.id === 3 || !s.compressed) continue;
    const raw = plain(s.body);
    s.body = mode === 'none' ? raw : pack(raw);
    s.compressed = mode === 'zlib';
  }
  const newAt = new Map<number, number>();
  // Header: same prefix, compression "none\0\0" or "zlib\0\0", then the options offset.
  const head = [...src.subarray(0, 18), ...new TextEncoder().encode(`${mode}\0\0`)];
  let pos = head.length + 8;
  for (const s of secs) {
    newAt.set(s.at, pos);
    pos += 16 + s.body.length;
  }
  const out = new Uint8Array(pos);
  const ov = new DataView(out.buffer);
  out.set(head, 0);
  ov.setBigUint64(head.length, BigInt(newAt.get(firstOptions)!), true);
  for (const s of secs) {
    const at = newAt.get(s.at)!;
    if (s.id === 0) {
      const b = new DataView(s.body.buffer, s.body.byteOffset);
      for (let o = 0; o < s.body.length; ) {
        const id = b.getUint16(o, true);
        const size = b.getUint32(o + 2, true);
        if ((id >= 16 && id <= 21) || id === 3 || (id === 0 && b.getBigUint64(o + 6, true) !== 0n))
          b.setBigUint64(o + 6, BigInt(newAt.get(Number(b.getBigUint64(o + 6, true)))!), true);
        o += 6 + size;
        if (id === 0) break;
      }
      for (const c of cpus)
        if (c.at === s.at) {
          b.setBigUint64(c.entry + 4, BigInt(newAt.get(fly.at)! + 16 + c.offset), true);
          b.setBigUint64(c.entry + 12, BigInt(c.size), true);
        }
    }
    ov.setUint16(at, s.id, true);
    ov.setUint16(at + 2, s.compressed ? 1 : 0, true);
    ov.setUint32(at + 4, s.strId, true);
    ov.setBigUint64(at + 8, BigInt(s.body.length), true);
    out.set(s.body, at + 16);
  }
  return out;
}

describe('damaged trace.dat files', () => {
  const cut = (data: Uint8Array, n: number) => data.slice(0, n);

  it('says a truncated v7 file is truncated, wherever it is cut', async () => {
    // Inside the file header, the header info section, the event formats, the CPU data, the last options.
    for (const n of [12, 30, 200, 50_000, 1_150_000, 1_181_950]) {
      const err = await failure(parseDat(cut(v7, n)));
      expect(err.code, `cut at ${n}: ${err.message}`).toBe('truncated');
      expect(err.message).toMatch(/^the file is truncated: the .+ at byte \d+ needs \d+ bytes?, but the file ends at byte \d+$/);
    }
  });

  it('says a truncated v6 file is truncated, wherever it is cut', async () => {
    const cases: [number, RegExp][] = [
      [30, /header/],
      [300, /header_event/],
      [100_000, /format/],
      [3_000_000, /kallsyms/],
      [7_500_000, /CPU 0 data/],
      [7_900_000, /CPU 1 data/],
    ];
    for (const [n, what] of cases) {
      const err = await failure(parseDat(cut(v6, n)));
      expect(err.code, `cut at ${n}: ${err.message}`).toBe('truncated');
      expect(err.message).toMatch(what);
    }
  });

  it('refuses a file whose magic is wrong after the first bytes', async () => {
    const bad = v7.slice();
    bad.set(new TextEncoder().encode('tracinG'), 3);
    const direct = await failure(parseTraceDat(bufferSource(bad), new EventTableBuilder(), emptyParseReport(), '7', {}));
    expect(direct.code).toBe('unreadable');
    expect(direct.message).toMatch(/magic/);
    // Through the front door it is not taken for a trace.dat at all.
    expect((await failure(parseDat(bad))).code).toBe('binary');
  });

  it('names the version it does not read', async () => {
    const bad = v7.slice();
    bad[10] = 0x39; // "9"
    const err = await failure(parseDat(bad));
    expect(err.code).toBe('trace-dat');
    expect(err.message).toMatch(/^trace\.dat version "9" is not read \(versions 6 and 7 are\)/);
  });

  it('says which section does not decompress and where', async () => {
    const bad = v7.slice();
    for (let i = 2063 + 24 + 40; i < 2063 + 24 + 140; i++) bad[i] ^= 0x5a; // inside the event formats section
    const err = await failure(parseDat(bad));
    expect(err.code).toBe('decompress');
    expect(err.message).toMatch(/^the event formats section at byte 2063 does not decompress \(zstd\): /);
  });

  it('says which CPU data chunk does not decompress', async () => {
    const bad = v7.slice();
    for (let i = 0x117000 + 12 + 40; i < 0x117000 + 12 + 100; i++) bad[i] ^= 0xa5; // chunk 0 of CPU 0
    const err = await failure(parseDat(bad));
    expect(err.code).toBe('decompress');
    expect(err.message).toMatch(/^the CPU 0 data chunk 0 at byte 1142788 does not decompress \(zstd\)/);
  });

  it('says which zlib section does not decompress', async () => {
    const bad = rewriteV7(v7, 'zlib');
    // The header info section comes first, at byte 32: 18 header bytes, "zlib\0\0", the options offset.
    expect(new DataView(bad.buffer).getUint16(32, true)).toBe(16);
    for (let i = 32 + 16 + 8 + 4; i < 32 + 16 + 8 + 24; i++) bad[i] ^= 0x33;
    const err = await failure(parseDat(bad));
    expect(err.code).toBe('decompress');
    expect(err.message).toMatch(/^the header info section at byte 32 does not decompress \(zlib\): /);
  });

  it('names a section id it does not know', async () => {
    const bad = v7.slice();
    new DataView(bad.buffer).setUint16(2063, 77, true);
    const err = await failure(parseDat(bad));
    expect(err.code).toBe('unreadable');
    expect(err.message).toBe(
      'not a readable trace.dat: unknown section id 77 at byte 2063, where the options put the event formats section (id 18)',
    );
  });

  it('never crashes or hangs on a damaged byte, in either version', async () => {
    let seed = 12345;
    const rand = () => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed / 2 ** 32;
    };
    const regions: [Uint8Array, [number, number][]][] = [
      [v7, [[0, 2300], [1138278, 1139500], [0x117000, 0x117000 + 23697], [0x11d000, 0x11d000 + 14539], [1181899, v7.length]]],
      [v6, [[0, 12000], [7444000, 7446528 + 4096 * 3], [7876608, 7876608 + 4096 * 2]]],
    ];
    let failures = 0;
    for (const [data, ranges] of regions) {
      for (let t = 0; t < 60; t++) {
        const [a, b] = ranges[Math.floor(rand() * ranges.length)];
        const at = a + Math.floor(rand() * (b - a));
        const bad = data.slice();
        bad[at] ^= 1 + Math.floor(rand() * 255);
        try {
          await parseDat(bad);
        } catch (e) {
          if (!isTraceError(e)) throw new Error(`byte ${at}: ${e instanceof Error ? e.stack : String(e)}`, { cause: e });
          expect((e as Error).message).not.toMatch(/\n/);
          failures++;
        }
      }
    }
    expect(failures).toBeGreaterThan(0);
  });
});

// ---------------------------------------------------------------------------
// Small .dat files written here, for what the fixtures do not show.

const HEADER_PAGE =
  '\tfield: u64 timestamp;\toffset:0;\tsize:8;\tsigned:0;\n' +
  '\tfield: local_t commit;\toffset:8;\tsize:8;\tsigned:1;\n' +
  '\tfield: int overwrite;\toffset:8;\tsize:1;\tsigned:1;\n' +
  '\tfield: char data;\toffset:16;\tsize:4080;\tsigned:0;\n';

const COMMON =
  '\tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;\n' +
  '\tfield:unsigned char common_flags;\toffset:2;\tsize:1;\tsigned:0;\n' +
  '\tfield:unsigned char common_preempt_count;\toffset:3;\tsize:1;\tsigned:0;\n' +
  '\tfield:int common_pid;\toffset:4;\tsize:4;\tsigned:1;\n\n';

const SLEEP_ID = 600;
const BEGIN_ID = 601;
const FORMATS = [
  `name: mm_vmscan_kswapd_sleep\nID: ${SLEEP_ID}\nformat:\n${COMMON}\tfield:int nid;\toffset:8;\tsize:4;\tsigned:1;\n\nprint fmt: "nid=%d", REC->nid\n`,
  `name: mm_vmscan_direct_reclaim_begin\nID: ${BEGIN_ID}\nformat:\n${COMMON}` +
    '\tfield:int order;\toffset:8;\tsize:4;\tsigned:1;\n\tfield:unsigned long gfp_flags;\toffset:16;\tsize:8;\tsigned:0;\n\n' +
    'print fmt: "order=%d gfp_flags=%s", REC->order, (REC->gfp_flags) ? __print_flags(REC->gfp_flags, "|", ' +
    '{( unsigned long)(((( gfp_t)((((1UL))) << (10)))) | (( gfp_t)((((1UL))) << (11)))), "__GFP_RECLAIM"}, ' +
    '{( unsigned long)(( gfp_t)((((1UL))) << (8))), "__GFP_ZERO"}, { 0, ((void *)0) } ) : "none"\n',
];

interface Rec {
  delta: number;
  type: number;
  pid: number;
  /** i32 values after the common fields (offset 8 on). */
  ints?: number[];
  gfp?: number;
}
interface Page {
  ts: number;
  records: (Rec | { padding: number; delta: number })[];
  lost?: number | 'unknown';
}

class Writer {
  bytes: number[] = [];
  constructor(readonly le: boolean) {}
  u8(v: number) {
    this.bytes.push(v & 0xff);
  }
  n(v: number, size: number) {
    const b: number[] = [];
    let x = BigInt.asUintN(size * 8, BigInt(v));
    for (let i = 0; i < size; i++) {
      b.push(Number(x & 0xffn));
      x >>= 8n;
    }
    this.bytes.push(...(this.le ? b : b.reverse()));
  }
  str(s: string) {
    for (const c of new TextEncoder().encode(s)) this.u8(c);
  }
  blob(s: string) {
    const b = new TextEncoder().encode(s);
    this.n(b.length, 8);
    for (const c of b) this.u8(c);
  }
}

function pageBytes(p: Page, le: boolean): number[] {
  const w = new Writer(le);
  const hdr = (typeLen: number, delta: number) => w.n(le ? (delta << 5) | typeLen : ((typeLen << 27) | delta) >>> 0, 4);
  for (const r of p.records) {
    let delta = r.delta;
    if (delta >= 2 ** 27) {
      hdr(30, delta % 2 ** 27); // TIME_EXTEND
      w.n(Math.floor(delta / 2 ** 27), 4);
      delta = 0;
    }
    if ('padding' in r) {
      hdr(29, delta);
      w.n(r.padding, 4);
      for (let i = 0; i < r.padding - 4; i++) w.u8(0);
      continue;
    }
    const body = new Writer(le);
    body.n(r.type, 2);
    body.u8(0);
    body.u8(0);
    body.n(r.pid, 4);
    for (const v of r.ints ?? []) body.n(v, 4);
    if (r.gfp !== undefined) {
      while (body.bytes.length < 16) body.u8(0);
      body.n(r.gfp, 8);
    }
    hdr(body.bytes.length / 4, delta);
    w.bytes.push(...body.bytes);
  }
  const size = w.bytes.length;
  const page = new Writer(le);
  page.n(p.ts, 8);
  let commit = size;
  if (p.lost !== undefined) commit += 2 ** 31 + (p.lost === 'unknown' ? 0 : 2 ** 30);
  page.n(commit, 8);
  page.bytes.push(...w.bytes);
  if (typeof p.lost === 'number') page.n(p.lost, 8);
  while (page.bytes.length < 4096) page.u8(0);
  return page.bytes;
}

/** A version 6 trace.dat with the two formats above and the given pages per CPU. */
function makeDat(cpus: Page[][], opts: { le?: boolean; cmdlines?: string; clock?: string } = {}): Uint8Array {
  const le = opts.le ?? true;
  const w = new Writer(le);
  w.bytes.push(0x17, 0x08, 0x44);
  w.str('tracing6\0');
  w.u8(le ? 0 : 1);
  w.u8(8);
  w.n(4096, 4);
  w.str('header_page\0');
  w.blob(HEADER_PAGE);
  w.str('header_event\0');
  w.blob('');
  w.n(0, 4); // no ftrace formats
  w.n(1, 4);
  w.str('vmscan\0');
  w.n(FORMATS.length, 4);
  for (const f of FORMATS) w.blob(f);
  w.n(0, 4); // kallsyms
  w.n(0, 4); // printk
  w.blob(opts.cmdlines ?? '45 kswapd0\n700 dd\n');
  w.n(cpus.length, 4);
  if (opts.clock) {
    w.str('options  \0');
    w.n(4, 2); // TRACECLOCK
    const t = `local ${opts.clock}\0`;
    w.n(t.length, 4);
    w.str(t);
    w.n(0, 2);
  }
  w.str('flyrecord\0');
  const table = w.bytes.length;
  for (let i = 0; i < cpus.length; i++) {
    w.n(0, 8);
    w.n(0, 8);
  }
  if (opts.clock) w.blob(`local [${opts.clock}]`);
  const data = pagesAligned(w.bytes.length);
  const out = new Writer(le);
  out.bytes = w.bytes;
  while (out.bytes.length < data) out.u8(0);
  const where: [number, number][] = [];
  for (const pages of cpus) {
    const at = out.bytes.length;
    for (const p of pages) out.bytes.push(...pageBytes(p, le));
    where.push([at, out.bytes.length - at]);
  }
  const fix = new Writer(le);
  for (const [at, size] of where) {
    fix.n(at, 8);
    fix.n(size, 8);
  }
  out.bytes.splice(table, fix.bytes.length, ...fix.bytes);
  return new Uint8Array(out.bytes);
}

const pagesAligned = (n: number) => Math.ceil(n / 4096) * 4096;

describe('trace.dat details written by hand', () => {
  const sleep = (delta: number, pid: number, nid: number): Rec => ({ delta, type: SLEEP_ID, pid, ints: [nid] });

  it('puts the lower CPU first when two CPUs have the same timestamp, as trace-cmd report does', async () => {
    const dat = makeDat([
      [{ ts: 5000, records: [sleep(0, 45, 0), sleep(10, 45, 1)] }],
      [{ ts: 4000, records: [sleep(1000, 700, 2), sleep(10, 700, 3)] }],
    ]);
    const { table } = await parseDat(dat, { timeResolution: 'ns' });
    expect(Array.from(table.ts)).toEqual([5000, 5000, 5010, 5010]);
    expect(Array.from(table.cpu)).toEqual([0, 1, 0, 1]);
    expect(Array.from(table.slots[0])).toEqual([0, 2, 1, 3]);
  });

  it('counts lost events from the page flags, with and without a stored count', async () => {
    const dat = makeDat([
      [{ ts: 1000, records: [sleep(0, 45, 0)] }, { ts: 2000, records: [sleep(0, 45, 0)], lost: 'unknown' }],
      [{ ts: 1500, records: [sleep(0, 700, 0)], lost: 42 }],
    ]);
    const { report } = await parseDat(dat, {});
    expect(report.lost).toEqual({ total: 42, markers: 2, markersWithoutCount: 1, byCpu: { '0': 0, '1': 42 } });
    const parsed = fileReport(await parseDat(dat, {}));
    expect(parsed.extra.lostEvents).toBe(42);
  });

  it('adds time extends and padding deltas, and skips padding', async () => {
    const dat = makeDat([
      [{ ts: 1000, records: [sleep(5, 45, 0), { padding: 12, delta: 7 }, sleep(2 ** 28 + 3, 45, 1)] }],
    ]);
    const { table } = await parseDat(dat, { timeResolution: 'ns' });
    expect(Array.from(table.ts)).toEqual([1005, 1005 + 7 + 2 ** 28 + 3]);
  });

  it('reads a big-endian file as it reads a little-endian one', async () => {
    const pages = [[{ ts: 7000, records: [sleep(3, 45, 5), { delta: 2, type: BEGIN_ID, pid: 700, ints: [2], gfp: 0xd00 }] }]];
    const le = await parseDat(makeDat(pages), {});
    const be = await parseDat(makeDat(pages, { le: false }), {});
    expect(rows(be.table)).toEqual(rows(le.table));
    expect(rows(be.table)).toEqual(['7 45 kswapd0 0 10 5 - - - - -', '7 700 dd 0 1 2 "__GFP_RECLAIM|__GFP_ZERO" - - - -']);
  });

  it('renders flags with their names, "none" for zero and leftover bits in hex', async () => {
    const begin = (gfp: number): Rec => ({ delta: 1, type: BEGIN_ID, pid: 700, ints: [0], gfp });
    const { table } = await parseDat(makeDat([[{ ts: 0, records: [begin(0), begin(0x900), begin(0xc00), begin(0x1_0000_0000)] }]]), {});
    const gfp = slotOf(Kind.DIRECT_BEGIN, 'gfp_flags');
    expect(Array.from(table.slots[gfp], (id) => table.strings.get(id))).toEqual([
      'none',
      '__GFP_ZERO|0x800',
      '__GFP_RECLAIM',
      '0x100000000',
    ]);
  });

  it('names tasks from saved cmdlines, <idle> for pid 0 and <...> for pids it lacks', async () => {
    const dat = makeDat([[{ ts: 0, records: [sleep(1, 45, 0), sleep(1, 0, 0), sleep(1, 999, 0)] }]]);
    const { table } = await parseDat(dat, {});
    expect(Array.from(table.task, (t) => table.strings.get(table.tasks.comm[t]))).toEqual(['kswapd0', '<idle>', '<...>']);
  });

  it('counts events whose type has no format without storing them', async () => {
    const dat = makeDat([[{ ts: 0, records: [sleep(1, 45, 0), { delta: 1, type: 4242, pid: 45, ints: [1] }] }]]);
    const { report } = await parseDat(dat, {});
    expect(report.events).toBe(2);
    expect(report.storedEvents).toBe(1);
    expect(report.eventsByName['<event type 4242 without a format>']).toBe(1);
    expect(report.warnings.join(' ')).toMatch(/4242/);
  });

  it('says the times are clock ticks when the trace clock does not count nanoseconds', async () => {
    const { report } = await parseDat(makeDat([[{ ts: 0, records: [sleep(1, 45, 0)] }]], { clock: 'counter' }), {});
    expect(report.timeUnit).toBe('ticks');
    const g = await parseDat(makeDat([[{ ts: 0, records: [sleep(1, 45, 0)] }]], { clock: 'global' }), {});
    expect(g.report.timeUnit).toBe('ns');
  });

  it('rounds to the microsecond on request, as trace-cmd prints times', async () => {
    const dat = makeDat([[{ ts: 1499, records: [sleep(0, 45, 0), sleep(1, 45, 0)] }]]);
    const { table } = await parseDat(dat, US);
    expect(Array.from(table.ts)).toEqual([1000, 2000]);
  });
});

describe('print fmt rendering', () => {
  const ctx: EvalContext = { littleEndian: true, longSize: 8 };
  const record = (bytes: number[]): RecordView => {
    const buf = new Uint8Array(bytes);
    return { buf, dv: new DataView(buf.buffer), off: 0, len: buf.length };
  };

  it('finds key=value words the way the text parser finds them', () => {
    const toks = keyTokens(parseFormatString('zone_start=0x%lx zone_end=0x%lx, mode=%s classzone_idx=%-8s'));
    expect(toks.map((t) => t.key)).toEqual(['zone_start', 'zone_end', 'mode', 'classzone_idx']);
    expect(toks[1].value[0]).toBe('0x');
    expect(toks[1].value[2]).toBe(',');
  });

  it('renders __print_symbolic with its %-8s width cut at the space, and unknown values in hex', () => {
    const fmt = parseEventFormat(
      `name: mm_compaction_kcompactd_wake\nID: 1\nformat:\n${COMMON}\tfield:int nid;\toffset:8;\tsize:4;\tsigned:1;\n\tfield:int order;\toffset:12;\tsize:4;\tsigned:1;\n\tfield:enum zone_type highest_zoneidx;\toffset:16;\tsize:4;\tsigned:0;\n\nprint fmt: "nid=%d order=%d classzone_idx=%-8s", REC->nid, REC->order, __print_symbolic(REC->highest_zoneidx, {0, "DMA"}, {1, "DMA32"}, {2, "Normal"})\n`,
      'compaction',
    )!;
    const ck = compileKind(fmt, SPEC_BY_KIND[Kind.KCOMPACTD_WAKE], ctx);
    expect(ck.plans.map((p) => p.t)).toEqual(['int', 'int', 'render', 'absent', 'absent', 'absent']);
    const strings = new StringTable();
    const plan = ck.plans[2];
    if (plan.t !== 'render') throw new Error('plan');
    const at = (zone: number) => record([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, zone, 0, 0, 0]);
    expect(strings.get(renderSlot(plan, at(1), ctx, strings)!)).toBe('DMA32');
    expect(strings.get(renderSlot(plan, at(9), ctx, strings)!)).toBe('0x9');
  });

  it('reads ints as printf prints them: %d of an unsigned long is signed, %u of an int is unsigned', () => {
    const fmt = parseEventFormat(
      `name: mm_vmscan_lru_shrink_active\nID: 2\nformat:\n${COMMON}\tfield:int nid;\toffset:8;\tsize:4;\tsigned:1;\n\tfield:unsigned long nr_taken;\toffset:16;\tsize:8;\tsigned:0;\n\tfield:int priority;\toffset:24;\tsize:4;\tsigned:1;\n\nprint fmt: "nid=%d nr_taken=%ld priority=%u", REC->nid, REC->nr_taken, REC->priority\n`,
      'vmscan',
    )!;
    const ck = compileKind(fmt, SPEC_BY_KIND[Kind.SHRINK_ACTIVE], ctx);
    const taken = ck.plans[slotOf(Kind.SHRINK_ACTIVE, 'nr_taken')];
    const prio = ck.plans[slotOf(Kind.SHRINK_ACTIVE, 'priority')];
    expect(taken).toMatchObject({ t: 'int', size: 8, bits: 64, convSigned: true });
    expect(prio).toMatchObject({ t: 'int', size: 4, bits: 32, convSigned: false });
    expect(ck.missingRequired).toBeNull();
  });

  it('leaves a kind unstored when its print fmt lacks a required key', () => {
    const fmt = parseEventFormat(`name: mm_vmscan_kswapd_sleep\nID: 3\nformat:\n${COMMON}\nprint fmt: "node=%d", REC->common_pid\n`, 'vmscan')!;
    expect(compileKind(fmt, SPEC_BY_KIND[Kind.KSWAPD_SLEEP], ctx).missingRequired).toBe('its print fmt has no nid=');
  });
});
