// The URL fragment is an API: each version decodes, round-trips, and anything
// that does not fit is refused with a message naming the field. Version 4 is
// written; versions 1 to 3 are read through the upgraders, as they were meant.

import { describe, expect, it } from 'vitest';
import { DEFAULT_URL_STATE, decodeUrlState, encodeUrlState, URL_VERSION, UPGRADERS, UrlStateError, type UrlState } from './url-state.ts';
import { ns } from '../model/units.ts';

const full: UrlState = {
  variants: [
    { name: 'traceonly-v3r1', hash: '0123456789abcdef', cpu: 2818.55 },
    { name: 'nodirect, v3r9 & co <b>', hash: 'fedcba9876543210', group: 'nodirect, v3r9 & co <b>' },
    { name: 'base-run2', hash: 'fedcba9876543211', group: 'base, 2 runs ~' },
    { name: 'base-run3', hash: 'fedcba9876543212', group: 'base, 2 runs ~' },
  ],
  baseline: 1,
  range: [ns(12_345_000_000), ns(12_400_000_000)],
  bucketNs: ns(1_000_000),
  align: 'pressure',
  offsets: [0, -12_345.678, 250, 0],
  metrics: ['stall', 'kswapd'],
  rates: true,
  tableScope: 'whole',
  processFilter: 'dd-7&x=1',
  selected: { variant: 2, name: 'dd~x,&y-42' },
  groupByCommand: true,
  report: 0,
  snapshot: 'AbC-_9',
};

