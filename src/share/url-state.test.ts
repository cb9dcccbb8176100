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
  tableScope: 'view',
  processFilter: 'dd-7&x=1',
  report: 0,
  snapshot: 'AbC-_9',
};

describe('view state in the URL, version 1', () => {
  it('leaves defaults out: an empty view is just the version', () => {
    expect(encodeUrlState(DEFAULT_URL_STATE)).toBe('v=1');
  });

  it('round-trips every field, names with commas, ampersands and markup included', () => {
    const text = encodeUrlState(full);
    expect(text.startsWith('v=1&')).toBe(true);
    expect(decodeUrlState(`#${text}`)).toEqual(full);
  });

  it('reads a hand-written version 1 link', () => {
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
    });
  });

  it('has no upgraders yet: version 1 is the first', () => {
    expect(URL_VERSION).toBe(1);
    expect(Object.keys(UPGRADERS)).toEqual([]);
  });

  it.each([
    ['#vs=a~0123456789abcdef', /no version/],
    ['#v=2', /newer reclaimscope/],
    ['#v=0', /out of range/],
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

  it('treats an empty fragment as no view', () => {
    expect(decodeUrlState('')).toBeNull();
    expect(decodeUrlState('#')).toBeNull();
  });
});
