// Variants made of runs in the variants store: traces join the runs of the
// same name as they are added, runs move, split out and merge, names and
// order survive, and each run's label says which variant and run it is.

import { beforeEach, describe, expect, it } from 'vitest';
import { useVariants } from './variants.ts';
import { variantsOf } from './runs.ts';

function add(id: string, name: string): void {
  useVariants.getState().add({ id, name, fileName: `${name}.txt`, size: 1 });
}

function shape(): { name: string; runs: string[] }[] {
  const s = useVariants.getState();
  return variantsOf(s.groups, s.variants).map((g) => ({ name: g.name, runs: g.runs.map((r) => r.name) }));
}

beforeEach(() => useVariants.getState().clear());

describe('variants made of runs', () => {
  it('groups traces that differ only in a trailing run number, as they arrive', () => {
    add('a', 'base-1');
    expect(shape()).toEqual([{ name: 'base-1', runs: ['base-1'] }]);
    add('b', 'patched-1');
    add('c', 'base-2');
    add('d', 'base-run3');
    expect(shape()).toEqual([
      { name: 'base', runs: ['base #1', 'base #2', 'base #3'] },
      { name: 'patched-1', runs: ['patched-1'] },
    ]);
    expect(useVariants.getState().variants.map((v) => v.id)).toEqual(['a', 'c', 'd', 'b']);
  });

  it('moves a run into another variant, splits it out again, and drops variants left empty', () => {
    add('a', 'x');
    add('b', 'y');
    const s = useVariants.getState();
    s.moveRun('b', s.groups[0].id);
    expect(shape()).toEqual([{ name: 'x', runs: ['x #1', 'x #2'] }]);
    useVariants.getState().moveRun('a', null);
    expect(shape()).toEqual([
      { name: 'x', runs: ['x'] },
      { name: 'x', runs: ['x'] },
    ]);
    expect(useVariants.getState().variants.find((v) => v.id === 'a')!.runName).toBe('x');
  });

  it('renames a variant without merging it into another of the same name while typing', () => {
    add('a', 'base-1');
    add('b', 'base-2');
    add('c', 'other');
    const g = useVariants.getState().groups;
    useVariants.getState().renameGroup(g[1].id, 'bas');
    useVariants.getState().renameGroup(g[1].id, 'base');
    expect(useVariants.getState().groups).toHaveLength(2);
    useVariants.getState().renameGroup(g[1].id, 'patched');
    expect(shape()).toEqual([
      { name: 'base', runs: ['base #1', 'base #2'] },
      { name: 'patched', runs: ['patched'] },
    ]);
  });

  it('keeps the baseline with its variant when its first run is removed', () => {
    add('a', 'base-1');
    add('b', 'base-2');
    add('c', 'new');
    useVariants.getState().remove('a');
    expect(useVariants.getState().baselineId).toBe('b');
  });

  it('arranges runs into named variants in a given order, as a link restores them', () => {
    add('a', 'one');
    add('b', 'two');
    add('c', 'three');
    useVariants.getState().arrange([
      { id: 'c', group: 'B' },
      { id: 'a', group: 'A' },
      { id: 'b', group: 'B' },
    ]);
    expect(shape()).toEqual([
      { name: 'B', runs: ['B #1', 'B #2'] },
      { name: 'A', runs: ['A'] },
    ]);
  });

  it('moves whole variants left and right', () => {
    add('a', 'base-1');
    add('b', 'base-2');
    add('c', 'new');
    useVariants.getState().move('c', -1);
    expect(shape().map((g) => g.name)).toEqual(['new', 'base']);
    expect(useVariants.getState().variants.map((v) => v.id)).toEqual(['c', 'a', 'b']);
  });
});
