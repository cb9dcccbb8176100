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
