// Reading one file in parts on several threads (text-part.ts) must give the
// table and report of one pass, whatever the cuts: `<...>` comms resolved
// across a cut, line numbers of examples, backward steps at a cut, string and
// task ids in first-seen order. Helpers here run in the same thread; the CLI
// and the app run them in worker threads and Web Workers.

import { describe, expect, it } from 'vitest';
import { EventTableBuilder, type EventTable } from '../model/event-table.ts';
import { emptyParseReport } from '../model/parse-report.ts';
import { fixture, tableSnapshot } from '../test-support/parse-both.ts';
import { realTraces, textBytes } from '../test-support/real-traces.ts';
import { chunksOf, parseTrace, type ParsedTrace, type PartHelpers } from './parse.ts';
import { bufferSource, type ByteSource } from './source.ts';
import { findSeed, parseTextRange } from './text-part.ts';
import { TextTraceParser } from './text-parser.ts';

function inThread(src: ByteSource, count: number): PartHelpers {
  return { count, minBytes: 0, parse: (from, to, seed) => parseTextRange(src, from, to, seed) };
}

/** Parses bytes cut at the given line starts: the first part here, the others absorbed in order. */
async function parseCut(bytes: Uint8Array, cuts: number[]) {
  const src = bufferSource(bytes);
  const seed = await findSeed(src);
  expect(seed).not.toBeNull();
  const report = emptyParseReport();
  const builder = new EventTableBuilder(1024);
  const parser = new TextTraceParser(builder, report);
  for await (const c of chunksOf(bytes.subarray(0, cuts[0]), 1 << 16)) parser.push(c);
  const bounds = [...cuts, bytes.length];
  for (let i = 0; i + 1 < bounds.length; i++) parser.absorb(await parseTextRange(src, bounds[i], bounds[i + 1], seed!));
  parser.finish();
  report.bytes = report.decodedBytes = bytes.length;
  return { table: builder.finish(), report };
}

/** Line starts at about the given fractions of the text. */
function lineStarts(bytes: Uint8Array, fractions: number[]): number[] {
  return fractions.map((f) => bytes.indexOf(0x0a, Math.floor(bytes.length * f)) + 1).filter((c, i, all) => c > 0 && c < bytes.length && all.indexOf(c) === i);
}

/** Whether two tables hold the same columns, tasks and strings (a loop: deep equality of millions of numbers is slow). */
function sameTable(a: EventTable, b: EventTable): boolean {
  const eq = (x: ArrayLike<number>, y: ArrayLike<number>): boolean => {
    if (x.length !== y.length) return false;
    for (let i = 0; i < x.length; i++) if (!Object.is(x[i], y[i])) return false;
    return true;
  };
  return (
    eq(a.ts, b.ts) &&
    eq(a.task, b.task) &&
    eq(a.cpu, b.cpu) &&
    eq(a.kind, b.kind) &&
    a.slots.every((col, i) => eq(col, b.slots[i])) &&
    a.extras.every((x, k) => {
      const y = b.extras[k];
      if (!x || !y) return x === y;
      return eq(x.rows, y.rows) && x.cols.every((c, j) => (c && y.cols[j] ? eq(c, y.cols[j]!) : c === y.cols[j]));
    }) &&
    eq(a.tasks.pid, b.tasks.pid) &&
    eq(a.tasks.comm, b.tasks.comm) &&
    a.strings.values.length === b.strings.values.length &&
    a.strings.values.every((v, i) => v === b.strings.values[i])
  );
}

const onePass = new WeakMap<Uint8Array, Promise<ParsedTrace>>();

async function expectSameAsOnePass(bytes: Uint8Array, cuts: number[]): Promise<void> {
  if (!onePass.has(bytes)) onePass.set(bytes, parseTrace(chunksOf(bytes)));
  const one = await onePass.get(bytes)!;
  const cut = await parseCut(bytes, cuts);
  // the snapshot's deep comparison only where a difference needs showing
  if (!sameTable(cut.table, one.table)) expect(tableSnapshot(cut.table)).toEqual(tableSnapshot(one.table));
  expect(cut.report).toEqual(one.report);
}

