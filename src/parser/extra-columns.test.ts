// The event table's extra columns (fields beyond the six slots) through the
// paths that move rows: appending another table's columns (parts of a file
// read on other threads, tiled benchmark tables), where one side may lack a
// column the other has, and the reordering of rows into time order.

import { describe, expect, it } from 'vitest';
import { putInTimeOrder } from './time-order.ts';
import { emptyParseReport } from '../model/parse-report.ts';
import { EventTableBuilder, extraValue, newSlotValues, type EventTable } from '../model/event-table.ts';
import { ABSENT, Kind, SLOT_COUNT, SPEC_BY_KIND } from '../model/kinds.ts';

const WB = SPEC_BY_KIND[Kind.SHRINK_INACTIVE].extra!.findIndex((f) => f.key === 'nr_writeback');
const ACT = SPEC_BY_KIND[Kind.SHRINK_INACTIVE].extra!.findIndex((f) => f.key === 'nr_activate');

/** Pushes a shrink_inactive row with nr_reclaimed = id and the given extra fields, or a write_folio row. */
function push(b: EventTableBuilder, ts: number, cpu: number, id: number, extra: Record<number, number> | null): void {
  const v = newSlotValues();
  if (extra === null) {
    v[0] = 2; // flags
    b.push(ts, 0, cpu, Kind.WRITE_FOLIO, v);
    return;
  }
  v[1] = id;
  for (const [j, x] of Object.entries(extra)) v[SLOT_COUNT + Number(j)] = x;
  b.push(ts, 0, cpu, Kind.SHRINK_INACTIVE, v);
}

/** nr_reclaimed -> [nr_writeback, nr_activate] of every shrink_inactive row. */
function byId(t: EventTable): Map<number, [number, number]> {
  const out = new Map<number, [number, number]>();
  const x = t.extras[Kind.SHRINK_INACTIVE];
  for (let r = 0; r < t.length; r++)
    if (t.kind[r] === Kind.SHRINK_INACTIVE) out.set(t.slots[1][r], [extraValue(x, r, WB), extraValue(x, r, ACT)]);
  return out;
}

describe('extra columns', () => {
  it('appends a table whose rows lack a column the other has, and the other way round', () => {
    const a = new EventTableBuilder(256);
    push(a, 10, 0, 1, { [WB]: 5 });
    push(a, 11, 0, 0, null);
    push(a, 12, 0, 2, { [WB]: 6 });
    const b = new EventTableBuilder(256);
    push(b, 20, 0, 3, { [ACT]: 7 });
    push(b, 21, 0, 0, null);
    const c = new EventTableBuilder(256);
    push(c, 30, 0, 4, { [WB]: 8 });
    const merged = new EventTableBuilder(256);
    for (const part of [a, b, c]) merged.appendColumns(part.finish());
    const t = merged.finish();
    expect(t.length).toBe(6);
    expect([...byId(t)]).toEqual([
      [1, [5, ABSENT]],
      [2, [6, ABSENT]],
      [3, [ABSENT, 7]],
      [4, [8, ABSENT]],
    ]);
    expect(Array.from(t.extras[Kind.SHRINK_INACTIVE]!.rows)).toEqual([0, 2, 3, 5]);
    expect(t.extras[Kind.WRITE_FOLIO]).toBeNull();
  });

  it('grows past its first capacity and keeps a column that starts late', () => {
    const b = new EventTableBuilder(256);
    for (let i = 0; i < 1000; i++) push(b, i, 0, i, i < 700 ? {} : { [ACT]: i });
    const t = b.finish();
    const got = byId(t);
    expect(got.get(699)).toEqual([ABSENT, ABSENT]);
    expect(got.get(700)).toEqual([ABSENT, 700]);
    expect(got.get(999)).toEqual([ABSENT, 999]);
    expect(t.extras[Kind.SHRINK_INACTIVE]!.cols[WB]).toBeNull();
  });

  it('follows its rows when they are put in time order', () => {
    // trace_pipe's late merge of two CPUs: each CPU in order, the file not
    const b = new EventTableBuilder(256);
    push(b, 100, 0, 1, { [WB]: 11 });
    push(b, 300, 0, 0, null);
    push(b, 400, 0, 2, { [WB]: 12 });
    push(b, 50, 1, 3, { [WB]: 13 });
    push(b, 200, 1, 4, { [WB]: 14 });
    push(b, 350, 1, 0, null);
    const t = b.finish();
    const report = emptyParseReport();
    putInTimeOrder(t, report);
    expect(report.reordered).toBeGreaterThan(0);
    expect(Array.from(t.ts)).toEqual([50, 100, 200, 300, 350, 400]);
    expect(Array.from(t.extras[Kind.SHRINK_INACTIVE]!.rows)).toEqual([0, 1, 2, 5]);
    expect([...byId(t)].sort((x, y) => x[0] - y[0])).toEqual([
      [1, [11, ABSENT]],
      [2, [12, ABSENT]],
      [3, [13, ABSENT]],
      [4, [14, ABSENT]],
    ]);
  });
});