describe('view state in the URL, version 4', () => {
  it('leaves defaults out: an empty view is just the version', () => {
    expect(URL_VERSION).toBe(4);
    expect(encodeUrlState(DEFAULT_URL_STATE)).toBe('v=4');
  });

  it('round-trips every field, runs grouped into variants, per-variant offsets and a selected process, names with commas, tildes, ampersands and markup included', () => {
    const text = encodeUrlState(full);
    expect(text.startsWith('v=4&')).toBe(true);
    expect(text).toContain('&al=pressure&vo=1~-12345.678,2~250&');
    expect(text).toContain('&g=0.1.2.2&gn=');
    expect(text).toContain('&ts=whole&');
    expect(text).toContain('&sp=2~dd~x%2C%26y-42&gc=1&');
    // with a grouping in the link, every run names its variant, a variant of its own included
    expect(decodeUrlState(`#${text}`)).toEqual({ ...full, variants: full.variants.map((v) => ({ ...v, group: v.group ?? v.name })) });
  });

  it('leaves the grouping out when every trace is a variant of its own under its name', () => {
    const one = { ...DEFAULT_URL_STATE, variants: [{ name: 'a', hash: '0123456789abcdef', group: 'a' }] };
    expect(encodeUrlState(one)).toBe('v=4&vs=a~0123456789abcdef');
  });

  it('keeps time as % of each run (al=percent) and an offset of a variant not yet loaded', () => {
    const s = decodeUrlState('#v=4&vs=a~0123456789abcdef,b~00000000aaaaaaaa&al=percent&vo=1~-1500.5');
    expect(s!.align).toBe('percent');
    expect(s!.offsets).toEqual([0, -1500.5]);
    expect(encodeUrlState(s!)).toBe('v=4&vs=a~0123456789abcdef,b~00000000aaaaaaaa&al=percent&vo=1~-1500.5');
  });

  it('follows the visible range unless ts=whole, and reads a selected process grouped by command', () => {
    const s = decodeUrlState('#v=3&vs=a~0123456789abcdef,b~00000000aaaaaaaa&r=1000,2000&sp=1~dd&gc=1');
    expect(s).toEqual({
      ...DEFAULT_URL_STATE,
      variants: [
        { name: 'a', hash: '0123456789abcdef' },
        { name: 'b', hash: '00000000aaaaaaaa' },
      ],
      range: [1_000_000, 2_000_000],
      tableScope: 'view',
      selected: { variant: 1, name: 'dd' },
      groupByCommand: true,
    });
    expect(decodeUrlState('#v=3&ts=whole')!.tableScope).toBe('whole');
  });

  it('reads a selected process of a run, the run counted among all the runs of the link', () => {
    const s = decodeUrlState('#v=3&vs=b1~0123456789abcdef,b2~0123456789abcde0,p~0123456789abcde2&g=0.0.1&gn=base,patched&sp=1~dd-7');
    expect(s!.variants.map((v) => v.group)).toEqual(['base', 'base', 'patched']);
    expect(s!.selected).toEqual({ variant: 1, name: 'dd-7' });
  });

  it.each([
    ['#vs=a~0123456789abcdef', /no version/],
    ['#v=5', /newer reclaimscope/],
    ['#v=4&vs=a~0123456789abcdef&vo=0', /not variant~ms/],
    ['#v=4&vs=a~0123456789abcdef&vo=1~5', /variant of an offset \(vo\) is out of range/],
    ['#v=4&vs=a~0123456789abcdef&vo=0~1e5', /offset of variant 1 \(vo\) is not a number/],
    ['#v=4&vs=a~0123456789abcdef&vo=0~99999999999999', /out of range/],
    ['#v=4&vo=0~5', /names no variant/],
    ['#v=4&al=percentage', /unknown alignment/],
    ['#v=0', /out of range/],
    ['#v=3&zz=1', /unknown field "zz"/],
    ['#v=3&v=1', /appears twice/],
    ['#v=3&vs=a~nothex', /not a content hash/],
    ['#v=3&vs=a', /not name~hash/],
    ['#v=3&vs=a~0123456789abcdef&b=3', /baseline \(b\) is out of range/],
    ['#v=3&r=5,2', /ends before it starts/],
    ['#v=3&r=1e9,2', /not a whole number/],
    ['#v=3&al=left', /unknown alignment/],
    ['#v=3&m=stall,<script>', /unknown chart/],
    ['#v=3&rt=yes', /rates/],
    ['#v=3&f=%E0%A4%A', /percent-encoding/],
    ['#v=3&s=abc$', /not base64url/],
    ['#v=3&vs=a~0123456789abcdef&g=0', /come together/],
    ['#v=3&vs=a~0123456789abcdef&g=0.0&gn=x', /list 2 runs, not 1/],
    ['#v=3&vs=a~0123456789abcdef&g=1&gn=x', /variant of run 1 \(g\) is out of range/],
    ['#v=3&vs=a~0123456789abcdef&sp=dd', /not variant~name/],
    ['#v=3&vs=a~0123456789abcdef&sp=1~dd', /selected process \(sp\) is out of range/],
    ['#v=3&vs=a~0123456789abcdef&sp=0~', /empty or too long/],
    ['#v=3&gc=yes', /group by command/],
  ])('refuses %s', (fragment, message) => {
    expect(() => decodeUrlState(fragment)).toThrow(UrlStateError);
    expect(() => decodeUrlState(fragment)).toThrow(message);
  });

  it('treats an empty fragment as no view', () => {
    expect(decodeUrlState('')).toBeNull();
    expect(decodeUrlState('#')).toBeNull();
  });
});

describe('upgraders', () => {
  it('chain 1 -> 2 -> 3 -> 4', () => {
    expect(Object.keys(UPGRADERS)).toEqual(['1', '2', '3']);
  });
});

describe('version 3 links (upgraded)', () => {
  it('open unchanged: same variants, range, alignment, selection; no offsets', () => {
    const v3 = '#v=3&vs=a~0123456789abcdef,b~00000000aaaaaaaa&b=1&r=1000,2000&al=pressure&ts=whole&sp=1~dd-7&gc=1';
    const s = decodeUrlState(v3)!;
    expect(s).toEqual({
      ...DEFAULT_URL_STATE,
      variants: [
        { name: 'a', hash: '0123456789abcdef' },
        { name: 'b', hash: '00000000aaaaaaaa' },
      ],
      baseline: 1,
      range: [1_000_000, 2_000_000],
      align: 'pressure',
      tableScope: 'whole',
      selected: { variant: 1, name: 'dd-7' },
      groupByCommand: true,
      offsets: [],
    });
    expect(encodeUrlState(s)).toBe(`v=4${v3.slice(4)}`);
  });

  it.each([
    ['#v=3&al=left', /unknown alignment/],
    ['#v=3&zz=1', /unknown field "zz"/],
  ])('refuses %s', (fragment, message) => {
    expect(() => decodeUrlState(fragment)).toThrow(message);
  });
});