describe('reading a file in parts', () => {
  it.each(realTraces().filter((t) => !t.path.endsWith('.dat')))('gives the one-pass table and report of $name, cut in two, three and seven at seeded random places', async (trace) => {
    const bytes = textBytes(trace.path);
    // a seed per trace, so a failure names its cuts and reruns the same
    let seed = [...trace.name].reduce((h, c) => Math.imul(h ^ c.charCodeAt(0), 16777619), 2166136261) >>> 0;
    const rnd = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
    for (const parts of [2, 3, 7]) {
      const fractions = Array.from({ length: parts - 1 }, rnd).sort((a, b) => a - b);
      await expectSameAsOnePass(bytes, lineStarts(bytes, fractions));
    }
  });

  it('resolves a `<...>` comm right after a cut to the name seen before it', async () => {
    const text = [
      '            bash-7892    [001] .....  1395.338000: mm_vmscan_direct_reclaim_begin: order=0 gfp_flags=GFP_KERNEL',
      '            bash-7892    [001] .....  1395.338100: mm_vmscan_direct_reclaim_end: nr_reclaimed=3',
      '           <...>-7892    [001] .....  1395.338915: mm_vmscan_direct_reclaim_begin: order=0 gfp_flags=GFP_KERNEL',
      '           <...>-7893    [000] .....  1395.338920: mm_vmscan_direct_reclaim_begin: order=0 gfp_flags=GFP_KERNEL',
      '            bash-7892    [001] .....  1395.339000: mm_vmscan_direct_reclaim_end: nr_reclaimed=32',
      '',
    ].join('\n');
    const bytes = new TextEncoder().encode(text);
    for (let line = 1; line < 5; line++) {
      const cut = text.split('\n').slice(0, line).join('\n').length + 1;
      await expectSameAsOnePass(bytes, [cut]);
    }
    const { table } = await parseCut(bytes, [text.indexOf('  <...>-7892')]);
    expect(table.tasks.pid.map((pid, t) => `${table.strings.get(table.tasks.comm[t])}-${pid}`)).toEqual(['bash-7892', '<...>-7893']);
  });

  it('counts a timestamp that steps back across a cut, and numbers skipped lines from the file start', async () => {
    const text = [
      '# tracer: nop',
      '            bash-7892    [001] .....  1395.339000: mm_vmscan_direct_reclaim_end: nr_reclaimed=32',
      'garbage line',
      '            bash-7892    [000] .....  1395.338000: mm_vmscan_direct_reclaim_end: nr_reclaimed=x',
      'CPU:1 [LOST 12 EVENTS]',
      '# entries-in-buffer/entries-written: 10/20   #P:2',
      'more garbage',
      '',
    ].join('\n');
    const bytes = new TextEncoder().encode(text);
    const lines = text.split('\n');
    for (let line = 2; line < lines.length - 1; line++) await expectSameAsOnePass(bytes, [lines.slice(0, line).join('\n').length + 1]);
  });

  it('is what parseTrace does with helpers, and the result does not depend on the helpers', async () => {
    const bytes = fixture('eras/linux-6.x.txt');
    const one = await parseTrace(chunksOf(bytes));
    for (const count of [1, 2, 3]) {
      const src = bufferSource(bytes);
      const split = await parseTrace(src, { helpers: inThread(src, count) });
      expect(sameTable(split.table, one.table)).toBe(true);
      expect({ ...split.report, compression: null }).toEqual({ ...one.report, compression: null });
    }
  });
});

describe('reading in reused buffers', () => {
  it('gives the bytes that slices give, chunk after chunk, from a source that reads into buffers', async () => {
    const bytes = textBytes(realTraces()[0].path);
    const { bufferSource, reusedChunks } = await import('./source.ts');
    const plain = bufferSource(bytes);
    const src = {
      ...plain,
      async readInto(buf: Uint8Array, offset: number) {
        const data = await plain.read(offset, buf.length);
        buf.set(data);
        return buf.subarray(0, data.length);
      },
    };
    const parts: Uint8Array[] = [];
    for await (const c of reusedChunks(src, 1000, bytes.length - 7, 1 << 16)) parts.push(c.slice());
    const joined = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let o = 0;
    for (const p of parts) {
      joined.set(p, o);
      o += p.length;
    }
    expect(Buffer.compare(joined, bytes.subarray(1000, bytes.length - 7))).toBe(0);
  });
});

