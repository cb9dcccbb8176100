// The printf conversions of a trace.dat print fmt, parsed piece by piece:
// which argument each conversion takes, its width and precision, and the
// integer width a length modifier gives on a 64-bit and a 32-bit kernel.

import { describe, expect, it } from 'vitest';
import { intBits, keyTokens, parseFormatString, type Conv } from './trace-dat-printf.ts';

const conv = (c: Partial<Conv>): Conv => ({ flags: '', width: 0, precision: -1, length: '', conv: 'd', arg: 0, ...c });

describe('parseFormatString', () => {
  it('splits literals and conversions, numbering the arguments', () => {
    expect(parseFormatString('nid=%d order=%-8lu flags=%#x')).toEqual([
      'nid=',
      conv({ arg: 0 }),
      ' order=',
      conv({ flags: '-', width: 8, length: 'l', conv: 'u', arg: 1 }),
      ' flags=',
      conv({ flags: '#', conv: 'x', arg: 2 }),
    ]);
  });

  it('keeps %% as a literal and a lone % with no conversion as text', () => {
    expect(parseFormatString('100%% of %d%; done%')).toEqual(['100% of ', conv({}), '%; done%']);
    // '% d' is a conversion: the space is a flag
    expect(parseFormatString('a% d')).toEqual(['a', conv({ flags: ' ' })]);
  });

  it('consumes the argument of a * width or precision without applying it', () => {
    expect(parseFormatString('%*d|%.*s|%5.2f')).toEqual([
      conv({ arg: 1 }),
      '|',
      conv({ conv: 's', arg: 3 }),
      '|',
      conv({ width: 5, precision: 2, conv: 'f', arg: 4 }),
    ]);
  });

  it('caps a huge width or precision at 256', () => {
    expect(parseFormatString('%99999d %.1000s')).toEqual([conv({ width: 256 }), ' ', conv({ precision: 256, conv: 's', arg: 1 })]);
  });

  it("takes the kernel's %p extensions (%pS, %pI4) as one conversion", () => {
    expect(parseFormatString('caller=%pS ip=%pI4 at %p.')).toEqual([
      'caller=',
      conv({ conv: 'p' }),
      ' ip=',
      conv({ conv: 'p', arg: 1 }),
      ' at ',
      conv({ conv: 'p', arg: 2 }),
      '.',
    ]);
  });

  it('reads every length modifier, and %X upper-case hex', () => {
    const parts = parseFormatString('%hhd %hd %ld %lld %Lu %qd %jd %zu %Zd %td %X').filter((p): p is Conv => typeof p !== 'string');
    expect(parts.map((p) => p.length)).toEqual(['hh', 'h', 'l', 'll', 'L', 'q', 'j', 'z', 'Z', 't', '']);
    expect(parts.at(-1)!.conv).toBe('X');
  });
});

describe('intBits', () => {
  it('gives 8, 16, the kernel long, 64 or 32 bits', () => {
    const mods = ['hh', 'h', '', 'l', 'z', 'Z', 't', 'll', 'L', 'q', 'j'];
    expect(mods.map((m) => intBits(m, 8))).toEqual([8, 16, 32, 64, 64, 64, 64, 64, 64, 64, 64]);
    expect(mods.map((m) => intBits(m, 4))).toEqual([8, 16, 32, 32, 32, 32, 32, 64, 64, 64, 64]);
  });
});

describe('keyTokens', () => {
  it('skips words without a key, leading tabs, and words that start with a conversion', () => {
    const toks = keyTokens(parseFormatString('\tnid=%d =%d %d=x order=%d page=%p pfn=0x%lx'));
    expect(toks.map((t) => t.key)).toEqual(['nid', 'order', 'page', 'pfn']);
    expect(toks[0].value).toEqual([conv({})]);
    expect(toks[3].value).toEqual(['0x', conv({ length: 'l', conv: 'x', arg: 5 })]);
  });
});
