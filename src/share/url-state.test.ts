// The URL fragment is an API: each version decodes, round-trips, and anything
// that does not fit is refused with a message naming the field.

import { describe, expect, it } from 'vitest';
import { DEFAULT_URL_STATE, decodeUrlState, encodeUrlState, URL_VERSION, UPGRADERS, UrlStateError, type UrlState } from './url-state.ts';

const full: UrlState = {
  variants: [
    { name: 'traceonly-v3r1', hash: '0123456789abcdef', cpu: 2818.55 },
    { name: 'nodirect, v3r9 & co <b>', hash: 'fedcba9876543210' },
  ],
  baseline: 1,
  range: [12_345_000_000, 12_400_000_000],
  buckets: 1_000_000,
  align: 'pressure',
  metrics: ['stall', 'kswapd'],
  rates: true,
  tableScope: 'whole',
  processFilter: 'dd-7&x=1',
  selected: { variant: 1, name: 'dd~x,&y-42' },
  groupByCommand: true,
  report: 0,
  snapshot: 'AbC-_9',
};

describe('view state in the URL, version 2', () => {
  it('leaves defaults out: an empty view is just the version', () => {
    expect(encodeUrlState(DEFAULT_URL_STATE)).toBe('v=2');
  });

  it('round-trips every field, names with commas, tildes, ampersands and markup included', () => {
    const text = encodeUrlState(full);
    expect(text.startsWith('v=2&')).toBe(true);
    expect(decodeUrlState(`#${text}`)).toEqual(full);
  });

  it('follows the visible range unless ts=whole, and reads a selected process grouped by command', () => {
    const s = decodeUrlState('#v=2&vs=a~0123456789abcdef,b~00000000aaaaaaaa&r=1000,2000&sp=1~dd&gc=1');
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
    expect(decodeUrlState('#v=2&ts=whole')!.tableScope).toBe('whole');
  });

  it.each([
    ['#vs=a~0123456789abcdef', /no version/],
    ['#v=3', /newer reclaimscope/],
    ['#v=0', /out of range/],
    ['#v=2&zz=1', /unknown field "zz"/],
    ['#v=2&v=1', /appears twice/],
    ['#v=2&vs=a~nothex', /not a content hash/],
    ['#v=2&vs=a', /not name~hash/],
    ['#v=2&vs=a~0123456789abcdef&b=3', /baseline \(b\) is out of range/],
    ['#v=2&r=5,2', /ends before it starts/],
    ['#v=2&r=1e9,2', /not a whole number/],
    ['#v=2&al=left', /unknown alignment/],
    ['#v=2&m=stall,<script>', /unknown chart/],
    ['#v=2&rt=yes', /rates/],
    ['#v=2&f=%E0%A4%A', /percent-encoding/],
    ['#v=2&s=abc$', /not base64url/],
    ['#v=2&vs=a~0123456789abcdef&sp=dd', /not variant~name/],
    ['#v=2&vs=a~0123456789abcdef&sp=1~dd', /selected process \(sp\) is out of range/],
    ['#v=2&vs=a~0123456789abcdef&sp=0~', /empty or too long/],
    ['#v=2&gc=yes', /group by command/],
  ])('refuses %s', (fragment, message) => {
    expect(() => decodeUrlState(fragment)).toThrow(UrlStateError);
    expect(() => decodeUrlState(fragment)).toThrow(message);
  });

  it('treats an empty fragment as no view', () => {
    expect(decodeUrlState('')).toBeNull();
    expect(decodeUrlState('#')).toBeNull();
  });
});

describe('version 1 links, upgraded', () => {
  it('has one upgrader, from version 1', () => {
    expect(URL_VERSION).toBe(2);
    expect(Object.keys(UPGRADERS)).toEqual(['1']);
  });

  it('reads a hand-written version 1 link as it was meant: whole-trace figures, as version 1 showed by default', () => {
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
  });

  it('keeps a version 1 link that asked for the visible range (ts=view) on the range', () => {
    expect(decodeUrlState('#v=1&r=1000,2000&ts=view')!.tableScope).toBe('view');
    expect(encodeUrlState(decodeUrlState('#v=1&r=1000,2000&ts=view')!)).toBe('v=2&r=1000,2000');
  });

  it('refuses in a version 1 link what version 1 refused', () => {
    expect(() => decodeUrlState('#v=1&zz=1')).toThrow(/unknown field "zz"/);
  });
});