describe('version 2 links (upgraded)', () => {
  it('reads a hand-written version 2 link with three runs of one variant and one of another, with whole-trace figures as version 2 showed by default', () => {
    const s = decodeUrlState('#v=2&vs=b1~0123456789abcdef,b2~0123456789abcde0,b3~0123456789abcde1,p~0123456789abcde2&g=0.0.0.1&gn=base,patched&b=3');
    expect(s!.variants.map((v) => v.group)).toEqual(['base', 'base', 'base', 'patched']);
    expect(s!.baseline).toBe(3);
    expect(s!.tableScope).toBe('whole');
    expect(s!.selected).toBeNull();
  });

  it('keeps a version 2 link that asked for the visible range (ts=view) on the range', () => {
    expect(decodeUrlState('#v=2&r=1000,2000&ts=view')!.tableScope).toBe('view');
    expect(encodeUrlState(decodeUrlState('#v=2&r=1000,2000&ts=view')!)).toBe('v=4&r=1000,2000');
  });

  it.each([
    ['#v=2&vs=a~0123456789abcdef&g=0', /come together/],
    ['#v=2&vs=a~0123456789abcdef&g=0.0&gn=x', /list 2 runs, not 1/],
    ['#v=2&zz=1', /unknown field "zz"/],
    ['#v=2&r=5,2', /ends before it starts/],
  ])('refuses %s', (fragment, message) => {
    expect(() => decodeUrlState(fragment)).toThrow(UrlStateError);
    expect(() => decodeUrlState(fragment)).toThrow(message);
  });
});

describe('version 1 links (upgraded)', () => {
  it('reads a hand-written version 1 link as it was meant: each trace a variant of its own, whole-trace figures', () => {
    const s = decodeUrlState('#v=1&vs=a~0123456789abcdef,b~00000000aaaaaaaa~12.5&b=1&r=1000,2000&al=pressure&m=stall,scan');
    expect(s).toEqual({
      ...DEFAULT_URL_STATE,
      variants: [
        { name: 'a', hash: '0123456789abcdef' },
        { name: 'b', hash: '00000000aaaaaaaa', cpu: 12.5 },
      ],
      baseline: 1,
      range: [1_000_000, 2_000_000],
      align: 'pressure',
      metrics: ['stall', 'scan'],
      tableScope: 'whole',
    });
    expect(s!.variants.every((v) => v.group === undefined)).toBe(true);
  });

  it('keeps a version 1 link that asked for the visible range (ts=view) on the range', () => {
    expect(decodeUrlState('#v=1&r=1000,2000&ts=view')!.tableScope).toBe('view');
    expect(encodeUrlState(decodeUrlState('#v=1&r=1000,2000&ts=view')!)).toBe('v=4&r=1000,2000');
  });

  it.each([
    ['#v=1&zz=1', /unknown field "zz"/],
    ['#v=1&v=1', /appears twice/],
    ['#v=1&vs=a~nothex', /not a content hash/],
    ['#v=1&vs=a', /not name~hash/],
    ['#v=1&vs=a~0123456789abcdef&b=3', /baseline \(b\) is out of range/],
    ['#v=1&r=5,2', /ends before it starts/],
    ['#v=1&r=1e9,2', /not a whole number/],
    ['#v=1&al=left', /unknown alignment/],
    ['#v=1&m=stall,<script>', /unknown chart/],
    ['#v=1&rt=yes', /rates/],
    ['#v=1&f=%E0%A4%A', /percent-encoding/],
    ['#v=1&s=abc$', /not base64url/],
  ])('refuses %s', (fragment, message) => {
    expect(() => decodeUrlState(fragment)).toThrow(UrlStateError);
    expect(() => decodeUrlState(fragment)).toThrow(message);
  });
});
