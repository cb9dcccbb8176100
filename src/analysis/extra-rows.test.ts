// The rows beyond the Summary, checked against a small reader written here
// from the raw lines of the real memcg-only trace (regexes over the text, no
// parser or analysis code): memcg reclaims and stall time, pages scanned and
// reclaimed inside memcg reclaim, throttling by reason, over the whole trace
// and over a window inside it, and the same numbers in the report's `extra`.

import { describe, expect, it } from 'vitest';
import { bufferSource } from '../parser/source.ts';
import { storedBytes, textBytes } from '../test-support/real-traces.ts';
import { efficiency } from './extra-rows.ts';
import { LoadedTraces } from './loaded-traces.ts';
import { ns } from '../model/units.ts';

const PATH = 'fixtures/real-6.18/memcg-256m.trace.txt.gz';

interface Expect {
  memcgReclaims: number;
  memcgStallMs: number;
  memcgPagesScanned: number;
  memcgPagesReclaimed: number;
  throttled: Record<string, { events: number; ms: number }>;
}

/** Reads the trace's lines; counts events in [w0, w1) µs and clips memcg intervals to it. */
function independent(text: string, w0: number, w1: number): { first: number; e: Expect } {
  const e: Expect = { memcgReclaims: 0, memcgStallMs: 0, memcgPagesScanned: 0, memcgPagesReclaimed: 0, throttled: {} };
  const open = new Map<string, number>();
  let first = -1;
  const re = /^\s*(.+?)-(\d+)\s+\[\d+\]\s+\S+\s+(\d+)\.(\d{6}): (mm_\w+): (.*)$/;
  for (const line of text.split('\n')) {
    const m = re.exec(line);
    if (!m) continue;
    const pid = m[2];
    const us = Number(m[3]) * 1e6 + Number(m[4]);
    if (first < 0) first = us;
    const t = us - first;
    const ev = m[5];
    const f = Object.fromEntries(m[6].split(' ').map((kv) => kv.split('=')));
    const inWin = t >= w0 && t < w1;
    if (ev === 'mm_vmscan_memcg_reclaim_begin') {
      open.set(pid, t);
      if (inWin) e.memcgReclaims++;
    } else if (ev === 'mm_vmscan_memcg_reclaim_end') {
      const b = open.get(pid);
      if (b !== undefined) e.memcgStallMs += Math.max(0, Math.min(t, w1) - Math.max(b, w0)) / 1000;
      open.delete(pid);
    } else if (ev === 'mm_vmscan_lru_isolate' && open.has(pid) && inWin && f.lru.startsWith('inactive_')) e.memcgPagesScanned += Number(f.nr_scanned);
    else if (ev === 'mm_vmscan_lru_shrink_inactive' && open.has(pid) && inWin) e.memcgPagesReclaimed += Number(f.nr_reclaimed);
    else if (ev === 'mm_vmscan_throttled' && inWin) {
      const r = (e.throttled[f.reason] ??= { events: 0, ms: 0 });
      r.events++;
      r.ms += Number(f.usect_delayed) / 1000;
    }
  }
  return { first, e };
}

describe('extra rows of the memcg-only trace', () => {
  const text = new TextDecoder().decode(textBytes(PATH));
  const store = new LoadedTraces();
  const ready = store.load('m', 'memcg-256m.trace.txt', bufferSource(storedBytes(PATH)));

  it('over the whole trace equal the raw lines, in the range summary and in the report extra', async () => {
    const info = await ready;
    const { e } = independent(text, -Infinity, Infinity);
    expect(e.memcgReclaims).toBe(2751); // the oracle's expected.json agrees
    const x = store.rangeSummary('m', null, null).extra!;
    expect(x.memcgReclaims).toBe(e.memcgReclaims);
    expect(x.memcgStallMs).toBeCloseTo(e.memcgStallMs, 6);
    expect(x.memcgPagesScanned).toBe(e.memcgPagesScanned);
    expect(x.memcgPagesReclaimed).toBe(e.memcgPagesReclaimed);
    expect(x.memcgPagesReclaimed).toBeGreaterThan(0);
    expect(Object.keys(x.throttledByReason)).toEqual(Object.keys(e.throttled));
    for (const [k, v] of Object.entries(e.throttled)) {
      expect(x.throttledByReason[k].events).toBe(v.events);
      expect(x.throttledByReason[k].ms).toBeCloseTo(v.ms, 6);
    }
    const rx = info.report.extra;
    expect(rx.memcgPagesScanned).toBe(e.memcgPagesScanned);
    expect(rx.memcgPagesReclaimed).toBe(e.memcgPagesReclaimed);
    expect(rx.throttledByReason).toEqual(x.throttledByReason);
    expect(rx.directReclaimEfficiency).toBeNull(); // no direct reclaim at all in this trace
  });

  it('over a window inside the trace count only what happened in it', async () => {
    await ready;
    const { e } = independent(text, 500_000, 1_000_000);
    const x = store.rangeSummary('m', ns(0.5e9), ns(1e9)).extra!;
    expect(x.memcgReclaims).toBe(e.memcgReclaims);
    expect(x.memcgStallMs).toBeCloseTo(e.memcgStallMs, 6);
    expect(x.memcgPagesScanned).toBe(e.memcgPagesScanned);
    expect(x.memcgPagesReclaimed).toBe(e.memcgPagesReclaimed);
    expect(x.throttledEvents).toBe(Object.values(e.throttled).reduce((a, r) => a + r.events, 0));
  });

  it('gives efficiency as reclaimed over scanned in percent, and none when nothing was scanned', () => {
    expect(efficiency(998, 1000)).toBeCloseTo(99.8, 12);
    expect(efficiency(0, 0)).toBeNull();
  });
});
