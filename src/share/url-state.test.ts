// The URL fragment is an API: each version decodes, round-trips, and anything
// that does not fit is refused with a message naming the field.

import { describe, expect, it } from 'vitest';
import { DEFAULT_URL_STATE, decodeUrlState, encodeUrlState, URL_VERSION, UPGRADERS, UrlStateError, type UrlState } from './url-state.ts';

const full: UrlState = {
  variants: [
    { name: 'traceonly-v3r1', hash: '0123456789abcdef', cpu: 2818.55 },
    { name: 'nodirect, v3r9 & co <b>', hash: 'fedcba9876543210', group: 'nodirect, v3r9 & co <b>' },
    { name: 'base-run2', hash: 'fedcba9876543211', group: 'base, 2 runs ~' },
    { name: 'base-run3', hash: 'fedcba9876543212', group: 'base, 2 runs ~' },
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

describe('view state in the URL, version 2', () => {
  it('leaves defaults out: an empty view is just the version', () => {
    expect(encodeUrlState(DEFAULT_URL_STATE)).toBe('v=2');
  });

  it('round-trips every field, names with commas, ampersands and markup included', () => {
    const text = encodeUrlState(full);
    expect(text.startsWith('v=2&')).toBe(true);
    expect(text).toContain('&g=0.1.2.2&gn=');
    // with a grouping in the link, every run names its variant, a variant of its own included
    expect(decodeUrlState(`#${text}`)).toEqual({ ...full, variants: full.variants.map((v) => ({ ...v, group: v.group ?? v.name })) });
  });

  it('leaves the grouping out when every trace is a variant of its own under its name', () => {
    const one = { ...DEFAULT_URL_STATE, variants: [{ name: 'a', hash: '0123456789abcdef', group: 'a' }] };
    expect(encodeUrlState(one)).toBe('v=2&vs=a~0123456789abcdef');
  });

  it('reads a hand-written version 2 link with three runs of one variant and one of another', () => {
    const s = decodeUrlState('#v=2&vs=b1~0123456789abcdef,b2~0123456789abcde0,b3~0123456789abcde1,p~0123456789abcde2&g=0.0.0.1&gn=base,patched&b=3');
    expect(s!.variants.map((v) => v.group)).toEqual(['base', 'base', 'base', 'patched']);
    expect(s!.baseline).toBe(3);
  });

  it.each([
    ['#v=2&vs=a~0123456789abcdef&g=0', /come together/],
    ['#v=2&vs=a~0123456789abcdef&g=0.0&gn=x', /list 2 runs, not 1/],
    ['#v=2&vs=a~0123456789abcdef&g=1&gn=x', /variant of run 1 \(g\) is out of range/],
  ])('refuses %s', (fragment, message) => {
    expect(() => decodeUrlState(fragment)).toThrow(message);
  });
});

describe('view state in the URL, version 1 (upgraded)', () => {
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

  it('has one upgrader, from 1 to 2, which keeps every trace a variant of its own', () => {
    expect(URL_VERSION).toBe(2);
    expect(Object.keys(UPGRADERS)).toEqual(['1']);
    expect(decodeUrlState('#v=1&vs=a~0123456789abcdef,b~00000000aaaaaaaa')!.variants.every((v) => v.group === undefined)).toBe(true);
  });

  it.each([
    ['#vs=a~0123456789abcdef', /no version/],
    ['#v=3', /newer reclaimscope/],
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
