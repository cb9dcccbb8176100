// Colours belong to loaded variants and stay put: a file that fails takes
// none, and removing a variant (failed or loaded) changes no other's colour.

import { beforeEach, describe, expect, it } from 'vitest';
import { useVariants } from './variants.ts';

const colors = () => Object.fromEntries(useVariants.getState().variants.map((v) => [v.id, v.color]));

describe('variant colours', () => {
  beforeEach(() => useVariants.getState().clear());

  it('go to ready variants only, lowest free slot first, and never move', () => {
    const s = useVariants.getState();
    for (const id of ['a', 'bad', 'b', 'c']) s.add({ id, name: id, fileName: `${id}.txt`, size: 1 });
    expect(colors()).toEqual({ a: null, bad: null, b: null, c: null });
    s.update('b', { status: 'ready' });
    s.update('bad', { status: 'error' });
    s.update('a', { status: 'ready' });
    s.update('c', { status: 'ready' });
    expect(colors()).toEqual({ a: 1, bad: null, b: 0, c: 2 });
    s.remove('bad');
    expect(colors()).toEqual({ a: 1, b: 0, c: 2 });
    s.remove('b');
    expect(colors()).toEqual({ a: 1, c: 2 });
    s.add({ id: 'd', name: 'd', fileName: 'd.txt', size: 1, status: 'ready' });
    expect(colors()).toEqual({ a: 1, c: 2, d: 0 });
    s.move('d', -2);
    expect(colors()).toEqual({ d: 0, a: 1, c: 2 });
  });
});
