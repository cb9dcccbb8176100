// A variant's default name drops the endings a trace file carries, all of
// them, and keeps the rest of the name.

import { describe, expect, it } from 'vitest';
import { variantNameOf } from './variants.ts';

describe('variant names from file names', () => {
  it('drop .trace, .txt, .dat, .gz, .zst and .xz endings, however many', () => {
    expect(variantNameOf('memcg-256m.trace.txt.gz')).toBe('memcg-256m');
    expect(variantNameOf('/tmp/x/run1.dat')).toBe('run1');
    expect(variantNameOf('kernel-6.18.trace.zst')).toBe('kernel-6.18');
    expect(variantNameOf('b.txt.xz')).toBe('b');
  });

  it('keep a name that is only an ending, and drop one other extension as before', () => {
    expect(variantNameOf('.txt')).toBe('.txt');
    expect(variantNameOf('perf-pressure.perf-script')).toBe('perf-pressure');
  });
});
