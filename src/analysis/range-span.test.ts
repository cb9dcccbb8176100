// The span of a range summary is the part of the range the trace covers:
// ranges before, across, inside and after traces of different lengths, with
// each trace's first and last timestamp read from its raw lines by a regex
// here, not by the parser.

import { describe, expect, it } from 'vitest';
import { bufferSource } from '../parser/source.ts';
import { realTraces, storedBytes, textBytes } from '../test-support/real-traces.ts';
import { LoadedTraces } from './loaded-traces.ts';
import { ns } from '../model/units.ts';

/** First and last timestamp of an ftrace text trace, in µs (6-decimal seconds). */
function firstLastUs(path: string): [number, number] {
  const text = new TextDecoder().decode(textBytes(path));
  let first = -1;
  let last = -1;
  for (const m of text.matchAll(/^.{16,}?\s(\d+)\.(\d{6}): /gm)) {
    const us = Number(m[1]) * 1e6 + Number(m[2]);
    if (first < 0) first = us;
    last = us;
  }
  return [first, last];
}

const traces = realTraces().filter((t) => ['pressure-baseline.txt', 'memcg-256m.trace.txt', 'highalloc-baseline.txt'].includes(t.name));

describe.each(traces)('range spans of $name', (trace) => {
  const store = new LoadedTraces();
  const ready = store.load('t', trace.name, bufferSource(storedBytes(trace.path)));
  const [firstUs, lastUs] = firstLastUs(trace.path);
  const durMs = (lastUs - firstUs) / 1000;

  it('covers the whole trace when the range is the whole trace', async () => {
    await ready;
    expect(store.rangeSummary('t', null, null).spanMs).toBeCloseTo(durMs, 6);
  });

  it('is 0, not negative, for ranges wholly before or after the trace', async () => {
    await ready;
    const before = store.rangeSummary('t', ns(-5e9), ns(-1e9));
    expect(before.spanMs).toBe(0);
    expect(before.summary.directReclaims).toBe(0);
    const after = store.rangeSummary('t', ns(durMs * 1e6 + 1e9), ns(durMs * 1e6 + 11e9));
    expect(after.spanMs).toBe(0);
    expect(after.summary.kswapdWakeups).toBe(0);
  });

  it('counts only the covered part of a range across the start or the end', async () => {
    await ready;
    expect(store.rangeSummary('t', ns(-2e9), ns(1e9)).spanMs).toBeCloseTo(Math.min(1000, durMs), 6);
    expect(store.rangeSummary('t', ns(durMs * 1e6 - 1e9), ns(durMs * 1e6 + 5e9)).spanMs).toBeCloseTo(1000, 6);
  });

  it('is the range length for a range inside the trace', async () => {
    await ready;
    expect(store.rangeSummary('t', ns(0.25e9), ns(0.75e9)).spanMs).toBeCloseTo(500, 6);
  });
});
