// The mean-of-runs adapter: means and bands per bucket, runs of different lengths counted only where traced.

import { describe, expect, it } from 'vitest';
import { meanOfRuns } from './run-mean.ts';

describe('mean of runs per bucket', () => {
  it('averages the runs and spans their smallest and largest value', () => {
    const m = meanOfRuns(
      [
        { values: [1, 4, 7], from: 0, lengthNs: 30 },
        { values: [3, 2, 1], from: 0, lengthNs: 30 },
      ],
      3,
      10,
    );
    expect(Array.from(m.mean)).toEqual([2, 3, 4]);
    expect(Array.from(m.lo)).toEqual([1, 2, 1]);
    expect(Array.from(m.hi)).toEqual([3, 4, 7]);
  });

  it('leaves a run out of buckets past its end instead of counting it as zero', () => {
    // the second run ends after 15 ns: buckets [20, 30) hold only the first
    const m = meanOfRuns(
      [
        { values: [2, 2, 2], from: 0, lengthNs: 30 },
        { values: [4, 4, 0], from: 0, lengthNs: 15 },
      ],
      3,
      10,
    );
    expect(Array.from(m.mean)).toEqual([3, 3, 2]);
    expect(Array.from(m.n)).toEqual([2, 2, 1]);
  });

  it('has no value where no run was traced', () => {
    const m = meanOfRuns([{ values: [5, 5], from: 100, lengthNs: 50 }], 2, 10);
    expect(Number.isNaN(m.mean[0])).toBe(true);
    expect(m.n[1]).toBe(0);
  });
});