describe('a Blob read through one BYOB stream', () => {
  const join = (parts: Uint8Array[]): Uint8Array => {
    const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let o = 0;
    for (const p of parts) {
      out.set(p, o);
      o += p.length;
    }
    return out;
  };

  it('gives the bytes of the range, chunk after chunk, in the two buffers it is handed', async () => {
    const bytes = textBytes(realTraces()[0].path);
    const { blobSource, reusedChunks } = await import('./source.ts');
    const src = blobSource(new Blob([bytes as BlobPart]));
    const parts: Uint8Array[] = [];
    for await (const c of reusedChunks(src, 1000, bytes.length - 7, 1 << 16)) parts.push(c.slice());
    expect(parts.length).toBeGreaterThan(10);
    expect(Buffer.compare(join(parts), bytes.subarray(1000, bytes.length - 7))).toBe(0);
  });

  it('opens the stream again where a read does not follow the last one, and stops short at the end', async () => {
    const bytes = textBytes(realTraces()[0].path);
    const { blobSource } = await import('./source.ts');
    const src = blobSource(new Blob([bytes as BlobPart]));
    const buf = () => new Uint8Array(4096);
    expect(Buffer.compare((await src.readInto!(buf(), 0)).slice(), bytes.subarray(0, 4096))).toBe(0);
    // jump ahead, then back
    expect(Buffer.compare((await src.readInto!(buf(), 50_000)).slice(), bytes.subarray(50_000, 54_096))).toBe(0);
    expect(Buffer.compare((await src.readInto!(buf(), 54_096)).slice(), bytes.subarray(54_096, 58_192))).toBe(0);
    expect(Buffer.compare((await src.readInto!(buf(), 7)).slice(), bytes.subarray(7, 4103))).toBe(0);
    const tail = await src.readInto!(buf(), bytes.length - 100);
    expect(tail.length).toBe(100);
    expect(Buffer.compare(tail.slice(), bytes.subarray(bytes.length - 100))).toBe(0);
    // a random read between sequential ones leaves the stream where it was
    expect(Buffer.compare(await src.read(10, 20), bytes.subarray(10, 30))).toBe(0);
  });

  // Chromium's File stream hands out 64 KiB and less per read, so a 4 MiB
  // buffer fills in many reads, each detaching the view it was given (a
  // length taken from that view after the first read is 0: the bug that
  // dropped all but 64 KiB of every chunk in the browser). Node's Blob fills
  // it in one, so this Blob gives its bytes in pieces of 1000 as Chromium does.
  it('fills a buffer in many reads when the stream gives less than asked, as Chromium\'s does', async () => {
    const bytes = textBytes(realTraces()[0].path);
    const { blobSource, reusedChunks } = await import('./source.ts');
    const piecewise = (data: Uint8Array): Blob =>
      ({
        size: data.length,
        slice: (from = 0, to = data.length) => piecewise(data.subarray(from, to)),
        arrayBuffer: async () => data.slice().buffer,
        stream: () => {
          let at = 0;
          return new ReadableStream({
            type: 'bytes',
            pull(ctrl) {
              if (at >= data.length) return ctrl.close();
              ctrl.enqueue(data.slice(at, at + 1000));
              at += 1000;
            },
          });
        },
      }) as unknown as Blob;
    const src = blobSource(piecewise(bytes));
    let reads = 0;
    const parts: Uint8Array[] = [];
    for await (const c of reusedChunks(src, 3, bytes.length, 1 << 16)) {
      reads++;
      parts.push(c.slice());
    }
    expect(reads).toBe(Math.ceil((bytes.length - 3) / (1 << 16)));
    expect(Buffer.compare(join(parts), bytes.subarray(3))).toBe(0);
  });
});
