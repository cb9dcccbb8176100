// The event table is sized from windows sampled across a file
// (text-part.ts estimateRows), corrected once if it fills before the file
// ends (CapacityPlanner), and trimmed when far too big. None of that may
// change what is read: on files larger than every estimate window (768 KiB of
// windows, sampled from 32 MiB in a parse and here on smaller files, 8 MiB for
// the planner) the table and report must be exactly those of a parse of the
// whole file as one chunk.

import { describe, expect, it } from 'vitest';
import { EventTableBuilder } from '../model/event-table.ts';
import { EXTRA_COUNT, KIND_COUNT } from '../model/kinds.ts';
import { emptyParseReport } from '../model/parse-report.ts';
import { tableSnapshot } from '../test-support/parse-both.ts';
import { textBytes } from '../test-support/real-traces.ts';
import { writeFolioTrace } from '../test-support/write-folio.ts';
import { parseTrace } from './parse.ts';
import { bufferSource } from './source.ts';
import { CapacityPlanner, estimateRows } from './text-part.ts';
import { TextTraceParser } from './text-parser.ts';

function oneChunk(bytes: Uint8Array) {
  const report = emptyParseReport();
  const builder = new EventTableBuilder(256);
  const parser = new TextTraceParser(builder, report);
  parser.push(bytes);
  parser.finish();
  return { table: tableSnapshot(builder.finish()), report };
}

/** The write_folio-heavy trace (9.5 MiB) and a mixed one: the two samples one after the other (19 MiB). */
const traces: [string, () => Uint8Array][] = [
  ['write_folio-heavy', () => writeFolioTrace(6)],
  [
    'mixed',
    () => {
      const a = textBytes('public/samples/mixed-baseline.txt.gz');
      const b = textBytes('public/samples/mixed-dirty40.txt.gz');
      const both = new Uint8Array(a.length + b.length);
      both.set(a);
      both.set(b, a.length);
      return both;
    },
  ],
];

describe('table sizing', () => {
  it.each(traces)('estimates the rows of the %s trace within a few percent, from samples across it', async (_, make) => {
    const bytes = make();
    expect(bytes.length).toBeGreaterThan(8 << 20);
    const rows = oneChunk(bytes).table.length as number;
    const estimate = (await estimateRows(bufferSource(bytes), 0, bytes.length, 0))!;
    expect(estimate).toBeGreaterThanOrEqual(rows * 0.97);
    expect(estimate).toBeLessThanOrEqual(rows * 1.12);
  });

  it.each(traces)('reads the %s trace from a sized table exactly as from one chunk', async (_, make) => {
    const bytes = make();
    const whole = oneChunk(bytes);
    const parsed = await parseTrace(bufferSource(bytes));
    expect(tableSnapshot(parsed.table)).toEqual(whole.table);
    expect({ ...parsed.report, bytes: 0, decodedBytes: 0 }).toEqual({ ...whole.report, bytes: 0, decodedBytes: 0 });
  });

  it('reads as one chunk does when the estimate was far too low and the planner corrects it', () => {
    const bytes = writeFolioTrace(6);
    const whole = oneChunk(bytes);
    const builder = new EventTableBuilder(1000);
    const planner = new CapacityPlanner(builder, true);
    const parser = new TextTraceParser(builder, emptyParseReport());
    const caps: number[] = [];
    for (let at = 0; at < bytes.length; at += 1 << 20) {
      parser.push(bytes.subarray(at, at + (1 << 20)));
      planner.after(Math.min(bytes.length, at + (1 << 20)), bytes.length);
      caps.push(builder.capacity);
    }
    parser.finish();
    // the builder's own 1.5x growths in the first MiB (nothing read yet to
    // project from), then one resize when it fills again: to about the whole
    // file's rows, from the rows per byte read so far
    const changes = caps.slice(1).filter((c, i) => c !== caps[i]);
    expect(changes.length).toBe(1);
    expect(changes[0]).toBeGreaterThan(whole.table.length as number);
    expect(changes[0]).toBeLessThan((whole.table.length as number) * 1.1);
    expect(tableSnapshot(builder.finish())).toEqual(whole.table);
  });
});

