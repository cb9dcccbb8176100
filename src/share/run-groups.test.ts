// Grouping traces into variants by a trailing run number in their names.

import { describe, expect, it } from 'vitest';
import { groupByName, runStem, traceNameOf } from './run-groups.ts';

describe('run groups', () => {
  it('reads a trailing run number after a separator or the word run', () => {
    expect(runStem('base-1')).toEqual({ stem: 'base', run: 1 });
    expect(runStem('base_2')).toEqual({ stem: 'base', run: 2 });
    expect(runStem('base-run3')).toEqual({ stem: 'base', run: 3 });
    expect(runStem('writeback-dirty40-run2')).toEqual({ stem: 'writeback-dirty40', run: 2 });
    expect(runStem('baserun12')).toEqual({ stem: 'base', run: 12 });
  });

  it('does not take a number that is part of the name for a run', () => {
    expect(runStem('mixed-dirty40')).toBeNull();
    expect(runStem('linux-6.18')).toBeNull();
    expect(runStem('42')).toBeNull();
    expect(runStem('-1')).toBeNull();
  });

  it('groups names that differ only in the run number, whatever the extension and compression', () => {
    const names = ['base-1.txt', 'base-2.txt', 'base-run3.txt.gz', 'patched-1.txt', 'patched-2.txt', 'other.txt'].map(traceNameOf);
    expect(groupByName(names)).toEqual([
      { name: 'base', members: [0, 1, 2] },
      { name: 'patched', members: [3, 4] },
      { name: 'other', members: [5] },
    ]);
  });

  it('keeps a lone numbered trace under its own name', () => {
    expect(groupByName(['base-1', 'patched-1'])).toEqual([
      { name: 'base-1', members: [0] },
      { name: 'patched-1', members: [1] },
    ]);
  });
});
