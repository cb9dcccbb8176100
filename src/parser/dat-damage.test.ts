// A damaged event format in a trace.dat costs only that event: a format whose
// header cannot be read, or one whose damaged ID collides with another
// event's, is counted and named in the report's warnings, and the rest of the
// file reads as before (the v6 copy of the real tracecmd-writeback capture).

import { gunzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../test-support/real-traces.ts';
import { analyzeParsed, buildFileReport } from '../analysis/report.ts';
import { parseTrace } from './parse.ts';
import { bufferSource } from './source.ts';

const dat = new Uint8Array(gunzipSync(readFileSync(`${ROOT}fixtures/real-6.18/tracecmd-writeback.v6.dat.gz`)));

function damaged(from: string, to: string): Uint8Array {
  const text = Buffer.from(dat).toString('latin1');
  const at = text.indexOf(from);
  expect(at, from).toBeGreaterThan(0);
  expect(to.length).toBe(from.length);
  const b = dat.slice();
  b.set(Buffer.from(to, 'latin1'), at);
  return b;
}

async function summaryOf(bytes: Uint8Array) {
  const { table, report } = await parseTrace(bufferSource(bytes));
  return { report, file: buildFileReport('x', table, report, analyzeParsed(table, report)) };
}

describe('a damaged event format of an unrelated subsystem in a trace.dat', () => {
  it('is skipped and counted when its header cannot be read; the numbers stay', async () => {
    const good = await summaryOf(dat);
    const bad = await summaryOf(damaged('name: sched_switch\nID: 372', 'name: sched_switch\nID: 3#2'));
    expect(bad.report.warnings).toContain('1 event format file(s) in the trace.dat could not be read.');
    expect(bad.file.summary).toEqual(good.file.summary);
    expect(bad.report.events).toBe(good.report.events);
  });

  it('says which two formats claim one ID, and stores neither', async () => {
    const bad = await summaryOf(damaged('name: sched_switch\nID: 372', 'name: sched_switch\nID: 629'));
    expect(bad.report.warnings).toContain(
      'Damaged event formats: vmscan:mm_vmscan_lru_isolate and sched:sched_switch both claim event ID 629; their records are counted, not stored.',
    );
    const good = await summaryOf(dat);
    const n = good.report.eventsByName.mm_vmscan_lru_isolate;
    expect(n).toBeGreaterThan(0);
    expect(bad.report.eventsByName['mm_vmscan_lru_isolate or sched_switch (ID 629)']).toBe(n);
    expect(bad.report.storedEvents).toBe(good.report.storedEvents - n);
  });
});

describe('a ring-buffer page whose header gives an impossible size', () => {
  /** The v6 flyrecord section: "flyrecord\0", then an (offset, size) pair of u64s per CPU. */
  function cpuData(bytes: Uint8Array): { offset: number; size: number }[] {
    const at = Buffer.from(bytes).indexOf('flyrecord\0', 0, 'latin1');
    expect(at).toBeGreaterThan(0);
    const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const out: { offset: number; size: number }[] = [];
    for (let p = at + 10; p + 16 <= bytes.length && out.length < 2; p += 16) {
      out.push({ offset: Number(dv.getBigUint64(p, true)), size: Number(dv.getBigUint64(p + 8, true)) });
    }
    return out;
  }

  it('loses that page only, and says so for its CPU', async () => {
    const cpus = cpuData(dat);
    const cpu = cpus.findIndex((c) => c.size > 0);
    const { offset, size } = cpus[cpu];
    expect(offset % 4096).toBe(0);
    expect(offset + size).toBeLessThanOrEqual(dat.length);
    const bad = dat.slice();
    // page header: u64 timestamp, then the 8-byte commit word whose low bits give the data size
    new DataView(bad.buffer).setUint32(offset + 8, 0x5000, true);
    const good = await summaryOf(dat);
    const hurt = await summaryOf(bad);
    expect(hurt.report.warnings).toContain(`CPU ${cpu}: 1 ring-buffer page(s) with an impossible size or event were cut short.`);
    const lost = good.report.events - hurt.report.events;
    expect(lost).toBeGreaterThan(0);
    expect(lost).toBeLessThan(4096 / 8); // one page's worth at most
  });
});