describe('table sizing on a file whose dense part comes first', () => {
  // a write_folio-heavy trace, then the same lines with three in four of another
  // event the parser counts and does not store (as in a capture of vmscan and sched)
  const dense = writeFolioTrace(6);
  let i = 0;
  const sparse = new TextEncoder().encode(
    new TextDecoder().decode(dense).replace(/mm_vmscan_write_folio:/g, (m) => (i++ % 4 === 0 ? m : 'sched_wakeup_new_folio:')),
  );
  const bytes = new Uint8Array(dense.length + sparse.length);
  bytes.set(dense);
  bytes.set(sparse, dense.length);

  it('keeps the sampled estimate instead of projecting the dense part over the whole file', async () => {
    const whole = oneChunk(bytes);
    const rows = whole.table.length as number;
    // the premise: the first half is much denser than the file
    const denseRows = oneChunk(dense).table.length as number;
    expect(denseRows / dense.length).toBeGreaterThan((rows / bytes.length) * 1.3);
    const estimate = (await estimateRows(bufferSource(bytes), 0, bytes.length, 0))!;
    expect(estimate).toBeGreaterThanOrEqual(rows);
    const builder = new EventTableBuilder(estimate);
    const planner = new CapacityPlanner(builder, true);
    const parser = new TextTraceParser(builder, emptyParseReport());
    const capacities = new Set([builder.capacity]);
    for (let at = 0; at < bytes.length; at += 4 << 20) {
      parser.push(bytes.subarray(at, at + (4 << 20)));
      planner.after(Math.min(bytes.length, at + (4 << 20)), bytes.length);
      capacities.add(builder.capacity);
    }
    parser.finish();
    // no resize while reading: each one held the old and new columns at once
    expect([...capacities]).toEqual([estimate]);
    expect(tableSnapshot(builder.finish())).toEqual(whole.table);
  });
});

describe('table sizing from 32 MiB, side columns included', () => {
  // the two samples, twice (38 MiB): over the size from which a parse samples its table
  const a = textBytes('public/samples/mixed-baseline.txt.gz');
  const b = textBytes('public/samples/mixed-dirty40.txt.gz');
  const bytes = new Uint8Array(2 * (a.length + b.length));
  bytes.set(a);
  bytes.set(b, a.length);
  bytes.set(a, a.length + b.length);
  bytes.set(b, 2 * a.length + b.length);

  it('reads it from the sampled table, side columns reserved per kind, exactly as from one chunk', async () => {
    expect(bytes.length).toBeGreaterThan(32 << 20);
    expect(await estimateRows(bufferSource(bytes))).not.toBeNull();
    const whole = oneChunk(bytes);
    const parsed = await parseTrace(bufferSource(bytes));
    expect(tableSnapshot(parsed.table)).toEqual(whole.table);
    // the copies step back in time on each CPU: the parse says so (and keeps the rows as printed)
    expect(parsed.report.cpuBackwardSteps).toBeGreaterThan(0);
    expect({ ...parsed.report, bytes: 0, decodedBytes: 0, cpuBackwardSteps: 0 }).toEqual({ ...whole.report, bytes: 0, decodedBytes: 0, cpuBackwardSteps: 0 });
  });

  it('estimates the rows of each kind with side columns within a few percent', async () => {
    const perKind = new Float64Array(KIND_COUNT);
    await estimateRows(bufferSource(bytes), 0, bytes.length, undefined, perKind);
    const builder = new EventTableBuilder(256);
    const parser = new TextTraceParser(builder, emptyParseReport());
    parser.push(bytes);
    parser.finish();
    const table = builder.finish();
    let checked = 0;
    for (let k = 0; k < KIND_COUNT; k++) {
      const rows = table.extras[k]?.length ?? 0;
      if (EXTRA_COUNT[k] === 0 || rows < 5000) continue;
      checked++;
      expect(perKind[k], `kind ${k}`).toBeGreaterThanOrEqual(rows * 0.9);
      expect(perKind[k], `kind ${k}`).toBeLessThanOrEqual(rows * 1.2);
    }
    // isolate and shrink_inactive at least
    expect(checked).toBeGreaterThanOrEqual(2);
  });
});
