// Tick labels equal their gridline values: every label read back as a number
// (k = 1e3, M = 1e6, G = 1e9) gives the tick value, ticks are 1, 2, 2.5 or
// 5 x 10^n apart, no two labels repeat, and count axes only show whole numbers.

import { describe, expect, it } from 'vitest';
import { logTicks, niceStep, spanTicks, valueTicks } from './ticks.ts';

function readBack(label: string): number {
  const m = /^(-?[0-9.]+)([kMG]?)$/.exec(label);
  if (!m) throw new Error(`not a number label: ${label}`);
  return Number(m[1]) * { '': 1, k: 1e3, M: 1e6, G: 1e9 }[m[2] as '' | 'k' | 'M' | 'G'];
}

const isRoundStep = (s: number): boolean => {
  const m = s / 10 ** Math.floor(Math.log10(s) + 1e-12);
  return [1, 2, 2.5, 5].some((x) => Math.abs(m - x) < 1e-9);
};

describe('axis ticks', () => {
  it('labels 22,500 as 22.5k and 1,050 as 1.05k, never rounded', () => {
    const t = valueTicks(0, 24_000, 10);
    expect(t.values).toContain(22_500);
    expect(t.format(22_500)).toBe('22.5k');
    const u = valueTicks(0, 1_100, 22);
    expect(u.values).toContain(1_050);
    expect(u.format(1_050)).toBe('1.05k');
  });

  it('gives labels that read back as their values, all distinct, on round steps', () => {
    const maxima = [0.0137, 0.02, 0.75, 1, 3, 7.3, 12, 99, 101, 1_050, 4_321, 22_500, 98_765, 1.2e6, 3.3e9];
    for (const max of maxima)
      for (const count of [3, 4, 5, 6, 8]) {
        const t = valueTicks(0, max, count);
        const labels = t.values.map(t.format);
        expect(new Set(labels).size).toBe(labels.length);
        t.values.forEach((v, i) => expect(readBack(labels[i])).toBeCloseTo(v, 9));
        expect(isRoundStep(t.step)).toBe(true);
        expect(t.values[t.values.length - 1]).toBeGreaterThanOrEqual(max);
      }
  });

  it('puts only whole numbers on a count axis, even for a peak under one', () => {
    for (const max of [0.75, 1, 2, 3, 7, 13])
      for (const count of [3, 5, 8]) {
        const t = valueTicks(0, max, count, true);
        for (const v of t.values) expect(Number.isInteger(v)).toBe(true);
        for (const v of t.values) expect(t.format(v)).toBe(String(v));
      }
    expect(niceStep(0.2, true)).toBe(1);
  });

  it('puts time ticks on round seconds inside the span with exact labels', () => {
    const t = spanTicks(10, 20, 6);
    expect(t.values).toEqual([10, 12, 14, 16, 18, 20]);
    expect(t.values.map(t.format)).toEqual(['10', '12', '14', '16', '18', '20']);
    const z = spanTicks(3.1234, 3.1298, 5);
    for (const v of z.values) {
      expect(v).toBeGreaterThanOrEqual(3.1234);
      expect(Number(z.format(v))).toBeCloseTo(v, 12);
    }
  });
});

describe('log axis ticks', () => {
  it('are 1, 2 and 5 per decade over two decades or fewer, each label its exact value', () => {
    const t = logTicks(2, 70);
    expect(t.values).toEqual([1, 2, 5, 10, 20, 50, 100]);
    expect(t.values.map(t.format)).toEqual(['1', '2', '5', '10', '20', '50', '100']);
  });

  it('are powers of ten only over more decades, with small and prefixed labels printed exactly', () => {
    const small = logTicks(0.3, 40);
    expect(small.values).toEqual([0.1, 1, 10, 100]);
    expect(small.values.map(small.format)).toEqual(['0.1', '1', '10', '100']);
    const big = logTicks(1500, 1800);
    expect(big.values).toEqual([1000, 2000, 5000, 10000]);
    expect(big.values.map(big.format)).toEqual(['1k', '2k', '5k', '10k']);
    for (const v of big.values) expect(readBack(big.format(v))).toBe(v);
  });
});
