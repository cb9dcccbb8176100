// The shared time axis on two real traces of different lengths: a typed
// offset moves a variant by exactly that much, "% of run" maps each trace's
// first and last event onto 0 and 100, and aligning on a stall period puts
// that period at 0 in any of the time modes.

import { beforeAll, describe, expect, it } from 'vitest';
import { bufferSource } from '../parser/source.ts';
import { storedBytes } from '../test-support/real-traces.ts';
import { LoadedTraces } from './loaded-traces.ts';
import { ns } from '../model/units.ts';
import { fromAxis, fullDomain, offsetPutting, PERCENT_UNIT, timeOf, toAxis, toVariantRange, type TimedVariant } from './timeline.ts';

const store = new LoadedTraces();
let a: TimedVariant;
let b: TimedVariant;

beforeAll(async () => {
  a = { id: 'a', info: await store.load('a', 'mixed-baseline', bufferSource(storedBytes('public/samples/mixed-baseline.txt.gz'))) };
  b = { id: 'b', info: await store.load('b', 'writeback-dirty40', bufferSource(storedBytes('fixtures/real-6.18/writeback-dirty40.txt.gz'))) };
});

const span = (v: TimedVariant) => v.info.endNs - v.info.startNs;

describe('the time axis', () => {
  it('has traces of different lengths to align', () => {
    expect(Math.abs(span(a) - span(b))).toBeGreaterThan(1e9);
  });

  it('moves a variant by exactly its offset, in both time modes, and the others not at all', () => {
    for (const align of ['start', 'pressure'] as const) {
      const none = { align, offsets: {} };
      const moved = { align, offsets: { [b.info.hash]: 1234.5 } };
      const t = span(b) / 3;
      expect(toAxis(timeOf(b, moved), t) - toAxis(timeOf(b, none), t)).toBe(1234.5e6);
      expect(toAxis(timeOf(a, moved), t)).toBe(toAxis(timeOf(a, none), t));
      // the range asked of the moved trace is its own time 1234.5 ms earlier
      const r = [ns(5e9), ns(6e9)] as const;
      expect(toVariantRange(r, b, moved)[0]).toBe(toVariantRange(r, b, none)[0] - 1234.5e6);
    }
    // the whole axis grows to show the moved trace
    expect(fullDomain([a, b], { align: 'start', offsets: { [b.info.hash]: -2000 } })[0]).toBe(-2e9);
  });

  it('maps each run onto 0-100% in % of run, whatever its length and offsets', () => {
    const axis = { align: 'percent' as const, offsets: { [a.info.hash]: 5000 } };
    for (const v of [a, b]) {
      const m = timeOf(v, axis);
      expect(toAxis(m, 0)).toBe(0);
      expect(toAxis(m, span(v))).toBeCloseTo(100 * PERCENT_UNIT, 3);
      expect(fromAxis(m, 50 * PERCENT_UNIT)).toBeCloseTo(span(v) / 2, 3);
    }
    expect(fullDomain([a, b], axis)).toEqual([0, 100 * PERCENT_UNIT]);
  });

  it('puts a chosen stall period of each variant at 0 (so both at the same time) in either time mode', () => {
    const pa = store.stalls('a').busiest[2];
    const pb = store.stalls('b').busiest[0];
    for (const align of ['start', 'pressure'] as const) {
      const axis = { align, offsets: { [a.info.hash]: offsetPutting(a, align, pa.startNs), [b.info.hash]: offsetPutting(b, align, pb.startNs) } };
      expect(toAxis(timeOf(a, axis), pa.startNs)).toBeCloseTo(0, 3);
      expect(toAxis(timeOf(b, axis), pb.startNs)).toBeCloseTo(0, 3);
    }
  });
});
